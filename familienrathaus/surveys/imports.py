"""Paper questionnaires typed into a spreadsheet: one row per questionnaire, one column
per answer, imported all or nothing.

The columns are the survey's own (its question codes, as in the codebook), so they
differ from survey to survey; that is why this is not an ``ImportSpec`` with fixed
columns. It reads files with ``core.imports.read_table`` (CSV from German Excel or
XLSX) and names every problem as ``core.imports.RowError`` does ("Zeile 3, Spalte
„q7“: …"). Columns:

- ``<code>`` for a single choice, scale, number, date, free text, district, and for a
  multiple choice (several answers separated by "|", ";" or ","). Answers may be given
  by their code or their text; a scale point as its number, "weiß nicht" as ``?``.
- ``<code>.sonstiges`` for the "other" text of a choice question.
- ``<code>.<item code>`` for each row of a matrix, ``<code>.<option code>`` for the
  place of each option of a ranking.

An empty cell is no answer. Required questions are not enforced: a paper questionnaire
is entered as the family filled it in. Nothing is saved until every row is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from familienrathaus.core.imports import FileProblem, RowError, VocabularyLookup, read_table
from familienrathaus.core.imports.reading import header_key
from familienrathaus.surveys import answer_fields
from familienrathaus.surveys.models import Question, Section

K = Question.Kind
OTHER_SUFFIX = "sonstiges"
# "weiß nicht" and its short forms, compared as ``header_key`` compares names.
DONT_KNOW_WORDS = {"dk", "wn", "weissnicht", "weissichnicht", "dontknow", "ka", "keineahnung"}


@dataclass
class Checked:
    """The outcome of checking a file: the raw answers per row, or the problems."""

    rows: list[dict[str, answer_fields.Raw]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.problem


def _questions(all_sections: list[Section]) -> list[Question]:
    return [q for s in all_sections for q in s.questions.all()]


def columns(all_sections: list[Section]) -> list[str]:
    """The column names of the template file, in the order of the questionnaire."""
    names: list[str] = []
    for question in _questions(all_sections):
        if question.kind == K.MATRIX:
            names += [f"{question.code}.{item.code}" for item in question.items.all()]
        elif question.kind == K.RANKING:
            names += [f"{question.code}.{option.code}" for option in question.options.all()]
        else:
            names.append(question.code)
            if question.kind in (K.SINGLE, K.MULTIPLE) and question.allow_other:
                names.append(f"{question.code}.{OTHER_SUFFIX}")
    return names


def _key(name: str) -> str:
    return name.strip().casefold()


def _option_code(question: Question, value: str) -> str | None:
    wanted = header_key(value)
    for option in question.options.all():
        if header_key(option.code) == wanted or header_key(str(option.label)) == wanted:
            return option.code
    return None


def _scale_text(value: str) -> str:
    if value.strip() == "?" or header_key(value.replace("ß", "ss")) in DONT_KNOW_WORDS:
        return answer_fields.DONT_KNOW
    return value.strip().split(",")[0].split(".")[0] if value.strip() else ""


def _raw(
    question: Question, cells: dict[str, str], districts: VocabularyLookup
) -> tuple[answer_fields.Raw, str, str]:
    """The raw answer of one question from a row's cells (by lower-cased column name),
    with the column and message of a value that names nothing."""
    code = question.code
    own = cells.get(_key(code), "")
    other = cells.get(_key(f"{code}.{OTHER_SUFFIX}"), "")
    if question.kind in (K.SINGLE, K.MULTIPLE):
        chosen: list[str] = []
        for value in answer_fields_split(own) if question.kind == K.MULTIPLE else [own]:
            if not value:
                continue
            option = _option_code(question, value)
            if option is None:
                return (
                    answer_fields.empty(question),
                    code,
                    _("“%(value)s” is not one of the answers of this question.") % {"value": value},
                )
            chosen.append(option)
        if other:
            chosen.append(answer_fields.OTHER)
        if question.kind == K.SINGLE:
            if len(chosen) > 1:
                return answer_fields.empty(question), code, _("Only one answer is allowed here.")
            return {"choice": chosen[0] if chosen else "", "other": other}, "", ""
        return {"choices": chosen, "other": other}, "", ""
    if question.kind == K.SCALE:
        return {"choice": _scale_text(own)}, "", ""
    if question.kind == K.MATRIX:
        items = {
            item.code: _scale_text(cells.get(_key(f"{code}.{item.code}"), ""))
            for item in question.items.all()
        }
        return {"items": items}, "", ""
    if question.kind == K.RANKING:
        ranks = {
            option.code: cells.get(_key(f"{code}.{option.code}"), "").split(",")[0]
            for option in question.options.all()
        }
        return {"ranks": ranks}, "", ""
    if question.kind == K.DISTRICT:
        if not own:
            return {"choice": ""}, "", ""
        district = districts.find(own)
        if district is None:
            return {"choice": ""}, code, districts.message(own)
        return {"choice": str(district.pk)}, "", ""
    return {"text": own}, "", ""


def answer_fields_split(value: str) -> list[str]:
    """Several answers in one cell: "|", ";", line breaks or ","."""
    parts: list[str] = []
    for chunk in value.replace(";", "|").replace("\n", "|").split("|"):
        parts.extend(part.strip() for part in chunk.split(","))
    return [part for part in parts if part]


def check_file(
    content: bytes, file_name: str, *, all_sections: list[Section], districts: list[Any]
) -> Checked:
    """Read and check every row; nothing is saved here."""
    result = Checked()
    try:
        table = read_table(content, file_name)
    except FileProblem as problem:
        result.problem = problem.message
        return result
    known = {_key(name): name for name in columns(all_sections)}
    header = [_key(name) for name in table.header]
    unknown = [table.header[i] for i, name in enumerate(header) if name and name not in known]
    if unknown:
        result.problem = _(
            "These columns are not questions of this survey: %(columns)s. Please use the "
            "column names of the template (the question codes)."
        ) % {"columns": ", ".join(f"„{name}“" for name in unknown)}
        return result
    if not any(name in known for name in header):
        result.problem = _("The first row must contain the question codes as column names.")
        return result
    lookup = VocabularyLookup(districts, unknown=_("There is no district “%(value)s”."))
    questions = _questions(all_sections)
    for number, values in table.rows:
        cells = {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}
        raws: dict[str, answer_fields.Raw] = {}
        for question in questions:
            raw, column, message = _raw(question, cells, lookup)
            if not message:
                message = answer_fields.check(question, raw, required=False)
                column = _column_of(question, raw)
            if message:
                result.errors.append(RowError(number, column, message))
                continue
            if not answer_fields.is_blank(question, raw):
                raws[question.code] = raw
        if not raws and not any(e.row == number for e in result.errors):
            result.errors.append(RowError(number, "", _("The row holds no answer.")))
        result.rows.append(raws)
    return result


def _column_of(question: Question, raw: answer_fields.Raw) -> str:
    """The column a message about this question points at."""
    if question.kind == K.MATRIX:
        bad = [c for c, v in raw["items"].items() if v and not answer_fields.scale_ok(question, v)]
        return f"{question.code}.{bad[0]}" if bad else question.code
    if question.kind == K.RANKING:
        return f"{question.code}.*"
    return question.code
