"""Reads for the Kita interest: the town's Kitas, the same child asked for twice, the
Kita office's list and its download.

A Kita is a place on the map of a kind with the slug ``kita`` or the building-blocks
icon (coordinators may rename the kind, not its slug or icon).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core.models import District
from familienrathaus.core.permissions import AnyUser
from familienrathaus.places.models import Icon, Place
from familienrathaus.welcome import duplicates, permissions
from familienrathaus.welcome.models import KitaInterest, KitaPreference

KITA_SLUG = "kita"


def kitas() -> QuerySet[Place]:
    """The Kitas shown on the map, by name."""
    return (
        Place.objects.filter(is_published=True)
        .filter(Q(kinds__slug=KITA_SLUG) | Q(kinds__icon=Icon.KITA))
        .distinct()
        .order_by("name")
    )


# ------------------------------------------------------------------ duplicates


def find_duplicate(
    *,
    birth_date: dt.date,
    postcode: str,
    parent_names: str,
    email: str = "",
    child_first_name: str = "",
    registration_id: int | None = None,
    exclude_pk: int | None = None,
) -> KitaInterest | None:
    """The earliest interest that is probably the same child: the same registration, or
    the same date of birth and postcode with a parent's surname, the e-mail address or
    the child's first name in common (the rule of ``duplicates.py``). Withdrawn interests
    do not count."""
    candidates = KitaInterest.objects.exclude(status=KitaInterest.Status.WITHDRAWN)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    same = Q(birth_date=birth_date, postcode=postcode.strip())
    if registration_id is not None:
        same |= Q(registration_id=registration_id)
    wanted_surnames = duplicates.surnames(parent_names)
    for candidate in candidates.filter(same).order_by("created_at", "pk"):
        if registration_id is not None and candidate.registration_id == registration_id:
            return candidate
        if email and candidate.email and candidate.email.casefold() == email.casefold():
            return candidate
        if (
            child_first_name
            and candidate.child_first_name.casefold() == child_first_name.strip().casefold()
        ):
            return candidate
        if wanted_surnames & duplicates.surnames(candidate.parent_names):
            return candidate
    return None


# ------------------------------------------------------------------ the office's list


@dataclass(frozen=True)
class Filters:
    status: str = ""
    place: Place | None = None
    district: District | None = None
    care_from: dt.date | None = None
    care_to: dt.date | None = None
    duplicates: bool = False


def _with_preferences(queryset: QuerySet[KitaInterest]) -> QuerySet[KitaInterest]:
    return queryset.select_related("district", "possible_duplicate_of").prefetch_related(
        Prefetch(
            "preferences",
            queryset=KitaPreference.objects.select_related("place").order_by("rank", "pk"),
        )
    )


def office_list(filters: Filters) -> QuerySet[KitaInterest]:
    """The Kita office's list: possible duplicates first, then the earliest care start."""
    queryset = KitaInterest.objects.all()
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    if filters.place is not None:
        queryset = queryset.filter(preferences__place=filters.place)
    if filters.district is not None:
        queryset = queryset.filter(district=filters.district)
    if filters.care_from is not None:
        queryset = queryset.filter(care_from__gte=filters.care_from)
    if filters.care_to is not None:
        queryset = queryset.filter(care_from__lte=filters.care_to)
    if filters.duplicates:
        queryset = queryset.filter(possible_duplicate_of__isnull=False)
    ordered = queryset.distinct().order_by(
        F("possible_duplicate_of").asc(nulls_last=True), "care_from", "created_at", "pk"
    )
    return _with_preferences(ordered)


def counts() -> dict[str, int]:
    """How many interests are new, taken over, withdrawn (for the list's head)."""
    found = {status: 0 for status in KitaInterest.Status.values}
    for row in KitaInterest.objects.values_list("status", flat=True):
        found[row] = found.get(row, 0) + 1
    return found


def get_interest_or_404(user: AnyUser, pk: int) -> KitaInterest:
    if not permissions.can_see_kita_interests(user):
        raise Http404
    found = _with_preferences(KitaInterest.objects.filter(pk=pk)).first()
    if found is None:
        raise Http404
    return found


def places_text(interest: KitaInterest) -> str:
    return ", ".join(
        f"{preference.rank}. {preference.place.name}" for preference in interest.preferences.all()
    )


def export_header() -> list[str]:
    return [
        _("Received"),
        _("Status"),
        _("Child's first name"),
        _("Date of birth"),
        _("Parents"),
        _("E-mail"),
        _("Phone"),
        _("Postcode"),
        _("District"),
        _("Language"),
        _("Care from"),
        _("Hours per week"),
        _("Preferred Kitas"),
        _("Note"),
        _("Possibly the same child as"),
    ]


def export_rows(interests: Sequence[KitaInterest] | QuerySet[KitaInterest]) -> Iterator[list[Any]]:
    for interest in interests:
        duplicate = interest.possible_duplicate_of
        yield [
            interest.created_at,
            interest.get_status_display(),
            interest.child_first_name,
            interest.birth_date.strftime("%d.%m.%Y"),
            interest.parent_names,
            interest.email,
            interest.phone,
            interest.postcode,
            interest.district.name if interest.district else "",
            interest.language,
            interest.care_from.strftime("%d.%m.%Y"),
            interest.hours_per_week,
            places_text(interest),
            interest.note,
            (
                f"{duplicate.parent_names}, {timezone.localtime(duplicate.created_at):%d.%m.%Y}"
                if duplicate
                else ""
            ),
        ]
