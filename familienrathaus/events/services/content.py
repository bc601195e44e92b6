"""Events and their dates: create, change, repeat, review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity, review, slugs, translated_forms
from familienrathaus.core.models import Audience, District, Language, Theme, User
from familienrathaus.events import permissions, recurrence
from familienrathaus.events.models import Event, EventStatus, Occurrence, Registration
from familienrathaus.events.services.registration import _mail, move_up, schedule_reminder
from familienrathaus.partners.models import Organisation

# The texts with a translation per language (events/translation.py).
TRANSLATED = ("title", "summary", "description", "cost_note", "accessibility")
# Fields a form or an import may write; m2m fields hold lists of ids.
SCALAR_FIELDS = [
    "title",
    "summary",
    "description",
    "start",
    "end",
    "all_day",
    "frequency",
    "interval",
    "week_of_month",
    "repeat_until",
    "repeat_count",
    "pause_from",
    "pause_until",
    "venue_name",
    "room",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "online_url",
    "online_for_registered_only",
    "age_min",
    "age_max",
    "cost",
    "price",
    "cost_note",
    "accessibility",
    "featured",
    "event_status",
    "registration_required",
    "capacity",
    "waiting_list",
    "registration_closes_hours",
    *translated_forms.names(Event, TRANSLATED),
]
M2M_FIELDS: dict[str, Any] = {"themes": Theme, "audiences": Audience, "languages": Language}
RULE_FIELDS = {
    "start",
    "end",
    "all_day",
    "frequency",
    "interval",
    "week_of_month",
    "repeat_until",
    "repeat_count",
    "pause_from",
    "pause_until",
}


# ------------------------------------------------------------------------- events


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    return slugs.unique_slug(Event, title, fallback="veranstaltung", exclude_pk=exclude_pk)


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON for a change proposal (model instances as ids)."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        if name in M2M_FIELDS:
            out[name] = [getattr(v, "pk", v) for v in value]
        elif name == "district":
            out[name] = getattr(value, "pk", value)
        elif isinstance(value, datetime) or hasattr(value, "isoformat"):
            out[name] = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | str | float):
            out[name] = str(value)
        else:
            out[name] = value
    return out


def _set_values(event: Event, values: dict[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if name == "district":
            event.district_id = getattr(value, "pk", value)
            continue
        setattr(event, name, value)
    # JSON proposals give strings; full_clean() turns them into Python values.
    for name in ("start", "end"):
        if isinstance(getattr(event, name), str):
            setattr(event, name, datetime.fromisoformat(getattr(event, name)))


def apply_content(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    """Write ``values`` to the event, expand its dates; returns an audit diff."""
    before = audit.snapshot(event, [n for n in SCALAR_FIELDS if n in values and n != "district"])
    rule_changed = any(
        name in RULE_FIELDS and str(getattr(event, name)) != str(values[name])
        for name in values
        if name in RULE_FIELDS
    )
    old_status, old_capacity = event.event_status, event.capacity
    _set_values(event, values)
    if values.get("image"):
        before["image"] = event.image.name
        event.image.name = values["image"]  # stored with an approved proposal
    if "image_alt" in values:
        before["image_alt"] = event.image_alt
        event.image_alt = values["image_alt"]
    event.sequence += 1
    event.full_clean(exclude=["slug", "uid"])
    _check_times(event)
    event.save()
    for name, model in M2M_FIELDS.items():
        if name in values:
            ids = [getattr(v, "pk", v) for v in values[name]]
            getattr(event, name).set(model.objects.filter(pk__in=ids))
    materialise(event, rule_changed=rule_changed)
    _after_change(event, old_status=old_status, old_capacity=old_capacity)
    after = audit.snapshot(event, list(before))
    return audit.diff(before, after)


def _after_change(event: Event, *, old_status: str, old_capacity: int | None) -> None:
    """Tell the registered when the whole event is cancelled or postponed; move people
    up from the waiting lists when there are more places now."""
    upcoming = event.occurrences.filter(end__gte=timezone.now())
    if event.event_status != old_status and event.event_status != EventStatus.SCHEDULED:
        for registration in Registration.objects.filter(
            occurrence__in=upcoming, status=Registration.Status.CONFIRMED
        ).select_related("occurrence__event"):
            _mail(registration, "changed")
    more_places = old_capacity is not None and (
        event.capacity is None or event.capacity > old_capacity
    )
    if more_places:
        for pk in upcoming.filter(capacity__isnull=True).values_list("pk", flat=True):
            with capacity.locked(Occurrence, pk) as pool:
                move_up(pool)


def _check_times(event: Event) -> None:
    if event.end < event.start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    if event.frequency == Event.Frequency.MONTHLY and not event.week_of_month:
        raise ValidationError({"week_of_month": _("Please choose which week of the month.")})
    if event.pause_from and event.pause_until and event.pause_until < event.pause_from:
        raise ValidationError({"pause_until": _("The pause must not end before it begins.")})


@transaction.atomic
def create_event(
    *,
    actor: User | None,
    organisation: Organisation | None,
    values: dict[str, Any],
    image: Any = None,
    image_alt: str = "",
    status: str = Event.Status.DRAFT,
    uid: str = "",
    slug: str = "",
) -> Event:
    event = Event(
        organisation=organisation,
        slug=slug or unique_slug(str(values.get("title", ""))),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        status=status,
    )
    if uid:
        event.uid = uid
    if status == Event.Status.PUBLISHED:
        event.published_at = timezone.now()
    _set_values(event, values)
    if image is not None:
        event.image = image
    event.image_alt = image_alt
    event.full_clean(exclude=["uid"])
    _check_times(event)
    event.save()
    for name, model in M2M_FIELDS.items():
        if name in values:
            ids = [getattr(v, "pk", v) for v in values[name]]
            getattr(event, name).set(model.objects.filter(pk__in=ids))
    materialise(event)
    audit.record(actor=actor, action="event.create", obj=event)
    return event


@transaction.atomic
def update_event(
    *, actor: User, event: Event, values: dict[str, Any], image: Any = None, image_alt: str = ""
) -> Event:
    """Change an event. A published event of a partner that is not trusted keeps its
    published version until a coordinator approves the changes (core.review)."""
    if review.needs_review(WORKFLOW, actor, event):
        proposal = _plain(values)
        previous = (event.pending_changes or {}).get("values") or {}
        if image is not None:
            # Stored now, shown to the reviewer, set on approval, deleted if discarded.
            proposal["image"] = _store_image(event, image)
            proposal["image_alt"] = image_alt
        elif previous.get("image"):
            proposal["image"] = previous["image"]  # a second edit keeps the new image
            proposal["image_alt"] = image_alt or previous.get("image_alt", "")
        elif image_alt and image_alt != event.image_alt:
            proposal["image_alt"] = image_alt
        review.propose_changes(WORKFLOW, event, proposal, actor=actor)
        discard_proposed_image(event, previous, keep=proposal)
        return event
    locked = Event.objects.select_for_update().get(pk=event.pk)
    if image is not None:
        locked.image = image
    if image_alt:
        locked.image_alt = image_alt
    changes = apply_content(locked, values)
    audit.record(actor=actor, action="event.update", obj=locked, changes=changes)
    event.refresh_from_db()
    return event


def working_copy(event: Event) -> tuple[Event, dict[str, list[int]]]:
    """The event as its waiting change proposal would make it, unsaved, and the ids of
    the proposed themes, audiences and languages: what the edit form starts from, so
    that a second edit goes on from the proposal instead of silently dropping it."""
    values = dict((event.pending_changes or {}).get("values") or {})
    if not values:
        return event, {}
    copy = Event.objects.get(pk=event.pk)
    related = {name: values.pop(name) for name in M2M_FIELDS if name in values}
    values.pop("image", None)
    image_alt = values.pop("image_alt", None)
    _set_values(copy, values)
    if image_alt is not None:
        copy.image_alt = image_alt
    return copy, related


def _store_image(event: Event, upload: Any) -> str:
    """Save an image that waits for review; returns its name in the storage."""
    field = event.image.field
    name = field.generate_filename(event, upload.name)
    return str(field.storage.save(name, upload, max_length=field.max_length))


def discard_proposed_image(
    event: Event, values: dict[str, Any], keep: dict[str, Any] | None = None
) -> None:
    """Delete the file of a proposed image that will not be used (the workflow's
    ``discard_changes``, and after a proposal is replaced)."""
    name = values.get("image")
    if not name or name == event.image.name or name == (keep or {}).get("image"):
        return
    event.image.field.storage.delete(name)


def _follow_new_times(
    event: Event, existing: dict[datetime, Occurrence], starts: list[datetime], duration: Any
) -> list[Occurrence]:
    """Dates whose time changed are the same dates, not new ones: an existing date
    the rule no longer produces is paired with a new start on the same day (or, for a
    one-off event, with its one new start) and keeps its registrations. Updates
    ``existing`` in place; returns the dates whose times changed."""
    wanted = set(starts)
    stale = [o for key, o in sorted(existing.items()) if key not in wanted and not o.is_orphan]
    fresh = [start for start in starts if start not in existing]
    if not stale or not fresh:
        return []
    if not event.frequency and len(stale) == 1 and len(fresh) == 1:
        pairs = [(stale[0], fresh[0])]
    else:
        by_day = {recurrence.local(start).date(): start for start in fresh}
        pairs = []
        for occurrence in stale:
            start = by_day.pop(recurrence.local(occurrence.original_start).date(), None)
            if start is not None:
                pairs.append((occurrence, start))
    moved = []
    for occurrence, start in pairs:
        del existing[occurrence.original_start]
        occurrence.original_start = start
        fields = ["original_start"]
        if not occurrence.is_override:
            occurrence.start, occurrence.end = start, start + duration
            fields += ["start", "end"]
            moved.append(occurrence)
        occurrence.save(update_fields=fields)
        existing[start] = occurrence
    return moved


def materialise(event: Event, *, rule_changed: bool = True, today: Any = None) -> None:
    """Bring the occurrence rows in line with the rule.

    Dates the rule produces get a row; rows the rule no longer produces are deleted,
    unless someone registered (then they are kept, marked cancelled). Moved or edited
    dates keep their changes; plain dates follow changed times of the event."""
    starts = recurrence.expand(event, today=today)
    duration = event.end - event.start
    existing = {o.original_start: o for o in event.occurrences.all()}
    wanted = set(starts)
    moved = _follow_new_times(event, existing, starts, duration)
    for original, occurrence in existing.items():
        if original in wanted:
            continue
        if occurrence.registrations.exists():
            if not occurrence.is_orphan or occurrence.date_status != EventStatus.CANCELLED:
                was_cancelled = occurrence.is_cancelled
                occurrence.is_orphan = True
                occurrence.date_status = EventStatus.CANCELLED
                occurrence.save(update_fields=["is_orphan", "date_status"])
                if not was_cancelled and occurrence.end >= timezone.now():
                    # The date is gone from the rule: the registered hear it is cancelled.
                    for registration in occurrence.registrations.exclude(
                        status=Registration.Status.CANCELLED
                    ):
                        _mail(registration, "changed")
        else:
            occurrence.delete()
    new: list[Occurrence] = []
    for original in starts:
        found = existing.get(original)
        if found is None:
            new.append(
                Occurrence(
                    event=event, original_start=original, start=original, end=original + duration
                )
            )
        elif not found.is_override and (
            found.start != original or found.end != original + duration
        ):
            found.start = original
            found.end = original + duration
            found.save(update_fields=["start", "end"])
            moved.append(found)
    Occurrence.objects.bulk_create(new)
    # New times of the event: the registered hear of them (as when one date is moved),
    # and their reminder follows the date.
    for occurrence in moved:
        if occurrence.end < timezone.now():
            continue
        for registration in occurrence.registrations.exclude(
            status=Registration.Status.CANCELLED
        ).select_related("occurrence__event"):
            _mail(registration, "changed")
            if registration.status == Registration.Status.CONFIRMED:
                schedule_reminder(registration)


@transaction.atomic
def update_occurrence(
    *,
    actor: User,
    occurrence: Occurrence,
    start: datetime,
    end: datetime,
    status: str,
    title_override: str = "",
    note: str = "",
    capacity_override: int | None = None,
) -> Occurrence:
    """Move, cancel or edit one date of a series (or the only date of an event)."""
    locked = Occurrence.objects.select_for_update().select_related("event").get(pk=occurrence.pk)
    before = audit.snapshot(locked, ["start", "end", "date_status", "title_override", "note"])
    if end < start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    moved = start != locked.start or end != locked.end
    locked.start, locked.end, locked.date_status = start, end, status
    locked.title_override, locked.note, locked.capacity = title_override, note, capacity_override
    if moved or title_override or note:
        locked.is_override = True
    locked.full_clean()
    locked.save()
    event = locked.event
    event.sequence += 1
    event.save(update_fields=["sequence", "updated_at"])
    after = audit.snapshot(locked, list(before))
    audit.record(
        actor=actor, action="event.update_date", obj=locked, changes=audit.diff(before, after)
    )
    if before["date_status"] != status or moved:
        for registration in locked.registrations.exclude(status=Registration.Status.CANCELLED):
            _mail(registration, "changed")
            if moved and registration.status == Registration.Status.CONFIRMED:
                # A reminder queued for the old time may come too late; the task checks
                # the time again and sends only once, whichever task runs first.
                schedule_reminder(registration)
    with capacity.locked(Occurrence, locked.pk) as pool:
        move_up(pool)  # more places on this date: the waiting list moves up
    return locked


# ----------------------------------------------------------------------- review

# Events in the shared review workflow (:mod:`familienrathaus.core.review`), declared
# here next to its hooks; ``events.workflow`` names it for the URLs and views.
WORKFLOW = review.Workflow(
    name="event",
    model=Event,
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_review_events,
    manage_url="events:manage",
    transition_url="events:transition",
    queue_url="events:review_queue",
    apply_changes=apply_content,
    discard_changes=discard_proposed_image,
    after_change=materialise,
)


def transition(*, actor: User, event: Event, name: str, comment: str = "") -> Event:
    """A step of the review (see core.review.STEPS), through the one write path."""
    return review.act(WORKFLOW, event, actor=actor, step=name, comment=comment)


def district_for(slug: str) -> District | None:
    return District.objects.filter(slug=slug).first()
