"""Which results may be read where: the public page (only questions marked public, never
free text, only after the close and only when the coordinator switched it on) and the
snapshot that stands in for the answers once the retention job deleted them."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from familienrathaus.surveys.models import ResultSnapshot, Survey
from familienrathaus.surveys.selectors import results, results_cache


def snapshot(survey: Survey) -> ResultSnapshot | None:
    return ResultSnapshot.objects.filter(survey=survey).first()


def has_public_results(survey: Survey) -> bool:
    return survey.public_results and survey.state() == "closed"


def public_results(survey: Survey) -> dict[str, Any] | None:
    """The public results as plain data, or None when there are none to show."""
    if not has_public_results(survey):
        return None
    stored = snapshot(survey)
    if stored is not None:
        return stored.public_data
    if survey.answers_deleted_on is not None:
        return None
    return results_cache.aggregate(survey, public_only=True)


def coordinator_results(
    survey: Survey, *, flt: results.Filter | None, questions: list[Any]
) -> tuple[dict[str, Any], bool]:
    """``(results, from_snapshot)``: counted now, or the snapshot once the answers are
    deleted (then without a filter: the single answers are gone)."""
    if survey.answers_deleted_on is not None:
        stored = snapshot(survey)
        if stored is not None:
            return stored.data, True
    return results_cache.aggregate(survey, flt=flt, questions=questions), False


def surveys_with_public_results(now: Any = None) -> QuerySet[Survey]:
    now = now or timezone.now()
    return Survey.objects.filter(
        status=Survey.Status.PUBLISHED, public_results=True, closes_at__lte=now
    ).order_by("-closes_at", "pk")
