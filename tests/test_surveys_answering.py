"""A family answers a survey through the public pages, as on a phone without JavaScript:
the first page explains the access mode, one section per page with "Page 2 of 5",
conditions, a message next to each missing answer with nothing typed lost, save and
continue later, double submits stored once, a survey closing meanwhile, the limit."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.surveys.models import Answer, Channel, Response, Survey
from tests.conftest import english_client
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


def _open_survey(**kwargs: object) -> Survey:
    return make_survey(status=Survey.Status.PUBLISHED, **kwargs)


def _start(client: Client, survey: Survey, data: dict[str, str] | None = None) -> str:
    response = client.post(survey.get_absolute_url(), data or {})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def _key(html: str) -> str:
    match = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert match
    return match.group(1)


def test_first_page_explains_anonymity_in_plain_words():
    survey = _open_survey()
    page = Client(headers={"accept-language": "de"}).get(survey.get_absolute_url())
    html = page.content.decode()
    assert page.status_code == 200
    assert "Anonym: was das hier bedeutet" in html
    assert "nur die Zahl 1" in html
    assert "keine IP-Adresse" in html
    assert survey.intro_de in html
    assert survey.privacy_text_de in html
    assert "Befragung beginnen" in html


def test_a_draft_has_no_public_page_and_upcoming_or_closed_say_so_politely():
    draft = make_survey()
    assert english_client().get(draft.get_absolute_url()).status_code == 404
    upcoming = _open_survey(opens_at=timezone.now() + dt.timedelta(days=3))
    html = english_client().get(upcoming.get_absolute_url()).content.decode()
    assert "has not started yet" in html
    assert "Start the survey" not in html
    closed = _open_survey(
        opens_at=timezone.now() - dt.timedelta(days=9),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    html = english_client().get(closed.get_absolute_url()).content.decode()
    assert "This survey closed on" in html
    assert "Start the survey" not in html
    assert english_client().post(closed.get_absolute_url()).status_code == 400


def test_anonymous_family_answers_page_by_page_and_cannot_answer_twice():
    survey = _open_survey()
    client = english_client()
    first = _start(client, survey)
    page = client.get(first)
    html = page.content.decode()
    assert "Page 1 of 2" in html
    assert "<fieldset" in html and "<legend" in html

    # Nothing chosen for the required question, but "other" typed: a message next to
    # the question, the typed text kept.
    sent = client.post(
        first,
        {
            "action": "next",
            "q-wuensche": ["1", "__other"],
            "q-wuensche-other": "Ein Schwimmbad",
            "q-zufrieden": "4",
        },
    )
    html = sent.content.decode()
    assert sent.status_code == 400
    assert 'id="frage-kinder-error"' in html
    assert "Please answer this question." in html
    assert "Page 1 of 2" in html  # the page still ahead is not forgotten
    assert 'value="Ein Schwimmbad"' in html
    assert re.search(r'value="4"\s+checked', html)

    sent = client.post(
        first,
        {
            "action": "next",
            "q-kinder": "1",
            "q-wuensche": ["1", "__other"],
            "q-wuensche-other": "Ein Schwimmbad",
            "q-zufrieden": "dk",
        },
    )
    assert sent.status_code == 302
    second = sent["Location"]
    html = client.get(second).content.decode()
    assert "Page 2 of 2" in html
    assert "<table" in html and 'scope="row"' in html
    sent = client.post(
        second,
        {
            "action": "finish",
            "submission_key": _key(html),
            "q-kita-plaetze": "2",
            "q-kita-zeiten": "5",
            "q-anmerkung": "Danke!",
        },
    )
    assert sent.status_code == 302
    assert sent["Location"] == f"/befragungen/{survey.slug}/danke/"
    cookie = sent.cookies[f"frh_befragung_{survey.pk}"]
    assert cookie.value == "1"
    assert cookie["httponly"]

    stored = Response.objects.get(survey=survey)
    assert stored.status == Response.Status.COMPLETE
    assert stored.submitted_on == timezone.localdate()
    assert stored.resume_token is None
    assert stored.user is None
    assert stored.channel.name == "Direkt"
    answers = Answer.objects.filter(response=stored)
    assert {a.question.code for a in answers} == {
        "kinder",
        "wuensche",
        "zufrieden",
        "kita",
        "anmerkung",
    }
    assert answers.get(question__code="wuensche", option=None).value_text == "Ein Schwimmbad"
    assert answers.get(question__code="zufrieden").dont_know
    assert answers.get(question__code="kita", item__code="zeiten").value_number == 5

    # The same browser once more: told so, and refused.
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "already answered this survey on this device" in html
    assert client.post(survey.get_absolute_url()).status_code == 409
    # The old page link leads nowhere any more.
    assert client.get(first).status_code == 404


def test_a_condition_hides_a_page_and_drops_its_answers():
    survey = _open_survey()
    client = english_client()
    first = _start(client, survey)
    second = client.post(first, {"action": "next", "q-kinder": "1"})["Location"]
    client.post(second, {"action": "back", "q-kita-plaetze": "3", "q-anmerkung": "x"})
    # Changed to "no": the second page disappears, page 1 is now the last one.
    html = client.get(first).content.decode()
    assert "Page 1 of 2" in html
    sent = client.post(first, {"action": "next", "q-kinder": "2"})
    assert sent.status_code == 302
    assert sent["Location"] == f"/befragungen/{survey.slug}/danke/"
    stored = Response.objects.get(survey=survey)
    assert stored.status == Response.Status.COMPLETE
    assert not stored.answers.filter(question__code__in=["kita", "anmerkung"]).exists()


def test_page_count_follows_the_answers():
    survey = _open_survey()
    client = english_client()
    first = _start(client, survey)
    client.post(first, {"action": "save", "q-kinder": "2"})
    html = client.get(first).content.decode()
    assert "Page 1 of 1" in html
    assert "Send answers" in html


def test_double_submit_is_stored_once():
    survey = _open_survey()
    client = english_client()
    first = _start(client, survey)
    html = client.get(first).content.decode()
    data = {"action": "next", "q-kinder": "2", "submission_key": _key(html)}
    one = client.post(first, data)
    two = client.post(first, data)
    assert one.status_code == two.status_code == 302
    assert two["Location"] == one["Location"] == f"/befragungen/{survey.slug}/danke/"
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == 1


def test_survey_closed_while_answering_keeps_nothing():
    survey = _open_survey(closes_at=timezone.now() + dt.timedelta(hours=1))
    client = english_client()
    first = _start(client, survey)
    client.post(first, {"action": "save", "q-kinder": "1"})
    assert Answer.objects.filter(response__survey=survey).exists()
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))
    sent = client.post(first, {"action": "next", "q-kinder": "2"})
    assert sent.status_code == 409
    assert "closed in the meantime" in sent.content.decode()
    assert not Response.objects.filter(survey=survey).exists()
    assert not Answer.objects.filter(response__survey=survey).exists()


def test_limit_of_answers_is_said_politely_and_checked_on_sending():
    survey = _open_survey(max_answers=1)
    early, late = english_client(), english_client()
    early_page = _start(early, survey)
    late_page = _start(late, survey)
    assert early.post(early_page, {"action": "next", "q-kinder": "2"}).status_code == 302
    sent = late.post(late_page, {"action": "next", "q-kinder": "2"})
    assert sent.status_code == 409
    assert "received all the answers it can take" in sent.content.decode()
    assert Response.objects.filter(survey=survey).count() == 1
    html = english_client().get(survey.get_absolute_url()).content.decode()
    assert "received all the answers it can take" in html
    assert "Start the survey" not in html


def test_save_and_continue_later_with_a_link():
    survey = _open_survey()
    client = english_client()
    first = _start(client, survey)
    second = client.post(first, {"action": "next", "q-kinder": "1"})["Location"]
    saved = client.post(second, {"action": "save", "q-anmerkung": "Halb fertig"})
    assert saved.status_code == 302
    html = client.get(saved["Location"]).content.decode()
    token = Response.objects.get(survey=survey).resume_token
    # She answered in English, so her link continues on the English pages.
    link = f"http://testserver/en/befragungen/{survey.slug}/weiter/{token}/"
    assert f'value="{link}"' in html
    assert "mailto:?subject=" in html
    # Another device, later: the link leads back to page 2 with the text kept.
    other = english_client()
    resumed = other.get(link)
    assert resumed.status_code == 302
    assert resumed["Location"] == second
    assert "Halb fertig" in other.get(second).content.decode()


def test_the_channel_of_the_link_counts_the_answer():
    survey = _open_survey()
    radio = Channel.objects.create(survey=survey, name="Radio")
    paper = survey.channels.get(paper=True)
    client = english_client()
    html = client.get(f"{survey.get_absolute_url()}?k={radio.token}").content.decode()
    assert f'name="k" value="{radio.token}"' in html
    _start(client, survey, {"k": radio.token})
    _start(english_client(), survey, {"k": paper.token})  # families never enter "from paper"
    channels = list(
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list("channel__name", flat=True)
    )
    assert channels == ["Radio", "Direkt"]
