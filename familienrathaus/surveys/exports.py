"""Exports of a survey's answers: one row per complete response, one column per answer
(a question, or one of its options, matrix items or ranked options), and a codebook
that names every column, its question and its answer codes.

CSV for German Excel and XLSX come from ``core.exports`` (UTF-8 with BOM, ``;``; cells
that Excel would run as a formula are defused). The XLSX has the codebook as a second
sheet; with CSV it is a separate download (``?teil=codebuch``).

The answers are read in one query ordered by response and arranged here row by row, so
an export of 5,000 responses stays within a request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from familienrathaus.core import exports
from familienrathaus.core.models import District
from familienrathaus.surveys.models import Answer, Question, Response, Survey
from familienrathaus.surveys.selectors.results import survey_questions

K = Question.Kind
OTHER = "other"
DONT_KNOW = "dk"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    name: str
    question: Question
    part: str = ""  # option code (multiple, ranking), item code (matrix), "other"
    text: str = ""  # what the column holds, for the codebook


def columns(questions: list[Question]) -> list[Column]:
    result: list[Column] = []
    for q in questions:
        if q.kind in (K.MULTIPLE, K.RANKING):
            result += [Column(f"{q.code}_{o.code}", q, o.code, o.label) for o in q.options.all()]
        elif q.kind == K.MATRIX:
            result += [Column(f"{q.code}_{i.code}", q, i.code, i.label) for i in q.items.all()]
        else:
            result.append(Column(q.code, q))
        if q.kind in (K.SINGLE, K.MULTIPLE) and q.allow_other:
            result.append(Column(f"{q.code}_{OTHER}", q, OTHER, _("Other (text)")))
    return result


def _number(value: Decimal | None) -> str:
    """German Excel reads "2,5" as a number, "2.5" as a date or text."""
    return format(value.normalize(), "f").replace(".", ",") if value is not None else ""


def _district_codes() -> dict[int, str]:
    return dict(District.objects.values_list("pk", "slug"))


def _cells(
    questions: list[Question], answers: list[tuple[Any, ...]], districts: dict[int, str]
) -> dict[str, str]:
    """The cells of one response from its answer rows."""
    by_id = {q.pk: q for q in questions}
    cells: dict[str, str] = {}
    for (
        question_id,
        option_code,
        item_code,
        district_id,
        number,
        day,
        text,
        dont_know,
        rank,
    ) in answers:
        q = by_id.get(question_id)
        if q is None:
            continue
        kind = q.kind
        if kind in (K.SINGLE, K.MULTIPLE):
            if option_code is None:
                key = q.code if kind == K.SINGLE else None
                if key:
                    cells[key] = OTHER
                cells[f"{q.code}_{OTHER}"] = text
            elif kind == K.SINGLE:
                cells[q.code] = option_code
            else:
                cells[f"{q.code}_{option_code}"] = "1"
            if kind == K.MULTIPLE:
                cells.setdefault(f"{q.code}:answered", "1")
        elif kind == K.RANKING:
            cells[f"{q.code}_{option_code}"] = str(rank or "")
        elif kind == K.MATRIX:
            cells[f"{q.code}_{item_code}"] = DONT_KNOW if dont_know else _number(number)
        elif kind == K.SCALE:
            cells[q.code] = DONT_KNOW if dont_know else _number(number)
        elif kind == K.NUMBER:
            cells[q.code] = _number(number) if number is not None else ""
        elif kind == K.DATE:
            cells[q.code] = day.strftime("%d.%m.%Y") if day else ""
        elif kind == K.DISTRICT:
            cells[q.code] = districts.get(district_id, "")
        else:
            cells[q.code] = text
    return cells


def rows(survey: Survey, questions: list[Question], cols: list[Column]) -> Iterator[list[Any]]:
    """One row per complete response, in the order of answering, numbered from 1."""
    districts = _district_codes()
    channels = dict(survey.channels.values_list("pk", "name"))
    responses = (
        Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
        .order_by("pk")
        .values_list("pk", "channel_id", "submitted_on")
    )
    answers = (
        Answer.objects.filter(response__survey=survey, response__status=Response.Status.COMPLETE)
        .order_by("response_id", "pk")
        .values_list(
            "response_id",
            "question_id",
            "option__code",
            "item__code",
            "district_id",
            "value_number",
            "value_date",
            "value_text",
            "dont_know",
            "rank",
        )
        .iterator(chunk_size=CHUNK)
    )
    pending = next(answers, None)
    for number, (pk, channel_id, day) in enumerate(responses.iterator(chunk_size=CHUNK), 1):
        mine = []
        while pending is not None and pending[0] <= pk:
            if pending[0] == pk:
                mine.append(pending[1:])
            pending = next(answers, None)
        cells = _cells(questions, mine, districts)
        row: list[Any] = [
            number,
            channels.get(channel_id, ""),
            day.strftime("%d.%m.%Y") if day else "",
        ]
        for col in cols:
            value = cells.get(col.name, "")
            if not value and col.question.kind == K.MULTIPLE and col.part != OTHER:
                value = "0" if f"{col.question.code}:answered" in cells else ""
            row.append(value)
        yield row


def header(cols: list[Column]) -> list[str]:
    return ["nr", "kanal", "tag", *(col.name for col in cols)]


def codebook(questions: list[Question], cols: list[Column]) -> list[list[str]]:
    """Rows of (column, question code, question, kind, answer code, answer)."""
    districts = list(District.objects.order_by("position", "name").values_list("slug", "name"))
    book: list[list[str]] = [
        ["nr", "", _("Running number of the response"), "", "", ""],
        ["kanal", "", _("Channel"), "", "", ""],
        ["tag", "", _("Day of the answer"), "", "", ""],
    ]
    for col in cols:
        q = col.question
        head = [
            col.name,
            q.code,
            q.text + (f" – {col.text}" if col.text else ""),
            q.get_kind_display(),
        ]
        codes: list[tuple[str, str]] = []
        if q.kind == K.SINGLE and col.part != OTHER:
            codes = [(o.code, o.label) for o in q.options.all()]
            if q.allow_other:
                codes.append((OTHER, _("Other")))
        elif q.kind == K.MULTIPLE and col.part != OTHER:
            codes = [("1", _("chosen")), ("0", _("not chosen"))]
        elif q.kind == K.RANKING:
            codes = [
                (str(p), _("Place %(place)s") % {"place": p})
                for p in range(1, q.options.count() + 1)
            ]
        elif q.kind in (K.SCALE, K.MATRIX):
            codes = [(str(p), str(p)) for p in q.scale_points]
            if q.scale_min_label:
                codes[0] = (codes[0][0], f"{q.scale_min} – {q.scale_min_label}")
            if q.scale_max_label:
                codes[-1] = (codes[-1][0], f"{q.scale_max} – {q.scale_max_label}")
            if q.dont_know:
                codes.append((DONT_KNOW, _("Don't know")))
        elif q.kind == K.DISTRICT:
            codes = districts
        if not codes:
            book.append([*head, "", ""])
        for code, label in codes:
            book.append([*head, code, label])
    return book


CODEBOOK_HEADER = ("column", "question_code", "question", "kind", "answer_code", "answer")


def answers_response(survey: Survey, *, file_format: str = "csv") -> HttpResponse:
    questions = survey_questions(survey)
    cols = columns(questions)
    name = f"{survey.slug}-antworten"
    if file_format == "xlsx":
        return exports.xlsx_response(
            name,
            header(cols),
            rows(survey, questions, cols),
            title=_("Answers"),
            sheets=[(_("Codebook"), CODEBOOK_HEADER, codebook(questions, cols))],
        )
    return exports.csv_response(name, header(cols), rows(survey, questions, cols))


def codebook_response(survey: Survey) -> HttpResponse:
    questions = survey_questions(survey)
    return exports.csv_response(
        f"{survey.slug}-codebuch", CODEBOOK_HEADER, codebook(questions, columns(questions))
    )
