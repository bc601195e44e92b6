"""Invitation codes and signed-in surveys, every kind of question on a page, and the
start page's section of open surveys — all through the public pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from familienrathaus.surveys.models import Answer, InvitationCode, Question, Response, Survey
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories import district as make_district
from tests.factories.surveys import (
    MatrixItemFactory,
    QuestionFactory,
    SectionFactory,
    SurveyFactory,
    make_survey,
    options,
)

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_codes_page_asks_for_the_code_and_the_qr_code_fills_it_in():
    survey = make_survey(status=Survey.Status.PUBLISHED, access=Survey.Access.CODES)
    code = InvitationCode.objects.create(survey=survey, code="ABCD2345")
    html = english_client().get(f"{survey.get_absolute_url()}?code=ABCD2345").content.decode()
    assert "Taking part with your code" in html
    assert 'name="code" id="id_code" value="ABCD2345"' in html
    assert "The code is not stored with your answers" in html

    # A wrong code: the message next to the field, what was typed kept.
    client = english_client()
    sent = client.post(survey.get_absolute_url(), {"code": "ABCD2346"})
    html = sent.content.decode()
    assert sent.status_code == 400
    assert 'id="id_code-error"' in html and "not valid or has already been used" in html
    assert 'value="ABCD2346"' in html
    assert not Response.objects.exists()

    # Typed in small letters with a space: accepted, used once.
    sent = client.post(survey.get_absolute_url(), {"code": "abcd 2345"})
    assert sent.status_code == 302
    code.refresh_from_db()
    assert code.used
    again = english_client().post(survey.get_absolute_url(), {"code": "ABCD2345"})
    assert again.status_code == 400
    assert Response.objects.count() == 1

    page = sent["Location"]
    finished = client.post(
        page,
        {
            "action": "next",
            "q-kinder": "2",
            "submission_key": _key(client.get(page).content.decode()),
        },
    )
    assert finished.status_code == 302
    # No cookie needed: the code itself is used up.
    assert f"frh_befragung_{survey.pk}" not in finished.cookies
    assert Response.objects.get().status == Response.Status.COMPLETE


def test_signed_in_survey_one_answer_per_account_editable_until_the_close(family_user):
    survey = make_survey(
        status=Survey.Status.PUBLISHED,
        access=Survey.Access.SIGNED_IN,
        closes_at=timezone.now() + dt.timedelta(days=5),
    )
    anonymous = english_client()
    html = anonymous.get(survey.get_absolute_url()).content.decode()
    assert "Log in to take part" in html
    assert anonymous.post(survey.get_absolute_url())["Location"].startswith("/konto/")

    client = english_client(family_user)
    page = client.post(survey.get_absolute_url())["Location"]
    done = client.post(
        page,
        {
            "action": "next",
            "q-kinder": "2",
            "submission_key": _key(client.get(page).content.decode()),
        },
    )
    assert done["Location"] == f"/befragungen/{survey.slug}/danke/"
    thanks = client.get(done["Location"]).content.decode()
    assert "You can change your answers until the survey closes." in thanks

    # Back again: the same response, the earlier answer shown, changed and sent again.
    assert "Change your answers" in client.get(survey.get_absolute_url()).content.decode()
    again = client.post(survey.get_absolute_url())["Location"]
    assert again == page
    html = client.get(again).content.decode()
    assert re.search(r'value="2"\s+checked', html)
    client.post(again, {"action": "next", "q-kinder": "3", "submission_key": _key(html)})
    response = Response.objects.get(survey=survey)
    assert response.user == family_user
    assert response.status == Response.Status.COMPLETE
    assert response.answers.get().option.code == "3"

    # Somebody else cannot open that page.
    other = english_client(UserFactory())
    assert other.get(again).status_code == 404


def _every_kind() -> Survey:
    survey = SurveyFactory(status=Survey.Status.PUBLISHED)
    section = SectionFactory(survey=survey, position=0, title_de="Alles")
    number = QuestionFactory(
        section=section,
        code="kinderzahl",
        kind=Question.Kind.NUMBER,
        text_de="Wie viele Kinder?",
        number_min=0,
        number_max=12,
        required=True,
    )
    QuestionFactory(
        section=section,
        code="geburt",
        kind=Question.Kind.DATE,
        text_de="Geburtstag des jüngsten Kindes?",
    )
    ranking = QuestionFactory(
        section=section, code="wichtig", kind=Question.Kind.RANKING, text_de="Was ist wichtig?"
    )
    options(ranking, "Kita", "Schule", "Spielplatz")
    QuestionFactory(
        section=section, code="wo", kind=Question.Kind.DISTRICT, text_de="Wo wohnen Sie?"
    )
    matrix = QuestionFactory(
        section=section,
        code="m",
        kind=Question.Kind.MATRIX,
        text_de="Wie gut ist …",
        dont_know=True,
        required=True,
    )
    MatrixItemFactory(question=matrix, code="a", label_de="die Kita")
    MatrixItemFactory(question=matrix, code="b", label_de="die Schule")
    assert number.required
    return survey


def test_every_kind_of_question_checks_its_input_and_keeps_it():
    survey = _every_kind()
    district = make_district("Nordviertel")
    client = english_client()
    page = client.post(survey.get_absolute_url())["Location"]
    html = client.get(page).content.decode()
    assert html.count("<fieldset") == 5 and html.count("<legend") == 5
    assert 'inputmode="decimal"' in html and 'type="date"' in html
    assert "Place 3" in html and "<select" in html
    assert district.name in html

    bad = client.post(
        page,
        {
            "action": "finish",
            "submission_key": _key(html),
            "q-kinderzahl": "13",
            "q-geburt": "31.02.2025",
            "q-wichtig-1": "1",
            "q-wichtig-2": "1",
            "q-wo": str(district.pk),
            "q-m-a": "3",
        },
    )
    html = bad.content.decode()
    assert bad.status_code == 400
    assert "Please enter a number from 0 to 12." in html
    assert "Please enter a date like 31.12.2026." in html
    assert "Each place may be given only once." in html
    assert "Please answer every row." in html
    assert 'value="13"' in html and 'value="31.02.2025"' in html
    assert re.search(rf'value="{district.pk}"\s+checked', html)

    good = client.post(
        page,
        {
            "action": "finish",
            "submission_key": _key(html),
            "q-kinderzahl": "2,5",
            "q-geburt": "2025-02-28",
            "q-wichtig-1": "2",
            "q-wichtig-3": "1",
            "q-wo": str(district.pk),
            "q-m-a": "3",
            "q-m-b": "dk",
        },
    )
    assert good.status_code == 302
    response = Response.objects.get(survey=survey)
    assert response.district == district
    answers = Answer.objects.filter(response=response)
    assert answers.get(question__code="kinderzahl").value_number == 2.5
    assert answers.get(question__code="geburt").value_date == dt.date(2025, 2, 28)
    assert {(a.option.label, a.rank) for a in answers.filter(question__code="wichtig")} == {
        ("Kita", 2),
        ("Spielplatz", 1),
    }
    assert answers.get(question__code="m", item__code="b").dont_know


def test_start_page_lists_open_surveys_only():
    open_one = make_survey(
        status=Survey.Status.PUBLISHED, title_de="Wie familienfreundlich ist Musterstadt?"
    )
    make_survey(title_de="Entwurf einer Umfrage")
    make_survey(
        status=Survey.Status.PUBLISHED,
        title_de="Alte Umfrage",
        closes_at=timezone.now() - dt.timedelta(days=1),
        opens_at=timezone.now() - dt.timedelta(days=20),
    )
    html = english_client().get("/").content.decode()
    assert "Have your say" in html
    assert open_one.get_absolute_url() in html
    assert "Entwurf einer Umfrage" not in html
    assert "Alte Umfrage" not in html


def test_codes_cannot_be_guessed_one_after_the_other(settings, fresh_cache):
    settings.SURVEYS_CODE_RATE_LIMIT = 3
    survey = make_survey(status=Survey.Status.PUBLISHED, access=Survey.Access.CODES)
    InvitationCode.objects.create(survey=survey, code="ABCD2345")
    client = english_client()
    for attempt in ("AAAA2222", "AAAA3333", "AAAA4444"):
        assert client.post(survey.get_absolute_url(), {"code": attempt}).status_code == 400
    blocked = client.post(survey.get_absolute_url(), {"code": "ABCD2345"})
    assert blocked.status_code == 429
    assert "Too many codes were tried" in blocked.content.decode()
    assert not InvitationCode.objects.get(code="ABCD2345").used
