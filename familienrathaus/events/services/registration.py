"""Registrations, the waiting list, reminders and their retention."""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum, Value
from django.db.models.functions import Greatest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import capacity, jobs, tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.outbox import (
    current_language,
    in_language,
    language_code,
    queue_template,
    register_attachments,
)
from familienrathaus.events import ical
from familienrathaus.events.models import Occurrence, Registration

TOKEN_SALT = "events.registration"  # noqa: S105  (a signing salt, not a secret)


# ------------------------------------------------------------------ registration


def taken(occurrence: Occurrence) -> int:
    """Places taken, counted from the confirmed registrations (each takes at least one)."""
    seats = Greatest(F("adults") + F("children"), Value(1))
    total = occurrence.registrations.filter(status=Registration.Status.CONFIRMED).aggregate(
        seats=Sum(seats)
    )
    return int(total["seats"] or 0)


def waiting(occurrence: Occurrence) -> int:
    """Registrations on the waiting list."""
    return occurrence.registrations.filter(status=Registration.Status.WAITING).count()


def places_left(occurrence: Occurrence) -> int | None:
    """Places a new registration can take (None: no limit); 0 while anyone waits, as
    free places are held for the waiting list (:mod:`familienrathaus.core.capacity`)."""
    if occurrence.places is None:
        return None
    return capacity.free_for_newcomers(
        places=occurrence.places, taken=taken(occurrence), waiting=waiting(occurrence)
    )


