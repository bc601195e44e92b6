"""Writes of the Ferienspaß lottery: wishes, priority groups, runs, confirmation.

The allocation itself is :mod:`familienrathaus.lottery.allocation` (no Django); this
package turns a period's wishes into its input (:mod:`.problem`, with the age rule of
:mod:`familienrathaus.holidays.rules`), runs it as a background job of
:mod:`familienrathaus.core.jobs` and stores the result (:mod:`.runs`), and writes the
confirmed run as bookings through ``holidays.services.place_children`` (:mod:`.confirm`).
Wishes and priority groups are :mod:`.wishes`. Everything is importable from
``familienrathaus.lottery.services`` itself.
"""

from __future__ import annotations

from familienrathaus.lottery.services.confirm import (
    check_confirmable,
    confirm_in_background,
    confirm_run,
    request_confirmation,
)
from familienrathaus.lottery.services.problem import Input, build_problem
from familienrathaus.lottery.services.runs import (
    BATCH,
    CONFIRM,
    RUN,
    RUNS,
    STALE_AFTER,
    execute_run,
    start_run,
)
from familienrathaus.lottery.services.wishes import (
    GROUP_CODE,
    group_members,
    new_group_code,
    normalise_group_code,
    save_group,
    save_wishes,
    set_child_groups,
    wish_phase_open,
    wishable_occasions,
)

__all__ = [
    "BATCH",
    "CONFIRM",
    "GROUP_CODE",
    "RUN",
    "RUNS",
    "STALE_AFTER",
    "Input",
    "build_problem",
    "check_confirmable",
    "confirm_in_background",
    "confirm_run",
    "execute_run",
    "group_members",
    "new_group_code",
    "normalise_group_code",
    "request_confirmation",
    "save_group",
    "save_wishes",
    "set_child_groups",
    "start_run",
    "wish_phase_open",
    "wishable_occasions",
]
