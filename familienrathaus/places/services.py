"""Writes of the places app: places, kinds, and the Notinsel registry.

Every change is validated (``full_clean``), saved in one transaction and audited.
Services check no permissions: views ask ``places.permissions`` first.

The Notinsel registry
---------------------
A business applies (status *applied*); a coordinator approves it, which creates its
place on the map (not shown yet), hands out the sticker and sets it *active*, which
shows the place. *paused* and *ended* take it off the map again. Once a year
(:func:`send_due_checks`, run daily by the worker through ``tasks.yearly_checks``)
every Notinsel that has not confirmed its details for a year gets an e-mail with a
signed link; there the business confirms or corrects its details, or ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, slugs, tenancy, translated_forms
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.core.outbox import in_language, queue_mail
from familienrathaus.core.recipients import language_of, queue_by_language
from familienrathaus.core.slugs import german_slug
from familienrathaus.places import geojson, hours
from familienrathaus.places.models import (
    NOTINSEL_SLUG,
    Icon,
    Notinsel,
    OpeningException,
    OpeningHours,
    Place,
    PlaceKind,
)

PLACE_FIELDS = (
    "name",
    "description",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "amenities",
    "accessibility",
    "phone",
    "email",
    "website",
    "organisation",
    "photo",
    "photo_alt",
    "hours_note",
    "closed_on_public_holidays",
    "is_published",
    *translated_forms.names(Place, ("name", "description", "accessibility", "hours_note")),
)
KIND_FIELDS = (
    "name",
    "slug",
    "icon",
    "description",
    "position",
    *translated_forms.names(PlaceKind, ("name",)),
)
NOTINSEL_FIELDS = (
    "business_name",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "opening_hours",
    "contact_name",
    "contact_email",
    "contact_phone",
)
# What the business may change through the link of the yearly check.
CHECK_FIELDS = ("business_name", "street", "opening_hours", "contact_name", "contact_phone")

CHECK_INTERVAL = dt.timedelta(days=365)
CHECK_LINK_MAX_AGE = dt.timedelta(days=90)
CHECK_SALT = "places.notinsel-check"

Status = Notinsel.Status
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.APPLIED: (Status.APPROVED, Status.ENDED),
    Status.APPROVED: (Status.STICKER, Status.PAUSED, Status.ENDED),
    Status.STICKER: (Status.ACTIVE, Status.PAUSED, Status.ENDED),
    Status.ACTIVE: (Status.PAUSED, Status.ENDED),
    Status.PAUSED: (Status.ACTIVE, Status.ENDED),
    Status.ENDED: (),
}
SHOWN_ON_MAP = {Status.ACTIVE}

DEFAULT_KINDS = [
    ("Notinsel", NOTINSEL_SLUG, Icon.SHIELD),
    ("Still- und Wickelort", "still-und-wickelort", Icon.BABY),
    ("Familienzentrum", "familienzentrum", Icon.FAMILY),
    ("Beratungsstelle", "beratungsstelle", Icon.ADVICE),
    ("Spielplatz", "spielplatz", Icon.PLAYGROUND),
    ("Kita", "kita", Icon.KITA),
    ("Jugendtreff", "jugendtreff", Icon.YOUTH),
    ("Familienbüro", "familienbuero", Icon.OFFICE),
]


# --------------------------------------------------------------------------- kinds


def ensure_default_kinds() -> int:
    """Create the usual kinds that are missing (by slug); returns how many."""
    created = 0
    for position, (name, slug, icon) in enumerate(DEFAULT_KINDS):
        if PlaceKind.objects.filter(slug=slug).exists():
            continue
        if PlaceKind.objects.filter(name=name).exists():
            name = f"{name} ({slug})"
        PlaceKind.objects.create(name=name, slug=slug, icon=icon, position=position)
        created += 1
    if created:
        geojson.invalidate()
    return created


def save_kind(*, actor: User, kind: PlaceKind | None, fields: dict[str, Any]) -> PlaceKind:
    unknown = set(fields) - set(KIND_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        instance = kind or PlaceKind()
        before = audit.snapshot(instance, list(fields)) if kind else {}
        if kind is not None and kind.slug == NOTINSEL_SLUG:
            fields = {k: v for k, v in fields.items() if k != "slug"}
        for name, value in fields.items():
            setattr(instance, name, value)
        if not instance.slug:
            instance.slug = german_slug(instance.name)[:100]
        instance.full_clean()
        instance.save()
        audit.record(
            actor=actor,
            action="places.kind_changed" if kind else "places.kind_created",
            obj=instance,
            changes=audit.diff(before, audit.snapshot(instance, list(fields))),
        )
        geojson.invalidate()
    return instance


def delete_kind(*, actor: User, kind: PlaceKind) -> None:
    if kind.slug == NOTINSEL_SLUG:
        raise ValidationError(_("The kind of the Notinsel registry cannot be deleted."))
    if kind.places.exists():
        raise ValidationError(_("Places of this kind exist; give them another kind first."))
    with transaction.atomic():
        audit.record(actor=actor, action="places.kind_deleted", obj=kind)
        kind.delete()
        geojson.invalidate()


# --------------------------------------------------------------------------- places


def _free_slug(name: str) -> str:
    return slugs.unique_slug(Place, name, fallback="ort")


def _set_hours(place: Place, intervals: list[hours.Interval]) -> None:
    place.hours.all().delete()
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(place=place, weekday=i.weekday, opens=i.opens, closes=i.closes)
            for i in intervals
        ]
    )


def _hours_text(place: Place) -> str:
    return hours.format_intervals(
        hours.Interval(h.weekday, h.opens, h.closes) for h in place.hours.all()
    )


def save_place(
    *,
    actor: User | None,
    place: Place | None,
    fields: dict[str, Any],
    kinds: list[PlaceKind],
    intervals: list[hours.Interval] | None = None,
) -> Place:
    """Create (``place=None``) or change a place with its kinds and weekly hours."""
    unknown = set(fields) - set(PLACE_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    if not kinds:
        raise ValidationError({"kinds": _("Please choose at least one kind.")})
    with transaction.atomic():
        instance = place or Place()
        names = list(fields)
        before = audit.snapshot(instance, names) if place else {}
        if place is not None:
            before["kinds"] = ", ".join(sorted(k.slug for k in place.kinds.all()))
            before["hours"] = _hours_text(place)
        for name, value in fields.items():
            setattr(instance, name, value)
        if not instance.slug:
            instance.slug = _free_slug(instance.name)
        instance.full_clean()
        instance.save()
        instance.kinds.set(kinds)
        if intervals is not None:
            _set_hours(instance, intervals)
        after = audit.snapshot(instance, names)
        after["kinds"] = ", ".join(sorted(k.slug for k in kinds))
        after["hours"] = _hours_text(instance)
        audit.record(
            actor=actor,
            action="places.place_changed" if place else "places.place_created",
            obj=instance,
            changes=audit.diff(before, after),
        )
        geojson.invalidate()
    return instance


def set_exceptions(*, actor: User, place: Place, rows: list[dict[str, Any]]) -> None:
    """Replace the place's exceptions (closures, other hours) by ``rows``."""
    with transaction.atomic():
        before = {"exceptions": "; ".join(_exception_text(e) for e in place.exceptions.all())}
        items = []
        for row in rows:
            item = OpeningException(place=place, **row)
            item.full_clean()
            items.append(item)
        place.exceptions.all().delete()
        OpeningException.objects.bulk_create(items)
        after = {"exceptions": "; ".join(_exception_text(e) for e in items)}
        changes = audit.diff(before, after)
        if changes:
            audit.record(
                actor=actor, action="places.exceptions_changed", obj=place, changes=changes
            )


