"""The coordinator's survey builder: surveys, pages and questions of every kind,
conditions, order by buttons, copy, publish; who may use it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry
from familienrathaus.surveys.models import (
    Channel,
    MatrixItem,
    Option,
    Question,
    Section,
    Survey,
)
from tests.factories.surveys import (
    QuestionFactory,
    ResponseFactory,
    SectionFactory,
    SurveyFactory,
    make_survey,
    options,
)

pytestmark = pytest.mark.django_db

LIST = reverse("surveys:manage-list")
CREATE = reverse("surveys:manage-create")


def survey_form(**data):
    return {
        "title_de": "Wie familienfreundlich ist Musterstadt?",
        "title_en": "How family-friendly is Musterstadt?",
        "intro_de": "Zehn Minuten für Ihre Meinung.",
        "privacy_text_de": "Die Antworten werden anonym ausgewertet.",
        "thanks_text_de": "Danke!",
        "access": "anonymous",
        "opens_at": "2027-12-01T08:00",
        "closes_at": "2028-01-31T18:00",
        "max_answers": "",
        "keep_answers_days": "365",
        **data,
    }


def question_form(**data):
    return {
        "kind": "single",
        "text_de": "Wie viele Kinder leben in Ihrem Haushalt?",
        "options_de": "eins\nzwei\ndrei oder mehr",
        "scale_min": "1",
        "scale_max": "5",
        "public": "on",
        "code": "kinder",
        **data,
    }


def url(name, *args):
    return reverse(f"surveys:{name}", args=args)


# --------------------------------------------------------------------------- who may


@pytest.mark.parametrize("who", ["anon_client", "family_client", "partner_client"])
def test_only_coordinators_reach_the_builder(request, who):
    client = request.getfixturevalue(who)
    survey = make_survey()
    section = survey.sections.first()
    question = survey.questions.first()
    channel = survey.channels.first()
    pages = [
        LIST,
        CREATE,
        url("manage-detail", survey.pk),
        url("manage-edit", survey.pk),
        url("manage-copy", survey.pk),
        url("manage-preview", survey.pk),
        url("section-edit", survey.pk, section.pk),
        url("question-create", survey.pk, section.pk),
        url("question-edit", survey.pk, question.pk),
        url("manage-channels", survey.pk),
        url("channel-qr", survey.pk, channel.pk, "png"),
        url("manage-codes", survey.pk),
        url("codes-pdf", survey.pk),
    ]
    for page in pages:
        response = client.get(page)
        if who == "anon_client":
            assert response.status_code == 302 and "/login" in response["Location"], page
        else:
            assert response.status_code == 403, page
    response = client.post(url("question-move", survey.pk, question.pk), {"direction": "down"})
    assert response.status_code in (302, 403)
    assert Question.objects.get(pk=question.pk).position == question.position


def test_the_back_office_offers_a_surveys_tile_to_coordinators(coordinator_client):
    page = coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert LIST in page


def test_the_list_shows_state_and_complete_answers(coordinator_client):
    survey = make_survey(published=True)
    ResponseFactory.create_batch(3, survey=survey)
    ResponseFactory(survey=survey, status="in_progress", submitted_on=None)
    draft = SurveyFactory(title_de="Beiratsumfrage")
    page = coordinator_client.get(LIST).content.decode()
    assert survey.title in page and draft.title in page
    row = page.split(survey.title)[1].split("</tr>")[0]
    assert ">3<" in row.replace(" ", "")
    assert ">open<" in row


# --------------------------------------------------------------------------- surveys


def test_a_coordinator_creates_a_survey_with_two_languages_and_standard_channels(
    coordinator_client,
):
    response = coordinator_client.post(CREATE, survey_form())
    survey = Survey.objects.get()
    assert response["Location"] == url("manage-detail", survey.pk)
    assert survey.title_de.startswith("Wie familienfreundlich")
    assert survey.title_en.startswith("How family-friendly")
    assert survey.slug == "wie-familienfreundlich-ist-musterstadt"
    assert survey.status == Survey.Status.DRAFT
    assert list(survey.channels.values_list("name", "paper")) == [
        ("Direkt", False),
        ("Papierfragebogen", True),
    ]


def test_a_survey_that_closes_before_it_opens_keeps_what_was_typed(coordinator_client):
    response = coordinator_client.post(
        CREATE, survey_form(closes_at="2027-11-01T08:00", title_de="Elternbefragung 2027")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "must close after it opens" in page
    assert 'value="Elternbefragung 2027"' in page
    assert "Zehn Minuten für Ihre Meinung." in page
    assert not Survey.objects.exists()


def test_a_survey_needs_a_german_title(coordinator_client):
    response = coordinator_client.post(CREATE, survey_form(title_de=""))
    assert response.status_code == 200
    assert 'id="id_title_de-error"' in response.content.decode()
    assert not Survey.objects.exists()


def test_settings_of_a_survey_change(coordinator_client):
    survey = SurveyFactory()
    response = coordinator_client.post(
        url("manage-edit", survey.pk),
        survey_form(access="codes", max_answers="500", public_results="on"),
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert (survey.access, survey.max_answers, survey.public_results) == ("codes", 500, True)


def test_publishing_needs_a_question_and_then_opens_the_survey(coordinator_client):
    survey = SurveyFactory()
    coordinator_client.post(url("manage-status", survey.pk), {"status": "published"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    QuestionFactory(section=SectionFactory(survey=survey))
    coordinator_client.post(url("manage-status", survey.pk), {"status": "published"})
    survey.refresh_from_db()
    assert survey.state() == "open"
    assert AuditEntry.objects.filter(action="survey.status", object_id=str(survey.pk)).exists()


# --------------------------------------------------------------------------- pages, questions


def test_pages_and_questions_of_every_kind_are_added(coordinator_client):
    survey = SurveyFactory()
    coordinator_client.post(url("section-create", survey.pk), {"title_de": "Ihre Familie"})
    section = survey.sections.get()
    add = url("question-create", survey.pk, section.pk)
    assert coordinator_client.post(add, question_form()).status_code == 302
    coordinator_client.post(
        add,
        question_form(
            kind="multiple",
            code="wuensche",
            text_de="Was wünschen Sie sich?",
            options_de="Spielplätze\nKita-Plätze",
            options_en="Playgrounds\nDaycare places",
            allow_other="on",
        ),
    )
    coordinator_client.post(
        add,
        question_form(
            kind="scale",
            code="zufrieden",
            options_de="",
            scale_min="0",
            scale_max="10",
            scale_min_label_de="gar nicht",
            scale_max_label_de="sehr",
            dont_know="on",
        ),
    )
    coordinator_client.post(
        add,
        question_form(
            kind="matrix",
            code="kita",
            options_de="",
            items_de="Öffnungszeiten\nZahl der Plätze",
        ),
    )
    for kind in ("number", "date", "text", "district"):
        coordinator_client.post(add, question_form(kind=kind, code=f"f-{kind}", options_de=""))
    coordinator_client.post(
        add, question_form(kind="ranking", code="rang", options_de="Geld\nZeit\nRuhe")
    )
    kinds = list(Question.objects.filter(survey=survey).values_list("code", "kind"))
    assert [kind for _code, kind in kinds] == [
        "single",
        "multiple",
        "scale",
        "matrix",
        "number",
        "date",
        "text",
        "district",
        "ranking",
    ]
    wishes = Question.objects.get(code="wuensche")
    assert [(o.code, o.label_de, o.label_en) for o in wishes.options.all()] == [
        ("1", "Spielplätze", "Playgrounds"),
        ("2", "Kita-Plätze", "Daycare places"),
    ]
    assert wishes.allow_other
    scale = Question.objects.get(code="zufrieden")
    assert (scale.scale_min, scale.scale_max, scale.dont_know) == (0, 10, True)
    assert not scale.options.exists()
    assert list(MatrixItem.objects.values_list("label_de", flat=True)) == [
        "Öffnungszeiten",
        "Zahl der Plätze",
    ]
    assert not Question.objects.get(code="f-text").public  # free text is never public
    page = coordinator_client.get(url("manage-detail", survey.pk)).content.decode()
    assert "Was wünschen Sie sich?" in page and "Playgrounds, Daycare places" in page


def test_a_new_question_starts_with_its_kind_and_shows_only_its_fields(coordinator_client):
    survey = make_survey()
    add = url("question-create", survey.pk, survey.sections.first().pk)
    chooser = coordinator_client.get(add).content.decode()
    for kind in Question.Kind.values:
        assert f'href="?kind={kind}"' in chooser
    scale = coordinator_client.get(f"{add}?kind=scale").content.decode()
    assert 'name="scale_min_label_de"' in scale and 'type="number"' in scale
    assert '<textarea name="options_de"' not in scale
    assert 'type="hidden" name="options_de"' in scale  # kept, in case the kind changes back
    single = coordinator_client.get(f"{add}?kind=single").content.decode()
    assert '<textarea name="options_de"' in single
    assert 'type="hidden" name="scale_min"' in single


def test_a_bad_question_keeps_everything_typed(coordinator_client):
    survey = make_survey()
    section = survey.sections.first()
    response = coordinator_client.post(
        url("question-create", survey.pk, section.pk),
        question_form(
            code="kinder",  # taken
            text_de="Wie alt ist Ihr jüngstes Kind?",
            options_de="unter 3",  # one answer only
            help_text_de="Bitte in Jahren.",
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_code-error"' in page and 'id="id_options_de-error"' in page
    assert "Wie alt ist Ihr jüngstes Kind?" in page
    assert "Bitte in Jahren." in page and "unter 3" in page
    assert not Question.objects.filter(text_de="Wie alt ist Ihr jüngstes Kind?").exists()


def test_a_scale_whose_ends_are_swapped_is_refused(coordinator_client):
    survey = make_survey()
    section = survey.sections.first()
    response = coordinator_client.post(
        url("question-create", survey.pk, section.pk),
        question_form(kind="scale", code="neu", options_de="", scale_min="5", scale_max="1"),
    )
    assert response.status_code == 200
    assert 'id="id_scale_max-error"' in response.content.decode()


def test_editing_options_keeps_codes_of_the_answers_that_stay(coordinator_client):
    survey = make_survey()
    question = Question.objects.get(survey=survey, code="wuensche")
    before = {o.label_de: o.code for o in question.options.all()}
    response = coordinator_client.post(
        url("question-edit", survey.pk, question.pk),
        question_form(
            kind="multiple",
            code="wuensche",
            text_de=question.text_de,
            options_de="Ferienangebote\nMehr Spielplätze\nLängere Kita-Zeiten\nBusse",
        ),
    )
    assert response.status_code == 302
    after = {o.label_de: o.code for o in question.options.all()}
    for label, code in before.items():
        assert after[label] == code
    assert after["Busse"] == "4"
    assert question.options.first().label_de == "Ferienangebote"


def test_a_question_shown_only_on_an_earlier_answer(coordinator_client):
    survey = make_survey()
    kids = Question.objects.get(survey=survey, code="kinder")
    yes = kids.options.get(label_de="Ja")
    section = survey.sections.first()
    add = url("question-create", survey.pk, section.pk)
    page = coordinator_client.get(f"{add}?kind=single").content.decode()
    assert "Haben Sie Kinder unter 6?" in page  # an earlier choice question to refer to
    response = coordinator_client.post(
        add,
        question_form(
            code="alter",
            text_de="Wie alt ist das jüngste?",
            condition_operator="is",
            condition_option=str(yes.pk),
        ),
    )
    assert response.status_code == 302
    question = Question.objects.get(code="alter")
    assert (
        question.condition_question,
        question.condition_operator,
        question.condition_option,
    ) == (
        kids,
        "is",
        yes,
    )
    detail = coordinator_client.get(url("manage-detail", survey.pk)).content.decode()
    assert "Wie alt ist das jüngste?" in detail
    assert "is “Ja”" in detail


def test_a_condition_without_its_answer_is_refused_and_the_text_stays(coordinator_client):
    survey = make_survey()
    section = survey.sections.first()
    response = coordinator_client.post(
        url("question-create", survey.pk, section.pk),
        question_form(code="alter", text_de="Wie alt?", condition_operator="includes"),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_condition_option-error"' in page and 'value="Wie alt?"' in page


def test_a_page_shown_only_when_an_answer_is_not_given(coordinator_client):
    survey = make_survey()
    kids = Question.objects.get(survey=survey, code="kinder")
    no = kids.options.get(label_de="Nein")
    coordinator_client.post(
        url("section-create", survey.pk),
        {"title_de": "Ohne Kinder", "condition_operator": "is_not", "condition_option": no.pk},
    )
    section = survey.sections.get(title_de="Ohne Kinder")
    assert (section.condition_question, section.condition_operator, section.condition_option) == (
        kids,
        "is_not",
        no,
    )


def test_questions_and_pages_move_up_and_down_by_buttons(coordinator_client):
    survey = make_survey()
    first = survey.sections.first()
    codes = lambda: list(first.questions.values_list("code", flat=True))  # noqa: E731
    assert codes() == ["kinder", "wuensche", "zufrieden"]
    zufrieden = Question.objects.get(code="zufrieden")
    response = coordinator_client.post(
        url("question-move", survey.pk, zufrieden.pk), {"direction": "up"}
    )
    assert response["Location"].endswith(f"#question-{zufrieden.pk}")
    assert codes() == ["kinder", "zufrieden", "wuensche"]
    kinder = Question.objects.get(code="kinder")
    coordinator_client.post(url("question-move", survey.pk, kinder.pk), {"direction": "up"})
    assert codes() == ["kinder", "zufrieden", "wuensche"]  # already first
    coordinator_client.post(url("question-move", survey.pk, kinder.pk), {"direction": "down"})
    assert codes() == ["zufrieden", "kinder", "wuensche"]
    second = survey.sections.last()
    coordinator_client.post(url("section-move", survey.pk, second.pk), {"direction": "up"})
    assert list(survey.sections.values_list("title_de", flat=True)) == [
        "Kleine Kinder",
        "Ihre Familie",
    ]
    page = coordinator_client.get(url("manage-detail", survey.pk)).content.decode()
    assert 'name="direction" value="up"' in page and "↑ Up" in page


def test_deleting_a_question_and_a_page(coordinator_client):
    survey = make_survey()
    question = Question.objects.get(code="zufrieden")
    assert coordinator_client.get(url("question-delete", survey.pk, question.pk)).status_code == 200
    coordinator_client.post(url("question-delete", survey.pk, question.pk))
    assert not Question.objects.filter(pk=question.pk).exists()
    second = survey.sections.last()
    coordinator_client.post(url("section-delete", survey.pk, second.pk))
    assert list(Section.objects.filter(survey=survey).values_list("title_de", flat=True)) == [
        "Ihre Familie"
    ]


# --------------------------------------------------------------------------- copy


def test_a_copy_keeps_questions_and_conditions_but_no_answers_or_codes(coordinator_client):
    survey = make_survey(published=True, access="codes")
    ResponseFactory.create_batch(2, survey=survey)
    survey.codes.create()
    ChannelTokens = dict(survey.channels.values_list("name", "token"))
    response = coordinator_client.post(
        url("manage-copy", survey.pk), {"title_de": "Elternbefragung 2028"}
    )
    copy = Survey.objects.get(title_de="Elternbefragung 2028")
    assert response["Location"] == url("manage-detail", copy.pk)
    assert copy.status == Survey.Status.DRAFT and copy.access == "codes"
    assert copy.slug != survey.slug
    assert not copy.responses.exists() and not copy.codes.exists()
    original = list(Question.objects.filter(survey=survey).values_list("code", "kind", "text_de"))
    copied = list(Question.objects.filter(survey=copy).values_list("code", "kind", "text_de"))
    assert copied == original
    assert list(
        Option.objects.filter(question__survey=copy).values_list("label_de", flat=True)
    ) == (list(Option.objects.filter(question__survey=survey).values_list("label_de", flat=True)))
    assert MatrixItem.objects.filter(question__survey=copy).count() == 2
    conditional = copy.sections.get(title_de="Kleine Kinder")
    assert conditional.condition_question.survey == copy
    assert conditional.condition_question.code == "kinder"
    assert conditional.condition_option.label_de == "Ja"
    assert conditional.condition_option.question == conditional.condition_question
    tokens = dict(Channel.objects.filter(survey=copy).values_list("name", "token"))
    assert set(tokens) == set(ChannelTokens)
    assert not set(tokens.values()) & set(ChannelTokens.values())
    # the original is untouched
    assert Question.objects.filter(survey=survey).count() == len(original)
    assert survey.sections.get(title_de="Kleine Kinder").condition_question.survey == survey


# --------------------------------------------------------------------------- running surveys


def test_changes_after_the_first_answer_are_logged_and_warned_about(coordinator_client):
    survey = make_survey(published=True)
    question = Question.objects.get(code="kinder")
    edit = url("question-edit", survey.pk, question.pk)
    coordinator_client.post(edit, question_form(text_de="Haben Sie Kinder?", options_de="Ja\nNein"))
    assert not AuditEntry.objects.filter(action="survey.question.update").exists()
    ResponseFactory(survey=survey)
    page = coordinator_client.get(edit).content.decode()
    assert "results may mix" in page
    coordinator_client.post(
        edit, question_form(text_de="Haben Sie Kinder unter 6 Jahren?", options_de="Ja\nNein")
    )
    entry = AuditEntry.objects.get(action="survey.question.update")
    assert entry.changes["survey"] == survey.pk
    assert entry.changes["text_de"]["after"] == "Haben Sie Kinder unter 6 Jahren?"
    detail = coordinator_client.get(url("manage-detail", survey.pk)).content.decode()
    assert "question changed" in detail


def test_options_of_a_question_are_copied_into_the_page(coordinator_client):
    survey = SurveyFactory()
    question = QuestionFactory(section=SectionFactory(survey=survey))
    options(question, "A", "B")
    page = coordinator_client.get(url("question-edit", survey.pk, question.pk)).content.decode()
    assert "A\nB" in page


def test_a_condition_moved_above_its_question_is_pointed_out(coordinator_client):
    survey = make_survey()
    wishes = Question.objects.get(code="wuensche")
    kids = Question.objects.get(code="kinder")
    wishes.condition_question = kids
    wishes.condition_operator = "is"
    wishes.condition_option = kids.options.first()
    wishes.save()
    detail = url("manage-detail", survey.pk)
    assert "can never be met" not in coordinator_client.get(detail).content.decode()
    coordinator_client.post(url("question-move", survey.pk, wishes.pk), {"direction": "up"})
    page = coordinator_client.get(detail).content.decode()
    assert page.count("can never be met") == 1
    assert "can never be met" in page.split(f'id="question-{wishes.pk}"')[1].split("</li>")[0]


def test_a_survey_goes_back_to_draft_and_is_deleted_with_its_answers(coordinator_client):
    survey = make_survey(published=True)
    ResponseFactory(survey=survey)
    coordinator_client.post(url("manage-status", survey.pk), {"status": "draft"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT
    confirm = coordinator_client.get(url("manage-delete", survey.pk)).content.decode()
    assert "cannot be restored" in confirm
    response = coordinator_client.post(url("manage-delete", survey.pk))
    assert response["Location"] == LIST
    assert not Survey.objects.exists()
    assert AuditEntry.objects.get(action="survey.delete").changes == {"responses": 1}


def test_a_copy_without_a_title_keeps_the_form(coordinator_client):
    survey = make_survey()
    response = coordinator_client.post(url("manage-copy", survey.pk), {"title_de": ""})
    assert response.status_code == 200
    assert 'id="id_title_de-error"' in response.content.decode()
    assert Survey.objects.count() == 1
