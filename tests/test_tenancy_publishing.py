"""Two alliances on one install, ideas, news and QR postcards (issue 23, "Isolation"): the
same news slug, category, brochure title and postcard code in Musterstadt and
Beispieldorf. Each host lists, shows, feeds, exports and serves its own alliance's rows
only, and a card printed in Beispieldorf points to Beispieldorf's host."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.ideas.models import Idea
from familienrathaus.news.models import Publication
from familienrathaus.postcards.models import PostcardScan
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories.documents import pdf_upload
from tests.factories.ideas import CommentFactory, IdeaFactory, ProgressNoteFactory
from tests.factories.news import CategoryFactory, NewsPostFactory
from tests.factories.postcards import PostcardFactory

# Each test starts with an empty cache (no rate limit or cached page of another).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A, B = "Musterstadt-only", "Beispieldorf-only"
B_HOST = "http://beispieldorf.localhost:8000"
TARGET = {A: "/angebote/", B: "/ideen/"}


def _rows(word: str, email: str) -> dict[str, Any]:
    idea = IdeaFactory(title=f"{word} Idee für Bänke", text=f"{word} Bänke am Spielplatz")
    CommentFactory(idea=idea, text=f"{word} Kommentar")
    ProgressNoteFactory(idea=idea, text=f"{word} Fortschritt")
    category = CategoryFactory(name="Familie", slug="familie")
    post = NewsPostFactory(title=f"{word} Sommerfest", slug="sommerfest", summary=f"{word} Fest")
    post.categories.set([category])
    publication = Publication.objects.create(
        title=f"{word} Ratgeber", file=pdf_upload("ratgeber.pdf", 2048), size_bytes=2048
    )
    postcard = PostcardFactory(code="familie", headline=f"{word} Karte", target_path=TARGET[word])
    return {
        "idea": idea,
        "post": post,
        "publication": publication,
        "postcard": postcard,
        "coordinator": coordinator_with_totp(email),
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = _rows(A, "koordination-a@example.org")
    with tenancy.activate(second_alliance):
        b = _rows(B, "koordination-b@example.org")
    return {"a": a, "b": b, "second": second_alliance}


def _pages(client: Client, paths: list[str]) -> str:
    text = ""
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if response.streaming:
            text += b"".join(response.streaming_content).decode(errors="replace")
        else:
            text += response.content.decode(errors="replace")
    return text


def _public(rows: dict[str, Any]) -> list[str]:
    return [
        "/ideen/",
        f"/ideen/{rows['idea'].pk}/",
        "/api/v1/ideas/",
        f"/api/v1/ideas/{rows['idea'].pk}",
        "/aktuelles/",
        "/aktuelles/?kategorie=familie",
        "/aktuelles/feed/",
        "/aktuelles/sommerfest/",
        "/broschueren/",
        "/api/v1/news/",
        "/api/v1/news/publications",
    ]


def test_public_pages_feeds_and_api_show_the_hosts_alliance_only(
    both: dict[str, Any], anon_client: Client
) -> None:
    a, b = both["a"], both["b"]
    mine = _pages(anon_client, _public(a))
    theirs = _pages(alliance_client(both["second"]), _public(b))
    for word, html, other in [(A, mine, B), (B, theirs, A)]:
        assert f"{word} Idee für Bänke" in html
        assert f"{word} Kommentar" in html
        assert f"{word} Fortschritt" in html
        assert f"{word} Sommerfest" in html
        assert f"{word} Ratgeber" in html
        assert other not in html
    # Links in B's feed and API go to B's host.
    assert f"{B_HOST}/" in theirs
    assert "127.0.0.1" not in theirs


def test_files_and_cards_of_the_other_alliance_are_not_found(
    both: dict[str, Any], anon_client: Client
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"])
    for own, other, web in [(b, a, client), (a, b, anon_client)]:
        download = web.get(f"/broschueren/{own['publication'].pk}/datei.pdf")
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF-")
        assert web.get(f"/teilen/news/{own['post'].pk}.png").status_code == 200
        for path in [
            f"/broschueren/{other['publication'].pk}/datei.pdf",
            f"/teilen/news/{other['post'].pk}.png",
            f"/ideen/{other['idea'].pk}/",
            f"/api/v1/ideas/{other['idea'].pk}",
        ]:
            assert web.get(path).status_code == 404, path
    assert client.get("/aktuelles/sommerfest/karte.png")["Content-Type"] == "image/png"


def test_the_same_postcard_code_leads_to_the_hosts_own_page_and_counts_there(
    both: dict[str, Any], anon_client: Client, second_alliance: tenancy.Alliance
) -> None:
    assert anon_client.get("/k/familie")["Location"] == TARGET[A]
    response = alliance_client(second_alliance).get("/k/familie")
    assert response["Location"] == TARGET[B]
    assert PostcardScan.objects.get().postcard == both["a"]["postcard"]
    with tenancy.activate(second_alliance):
        assert PostcardScan.objects.get().postcard == both["b"]["postcard"]
        assert both["b"]["postcard"].short_url == f"{B_HOST}/k/familie"
    assert both["a"]["postcard"].short_url.endswith("/k/familie")
    assert not both["a"]["postcard"].short_url.startswith(B_HOST)


def test_coordinator_of_b_sees_b_only_and_a_s_addresses_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"], b["coordinator"])
    back_office = [
        "/verwaltung/ideen/",
        "/verwaltung/ideen/?format=csv",
        f"/verwaltung/ideen/{b['idea'].pk}/",
        "/verwaltung/neuigkeiten/",
        f"/verwaltung/neuigkeiten/{b['post'].pk}/",
        "/verwaltung/neuigkeiten/broschueren/",
        "/verwaltung/postkarten/",
        f"/verwaltung/postkarten/{b['postcard'].pk}/",
    ]
    html = _pages(client, back_office)
    assert f"{B} Idee für Bänke" in html
    assert f"{B} Sommerfest" in html
    assert f"{B} Ratgeber" in html
    assert f"{B} Karte" in html
    assert A not in html
    pdf = client.get(f"/verwaltung/postkarten/{b['postcard'].pk}/postkarte.pdf")
    assert pdf.status_code == 200
    for path in [
        f"/verwaltung/ideen/{a['idea'].pk}/",
        f"/verwaltung/neuigkeiten/{a['post'].pk}/",
        f"/verwaltung/postkarten/{a['postcard'].pk}/",
        f"/verwaltung/postkarten/{a['postcard'].pk}/bearbeiten/",
        f"/verwaltung/postkarten/{a['postcard'].pk}/postkarte.pdf",
        f"/verwaltung/neuigkeiten/social-media/news/{a['post'].pk}.png",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/verwaltung/neuigkeiten/broschueren/{a['publication'].pk}/loeschen/")
    assert response.status_code == 404
    assert Publication.objects.filter(pk=a["publication"].pk).exists()
    assert Idea.objects.filter(pk=a["idea"].pk).exists()
    # A's coordinator on A's host: A's rows.
    own = _pages(english_client(a["coordinator"]), back_office[:1] + back_office[3:4])
    assert f"{A} Idee für Bänke" in own
    assert f"{A} Sommerfest" in own
    assert B not in own


def test_a_stage_set_in_b_mails_b_s_author_with_a_link_to_b(
    both: dict[str, Any], second_alliance: tenancy.Alliance
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(second_alliance, b["coordinator"])
    response = client.post(
        f"/verwaltung/ideen/{b['idea'].pk}/phase/",
        {"stage": "planned", "reason": "Der Rat berät im Mai."},
    )
    assert response.status_code == 302
    # A's idea cannot be staged from B's host.
    response = client.post(
        f"/verwaltung/ideen/{a['idea'].pk}/phase/", {"stage": "planned", "reason": "Nein."}
    )
    assert response.status_code == 404
    assert Idea.objects.get(pk=a["idea"].pk).stage == "new"
    assert not OutboxMessage.objects.filter(purpose="ideas.stage").exists()
    with tenancy.activate(second_alliance):
        mail = OutboxMessage.objects.get(purpose="ideas.stage")
    assert mail.to == [b["idea"].created_by.email]
    assert f"{B_HOST}/" in mail.body_text
    assert f"/ideen/{b['idea'].pk}/" in mail.body_text
    assert "127.0.0.1" not in mail.body_text
