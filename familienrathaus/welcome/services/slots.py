"""Appointments for picking up the package at the Rathaus or for a home visit.

Coordinators create them from a weekly pattern ("Tuesdays and Thursdays 8–18 h, every
20 minutes, for 8 weeks": the long office hours), leaving out public holidays of the
alliance's state (``core.calendar``). A family chooses one by its secret link and may
change it; a slot is a pool of ``capacity`` places and the booking goes through
``core.capacity``: the places are counted from the registrations inside the slot's
lock, so a slot is never overbooked, also when many families choose at once. The
family gets a mail in its language with the appointment as an .ics file, built when
the mail is sent (purpose ``welcome.slot-ics:<registration id>``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from familienrathaus.core import audit, calendar, capacity, tenancy
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.outbox import queue_mail, register_attachments
from familienrathaus.welcome.models import Registration, Slot
from familienrathaus.welcome.selectors import settings as settings_selectors

ICS_PURPOSE = "welcome.slot-ics:"
MAX_SLOTS = 2000


class SlotTaken(ValidationError):
    """The chosen appointment has no place left (or is no longer offered)."""


@dataclass(frozen=True)
class Pattern:
    kind: str
    weekdays: tuple[int, ...]  # 0 = Monday
    first_day: dt.date
    weeks: int
    start: dt.time
    end: dt.time
    minutes: int
    capacity: int = 1
    place: str = ""
    note: str = ""


@dataclass(frozen=True)
class Created:
    created: int
    existing: int
    holidays: list[dt.date]


def starts(pattern: Pattern) -> tuple[list[tuple[dt.datetime, dt.datetime]], list[dt.date]]:
    """The (start, end) of every slot of the pattern, and the public holidays left out."""
    if pattern.minutes <= 0 or pattern.start >= pattern.end:
        return [], []
    zone = timezone.get_current_timezone()
    times: list[tuple[dt.datetime, dt.datetime]] = []
    skipped: list[dt.date] = []
    step = dt.timedelta(minutes=pattern.minutes)
    for offset in range(pattern.weeks * 7):
        day = pattern.first_day + dt.timedelta(days=offset)
        if day.weekday() not in pattern.weekdays:
            continue
        if calendar.is_public_holiday(day):
            skipped.append(day)
            continue
        begin = dt.datetime.combine(day, pattern.start)
        close = dt.datetime.combine(day, pattern.end)
        while begin + step <= close:
            times.append(
                (timezone.make_aware(begin, zone), timezone.make_aware(begin + step, zone))
            )
            begin += step
    return times, skipped


def create_from_pattern(*, actor: User, pattern: Pattern) -> Created:
    """Create the pattern's slots; a slot of the same kind at the same time is kept, not
    doubled (running the pattern twice is harmless)."""
    times, skipped = starts(pattern)
    if len(times) > MAX_SLOTS:
        raise ValidationError(
            _("That would be %(count)s appointments; at most %(max)s at once.")
            % {"count": len(times), "max": MAX_SLOTS}
        )
    with transaction.atomic():
        existing = set(
            Slot.objects.filter(
                kind=pattern.kind, starts_at__in=[begin for begin, _end in times]
            ).values_list("starts_at", flat=True)
        )
        new = [
            Slot(
                kind=pattern.kind,
                starts_at=begin,
                ends_at=end,
                capacity=pattern.capacity,
                place=pattern.place,
                note=pattern.note,
            )
            for begin, end in times
            if begin not in existing
        ]
        for slot in new:
            slot.full_clean()
        Slot.objects.bulk_create(new)
        audit.record(
            actor=actor,
            action="welcome.slots.create",
            object_type="welcome.slot",
            changes={
                "kind": pattern.kind,
                "first_day": pattern.first_day.isoformat(),
                "weeks": pattern.weeks,
                "weekdays": list(pattern.weekdays),
                "created": len(new),
                "holidays": [day.isoformat() for day in skipped],
            },
        )
    return Created(created=len(new), existing=len(existing), holidays=skipped)


def delete(*, actor: User, slot: Slot) -> None:
    """Remove a slot nobody booked."""
    with capacity.locked(Slot, slot.pk) as current:
        if current.registrations.exists():
            raise ValidationError(_("Families have booked this appointment; it stays."))
        audit.record(actor=actor, action="welcome.slots.delete", obj=current)
        current.delete()


def kind_for(registration: Registration) -> str:
    """A home visit for families who asked for one, a pick-up for everyone else."""
    if registration.delivery == Registration.Delivery.VISIT:
        return Slot.Kind.VISIT
    return Slot.Kind.PICKUP


def book(*, registration: Registration, slot_id: int) -> Registration:
    """The family chooses (or changes to) the slot ``slot_id``. Raises
    :class:`SlotTaken` when it is full, past or of the wrong kind, and
    :class:`capacity.CapacityBusy` when too many are booking at this moment."""
    if registration.status in (Registration.Status.DONE, Registration.Status.DECLINED):
        raise SlotTaken(_("This registration is closed; no appointment is needed any more."))
    previous = registration.slot_id

    def taken(slot: Slot) -> int:
        return slot.registrations.exclude(pk=registration.pk).count()

    def create(slot: Slot, fits: bool) -> Registration:
        if slot.kind != kind_for(registration) or slot.starts_at <= timezone.now():
            raise SlotTaken(_("This appointment cannot be chosen. Please choose another one."))
        if slot.pk != previous and not fits:
            raise SlotTaken(
                _("Someone else has just taken this appointment. Please choose another one.")
            )
        Registration.objects.filter(pk=registration.pk).update(
            slot=slot, last_step_at=timezone.now()
        )
        registration.slot = slot
        audit.record(
            actor=None,
            action="welcome.slot.book",
            obj=registration,
            changes={"slot": {"before": previous, "after": slot.pk}},
        )
        _confirm(registration, slot, changed=previous is not None)
        return registration

    try:
        return capacity.reserve(
            Slot,
            slot_id,
            places=lambda slot: slot.capacity,
            taken=taken,
            create=create,
        )
    except Slot.DoesNotExist as exc:
        raise SlotTaken(_("This appointment is no longer offered.")) from exc


def cancel(*, registration: Registration) -> None:
    """The family gives its appointment back."""
    if registration.slot_id is None:
        return
    with capacity.locked(Slot, registration.slot_id):
        Registration.objects.filter(pk=registration.pk).update(
            slot=None, last_step_at=timezone.now()
        )
        audit.record(
            actor=None,
            action="welcome.slot.cancel",
            obj=registration,
            changes={"slot": {"before": registration.slot_id, "after": None}},
        )
    registration.slot = None


# --------------------------------------------------------------------------- the mail


def choice_url(registration: Registration) -> str:
    return tenancy.site_url() + reverse("welcome:slot-choice", args=[registration.guide_token])


def _confirm(registration: Registration, slot: Slot, *, changed: bool) -> None:
    """Queue the confirmation in the family's language (inside the booking's lock)."""
    if not registration.email:
        return
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "welcome/desk/mail/slot_confirmed.txt",
            {
                "registration": registration,
                "slot": slot,
                "changed": changed,
                "url": choice_url(registration),
                "starts": timezone.localtime(slot.starts_at),
                "ends": timezone.localtime(slot.ends_at),
                "proof": settings_selectors.get().proof_required,
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    queue_mail(
        to=[registration.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=f"{ICS_PURPOSE}{registration.pk}",
        language=registration.language,  # the .ics, built when sent, in it too
    )


def slot_calendar(registration: Registration, slot: Slot) -> bytes:
    """The appointment as an iCalendar file (RFC 5545)."""
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        summary = (
            _("Home visit: welcome for your baby")
            if slot.kind == Slot.Kind.VISIT
            else _("Pick up the welcome package")
        )
        location = slot.place or (
            _("at your home") if slot.kind == Slot.Kind.VISIT else _("town hall")
        )
        description = _("Reference number: %(reference)s") % {"reference": registration.reference}
    cal = Calendar()
    cal.add("prodid", "-//Familienrathaus//Babybegruessung//DE")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    host = tenancy.site_url().split("://", 1)[-1].strip("/") or "familienrathaus"
    event = Event()
    event.add("uid", f"welcome-slot-{registration.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", summary)
    event.add("location", location)
    event.add("description", description + "\n" + choice_url(registration))
    cal.add_component(event)
    return bytes(cal.to_ical())


def _ics_attachment(message: OutboxMessage) -> list[tuple[str, bytes | str, str]]:
    try:
        pk = int(message.purpose.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return []
    # Built when the mail is sent, maybe by a worker serving all alliances: inside the
    # mail's own alliance (its registration, the links to its host).
    with tenancy.activate(message.alliance):
        registration = Registration.objects.select_related("slot").filter(pk=pk).first()
        if registration is None or registration.slot is None:  # cancelled or deleted meanwhile
            return []
        return [("termin.ics", slot_calendar(registration, registration.slot), "text/calendar")]


register_attachments(ICS_PURPOSE, _ics_attachment)
