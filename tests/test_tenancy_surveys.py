"""Two alliances on one install, surveys (issue 23, "Isolation"): a survey with the same
slug in Musterstadt and in Beispieldorf, both open, and a closed one with public results
under the same slug. Each host's pages, API, exports and QR codes show its own survey."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.surveys.models import Channel, Response, Survey
from familienrathaus.surveys.services import answering
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories.survey_answers import respond
from tests.factories.surveys import make_survey

# Each test starts with an empty cache (no rate limit or cached page of another).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A, B = "Musterstadt-only", "Beispieldorf-only"
B_HOST = "beispieldorf.localhost"


def _surveys(word: str) -> dict[str, Any]:
    now = timezone.now()
    open_survey = make_survey(
        published=True,
        slug="elternbefragung",
        title_de=f"{word} Elternbefragung",
        title_en=f"{word} parent survey",
        closes_at=now + timedelta(days=10),
    )
    closed = make_survey(
        published=True,
        public_results=True,
        slug="ergebnisse-2026",
        title_de=f"{word} Befragung 2026",
        title_en=f"{word} survey 2026",
        opens_at=now - timedelta(days=30),
        closes_at=now - timedelta(days=1),
    )
    for _ in range(6):
        respond(closed, kinder="1", zufrieden=4, anmerkung=f"{word} Anmerkung")
    unfinished = respond(closed, status=Response.Status.IN_PROGRESS)
    return {
        "open": open_survey,
        "closed": closed,
        "unfinished": unfinished,
        "coordinator": coordinator_with_totp(f"befragung-{word[:4].lower()}@example.org"),
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = _surveys(A)
    with tenancy.activate(second_alliance):
        b = _surveys(B)
    return {"a": a, "b": b, "second": second_alliance}


PUBLIC = [
    "/",
    "/befragungen/elternbefragung/",
    "/befragungen/ergebnisse-2026/ergebnisse/",
    "/api/v1/surveys/",
    "/api/v1/surveys/results",
    "/api/v1/surveys/ergebnisse-2026/results",
]


def _pages(client: Client, paths: list[str]) -> str:
    text = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text += response.content.decode()
    return text


def test_public_pages_and_api_show_the_hosts_alliance_only(
    both: dict[str, Any], anon_client: Client
) -> None:
    mine = _pages(anon_client, PUBLIC)
    assert f"{A} parent survey" in mine
    assert f"{A} survey 2026" in mine
    assert B not in mine
    theirs = _pages(alliance_client(both["second"]), PUBLIC)
    assert f"{B} parent survey" in theirs
    assert f"{B} survey 2026" in theirs
    assert A not in theirs
    # Links in the API lead to the alliance's own host.
    listed = alliance_client(both["second"]).get("/api/v1/surveys/").json()
    assert listed[0]["url"].startswith(f"http://{B_HOST}:8000/")
    assert listed[0]["url"].endswith("/befragungen/elternbefragung/")


def _back_office(survey: Survey) -> list[str]:
    base = f"/verwaltung/befragungen/{survey.pk}/"
    return [
        base,
        f"{base}kanaele/",
        f"{base}codes/",
        f"{base}ergebnisse/",
        f"{base}ergebnisse/freitexte/",
        f"{base}ergebnisse/export/?format=csv",
    ]


def test_coordinator_of_b_sees_b_only_and_a_s_addresses_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"], b["coordinator"])
    html = _pages(client, ["/verwaltung/befragungen/", *_back_office(b["closed"])])
    assert f"{B} survey 2026" in html
    assert f"{B} Anmerkung" in html  # free texts and the export
    assert A not in html
    assert (
        client.get(f"/verwaltung/befragungen/{b['closed'].pk}/ergebnisse/bericht.pdf").status_code
        == 200
    )
    for path in [
        *_back_office(a["closed"]),
        f"/verwaltung/befragungen/{a['closed'].pk}/ergebnisse/bericht.pdf",
        f"/verwaltung/befragungen/{a['open'].pk}/papier/",
    ]:
        assert client.get(path).status_code == 404, path
    own = _pages(english_client(a["coordinator"]), ["/verwaltung/befragungen/"])
    assert f"{A} survey 2026" in own
    assert B not in own


def test_qr_code_of_b_s_channel_leads_to_b_s_host(both: dict[str, Any]) -> None:
    b = both["b"]
    with tenancy.activate(both["second"]):
        channel = Channel.objects.get(survey=b["open"], paper=False)
    client = alliance_client(both["second"], b["coordinator"])
    svg = client.get(
        f"/verwaltung/befragungen/{b['open'].pk}/kanaele/{channel.pk}/qr.svg"
    ).content.decode()
    assert f"http://{B_HOST}:8000/befragungen/elternbefragung/?k={channel.token}" in svg
    # A's coordinator cannot reach B's channel through A's survey of the same slug.
    a_client = english_client(both["a"]["coordinator"])
    url = f"/verwaltung/befragungen/{both['a']['open'].pk}/kanaele/{channel.pk}/qr.svg"
    assert a_client.get(url).status_code == 404


def test_daily_sweep_in_b_deletes_b_s_unfinished_answers_only(both: dict[str, Any]) -> None:
    a, b = both["a"], both["b"]
    # The body of the periodic task, as the worker runs it for B.
    with tenancy.activate(both["second"]):
        assert answering.discard_unfinished_of_closed() == 1
        assert not Response.objects.filter(pk=b["unfinished"].pk).exists()
    assert Response.objects.filter(pk=a["unfinished"].pk).exists()
