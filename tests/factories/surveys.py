"""Factories for surveys: a survey (with its channels "Direkt" and "Papierfragebogen"),
sections, questions of every kind, options, matrix items, codes, responses and answers.

``make_survey()`` builds a small complete survey in one call: two sections, a single
choice with three options, a multiple choice with "other", a scale, a matrix, a free
text, and a second section shown only when the first answer is "Ja".
"""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from familienrathaus.surveys.models import (
    Answer,
    Channel,
    InvitationCode,
    MatrixItem,
    Option,
    Question,
    Response,
    Section,
    Survey,
)


class SurveyFactory(DjangoModelFactory):
    class Meta:
        model = Survey
        skip_postgeneration_save = True

    title_de = factory.Sequence(lambda n: f"Elternbefragung {n}")
    title_en = ""
    intro_de = "Wie familienfreundlich ist unsere Stadt? Die Befragung dauert zehn Minuten."
    privacy_text_de = "Ihre Antworten werden anonym ausgewertet."
    thanks_text_de = "Vielen Dank für Ihre Teilnahme!"
    slug = factory.Sequence(lambda n: f"elternbefragung-{n}")
    access = Survey.Access.ANONYMOUS
    status = Survey.Status.DRAFT

    class Params:
        published = factory.Trait(status=Survey.Status.PUBLISHED)

    @factory.post_generation
    def channels(obj: Survey, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The two channels every survey gets; ``SurveyFactory(channels=False)`` skips them."""
        if create and extracted is not False:
            Channel.objects.create(survey=obj, name="Direkt")
            Channel.objects.create(survey=obj, name="Papierfragebogen", paper=True)


class SectionFactory(DjangoModelFactory):
    class Meta:
        model = Section

    survey = factory.SubFactory(SurveyFactory)
    position = factory.Sequence(lambda n: n)
    title_de = factory.Sequence(lambda n: f"Teil {n}")
    title_en = ""


class QuestionFactory(DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"q{n}")
    kind = Question.Kind.SINGLE
    text_de = factory.Sequence(lambda n: f"Frage {n}?")
    text_en = ""


class OptionFactory(DjangoModelFactory):
    class Meta:
        model = Option

    question = factory.SubFactory(QuestionFactory)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: str(n + 1))
    label_de = factory.Sequence(lambda n: f"Antwort {n}")
    label_en = ""


class MatrixItemFactory(DjangoModelFactory):
    class Meta:
        model = MatrixItem

    question = factory.SubFactory(QuestionFactory, kind=Question.Kind.MATRIX)
    position = factory.Sequence(lambda n: n)
    code = factory.Sequence(lambda n: f"i{n + 1}")
    label_de = factory.Sequence(lambda n: f"Aussage {n}")
    label_en = ""


class ChannelFactory(DjangoModelFactory):
    class Meta:
        model = Channel

    survey = factory.SubFactory(SurveyFactory)
    name = factory.Sequence(lambda n: f"Familienzentrum {n}")


class InvitationCodeFactory(DjangoModelFactory):
    class Meta:
        model = InvitationCode

    survey = factory.SubFactory(SurveyFactory, access=Survey.Access.CODES)


class ResponseFactory(DjangoModelFactory):
    class Meta:
        model = Response

    survey = factory.SubFactory(SurveyFactory)
    status = Response.Status.COMPLETE
    submitted_on = factory.Faker("date_between", start_date="-30d", end_date="today")


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    response = factory.SubFactory(ResponseFactory)
    question = factory.SubFactory(QuestionFactory)


def options(question: Question, *labels: str) -> list[Option]:
    """Options with the codes 1, 2, 3 … in the given order."""
    return [
        Option.objects.create(question=question, position=i, code=str(i + 1), label_de=label)
        for i, label in enumerate(labels)
    ]


def make_survey(**kwargs: Any) -> Survey:
    """A small complete survey (see the module's docstring); ``kwargs`` go to the survey."""
    survey = SurveyFactory(**kwargs)
    first = SectionFactory(survey=survey, position=0, title_de="Ihre Familie")
    kids = QuestionFactory(
        section=first, position=0, code="kinder", text_de="Haben Sie Kinder unter 6?", required=True
    )
    yes, _no, _ = options(kids, "Ja", "Nein", "Keine Angabe")
    wishes = QuestionFactory(
        section=first,
        position=1,
        code="wuensche",
        kind=Question.Kind.MULTIPLE,
        text_de="Was wünschen Sie sich?",
        allow_other=True,
    )
    options(wishes, "Mehr Spielplätze", "Längere Kita-Zeiten", "Ferienangebote")
    QuestionFactory(
        section=first,
        position=2,
        code="zufrieden",
        kind=Question.Kind.SCALE,
        text_de="Wie zufrieden sind Sie insgesamt?",
        scale_min_label_de="gar nicht",
        scale_max_label_de="sehr",
        dont_know=True,
    )
    second = SectionFactory(
        survey=survey,
        position=1,
        title_de="Kleine Kinder",
        condition_question=kids,
        condition_operator=Section.Operator.IS,
        condition_option=yes,
    )
    matrix = QuestionFactory(
        section=second,
        position=0,
        code="kita",
        kind=Question.Kind.MATRIX,
        text_de="Wie bewerten Sie …",
        scale_min_label_de="schlecht",
        scale_max_label_de="gut",
    )
    MatrixItemFactory(question=matrix, position=0, code="plaetze", label_de="die Zahl der Plätze")
    MatrixItemFactory(question=matrix, position=1, code="zeiten", label_de="die Öffnungszeiten")
    QuestionFactory(
        section=second,
        position=1,
        code="anmerkung",
        kind=Question.Kind.TEXT,
        text_de="Was möchten Sie uns noch sagen?",
        public=False,
    )
    return survey
