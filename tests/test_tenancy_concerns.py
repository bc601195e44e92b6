"""Two alliances on one install, the concerns desk (issue 23, "Isolation"): the same topic
name, the same reference code and the same office in Musterstadt and Beispieldorf. Each
host shows, looks up and reports its own alliance's concerns only; the daily interim
notice run inside Beispieldorf mails Beispieldorf's families with links to its host."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Concern, ConcernSettings, Message, Topic
from familienrathaus.concerns.services import reminders
from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories.concerns import (
    AnswerTemplateFactory,
    ConcernFactory,
    MessageFactory,
    OfficeFactory,
)

# Each test starts with an empty cache (no rate limit or cached page of another).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A, B = "Musterstadt-only", "Beispieldorf-only"
REFERENCE = "ABCD-EFGH"
B_HOST = "http://beispieldorf.localhost:8000"


def _desk(word: str, email: str) -> dict[str, Any]:
    ConcernSettings.objects.update(emergency_text=f"{word} Notruf: 110")
    topic = Topic.objects.create(name="Spielplätze", position=1)
    Topic.objects.create(name=f"{word} Thema", position=2)
    concern = ConcernFactory(
        reference=REFERENCE,
        topic=topic,
        text=f"{word} Anliegen zur Krabbelgruppe",
        email="familie@example.org",
        first_answer_due=dt.date(2026, 4, 20),
    )
    MessageFactory(concern=concern, text=f"{word} Antwort an die Familie")
    office = OfficeFactory(name=f"{word} Jugendamt", email="jugendamt@example.org")
    template = AnswerTemplateFactory(
        title=f"{word} Vorlage", interim=True, text=f"{word} Zwischenbescheid"
    )
    return {
        "concern": concern,
        "office": office,
        "template": template,
        "topic": topic,
        "coordinator": coordinator_with_totp(email),
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = _desk(A, "koordination-a@example.org")
    with tenancy.activate(second_alliance):
        b = _desk(B, "koordination-b@example.org")
    return {"a": a, "b": b, "second": second_alliance}


def _pages(client: Client, paths: list[str]) -> str:
    text = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        text += response.content.decode()
    return text


def _public(token: str) -> list[str]:
    return [
        "/anliegen/",
        f"/anliegen/status/{token}/",
        "/api/v1/concerns/topics",
        f"/api/v1/concerns/status/{token}",
    ]


def test_the_form_status_page_and_api_show_the_hosts_alliance_only(
    both: dict[str, Any], anon_client: Client
) -> None:
    a, b = both["a"]["concern"], both["b"]["concern"]
    mine = _pages(anon_client, _public(a.tracking_token))
    assert f"{A} Notruf" in mine
    assert f"{A} Thema" in mine
    assert f"{A} Antwort" in mine
    assert B not in mine
    client = alliance_client(both["second"])
    theirs = _pages(client, _public(b.tracking_token))
    assert f"{B} Notruf" in theirs
    assert f"{B} Thema" in theirs
    assert f"{B} Antwort" in theirs
    assert A not in theirs
    # A family's status link belongs to its alliance's host only.
    assert client.get(f"/anliegen/status/{a.tracking_token}/").status_code == 404
    assert client.get(f"/api/v1/concerns/status/{a.tracking_token}").status_code == 404
    assert anon_client.get(f"/anliegen/status/{b.tracking_token}/").status_code == 404


def test_the_same_reference_code_finds_the_hosts_own_concern(
    both: dict[str, Any], anon_client: Client
) -> None:
    a, b = both["a"]["concern"], both["b"]["concern"]
    response = anon_client.post("/anliegen/status/", {"reference": REFERENCE.lower()})
    assert response.status_code == 302
    assert a.tracking_token in response["Location"]
    response = alliance_client(both["second"]).post("/anliegen/status/", {"reference": REFERENCE})
    assert response.status_code == 302
    assert b.tracking_token in response["Location"]


def test_coordinator_of_b_sees_b_only_and_a_s_addresses_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"], b["coordinator"])
    back_office = [
        "/verwaltung/anliegen/",
        f"/verwaltung/anliegen/{b['concern'].pk}/",
        "/verwaltung/anliegen/themen/",
        "/verwaltung/anliegen/aemter/",
        "/verwaltung/anliegen/vorlagen/",
        "/verwaltung/anliegen/einstellungen/",
        "/verwaltung/anliegen/berichte/",
        "/verwaltung/anliegen/berichte/?format=csv",
    ]
    html = _pages(client, back_office)
    assert f"{B} Anliegen" in html
    assert f"{B} Jugendamt" in html
    assert f"{B} Vorlage" in html
    assert f"{B} Thema" in html
    assert A not in html
    for path in [
        f"/verwaltung/anliegen/{a['concern'].pk}/",
        f"/verwaltung/anliegen/aemter/{a['office'].pk}/",
        f"/verwaltung/anliegen/vorlagen/{a['template'].pk}/",
        f"/verwaltung/anliegen/themen/{a['topic'].pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/verwaltung/anliegen/{a['concern'].pk}/notiz/", {"text": "Notiz"})
    assert response.status_code == 404
    assert not Message.objects.filter(concern=a["concern"], text="Notiz").exists()
    # A's coordinator on A's host: A's rows.
    own = _pages(
        english_client(a["coordinator"]),
        ["/verwaltung/anliegen/", f"/verwaltung/anliegen/{a['concern'].pk}/", *back_office[2:5]],
    )
    assert f"{A} Anliegen" in own
    assert B not in own


def test_the_daily_interim_notice_in_b_mails_b_s_family_with_links_to_b(
    both: dict[str, Any], second_alliance: tenancy.Alliance
) -> None:
    a, b = both["a"]["concern"], both["b"]["concern"]
    with tenancy.activate(second_alliance):
        assert reminders.send_interim_notices(today=dt.date(2026, 4, 21)) == 1
        mail = OutboxMessage.objects.get(purpose="concerns.update")
        b.refresh_from_db()
        assert b.interim_notice_sent_on == dt.date(2026, 4, 21)
    assert f"{B} Zwischenbescheid" in mail.body_text
    assert f"{B_HOST}/" in mail.body_text
    assert b.tracking_token in mail.body_text
    assert A not in mail.body_text
    assert "127.0.0.1" not in mail.body_text
    # A's concern is untouched by B's run.
    assert not OutboxMessage.objects.filter(purpose="concerns.update").exists()
    assert Concern.objects.get(pk=a.pk).interim_notice_sent_on is None
