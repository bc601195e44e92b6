"""Simple conditions of a survey: show a question or a section only when an earlier
answer is, is not or includes an option.

A condition lives on the question or section itself (``condition_question``,
``condition_operator``, ``condition_option``). This module is pure logic: it reads those
three attributes and the answers given so far, keyed by the question's ``code``, each as
the set of the chosen options' codes (a single choice is a set of one; a question not
answered is missing or an empty set)::

    visible(question, {"q3": {"yes"}, "q4": {"bus", "bike"}})

- ``is``: the earlier answer is exactly that option (for a multiple choice: that option
  and nothing else);
- ``is_not``: the earlier answer is not that option (also true while it is not answered,
  so a follow-up question meant for "everyone except X" is shown);
- ``includes``: that option is among the chosen ones.

A condition whose question or option was deleted (the foreign keys are ``SET_NULL``)
no longer hides anything. The builder (S1's preview) and the answering pages use the
same function, so a family sees exactly what the preview shows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

IS, IS_NOT, INCLUDES = "is", "is_not", "includes"

AnswerCodes = Mapping[str, Iterable[str] | str | None]


def _chosen(value: Iterable[str] | str | None) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        return frozenset({value}) if value else frozenset()
    return frozenset(v for v in value if v)


def condition_of(item: Any) -> tuple[str, str, str] | None:
    """The item's condition as (question code, operator, option code), or None when it
    has none (or it points at something deleted)."""
    operator = getattr(item, "condition_operator", "") or ""
    question = getattr(item, "condition_question", None)
    option = getattr(item, "condition_option", None)
    if not operator or question is None or option is None:
        return None
    return question.code, operator, option.code


def holds(operator: str, option_code: str, chosen: Iterable[str] | str | None) -> bool:
    """Whether ``chosen`` (the option codes of the earlier answer) meets the condition."""
    answer = _chosen(chosen)
    if operator == IS:
        return answer == {option_code}
    if operator == IS_NOT:
        return option_code not in answer
    if operator == INCLUDES:
        return option_code in answer
    return True  # an unknown operator never hides a question


def visible(question_or_section: Any, answers_by_question_code: AnswerCodes) -> bool:
    """Whether the question or section is shown, given the answers so far."""
    condition = condition_of(question_or_section)
    if condition is None:
        return True
    code, operator, option_code = condition
    return holds(operator, option_code, answers_by_question_code.get(code))


def visible_items(items: Iterable[Any], answers_by_question_code: AnswerCodes) -> list[Any]:
    return [item for item in items if visible(item, answers_by_question_code)]


def prune(
    sections: Iterable[Any],
    answers_by_question_code: AnswerCodes,
    *,
    questions_of: Any = None,
) -> dict[str, frozenset[str]]:
    """The answers that still count once conditions are applied in order.

    Goes through the sections and their questions in order; an answer to a question
    that is hidden (itself, or because its section is) is dropped, so a chain of
    conditions ("show q5 when q4 is yes", "q4 only when q2 includes x") falls away as
    a whole when its first link changes. ``questions_of(section)`` lists a section's
    questions (default: ``section.questions.all()``)."""
    kept: dict[str, frozenset[str]] = {}
    for section in sections:
        questions = questions_of(section) if questions_of else section.questions.all()
        section_shown = visible(section, kept)
        for question in questions:
            shown = section_shown and visible(question, kept)
            if shown and question.code in answers_by_question_code:
                kept[question.code] = _chosen(answers_by_question_code[question.code])
    return kept


def describe(item: Any) -> tuple[str, str, str] | None:
    """The condition in words for a page without JavaScript: (question text, operator,
    option label), or None. The template turns it into "Only if …"."""
    operator = getattr(item, "condition_operator", "") or ""
    question = getattr(item, "condition_question", None)
    option = getattr(item, "condition_option", None)
    if not operator or question is None or option is None:
        return None
    return str(question.text), operator, str(option.label)
