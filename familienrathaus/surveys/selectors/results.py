"""Results of a survey, counted by the database.

Only complete responses count (``Response.status == COMPLETE``). All answers of a survey
are counted with one ``GROUP BY`` over (question, option, item, district, number, date,
don't know, rank); a second one counts the people behind multiple-choice, matrix and
ranking questions. Python then only arranges these few grouped rows per question, so a
results page costs the same handful of queries for 50 answers as for 5,000.

The result is plain data (:func:`aggregate` returns lists and dicts of strings and
numbers) so that it can be stored as it is: the retention job keeps a snapshot of it
when it deletes the single answers, and the public results page reads that snapshot.

Nobody may be recognisable: a group (the whole survey, or the part a filter selects)
with fewer than :data:`MIN_GROUP` responses shows nothing, and neither does a question
answered by fewer than :data:`MIN_GROUP` people.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from familienrathaus.core.models import District
from familienrathaus.surveys.models import Answer, Question, Response, Survey

K = Question.Kind
COMPLETE = Response.Status.COMPLETE
MIN_GROUP = 5
#: Kinds a coordinator may filter all results by.
FILTER_KINDS = (K.SINGLE, K.MULTIPLE, K.DISTRICT, K.SCALE, K.NUMBER)
#: Kinds where one person gives several answer rows.
MULTI_ROW = (K.MULTIPLE, K.MATRIX, K.RANKING)
NUMBER_BARS = 20  # a number question with more distinct values is shown in ranges
NUMBER_RANGES = 8
NUMBER_FILTER_VALUES = 30


# --------------------------------------------------------------------------- filter


@dataclass(frozen=True)
class Filter:
    """All results only for the responses whose answer to ``question`` is ``value``
    (an option's code, a district's slug or a number)."""

    question: Question
    value: str
    label: str

    def answers(self) -> Q:
        kind = self.question.kind
        if kind in (K.SINGLE, K.MULTIPLE):
            return Q(option__code=self.value)
        if kind == K.DISTRICT:
            return Q(district__slug=self.value)
        return Q(value_number=Decimal(self.value), dont_know=False)


def survey_questions(survey: Survey) -> list[Question]:
    return list(
        Question.objects.filter(survey=survey)
        .select_related("section")
        .prefetch_related("options", "items")
        .order_by("section__position", "section__pk", "position", "pk")
    )


def filter_questions(questions: Iterable[Question]) -> list[Question]:
    return [q for q in questions if q.kind in FILTER_KINDS and _filterable(q)]


def _filterable(question: Question) -> bool:
    """A number question is a filter when it has a small whole range (e.g. 1 to 12
    children); its values are offered without asking the database."""
    if question.kind != K.NUMBER:
        return True
    low, high = question.number_min, question.number_max
    return low is not None and high is not None and 0 <= high - low <= NUMBER_FILTER_VALUES


def filter_choices(question: Question) -> list[tuple[str, str]]:
    """``(value, label)`` the filter offers for ``question``."""
    if question.kind in (K.SINGLE, K.MULTIPLE):
        return [(o.code, o.label) for o in question.options.all()]
    if question.kind == K.DISTRICT:
        return list(District.objects.order_by("position", "name").values_list("slug", "name"))
    if question.kind == K.SCALE:
        return [(str(p), _point_label(question, p)) for p in question.scale_points]
    if question.number_min is None or question.number_max is None:
        return []
    low, high = int(question.number_min), int(question.number_max)
    return [(str(v), str(v)) for v in range(low, high + 1)]


def parse_filter(questions: Iterable[Question], code: str, value: str) -> Filter | None:
    """The filter a results page asks for (``?frage=<code>&wert=<value>``), or None."""
    if not code or not value:
        return None
    for question in filter_questions(questions):
        if question.code == code:
            if question.kind in (K.SCALE, K.NUMBER):
                try:
                    Decimal(value)
                except InvalidOperation:
                    return None
            labels = dict(filter_choices(question))
            if value in labels:
                return Filter(question=question, value=value, label=labels[value])
    return None


def complete_responses(survey: Survey, flt: Filter | None = None) -> QuerySet[Response]:
    responses = Response.objects.filter(survey=survey, status=COMPLETE)
    if flt is not None:
        chosen = Answer.objects.filter(flt.answers(), question=flt.question)
        responses = responses.filter(pk__in=chosen.values("response_id"))
    return responses


def _answers(survey: Survey, flt: Filter | None) -> QuerySet[Answer]:
    answers = Answer.objects.filter(response__survey=survey, response__status=COMPLETE)
    if flt is not None:
        chosen = Answer.objects.filter(flt.answers(), question=flt.question)
        answers = answers.filter(response_id__in=chosen.values("response_id"))
    return answers


# --------------------------------------------------------------------------- aggregate


def aggregate(
    survey: Survey,
    *,
    flt: Filter | None = None,
    public_only: bool = False,
    questions: list[Question] | None = None,
) -> dict[str, Any]:
    """The survey's results as plain data::

        {"responses": 812, "suppressed": False, "min_group": 5,
         "questions": [{"code", "text", "kind", "section", "respondents", "suppressed",
                        "chart": {"type": "bar", "bars": [[label, count]], "total": n}
                                 | {"type": "stacked", "categories": [...],
                                    "rows": [[label, [counts]]], "neutral_last": bool}
                                 | None,
                        "stats": [[label, value]], "texts": count}],
         "channels": [[name, count]], "days": [["2026-11-03", count]]}

    ``public_only``: only the questions marked public, never free text, no channels.
    """
    questions = survey_questions(survey) if questions is None else questions
    if public_only:
        questions = [q for q in questions if q.public and q.kind != K.TEXT]
    responses = complete_responses(survey, flt).count()
    result: dict[str, Any] = {
        "responses": responses,
        "suppressed": responses < MIN_GROUP,
        "min_group": MIN_GROUP,
        "questions": [],
        "channels": [],
        "days": [],
    }
    if result["suppressed"]:
        result["questions"] = [_head(q) | {"suppressed": True} for q in questions]
        return result
    groups = _grouped(survey, flt, questions)
    people = _people(survey, flt, [q for q in questions if q.kind in MULTI_ROW])
    districts = dict(District.objects.values_list("pk", "name"))
    for question in questions:
        rows = groups.get(question.pk, [])
        if question.kind in MULTI_ROW:
            respondents = people.get(question.pk, 0)
        else:
            respondents = sum(row["n"] for row in rows)
        entry = _head(question) | {"respondents": respondents}
        if respondents < MIN_GROUP:
            entry["suppressed"] = True
        else:
            entry |= {"suppressed": False} | _question_result(
                question, rows, respondents, districts
            )
        result["questions"].append(entry)
    if not public_only:
        result["channels"] = channel_counts(survey)
        result["days"] = day_counts(survey)
    return result


def _head(question: Question) -> dict[str, Any]:
    return {
        "code": question.code,
        "text": question.text,
        "kind": question.kind,
        "section": question.section.title,
        "respondents": 0,
        "chart": None,
        "stats": [],
        "texts": 0,
    }


def _grouped(
    survey: Survey, flt: Filter | None, questions: list[Question]
) -> dict[int, list[dict[str, Any]]]:
    rows = (
        _answers(survey, flt)
        .filter(question__in=[q.pk for q in questions])
        .values(
            "question_id",
            "option_id",
            "item_id",
            "district_id",
            "value_number",
            "value_date",
            "dont_know",
            "rank",
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["question_id"]].append(dict(row))
    return grouped


def _people(survey: Survey, flt: Filter | None, questions: list[Question]) -> dict[int, int]:
    if not questions:
        return {}
    rows = (
        _answers(survey, flt)
        .filter(question__in=[q.pk for q in questions])
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    return {row["question_id"]: row["n"] for row in rows}


def _question_result(
    question: Question, rows: list[dict[str, Any]], respondents: int, districts: dict[int, str]
) -> dict[str, Any]:
    kind = question.kind
    if kind in (K.SINGLE, K.MULTIPLE):
        by_option: dict[int | None, int] = defaultdict(int)
        for row in rows:
            by_option[row["option_id"]] += row["n"]
        bars = [[o.label, by_option.get(o.pk, 0)] for o in question.options.all()]
        if question.allow_other or by_option.get(None):
            bars.append([_("Other"), by_option.get(None, 0)])
        return {"chart": {"type": "bar", "bars": bars, "total": respondents}}
    if kind == K.DISTRICT:
        by_district: dict[int | None, int] = defaultdict(int)
        for row in rows:
            by_district[row["district_id"]] += row["n"]
        bars = [[name, by_district.get(pk, 0)] for pk, name in districts.items()]
        return {"chart": {"type": "bar", "bars": bars, "total": respondents}}
    if kind == K.SCALE:
        return _scale(question, rows, respondents)
    if kind == K.MATRIX:
        return _matrix(question, rows)
    if kind == K.RANKING:
        return _ranking(question, rows)
    if kind == K.NUMBER:
        return _numbers(rows, respondents)
    if kind == K.DATE:
        months: dict[str, int] = defaultdict(int)
        for row in rows:
            if row["value_date"] is not None:
                months[row["value_date"].strftime("%m/%Y")] += row["n"]
        ordered = sorted(months.items(), key=lambda m: (m[0][3:], m[0][:2]))
        return {"chart": {"type": "bar", "bars": [list(m) for m in ordered], "total": respondents}}
    return {"texts": respondents}


def _point_label(question: Question, point: int) -> str:
    if point == question.scale_min and question.scale_min_label:
        return f"{point} – {question.scale_min_label}"
    if point == question.scale_max and question.scale_max_label:
        return f"{point} – {question.scale_max_label}"
    return str(point)


def _scale(question: Question, rows: list[dict[str, Any]], respondents: int) -> dict[str, Any]:
    by_point: dict[int, int] = defaultdict(int)
    dont_know = 0
    for row in rows:
        if row["dont_know"]:
            dont_know += row["n"]
        elif row["value_number"] is not None:
            by_point[int(row["value_number"])] += row["n"]
    bars = [[_point_label(question, p), by_point.get(p, 0)] for p in question.scale_points]
    if question.dont_know or dont_know:
        bars.append([_("Don't know"), dont_know])
    rated = sum(by_point.values())
    stats = []
    if rated:
        mean = sum(p * n for p, n in by_point.items()) / rated
        stats = [[_("Average"), _decimal(mean)], [_("Rated"), rated]]
    return {"chart": {"type": "bar", "bars": bars, "total": respondents}, "stats": stats}


def _matrix(question: Question, rows: list[dict[str, Any]]) -> dict[str, Any]:
    points = question.scale_points
    categories = [_point_label(question, p) for p in points]
    with_dont_know = question.dont_know or any(row["dont_know"] for row in rows)
    if with_dont_know:
        categories.append(_("Don't know"))
    counts: dict[int | None, dict[Any, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        key = "dk" if row["dont_know"] else row["value_number"]
        counts[row["item_id"]][int(key) if key not in ("dk", None) else key] += row["n"]
    chart_rows = []
    stats = []
    for item in question.items.all():
        by_point = counts.get(item.pk, {})
        values = [by_point.get(p, 0) for p in points]
        if with_dont_know:
            values.append(by_point.get("dk", 0))
        chart_rows.append([item.label, values])
        rated = sum(by_point.get(p, 0) for p in points)
        if rated:
            mean = sum(p * by_point.get(p, 0) for p in points) / rated
            stats.append([item.label, _decimal(mean)])
    return {
        "chart": {
            "type": "stacked",
            "categories": categories,
            "rows": chart_rows,
            "neutral_last": with_dont_know,
        },
        "stats": stats,
    }


def _ranking(question: Question, rows: list[dict[str, Any]]) -> dict[str, Any]:
    options = list(question.options.all())
    places = list(range(1, len(options) + 1))
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["option_id"] is not None and row["rank"]:
            counts[row["option_id"]][row["rank"]] += row["n"]
    ranked = []
    for option in options:
        by_place = counts.get(option.pk, {})
        total = sum(by_place.values())
        mean = sum(p * n for p, n in by_place.items()) / total if total else float(len(places))
        ranked.append((mean, option.label, [by_place.get(p, 0) for p in places]))
    ranked.sort(key=lambda r: r[0])
    return {
        "chart": {
            "type": "stacked",
            "categories": [_("Place %(place)s") % {"place": p} for p in places],
            "rows": [[label, values] for _mean, label, values in ranked],
            "neutral_last": False,
        },
        "stats": [[label, _decimal(mean)] for mean, label, _values in ranked],
    }


def _numbers(rows: list[dict[str, Any]], respondents: int) -> dict[str, Any]:
    values = sorted(
        (row["value_number"], row["n"]) for row in rows if row["value_number"] is not None
    )
    if not values:
        return {}
    count = sum(n for _v, n in values)
    expanded_median = _median(values, count)
    mean = sum(v * n for v, n in values) / count
    stats = [
        [_("Average"), _decimal(mean)],
        [_("Median"), _number(expanded_median)],
        [_("Smallest"), _number(values[0][0])],
        [_("Largest"), _number(values[-1][0])],
    ]
    bars = [[_number(v), n] for v, n in values] if len(values) <= NUMBER_BARS else _ranges(values)
    return {"chart": {"type": "bar", "bars": bars, "total": respondents}, "stats": stats}


def _median(values: list[tuple[Decimal, int]], count: int) -> Decimal:
    middle = [(count - 1) // 2, count // 2]
    found: list[Decimal] = []
    seen = 0
    for value, n in values:
        found += [value] * sum(1 for m in middle if seen <= m < seen + n)
        seen += n
    return Decimal(statistics.mean(found)) if found else Decimal(0)


def _ranges(values: list[tuple[Decimal, int]]) -> list[list[Any]]:
    low, high = values[0][0], values[-1][0]
    width = (high - low) / NUMBER_RANGES
    bars: list[list[Any]] = []
    for index in range(NUMBER_RANGES):
        start = low + width * index
        end = high if index == NUMBER_RANGES - 1 else start + width
        inside = sum(
            n for v, n in values if start <= v < end or (index == NUMBER_RANGES - 1 and v == end)
        )
        bars.append([f"{_number(start)} – {_number(end)}", inside])
    return bars


def _number(value: Decimal | float | int) -> str:
    """A number as text without trailing zeros ("3", "2.5"); shown localised later."""
    text = format(Decimal(value).quantize(Decimal("0.01")).normalize(), "f")
    return text


def _decimal(value: Decimal | float) -> float:
    return round(float(value), 2)


# --------------------------------------------------------------------------- channels, days


def channel_counts(survey: Survey) -> list[list[Any]]:
    """``[name, complete responses]`` for every channel of the survey (also those with none)."""
    counted = dict(
        Response.objects.filter(survey=survey, status=COMPLETE)
        .values("channel_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("channel_id", "n")
    )
    rows: list[list[Any]] = [
        [channel.name, counted.pop(channel.pk, 0)] for channel in survey.channels.all()
    ]
    if any(counted.values()):
        rows.append([_("Without a channel"), sum(counted.values())])
    return rows


def day_counts(survey: Survey) -> list[list[Any]]:
    """``[ISO day, complete responses]`` for every day from the first answer to the last."""
    counted: dict[date, int] = {
        day: n
        for day, n in Response.objects.filter(
            survey=survey, status=COMPLETE, submitted_on__isnull=False
        )
        .values("submitted_on")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("submitted_on", "n")
        if day is not None
    }
    if not counted:
        return []
    first, last = min(counted), max(counted)
    return [
        [(first + timedelta(days=i)).isoformat(), counted.get(first + timedelta(days=i), 0)]
        for i in range((last - first).days + 1)
    ]


def day_points(days: list[list[Any]]) -> list[tuple[date, int]]:
    return [(date.fromisoformat(day), count) for day, count in days]


# --------------------------------------------------------------------------- free text


def free_texts(
    survey: Survey, *, flt: Filter | None = None, search: str = "", question: str = ""
) -> QuerySet[Answer]:
    """Free-text answers and "other: ___" texts of complete responses, oldest first,
    optionally of one question (its code) and containing ``search``."""
    answers = (
        _answers(survey, flt)
        .filter(
            Q(question__kind=K.TEXT)
            | Q(option__isnull=True, question__kind__in=[K.SINGLE, K.MULTIPLE])
        )
        .exclude(value_text="")
        .select_related("question")
        .order_by("question__section__position", "question__position", "pk")
    )
    if question:
        answers = answers.filter(question__code=question)
    if search:
        answers = answers.filter(value_text__icontains=search)
    return answers


def text_questions(questions: Iterable[Question]) -> list[Question]:
    return [
        q
        for q in questions
        if q.kind == K.TEXT or (q.kind in (K.SINGLE, K.MULTIPLE) and q.allow_other)
    ]
