"""Retention of answers: a closed survey keeps its single answers for
``keep_answers_days`` after ``closes_at``; then they are deleted. The counted results
stay: before the deletion a snapshot of them (all questions, and the public ones) is
stored, so the coordinators' results page and the public results page keep working.

Runs daily (``surveys.tasks``); each survey in its own transaction, under its row lock,
so a run that stops half-way leaves every survey either untouched or done.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from familienrathaus.core import audit
from familienrathaus.surveys.models import Answer, Response, ResultSnapshot, Survey
from familienrathaus.surveys.selectors import results


def due_surveys(now: datetime | None = None) -> list[Survey]:
    """Closed surveys whose answers have outlived their retention."""
    now = now or timezone.now()
    candidates = Survey.objects.filter(
        closes_at__isnull=False, closes_at__lte=now, answers_deleted_on__isnull=True
    )
    return [
        survey
        for survey in candidates
        if survey.closes_at is not None
        and survey.closes_at + timedelta(days=survey.keep_answers_days) <= now
    ]


def take_snapshot(survey: Survey, *, today: date) -> ResultSnapshot:
    """Store the counted results of ``survey`` (in the site's main language)."""
    with translation.override(settings.LANGUAGE_CODE):
        data = results.aggregate(survey)
        public = results.aggregate(survey, public_only=True)
    snapshot, _created = ResultSnapshot.objects.update_or_create(
        survey=survey, defaults={"taken_on": today, "data": data, "public_data": public}
    )
    return snapshot


def delete_answers(survey: Survey, *, today: date | None = None) -> int:
    """Snapshot the results, then delete every response of ``survey`` with its answers;
    the number of responses deleted."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.answers_deleted_on is not None:
            return 0
        take_snapshot(locked, today=today)
        Answer.objects.filter(response__survey=locked).delete()
        deleted, _by_model = Response.objects.filter(survey=locked).delete()
        locked.answers_deleted_on = today
        locked.save(update_fields=["answers_deleted_on"])
        audit.record(
            actor=None,
            action="surveys.answers_deleted",
            obj=locked,
            changes={"responses": deleted, "keep_answers_days": locked.keep_answers_days},
        )
    return deleted


def delete_expired_answers(now: datetime | None = None) -> int:
    """The daily run: delete the answers of every survey that is due; how many surveys."""
    now = now or timezone.now()
    surveys = due_surveys(now)
    for survey in surveys:
        delete_answers(survey, today=timezone.localdate(now))
    return len(surveys)
