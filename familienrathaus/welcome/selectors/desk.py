"""Reads of the coordinators' desk: the filtered list of registrations (possible
duplicates first), the counts at the top, a registration's history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db.models import BooleanField, Case, Count, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core.models import AuditEntry
from familienrathaus.welcome.models import Grant, Registration, Slot, StockMovement
from familienrathaus.welcome.selectors import payments as payment_selectors

Status = Registration.Status

DUPLICATE = Q(possible_duplicate_of__isnull=False, duplicate_cleared=False) & Q(
    status__in=[Status.REGISTERED, Status.CHECKED, Status.PREPARED]
)


def registrations(
    *,
    status: str = "",
    eligibility: str = "",
    district: Any = None,
    month: dt.date | None = None,
    channel: str = "",
    q: str = "",
    duplicates: bool = False,
) -> QuerySet[Registration]:
    """The registrations matching the filters, open possible duplicates first, then the
    newest. ``month``: any day of the month of birth."""
    qs = Registration.objects.select_related("district", "slot", "possible_duplicate_of")
    if status:
        qs = qs.filter(status=status)
    if eligibility:
        qs = qs.filter(eligibility=eligibility)
    if district is not None:
        qs = qs.filter(district=district)
    if month is not None:
        qs = qs.filter(birth_date__year=month.year, birth_date__month=month.month)
    if channel:
        qs = qs.filter(channel=channel)
    if duplicates:
        qs = qs.filter(DUPLICATE)
    words = q.split()
    for word in words[:5]:
        qs = qs.filter(
            Q(reference__icontains=word)
            | Q(parent_names__icontains=word)
            | Q(child_first_name__icontains=word)
        )
    return qs.annotate(
        is_duplicate=Case(
            When(DUPLICATE, then=Value(True)), default=Value(False), output_field=BooleanField()
        )
    ).order_by("-is_duplicate", "-created_at", "-pk")


def counts() -> dict[str, int]:
    """The desk's figures at a glance."""
    by_status = dict(
        Registration.objects.values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "registered": by_status.get(Status.REGISTERED, 0),
        "checked": by_status.get(Status.CHECKED, 0),
        "prepared": by_status.get(Status.PREPARED, 0),
        "duplicates": Registration.objects.filter(DUPLICATE).count(),
    }


def is_open_duplicate(registration: Registration) -> bool:
    return bool(
        registration.possible_duplicate_of_id
        and not registration.duplicate_cleared
        and registration.status in (Status.REGISTERED, Status.CHECKED, Status.PREPARED)
    )


def history(registration: Registration) -> QuerySet[AuditEntry]:
    """Every audited step on the registration (and on its grant), oldest first."""
    grant_ids = [
        str(pk)
        for pk in Grant.objects.filter(registration=registration).values_list("pk", flat=True)
    ]
    return (
        AuditEntry.objects.filter(
            Q(object_type="welcome.registration", object_id=str(registration.pk))
            | Q(object_type="welcome.grant", object_id__in=grant_ids)
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )


def package_items(registration: Registration) -> list[StockMovement]:
    """What left the stock for this registration's package (and what came back)."""
    return list(
        StockMovement.objects.filter(registration=registration)
        .select_related("item")
        .order_by("created_at", "pk")
    )


ACTIONS = {
    "welcome.check": gettext_lazy("Checked"),
    "welcome.prepare": gettext_lazy("Package prepared"),
    "welcome.complete": gettext_lazy("Done"),
    "welcome.decline": gettext_lazy("Declined"),
    "welcome.not-duplicate": gettext_lazy("Not the same child"),
    "welcome.note": gettext_lazy("Internal note changed"),
    "welcome.slot.book": gettext_lazy("Appointment chosen by the family"),
    "welcome.slot.cancel": gettext_lazy("Appointment cancelled by the family"),
    **payment_selectors.HISTORY_ACTIONS,
}


def history_rows(registration: Registration) -> list[dict[str, Any]]:
    """The history for people: what happened, who, when, and what changed (field names
    and choices in words). Actions of other parts (the grant) keep their own name."""
    rows = []
    for entry in history(registration):
        changes = []
        for name, change in (entry.changes or {}).items():
            if not isinstance(change, dict):
                continue
            changes.append(
                (
                    _field_label(name),
                    _value(name, change.get("before")),
                    _value(name, change.get("after")),
                )
            )
        rows.append(
            {
                "when": entry.created_at,
                "who": entry.who if entry.actor_label != "system" else _("the family"),
                "label": ACTIONS.get(entry.action, entry.action),
                "changes": changes,
            }
        )
    return rows


def _field_label(name: str) -> str:
    label = payment_selectors.history_label(name)
    if label is not None:
        return label
    try:
        field = Registration._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _value(name: str, value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    grant_value = payment_selectors.history_value(name, value)
    if grant_value is not None:
        return grant_value
    if name == "slot":  # recorded by its key; shown as the appointment it was
        slot = Slot.objects.filter(pk=value).first()
        return str(slot) if slot else f"#{value}"
    try:
        field = Registration._meta.get_field(name)
    except FieldDoesNotExist:
        return str(value)
    choices = dict(getattr(field, "choices", None) or [])
    return str(choices.get(value, value))
