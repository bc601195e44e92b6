"""Writes of the events app: events and their dates, registrations, the waiting list.

Registration uses :mod:`familienrathaus.core.capacity`, the one mechanism for limited
places (shared with the holiday programme): the occurrence is the pool; places taken
are counted from the confirmed registration rows inside the pool's lock.

The package is split by subject; callers keep using ``events.services.<name>``:

- :mod:`.content`: events and their dates (create, change, repeat, review);
- :mod:`.registration`: registrations, the waiting list, reminders, retention.

To replace a function in a test, patch it where it is called (its submodule).
"""

from familienrathaus.events import recurrence
from familienrathaus.events.services.content import (
    M2M_FIELDS,
    RULE_FIELDS,
    SCALAR_FIELDS,
    apply_content,
    create_event,
    discard_proposed_image,
    district_for,
    materialise,
    transition,
    unique_slug,
    update_event,
    update_occurrence,
    working_copy,
)
from familienrathaus.events.services.registration import (
    KEEP_REGISTRATIONS_DAYS,
    REMINDER_BEFORE,
    TOKEN_SALT,
    RegistrationClosed,
    cancel_registration,
    cancel_token,
    move_up,
    places_left,
    prune_registrations,
    register,
    registration_for_token,
    schedule_reminder,
    send_reminder,
    taken,
    waiting,
    waiting_position,
)

__all__ = [
    "KEEP_REGISTRATIONS_DAYS",
    "M2M_FIELDS",
    "REMINDER_BEFORE",
    "RULE_FIELDS",
    "SCALAR_FIELDS",
    "TOKEN_SALT",
    "RegistrationClosed",
    "apply_content",
    "cancel_registration",
    "cancel_token",
    "create_event",
    "discard_proposed_image",
    "district_for",
    "materialise",
    "move_up",
    "places_left",
    "prune_registrations",
    "recurrence",
    "register",
    "registration_for_token",
    "schedule_reminder",
    "send_reminder",
    "taken",
    "transition",
    "unique_slug",
    "update_event",
    "update_occurrence",
    "waiting",
    "waiting_position",
    "working_copy",
]
