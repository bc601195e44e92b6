"""Housekeeping of the answering side: questionnaires never sent are deleted once their
survey has closed (only complete responses ever count, and nothing half-written stays)."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.surveys.services import answering as services


@periodic.every(periodic.DAY)
def discard_unfinished_responses() -> int:
    return services.discard_unfinished_of_closed()
