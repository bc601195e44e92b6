"""Who may register for an event: a registry other apps fill in their ``ready()``.

Most events are open to everyone. An app that runs events for a closed circle (the
workshops of a round of the FAMILIENbewusste Unternehmen programme, only for the
round's employers) registers a *gate*: a function ``gate(event, user)`` that returns a
sentence saying why this person may not register, or ``None`` when the gate has no
objection (also for every event that is not its business). The registration page asks
:func:`refusal` before it shows the form and again before it registers. The events app
imports no app: the gates come to it.
"""

from __future__ import annotations

from collections.abc import Callable

from familienrathaus.core.permissions import AnyUser
from familienrathaus.events.models import Event

Gate = Callable[[Event, AnyUser], str | None]

_gates: list[Gate] = []


def register(gate: Gate) -> Gate:
    """Add a gate (also usable as a decorator); registering it twice keeps one."""
    if gate not in _gates:
        _gates.append(gate)
    return gate


def refusal(event: Event, user: AnyUser) -> str | None:
    """The first gate's reason why ``user`` may not register for ``event``, or None."""
    for gate in _gates:
        reason = gate(event, user)
        if reason:
            return reason
    return None
