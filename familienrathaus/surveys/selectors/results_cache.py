"""The counted results, kept in the cache until an answer or a question changes.

Counting 5,000 questionnaires takes the database a moment; a coordinator who reads the
page, applies a filter and comes back should not wait for it again. The cache key holds
everything the numbers depend on:

* the complete responses: their number and the highest id. An anonymous or code
  questionnaire never changes once complete, so a new one raises the id, a deleted one
  lowers the number (a deletion and a new one together: both change);
* the survey's structure: every question, option, item and section title as shown
  (a corrected question text shows at once), the districts, the language;
* the filter and whether it is the public selection.

Signed-in surveys let a family change its complete answers until the close, which
changes neither figure, so they are always counted afresh (they are small: the
Familienbeirat, partner surveys).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Max
from django.utils import translation

from familienrathaus.core.models import District
from familienrathaus.surveys.models import Question, Response, Survey
from familienrathaus.surveys.selectors import results

SECONDS = 6 * 3600


def _structure(questions: list[Question]) -> list[Any]:
    return [
        [
            q.pk, q.code, q.kind, q.text, q.public, q.section.title, q.scale_min, q.scale_max,
            q.scale_min_label, q.scale_max_label, q.dont_know, q.allow_other,
            [[o.pk, o.code, o.label] for o in q.options.all()],
            [[i.pk, i.code, i.label] for i in q.items.all()],
        ]
        for q in questions
    ]  # fmt: skip


def key(
    survey: Survey, *, flt: results.Filter | None, public_only: bool, questions: list[Question]
) -> str | None:
    """The cache key of these results now, or None when they must be counted afresh."""
    if survey.access == Survey.Access.SIGNED_IN:
        return None
    figures = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    parts = [
        translation.get_language(),
        public_only,
        [flt.question.pk, flt.value] if flt is not None else None,
        figures["n"],
        figures["last"],
        [[c.pk, c.name] for c in survey.channels.all()],
        list(District.objects.values_list("pk", "name")),
        _structure(questions),
    ]
    digest = hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
    return f"surveys:results:{survey.pk}:{digest}"


def aggregate(
    survey: Survey,
    *,
    flt: results.Filter | None = None,
    public_only: bool = False,
    questions: list[Question] | None = None,
) -> dict[str, Any]:
    """``results.aggregate`` through the cache (see the module's docstring)."""
    questions = results.survey_questions(survey) if questions is None else questions
    cache_key = key(survey, flt=flt, public_only=public_only, questions=questions)
    if cache_key is not None:
        found = cache.get(cache_key)
        if found is not None:
            return dict(found)
    counted = results.aggregate(survey, flt=flt, public_only=public_only, questions=questions)
    if cache_key is not None:
        cache.set(cache_key, counted, SECONDS)
    return counted
