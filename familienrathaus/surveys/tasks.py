"""Periodic work of surveys (registered through ``core.periodic``; imported in ``ready()``)."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.surveys.services import retention


@periodic.every(periodic.DAY)
def delete_expired_survey_answers() -> int:
    """Answers of closed surveys past their retention go; their counted results stay."""
    return retention.delete_expired_answers()
