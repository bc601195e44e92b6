"""What the family hears about a booking: confirmed, on the waiting list (with its
position), a place held after moving up, cancelled.

Every mail goes through the outbox (:func:`familienrathaus.core.outbox.queue_mail`),
queued inside the transaction that changes the booking: the outbox row and its delivery
task commit or roll back together with the booking, so a mail is never sent for a
booking that was not written, and one change queues one mail (never two). A confirmed
place carries an .ics file, built when the mail is sent (like event registrations):
the purpose ``holidays.ics:<booking id>`` names the booking.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from icalendar import Calendar, Event

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.outbox import register_attachments
from familienrathaus.holidays.models import Activity, Booking, Occasion, Period
from familienrathaus.holidays.services.common import Status, _mail

ICS_PURPOSE = "ics:"
MAIL_FIELDS = [
    "title",
    "slug",
    "summary",
    "meeting_point",
    "what_to_bring",
    "contact_email",
    "organisation__name",
    "period__fee_model",
]


def booking_mail(kind: str, booking: Booking, occasion: Occasion, **extra: Any) -> None:
    """Queue the mail ``holidays/mail/booking_<kind>.txt`` to the child's family.

    ``occasion``: the booking's occasion with ``activity`` and its ``dates`` (the
    caller's copy, already loaded). Call inside the booking's transaction."""
    child = booking.child
    # What the mail tells, in one query: the booking view loads the occasion with only
    # the fields its rules need (deferred fields would cost a query each).
    activity = (
        Activity.objects.select_related("organisation", "period")
        .only(*MAIL_FIELDS)
        .get(pk=occasion.activity_id)
    )
    per_booking = activity.period.fee_model == Period.FeeModel.PER_BOOKING
    context = {
        "booking": booking,
        "child": child,
        "occasion": occasion,
        "activity": activity,
        "fee": booking.fee if per_booking else None,
        **extra,
    }
    attach = booking.status == Status.CONFIRMED and kind in {"confirmed", "accepted"}
    purpose = f"{ICS_PURPOSE}{booking.pk}" if attach else f"booking.{kind}:{booking.pk}"
    _mail(f"booking_{kind}", context, [child.family.email], purpose, language=booking.language)


def booking_calendar(booking: Booking) -> bytes:
    """The dates of one booked place as an iCalendar file (RFC 5545)."""
    occasion = booking.occasion
    activity = occasion.activity
    calendar = Calendar()
    calendar.add("prodid", "-//Familienrathaus//Ferienspass//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    host = tenancy.site_url().split("://", 1)[-1].strip("/") or "familienrathaus"
    for date in occasion.dates.all():
        event = Event()
        # The same UIDs as the child's feed (holidays.ical): calendars merge them.
        event.add("uid", f"holidays-{booking.pk}-{date.pk}@{host}")
        event.add("dtstamp", timezone.now())
        event.add("dtstart", date.starts)
        event.add("dtend", date.ends)
        event.add("summary", f"{activity.title} ({booking.child.first_name})")
        if activity.meeting_point:
            event.add("location", activity.meeting_point)
        description = activity.summary
        if activity.what_to_bring:
            description += "\n\n" + activity.what_to_bring
        event.add("description", description)
        event.add("url", tenancy.site_url() + activity.get_absolute_url())
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _ics_attachment(message: OutboxMessage) -> list[tuple[str, bytes | str, str]]:
    try:
        pk = int(message.purpose.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return []
    booking = (
        Booking.objects.select_related("child", "occasion__activity")
        .prefetch_related("occasion__dates")
        .filter(pk=pk, status=Status.CONFIRMED)
        .first()
    )
    if booking is None:  # cancelled or deleted before the mail went out
        return []
    return [("ferienspass.ics", booking_calendar(booking), "text/calendar")]


register_attachments(f"holidays.{ICS_PURPOSE}", _ics_attachment)