def waiting_position(registration: Registration) -> int | None:
    """1-based position on the date's waiting list, or None when not waiting."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = Registration.objects.filter(
        occurrence_id=registration.occurrence_id,
        status=Registration.Status.WAITING,
        pk__lt=registration.pk,
    ).count()
    return ahead + 1


class RegistrationClosed(ValidationError):
    pass


def register(
    *,
    occurrence_id: int,
    name: str,
    email: str,
    adults: int,
    children: int,
    message: str = "",
    language: str = "",
) -> Registration:
    """Register for one date: confirmed if the places suffice and nobody waits, otherwise
    on the waiting list (if the event has one), behind everyone already waiting.
    ``language``: the person's mails are written in it (default: the page's language).
    Raises ``RegistrationClosed`` or ``capacity.CapacityBusy``."""
    language = language_code(language or current_language())
    seats = max(1, adults + children)

    def places(pool: Occurrence) -> int | None:
        return pool.places

    def create(pool: Occurrence, fits: bool) -> Registration:
        if not pool.registration_open():
            raise RegistrationClosed(_("Registration for this date is closed."))
        if not fits and not pool.event.waiting_list:
            raise RegistrationClosed(_("This date is fully booked."))
        registration = Registration(
            occurrence=pool,
            name=name,
            email=email,
            adults=adults,
            children=children,
            message=message,
            status=Registration.Status.CONFIRMED if fits else Registration.Status.WAITING,
            language=language,
        )
        registration.full_clean()
        registration.save()
        _mail(registration, "confirmed" if fits else "waiting")
        if fits:
            schedule_reminder(registration)
        return registration

    return capacity.reserve(
        Occurrence,
        occurrence_id,
        places=places,
        taken=taken,
        create=create,
        seats=seats,
        waiting=waiting,
    )


def cancel_registration(*, registration_id: int) -> Registration:
    """Cancel a registration (by the link in the mail) and move people up from the
    waiting list in the order they registered, as far as the freed places go."""
    registration = Registration.objects.get(pk=registration_id)
    with capacity.locked(Occurrence, registration.occurrence_id) as pool:
        registration = Registration.objects.get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at"])
        _mail(registration, "cancelled")
        move_up(pool)
    return registration


def move_up(pool: Occurrence) -> list[Registration]:
    """Inside the pool's lock: confirm waiting registrations, first come first served.
    Stops at the first one that does not fit: the places stay held for it, so nobody is
    overtaken (:func:`familienrathaus.core.capacity.next_in_line`)."""
    if pool.is_cancelled:
        return []
    free = None if pool.places is None else max(0, pool.places - taken(pool))
    queue = pool.registrations.filter(status=Registration.Status.WAITING).order_by("pk")
    moved: list[Registration] = []
    for waiting in capacity.next_in_line(queue, free=free, seats=lambda r: r.seats):
        waiting.status = Registration.Status.CONFIRMED
        waiting.moved_up_at = timezone.now()
        waiting.save(update_fields=["status", "moved_up_at"])
        _mail(waiting, "moved_up")
        schedule_reminder(waiting)
        moved.append(waiting)
    return moved


def cancel_token(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.email}, salt=TOKEN_SALT)


def registration_for_token(token: str) -> Registration | None:
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.select_related("occurrence__event")
        .filter(pk=data.get("r"), email=data.get("e"))
        .first()
    )


def _mail(registration: Registration, kind: str) -> None:
    """The mail ``events/mail/registration_<kind>.txt`` in the person's language, whoever
    causes it (a move-up, an organiser's change): its links carry that language."""
    occurrence = registration.occurrence
    confirmed = registration.status == Registration.Status.CONFIRMED
    attach = kind in {"confirmed", "moved_up", "changed"} and confirmed
    with in_language(registration.language):
        cancel_url = tenancy.site_url() + reverse(
            "events:cancel", kwargs={"token": cancel_token(registration)}
        )
        queue_template(
            f"events/mail/registration_{kind}.txt",
            {
                "registration": registration,
                "occurrence": occurrence,
                "event": occurrence.event,
                "start": timezone.localtime(occurrence.start),
                "url": tenancy.site_url() + occurrence.get_absolute_url(),
                "cancel_url": cancel_url,
                "online_url": occurrence.event.online_url if confirmed else "",
                "position": waiting_position(registration),
            },
            to=[registration.email],
            language=registration.language,
            purpose=f"events.{'ics' if attach else 'mail'}:{registration.pk}",
        )


def _ics_attachment(message: OutboxMessage) -> list[tuple[str, bytes | str, str]]:
    try:
        pk = int(message.purpose.rsplit(":", 1)[1])
    except (IndexError, ValueError):
        return []
    registration = Registration.objects.select_related("occurrence__event").filter(pk=pk).first()
    if registration is None:
        return []
    occurrence = registration.occurrence
    content = ical.occurrence_file(occurrence, online_url=occurrence.event.online_url)
    return [("termin.ics", content, "text/calendar")]


register_attachments("events.ics:", _ics_attachment)


# ------------------------------------------------------------------- reminders

REMINDER_BEFORE = timedelta(days=1)
# events.tasks.send_reminder, found by name (tasks import services, not the other way).
REMINDER_TASK = "events.send_reminder"


def schedule_reminder(registration: Registration) -> None:
    """Enqueue the reminder mail for the day before; the task checks again when it runs
    (the date may have moved or been cancelled in the meantime)."""
    when = registration.occurrence.start - REMINDER_BEFORE
    if when <= timezone.now():
        return
    jobs.enqueue(REMINDER_TASK, registration.pk, run_after=when)


def send_reminder(registration_id: int) -> str:
    registration = (
        Registration.objects.select_related("occurrence__event").filter(pk=registration_id).first()
    )
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return "skipped"
    if registration.reminder_sent_at is not None:
        return "already-sent"
    occurrence = registration.occurrence
    now = timezone.now()
    if occurrence.is_cancelled or occurrence.start <= now:
        return "skipped"
    due = occurrence.start - REMINDER_BEFORE
    if due > now + timedelta(minutes=5):
        # The date was moved later: try again then.
        jobs.enqueue(REMINDER_TASK, registration.pk, run_after=due)
        return "rescheduled"
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration.pk, reminder_sent_at__isnull=True
        ).update(reminder_sent_at=now)
        if not claimed:
            return "already-sent"
        _mail(registration, "reminder")
    return "sent"


# ---------------------------------------------------------------------- retention

KEEP_REGISTRATIONS_DAYS = 30


def prune_registrations(*, days: int = KEEP_REGISTRATIONS_DAYS) -> int:
    """Delete the registrations of dates that ended more than ``days`` ago."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _details = Registration.objects.filter(occurrence__end__lt=cutoff).delete()
    return deleted
