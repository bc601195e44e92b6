"""The survey builder in every site language: a coordinator writes a question's answers
and a matrix's items in Turkish, Ukrainian, Russian and Arabic in that language's box,
and a family reads them on the survey's page in its language (German stands in for a
line nobody translated)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from familienrathaus.surveys.models import MatrixItem, Question, Survey
from tests.factories.surveys import SurveyFactory

pytestmark = pytest.mark.django_db


def url(name: str, *args: object) -> str:
    return reverse(f"surveys:{name}", args=args)


def question_form(**data: str) -> dict[str, str]:
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


def _details(html: str, language_name: str) -> str:
    """The builder's box of one language ("Übersetzung: Türkçe")."""
    match = re.search(
        r"<details[^>]*>\s*<summary>[^<]*" + language_name + r".*?</details>", html, re.S
    )
    assert match, language_name
    return match.group(0)


def _build(client: Client) -> Survey:
    survey = SurveyFactory()
    client.post(url("section-create", survey.pk), {"title_de": "Ihre Familie"})
    section = survey.sections.get()
    add = url("question-create", survey.pk, section.pk)
    response = client.post(
        add,
        question_form(
            text_tr="Evinizde kaç çocuk yaşıyor?",
            options_tr="bir\niki\n",  # the third line not translated
            options_uk="один\nдва\nтри або більше",
            options_ar="واحد\nاثنان\nثلاثة أو أكثر",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(
        add,
        question_form(
            kind="matrix",
            code="kita",
            text_de="Wie zufrieden sind Sie mit der Kita?",
            options_de="",
            items_de="Öffnungszeiten\nZahl der Plätze",
            items_tr="Açılış saatleri\nYer sayısı",
            items_ru="Часы работы\nКоличество мест",
            items_ar="ساعات العمل\nعدد الأماكن",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(url("manage-status", survey.pk), {"status": "published"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.PUBLISHED
    return survey


def test_answers_and_items_are_written_in_every_language(coordinator_client):
    survey = _build(coordinator_client)
    kids = Question.objects.get(survey=survey, code="kinder")
    assert [(o.label_de, o.label_tr, o.label_uk, o.label_ar) for o in kids.options.all()] == [
        ("eins", "bir", "один", "واحد"),
        ("zwei", "iki", "два", "اثنان"),
        ("drei oder mehr", "", "три або більше", "ثلاثة أو أكثر"),
    ]
    matrix = Question.objects.get(survey=survey, code="kita")
    assert [(i.label_de, i.label_tr, i.label_ru) for i in matrix.items.all()] == [
        ("Öffnungszeiten", "Açılış saatleri", "Часы работы"),
        ("Zahl der Plätze", "Yer sayısı", "Количество мест"),
    ]

    # The form shows them again, each language's lines in that language's box.
    edit = coordinator_client.get(url("question-edit", survey.pk, kids.pk)).content.decode()
    turkish = _details(edit, "Türkçe")
    assert 'name="options_tr"' in turkish and 'lang="tr"' in turkish
    assert "bir\niki" in turkish
    assert "три або більше" in _details(edit, "Українська")
    assert 'name="items_tr"' not in edit or 'type="hidden" name="items_tr"' in edit
    edit = coordinator_client.get(url("question-edit", survey.pk, matrix.pk)).content.decode()
    assert "Количество мест" in _details(edit, "Русский")
    assert 'dir="auto"' in _details(edit, "العربيّة")


def test_a_correction_in_one_language_keeps_the_others(coordinator_client):
    survey = _build(coordinator_client)
    kids = Question.objects.get(survey=survey, code="kinder")
    response = coordinator_client.post(
        url("question-edit", survey.pk, kids.pk),
        question_form(
            text_tr="Evinizde kaç çocuk yaşıyor?",
            options_tr="bir\niki\nüç veya daha fazla",
            options_uk="один\nдва\nтри або більше",
            options_ar="واحد\nاثنان\nثلاثة أو أكثر",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert [(o.code, o.label_tr, o.label_uk) for o in kids.options.all()] == [
        ("1", "bir", "один"),
        ("2", "iki", "два"),
        ("3", "üç veya daha fazla", "три або більше"),
    ]


def _first_page(survey: Survey, language: str) -> str:
    client = Client()
    with translation.override(language):
        start = survey.get_absolute_url()
    prefix = "" if language == "de" else f"/{language}"  # German is unprefixed
    assert start.startswith(f"{prefix}/befragungen/")
    response = client.post(start)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith(f"{prefix}/befragungen/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def test_families_read_answers_and_items_in_the_page_language(coordinator_client):
    survey = _build(coordinator_client)
    turkish = _first_page(survey, "tr")
    assert "Evinizde kaç çocuk yaşıyor?" in turkish
    assert ">bir</label>" in turkish and ">iki</label>" in turkish
    assert ">drei oder mehr</label>" in turkish  # not translated: German stands in
    assert ">eins</label>" not in turkish
    assert "Açılış saatleri" in turkish and "Öffnungszeiten" not in turkish

    arabic = _first_page(survey, "ar")
    assert ">ثلاثة أو أكثر</label>" in arabic and "عدد الأماكن" in arabic
    assert "Zahl der Plätze" not in arabic

    russian = _first_page(survey, "ru")
    assert "Часы работы" in russian
    assert ">eins</label>" in russian  # no Russian answers: German

    german = _first_page(survey, "de")
    assert ">eins</label>" in german and "Öffnungszeiten" in german and "bir" not in german


def test_the_lines_of_another_kind_are_kept_when_the_kind_changes(coordinator_client):
    survey = _build(coordinator_client)
    kids = Question.objects.get(survey=survey, code="kinder")
    response = coordinator_client.post(
        url("question-edit", survey.pk, kids.pk),
        question_form(kind="matrix", options_tr="bir\niki", items_de="", items_tr="x"),
    )
    html = response.content.decode()
    assert response.status_code == 200  # a matrix needs items: the form comes back
    assert 'type="hidden" name="options_tr" value="bir\niki"' in html
    assert 'name="items_tr"' in _details(html, "Türkçe")
    assert not MatrixItem.objects.filter(question=kids).exists()


def _scale_survey(client: Client) -> Survey:
    survey = SurveyFactory()
    client.post(url("section-create", survey.pk), {"title_de": "Ihre Zufriedenheit"})
    section = survey.sections.get()
    response = client.post(
        url("question-create", survey.pk, section.pk),
        question_form(
            kind="scale",
            code="zufrieden",
            text_de="Wie zufrieden sind Sie mit dem Angebot?",
            text_tr="Hizmetten ne kadar memnunsunuz?",
            options_de="",
            scale_min_label_de="gar nicht",
            scale_max_label_de="sehr",
            scale_min_label_tr="hiç memnun değilim",
            scale_max_label_tr="çok memnunum",
            scale_min_label_ar="غير راضٍ إطلاقًا",
            scale_max_label_ar="راضٍ جدًّا",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(url("manage-status", survey.pk), {"status": "published"})
    return survey


def test_the_scale_end_labels_are_written_in_every_language(coordinator_client):
    survey = _scale_survey(coordinator_client)
    question = Question.objects.get(survey=survey, code="zufrieden")
    assert (question.scale_min_label_tr, question.scale_max_label_ar) == (
        "hiç memnun değilim",
        "راضٍ جدًّا",
    )
    edit = coordinator_client.get(url("question-edit", survey.pk, question.pk)).content.decode()
    turkish = _details(edit, "Türkçe")
    assert 'name="scale_min_label_tr"' in turkish and "çok memnunum" in turkish
    assert "راضٍ جدًّا" in _details(edit, "العربيّة")
    assert 'name="scale_max_label_uk"' in _details(edit, "Українська")


def test_families_read_the_scale_end_labels_in_the_page_language(coordinator_client):
    survey = _scale_survey(coordinator_client)
    turkish = _first_page(survey, "tr")
    assert ">1 – hiç memnun değilim</label>" in turkish
    assert ">5 – çok memnunum</label>" in turkish
    assert "gar nicht" not in turkish

    arabic = _first_page(survey, "ar")
    assert "1 – غير راضٍ إطلاقًا" in arabic and "5 – راضٍ جدًّا" in arabic

    # Nobody wrote Ukrainian labels: the German ones stand in, marked as German.
    ukrainian = _first_page(survey, "uk")
    assert '>1 – <span lang="de">gar nicht</span></label>' in ukrainian
    german = _first_page(survey, "de")
    assert ">1 – gar nicht</label>" in german and "memnun" not in german


def test_a_question_without_a_scale_keeps_its_end_labels_hidden(coordinator_client):
    survey = _scale_survey(coordinator_client)
    question = Question.objects.get(survey=survey, code="zufrieden")
    response = coordinator_client.post(
        url("question-edit", survey.pk, question.pk),
        question_form(kind="single", options_de="", scale_min_label_tr="hiç"),
    )
    html = response.content.decode()
    assert response.status_code == 200  # answers to choose from are missing
    assert 'type="hidden" name="scale_min_label_tr" value="hiç"' in html
    assert 'name="scale_min_label_tr"' not in _details(html, "Türkçe")
