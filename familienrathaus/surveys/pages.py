"""What one answering page shows: its questions ready for the template
``surveys/public/section.html``, with the family's answers and the messages.

The builder's preview (``preview=True``) renders the same template from the same
entries, so a coordinator sees exactly what a family sees::

    entries = pages.entries(section, answered={}, kept={}, errors={}, districts=...)
    render(request, "surveys/public/section.html",
           {"survey": s, "section": section, "entries": entries, "page_number": 1,
            "page_count": 3, "preview": True})

A question whose condition looks at another question *on the same page* cannot be
hidden without JavaScript: it is shown with a note ("Only if you answered … with …")
and its answer is dropped on sending when the condition does not hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from familienrathaus.core import translated
from familienrathaus.core.models import District
from familienrathaus.surveys import answer_fields, conditions
from familienrathaus.surveys.models import Question, Section

K = Question.Kind


@dataclass
class Entry:
    question: Question
    raw: answer_fields.Raw
    error: str = ""
    # (question text, operator, option label) when the condition is on this page.
    only_if: tuple[str, str, str] | None = None
    rows: list[tuple[Any, str]] = field(default_factory=list)  # matrix items / ranked options
    points: list[tuple[str, Point]] = field(default_factory=list)  # scale values and labels
    districts: list[District] = field(default_factory=list)
    rank_numbers: list[int] = field(default_factory=list)

    @property
    def name(self) -> str:
        return answer_fields.field_name(self.question)

    @property
    def dom_id(self) -> str:
        return f"frage-{self.question.code}"

    @property
    def kind(self) -> str:
        return str(self.question.kind)

    @property
    def is_other_chosen(self) -> bool:
        raw = self.raw
        return raw.get("choice") == answer_fields.OTHER or answer_fields.OTHER in raw.get(
            "choices", []
        )


@dataclass(frozen=True)
class Point:
    """A point of a scale as the family reads it: "1 – gar nicht" at an end that has a
    label, in the page's language; German stands in (marked ``lang="de"``) for a label
    nobody translated."""

    value: int
    end: translated.Text | None = None

    @property
    def plain(self) -> str:
        """The text without markup, for an attribute (``aria-label``)."""
        return f"{self.value} – {self.end.text}" if self.end else str(self.value)

    def __str__(self) -> SafeString:
        # ``{{ label }}`` renders str() of anything that is not a str (safe: escaped below).
        return self.__html__()

    def __html__(self) -> SafeString:
        if self.end is None:
            return format_html("{}", self.value)
        return format_html("{} – {}", self.value, self.end)


def _points(question: Question) -> list[tuple[str, Point]]:
    ends = {
        question.scale_min: translated.value(question, "scale_min_label"),
        question.scale_max: translated.value(question, "scale_max_label"),
    }
    points = []
    for value in question.scale_points:
        end = ends.get(value)
        points.append((str(value), Point(value, end if end and end.text else None)))
    return points


def on_this_page(item: Any, section: Section) -> bool:
    """Whether the item's condition looks at a question of this same section."""
    condition_question = getattr(item, "condition_question", None)
    return bool(
        condition_question is not None
        and getattr(item, "condition_operator", "")
        and condition_question.section_id == section.pk
    )


def shown_questions(section: Section, kept: Mapping[str, frozenset[str]]) -> list[Question]:
    """The questions a page renders: those whose condition holds on earlier answers,
    and those whose condition is decided on this page."""
    return [
        q
        for q in section.questions.all()
        if on_this_page(q, section) or conditions.visible(q, kept)
    ]


def entries(
    section: Section,
    *,
    answered: Mapping[str, answer_fields.Raw],
    kept: Mapping[str, frozenset[str]],
    errors: Mapping[str, str],
    districts: list[District],
    paper: bool = False,
) -> list[Entry]:
    """``paper``: every question, each condition described (a professional types in a
    paper questionnaire on one page)."""
    result = []
    shown = list(section.questions.all()) if paper else shown_questions(section, kept)
    for question in shown:
        raw = answered.get(question.code) or answer_fields.empty(question)
        entry = Entry(
            question=question,
            raw=raw,
            error=errors.get(question.code, ""),
            only_if=(
                conditions.describe(question) if paper or on_this_page(question, section) else None
            ),
        )
        if question.kind in (K.SCALE, K.MATRIX):
            entry.points = _points(question)
        if question.kind == K.MATRIX:
            entry.rows = [(item, raw["items"].get(item.code, "")) for item in question.items.all()]
        elif question.kind == K.RANKING:
            options = list(question.options.all())
            entry.rows = [(option, raw["ranks"].get(option.code, "")) for option in options]
            entry.rank_numbers = list(range(1, len(options) + 1))
        elif question.kind == K.DISTRICT:
            entry.districts = districts
        result.append(entry)
    return result
