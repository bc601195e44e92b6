"""Complete responses with their answers, written directly (results, exports, retention).

``respond(survey, kinder="1", wuensche=["1", "other:Ein Schwimmbad"], zufrieden=4,
kita={"plaetze": 2, "zeiten": "dk"}, anmerkung="Danke")`` stores one response: option
codes for choices ("other:<text>" for "Sonstiges"), numbers for scales, numbers and
ranks, ``{item code: point or "dk"}`` for a matrix, ``{option code: rank}`` for a
ranking, a district's slug, a date, or a text.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.surveys.models import Answer, Channel, Question, Response, Survey

K = Question.Kind


def respond(
    survey: Survey,
    *,
    channel: Channel | None = None,
    day: dt.date | None = None,
    status: str = Response.Status.COMPLETE,
    user: Any = None,
    **answers: Any,
) -> Response:
    response = Response.objects.create(
        survey=survey,
        channel=channel if channel is not None else survey.channels.first(),
        status=status,
        submitted_on=(day or timezone.localdate()) if status == Response.Status.COMPLETE else None,
        user=user,
    )
    questions = {q.code: q for q in Question.objects.filter(survey=survey)}
    rows: list[Answer] = []
    for code, value in answers.items():
        rows += _rows(questions[code], value)
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response


def _rows(question: Question, value: Any) -> list[Answer]:
    kind = question.kind
    options = {o.code: o for o in question.options.all()}
    if kind in (K.SINGLE, K.MULTIPLE):
        values = value if isinstance(value, list) else [value]
        return [
            Answer(question=question, value_text=v[6:])
            if str(v).startswith("other:")
            else Answer(question=question, option=options[str(v)])
            for v in values
        ]
    if kind == K.SCALE:
        return [_point(question, value)]
    if kind == K.MATRIX:
        items = {i.code: i for i in question.items.all()}
        rows = []
        for item_code, point in value.items():
            row = _point(question, point)
            row.item = items[item_code]
            rows.append(row)
        return rows
    if kind == K.RANKING:
        return [
            Answer(question=question, option=options[code], rank=rank)
            for code, rank in value.items()
        ]
    if kind == K.DISTRICT:
        return [Answer(question=question, district=District.objects.get(slug=value))]
    if kind == K.NUMBER:
        return [Answer(question=question, value_number=Decimal(str(value)))]
    if kind == K.DATE:
        return [Answer(question=question, value_date=value)]
    return [Answer(question=question, value_text=value)]


def _point(question: Question, value: Any) -> Answer:
    if value == "dk":
        return Answer(question=question, dont_know=True)
    return Answer(question=question, value_number=Decimal(value))
