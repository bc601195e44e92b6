"""What surveys hold about a person (registered in ``core.personal_data``).

Anonymous and code surveys hold nothing that points at anybody. Signed-in surveys (the
Familienbeirat, partner surveys) keep one response per account: the family can download
its answers and, with the account, they are deleted. Coordinators who built a survey
are only named as its author, which the deletion clears.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, not_personal, references, register
from familienrathaus.surveys.models import Answer, Response, Survey


def _value(answer: Answer) -> Any:
    if answer.option_id:
        label = answer.option.label if answer.option else ""
        return f"{label} ({answer.rank}.)" if answer.rank else label
    if answer.item_id:
        item = answer.item.label if answer.item else ""
        value = "?" if answer.dont_know else answer.value_number
        return f"{item}: {value}"
    if answer.district_id:
        return answer.district.name if answer.district else ""
    if answer.dont_know:
        return "?"
    if answer.value_number is not None:
        return answer.value_number
    if answer.value_date is not None:
        return answer.value_date
    return answer.value_text


def export_answers(person: Person) -> list[dict[str, Any]]:
    responses = Response.objects.filter(user=person.user).select_related("survey")
    exported = []
    for response in responses:
        answers = response.answers.select_related(
            "question", "option", "item", "district"
        ).order_by("question__section__position", "question__position", "pk")
        exported.append(
            {
                "survey": response.survey.title,
                "status": response.get_status_display(),
                "submitted_on": response.submitted_on,
                "answers": [{"question": a.question.text, "answer": _value(a)} for a in answers],
            }
        )
    return exported


def erase_answers(person: Person) -> None:
    Answer.objects.filter(response__user=person.user).delete()
    Response.objects.filter(user=person.user).delete()


register(
    "survey_answers",
    label=_("Your answers to surveys for signed-in users"),
    models=[Response, Answer],
    export=export_answers,
    erase=erase_answers,
)

_authored = references(Survey, ["created_by"], lambda s: {"survey": s.title})
register(
    "surveys_created",
    label=_("Surveys you created"),
    models=[Survey],
    export=_authored[0],
    erase=_authored[1],
)

not_personal("surveys.channel", "the name of a way to a survey, e.g. “Radio”")