def _exception_text(item: OpeningException) -> str:
    times = "closed" if item.closed else f"{item.opens:%H:%M}–{item.closes:%H:%M}"
    return f"{item.starts_on:%d.%m.%Y}–{item.ends_on:%d.%m.%Y} {times} {item.note}".strip()


def delete_place(*, actor: User, place: Place) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="places.place_deleted", obj=place)
        place.delete()
        geojson.invalidate()


# --------------------------------------------------------------------------- Notinseln


def apply_notinsel(*, fields: dict[str, Any]) -> Notinsel:
    """A business applies through the public form; the family office is told by e-mail."""
    unknown = set(fields) - set(NOTINSEL_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    hours.parse(fields.get("opening_hours", ""))  # raises HoursError
    with transaction.atomic():
        notinsel = Notinsel(**fields, rules_accepted_at=timezone.now(), status=Status.APPLIED)
        notinsel.full_clean()
        notinsel.save()
        audit.record(actor=None, action="places.notinsel_applied", obj=notinsel)
        site = core_selectors.site_settings()
        context = {"notinsel": notinsel, "site": site}
        # The business in the language it applied in (its account's, if it has one).
        applicant = language_of(notinsel.contact_email)
        with in_language(applicant):
            queue_mail(
                to=[notinsel.contact_email],
                subject=_("Your application as a Notinsel"),
                body_text=render_to_string("places/mail/applied.txt", context),
                purpose="places.notinsel_applied",
                language=applicant,
            )
        with translation.override(settings.LANGUAGE_CODE):
            if site.contact_email:
                # The family office's address in its account's language (if it has one).
                def render() -> tuple[str, str]:
                    subject = _("New Notinsel application: %(name)s") % {
                        "name": notinsel.business_name
                    }
                    url = tenancy.site_url() + reverse("places:notinsel_manage", args=[notinsel.pk])
                    body = render_to_string(
                        "places/mail/new_application.txt", {**context, "url": url}
                    )
                    return subject, body

                queue_by_language([site.contact_email], render, purpose="places.notinsel_new")
    return notinsel


def _sync_place(notinsel: Notinsel) -> Place:
    """Create or update the Notinsel's place from the registry entry (inside a transaction)."""
    ensure_default_kinds()
    kind = PlaceKind.objects.get(slug=NOTINSEL_SLUG)
    place = notinsel.place or Place(slug=_free_slug(notinsel.business_name))
    place.name = notinsel.business_name
    for name in ("street", "postcode", "city", "district", "latitude", "longitude"):
        setattr(place, name, getattr(notinsel, name))
    place.is_published = notinsel.status in SHOWN_ON_MAP
    place.full_clean()
    place.save()
    place.kinds.add(kind)
    # Unreadable hours keep the place's hours; the coordinator sees the text in the registry.
    with contextlib.suppress(hours.HoursError):
        _set_hours(place, hours.parse(notinsel.opening_hours))
    geojson.invalidate()
    return place


def change_status(*, actor: User, notinsel: Notinsel, status: str, note: str = "") -> Notinsel:
    with transaction.atomic():
        notinsel = Notinsel.objects.select_for_update().get(pk=notinsel.pk)
        if status not in TRANSITIONS.get(notinsel.status, ()):
            raise ValidationError(
                _("A Notinsel cannot go from “%(old)s” to “%(new)s”.")
                % {"old": notinsel.get_status_display(), "new": Status(status).label}
            )
        before = audit.snapshot(notinsel, ["status"])
        notinsel.status = status
        notinsel.status_changed_at = timezone.now()
        if status == Status.ACTIVE and notinsel.last_confirmed_at is None:
            notinsel.last_confirmed_at = timezone.now()
        if note:
            notinsel.note = (notinsel.note + "\n" + note).strip()
        if status != Status.APPLIED and (notinsel.place is not None or status != Status.ENDED):
            notinsel.place = _sync_place(notinsel)
        notinsel.full_clean()
        notinsel.save()
        audit.record(
            actor=actor,
            action="places.notinsel_status",
            obj=notinsel,
            changes=audit.diff(before, audit.snapshot(notinsel, ["status"])),
        )
    return notinsel


def update_notinsel(*, actor: User | None, notinsel: Notinsel, fields: dict[str, Any]) -> Notinsel:
    unknown = set(fields) - set(NOTINSEL_FIELDS) - {"note"}
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        names = list(fields)
        before = audit.snapshot(notinsel, names)
        for name, value in fields.items():
            setattr(notinsel, name, value)
        notinsel.full_clean()
        notinsel.save()
        if notinsel.place is not None:
            _sync_place(notinsel)
        audit.record(
            actor=actor,
            action="places.notinsel_changed",
            obj=notinsel,
            changes=audit.diff(before, audit.snapshot(notinsel, names)),
        )
    return notinsel


def check_token(notinsel: Notinsel) -> str:
    """The signed token of the yearly-check link: names the Notinsel and the check."""
    sent = notinsel.check_sent_at.timestamp() if notinsel.check_sent_at else 0
    return signing.TimestampSigner(salt=CHECK_SALT).sign_object({"n": notinsel.pk, "s": int(sent)})


def notinsel_from_token(token: str) -> Notinsel | None:
    """The Notinsel of a valid, unexpired link of its latest check; else None."""
    try:
        data = signing.TimestampSigner(salt=CHECK_SALT).unsign_object(
            token, max_age=CHECK_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return None
    notinsel = Notinsel.objects.filter(pk=data.get("n")).select_related("place").first()
    if notinsel is None or notinsel.status == Status.ENDED or notinsel.check_sent_at is None:
        return None
    if int(notinsel.check_sent_at.timestamp()) != data.get("s"):
        return None  # a link of an older check
    return notinsel


def due_for_check(*, now: dt.datetime | None = None) -> list[Notinsel]:
    now = now or timezone.now()
    limit = now - CHECK_INTERVAL
    candidates = Notinsel.objects.filter(
        status__in=[Status.ACTIVE, Status.PAUSED, Status.STICKER],
        last_confirmed_at__lte=limit,
    )
    return [
        n
        for n in candidates
        if n.check_sent_at is None
        or n.check_sent_at <= limit
        or (n.last_confirmed_at is not None and n.check_sent_at < n.last_confirmed_at)
    ]


def send_due_checks(*, now: dt.datetime | None = None) -> int:
    """Mail the yearly check to every Notinsel that is due; returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    site = core_selectors.site_settings()
    for candidate in due_for_check(now=now):
        with transaction.atomic():
            notinsel = Notinsel.objects.select_for_update().get(pk=candidate.pk)
            notinsel.check_sent_at = now.replace(microsecond=0)
            notinsel.save(update_fields=["check_sent_at"])
            # German, unless the address belongs to an account with a language of its own.
            with translation.override(settings.LANGUAGE_CODE):
                language = language_of(notinsel.contact_email)
            with in_language(language):
                url = tenancy.site_url() + reverse(
                    "places:notinsel_check", kwargs={"token": check_token(notinsel)}
                )
                queue_mail(
                    to=[notinsel.contact_email],
                    subject=_("Notinsel: are your details still correct?"),
                    body_text=render_to_string(
                        "places/mail/yearly_check.txt",
                        {
                            "notinsel": notinsel,
                            "site": site,
                            "url": url,
                            "days": CHECK_LINK_MAX_AGE.days,
                        },
                    ),
                    purpose="places.notinsel_check",
                    language=language,
                )
            audit.record(actor=None, action="places.notinsel_check_sent", obj=notinsel)
            sent += 1
    return sent


def confirm_check(*, notinsel: Notinsel, fields: dict[str, Any], ends: bool = False) -> Notinsel:
    """The business answers the yearly check: details confirmed or corrected, or it ends."""
    unknown = set(fields) - set(CHECK_FIELDS)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    if "opening_hours" in fields:
        hours.parse(fields["opening_hours"])
    with transaction.atomic():
        notinsel = Notinsel.objects.select_for_update().get(pk=notinsel.pk)
        names = [*fields, "status"]
        before = audit.snapshot(notinsel, names)
        for name, value in fields.items():
            setattr(notinsel, name, value)
        notinsel.last_confirmed_at = timezone.now()
        if ends:
            notinsel.status = Status.ENDED
            notinsel.status_changed_at = timezone.now()
        notinsel.full_clean()
        notinsel.save()
        if notinsel.place is not None:
            _sync_place(notinsel)
        audit.record(
            actor=None,
            action="places.notinsel_confirmed",
            obj=notinsel,
            changes=audit.diff(before, audit.snapshot(notinsel, names)),
        )
    return notinsel


def seed_alliance() -> None:
    """The usual kinds of places for a new alliance (core.tenancy.create), as the
    migration seeded them for the first one."""
    ensure_default_kinds()
