"""Paper questionnaires: a professional types one in on a family's behalf, a coordinator
imports a spreadsheet of them, all or nothing, with every error named by row and column."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from familienrathaus.surveys.models import Answer, Response, Survey
from tests.conftest import english_client
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db


def _survey() -> Survey:
    return make_survey(status=Survey.Status.PUBLISHED)


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("papier.csv", ("\ufeff" + text).encode(), content_type="text/csv")


def test_a_professional_enters_a_paper_questionnaire(partner_user, family_user):
    survey = _survey()
    url = f"/verwaltung/befragungen/{survey.pk}/papier/"
    assert english_client().get(url)["Location"].startswith("/konto/")
    assert english_client(family_user).get(url).status_code == 403

    client = english_client(partner_user)
    html = client.get(url).content.decode()
    assert "Enter a paper questionnaire" in html
    # Every page on one form, conditions described instead of hidden.
    assert "Kleine Kinder" in html and "Ihre Familie" in html
    key = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert key

    bad = client.post(
        url,
        {
            "submission_key": key.group(1),
            "q-kinder": "1",
            "q-zufrieden": "9",
            "q-anmerkung": "Von Hand",
        },
    )
    assert bad.status_code == 400
    assert "Please choose one of the points of the scale." in bad.content.decode()
    assert "Von Hand" in bad.content.decode()
    assert not Response.objects.exists()

    data = {
        "submission_key": key.group(1),
        "q-kinder": "1",
        "q-kita-plaetze": "2",
        "q-anmerkung": "Von Hand",
    }
    sent = client.post(url, data)
    assert sent.status_code == 302
    assert "has been saved" in client.get(sent["Location"]).content.decode()
    assert client.post(url, data).status_code == 302  # the same form sent twice: stored once
    response = Response.objects.get()
    assert response.status == Response.Status.COMPLETE
    assert response.channel.paper
    assert response.user is None
    assert response.submitted_on is not None
    assert Answer.objects.filter(response=response).count() == 3


def test_paper_answers_hidden_by_a_condition_are_dropped(partner_user):
    survey = _survey()
    url = f"/verwaltung/befragungen/{survey.pk}/papier/"
    client = english_client(partner_user)
    client.post(url, {"q-kinder": "2", "q-kita-plaetze": "2", "q-anmerkung": "Trotzdem"})
    response = Response.objects.get()
    assert list(response.answers.values_list("question__code", flat=True)) == ["kinder"]


def test_csv_import_lands_whole(coordinator, partner_user):
    survey = _survey()
    url = f"/verwaltung/befragungen/{survey.pk}/papier/import/"
    assert english_client(partner_user).get(url).status_code == 403
    client = english_client(coordinator)

    template = client.get(f"/verwaltung/befragungen/{survey.pk}/papier/vorlage.csv")
    assert template.status_code == 200
    header = template.content.decode("utf-8-sig").splitlines()[0]
    assert (
        header == "kinder;wuensche;wuensche.sonstiges;zufrieden;kita.plaetze;kita.zeiten;anmerkung"
    )

    content = (
        "kinder;wuensche;wuensche.sonstiges;zufrieden;kita.plaetze;kita.zeiten;anmerkung\n"
        "Ja;1|Ferienangebote;Ein Bad;5;2;4;Gut so\n"
        "2;;;?;;;\n"
        "nein;2,3;;3;;;\n"
    )
    sent = client.post(url, {"file": _csv(content)}, follow=True)
    assert sent.status_code == 200, sent.content.decode()
    assert "3 questionnaires have been imported." in sent.content.decode()
    # The same file once more (a double click, or uploaded again by mistake): refused.
    again = client.post(url, {"file": _csv(content)})
    assert again.status_code == 400
    assert "already imported" in again.content.decode()
    responses = Response.objects.filter(survey=survey)
    assert responses.count() == 3
    assert {r.channel.name for r in responses} == {"Papierfragebogen"}
    first = responses.order_by("pk").first()
    assert first is not None
    assert sorted(
        a.option.code if a.option else a.value_text
        for a in first.answers.filter(question__code="wuensche")
    ) == ["1", "3", "Ein Bad"]
    assert first.answers.get(question__code="kita", item__code="zeiten").value_number == 4
    second = responses.order_by("pk")[1]
    assert second.answers.get(question__code="zufrieden").dont_know


def test_csv_import_with_errors_imports_nothing_and_names_row_and_column(coordinator):
    survey = _survey()
    url = f"/verwaltung/befragungen/{survey.pk}/papier/import/"
    client = english_client(coordinator)
    sent = client.post(
        url,
        {"file": _csv("kinder;zufrieden;kita.plaetze\nJa;5;2\nVielleicht;3;\nNein;8;\nJa;2;x\n")},
    )
    html = sent.content.decode()
    assert sent.status_code == 400
    assert "Nothing has been imported." in html
    assert (
        "Row 3, column “kinder”: “Vielleicht” is not one of the answers of this question." in html
    )
    assert "Row 4, column “zufrieden”" in html
    assert "Row 5, column “kita.plaetze”" in html
    assert not Response.objects.exists()

    unknown = client.post(url, {"file": _csv("kinder;frage99\nJa;1\n")})
    assert "not questions of this survey: „frage99“" in unknown.content.decode()
    assert not Response.objects.exists()


def test_professionals_find_the_paper_entry_from_the_back_office(partner_user, family_user):
    survey = _survey()
    client = english_client(partner_user)
    assert "/verwaltung/befragungen/papier/" in client.get("/verwaltung/").content.decode()
    html = client.get("/verwaltung/befragungen/papier/").content.decode()
    assert f"/verwaltung/befragungen/{survey.pk}/papier/" in html
    assert english_client(family_user).get("/verwaltung/befragungen/papier/").status_code == 403
