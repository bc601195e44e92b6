"""Two alliances on one install: the calendar, the map and the search (issue 23, "Isolation").

Musterstadt (the first alliance, on ``testserver``) and Beispieldorf (on
``beispieldorf.localhost``) each have an event with the SAME address (``elternabend``),
a place with the same address (``zentrum``) of the same kind, a district ``nord`` and
an active Notinsel; every title of Musterstadt's says "Musterstadt-only", every title
of Beispieldorf's "Beispieldorf-only". Every public page, feed (iCal, RSS, Atom,
GeoJSON), PDF and API endpoint of the events and places apps on each host shows that
alliance's rows and never the other's; the other alliance's object numbers answer 404.
A coordinator's back office is their alliance's. The yearly Notinsel check and the
registration mail run inside Beispieldorf touch only its rows and link to its host. The
full-text search finds, ranks and caches per alliance.
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from familienrathaus.core import tenancy
from familienrathaus.core.models import District, OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.events import services as event_services
from familienrathaus.events.models import Event, Registration
from familienrathaus.places import services as place_services
from familienrathaus.places.models import Notinsel, Place, PlaceKind
from familienrathaus.search import engine, facets
from tests.conftest import alliance_client, english_client
from tests.factories import TOTP_SECRET, NotinselFactory, PlaceFactory, UserFactory, first_date
from tests.factories.core import at

pytestmark = pytest.mark.django_db

A = "Musterstadt-only"
B = "Beispieldorf-only"
# A link to Beispieldorf's host (with the development port and a language, if any).
B_LINK = re.compile(r"http://beispieldorf\.localhost(?::\d+)?(/[^\s<>\"]*)")
KIND = "test.thing"  # a kind of search entry of this test's own


@pytest.fixture(autouse=True)
def _no_rate_limit(settings: Any) -> None:
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0


def build(word: str, prefix: str) -> dict[str, Any]:
    """One alliance's calendar and map (call inside the alliance)."""
    district = District.objects.create(name=f"{word} Nord", slug="nord")
    kind = PlaceKind.objects.get(slug="familienzentrum")  # seeded for every alliance
    place = PlaceFactory(
        name=f"{word} Familienzentrum", slug="zentrum", kinds=[kind], district=district
    )
    notinsel = NotinselFactory(
        business_name=f"{word} Bäckerei",
        contact_email=f"baeckerei-{prefix}@example.org",
        status=Notinsel.Status.ACTIVE,
        last_confirmed_at=timezone.now() - timedelta(days=400),
    )
    day = timezone.localdate() + timedelta(days=7)
    event = event_services.create_event(
        actor=None,
        organisation=None,
        slug="elternabend",
        status=Event.Status.PUBLISHED,
        values={
            "title": f"{word} Elternabend",
            "summary": f"{word} Abend",
            "start": at(day, 18),
            "end": at(day, 20),
            "venue_name": "Familienzentrum",
            "street": "Lindenallee 8",
            "postcode": "12345",
            "city": "Musterstadt",
            "latitude": Decimal("51.4"),
            "longitude": Decimal("7.2"),
            "registration_required": True,
            "capacity": 10,
        },
    )
    coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination-{prefix}@example.org")
    TOTP.activate(coordinator, TOTP_SECRET)
    return {
        "district": district,
        "kind": kind,
        "place": place,
        "notinsel": notinsel,
        "event": event,
        "occurrence": first_date(event),
        "coordinator": coordinator,
        "token": create_api_token(user=coordinator, name="test")[1],
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = build(A, "a")
    with tenancy.activate(second_alliance):
        b = build(B, "b")
    return {"a": a, "b": b, "second": second_alliance}


def hosts(both: dict[str, Any], user_key: str | None = None) -> dict[str, tuple[Client, str, str]]:
    """Per alliance: a client on its host (logged in as its ``user_key``), its own word
    and the other's."""
    return {
        "a": (english_client(both["a"][user_key] if user_key else None), A, B),
        "b": (alliance_client(both["second"], both["b"][user_key] if user_key else None), B, A),
    }


def text(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    if response["Content-Type"].startswith("application/pdf"):
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
    return response.content.decode(errors="replace")


PUBLIC = [
    "/veranstaltungen/",
    "/veranstaltungen/elternabend/",
    "/veranstaltungen/elternabend/kalender.ics",
    "/veranstaltungen/ical/",
    "/veranstaltungen/rss/",
    "/veranstaltungen/atom/",
    "/karte/?ansicht=liste",
    "/karte/orte.geojson",
    "/karte/arten/familienzentrum.geojson",
    "/karte/orte.geojson?ortsteil=nord",
    "/karte/ebenen/veranstaltungen.geojson",
    "/karte/orte/zentrum/",
    "/karte/ortsteile/nord.pdf",
    "/api/v1/events/",
    "/api/v1/places/",
]


def test_every_public_page_feed_and_download_shows_only_the_host_s_alliance(
    both: dict[str, Any],
) -> None:
    for _round in range(2):  # the second round is served from the caches
        for key, (client, own, other) in hosts(both).items():
            for url in PUBLIC:
                response = client.get(url)
                assert response.status_code == 200, f"{key} {url}"
                body = text(response)
                assert own in body, f"{key} {url}"
                assert other not in body, f"{key} {url} shows the other alliance's row"
            occurrence = both[key]["occurrence"]
            body = text(client.get(occurrence.get_absolute_url()))
            assert own in body and other not in body, key


def test_feeds_link_to_the_alliance_s_own_host(both: dict[str, Any]) -> None:
    feeds = ["/veranstaltungen/ical/", "/veranstaltungen/rss/", "/veranstaltungen/atom/"]
    a_site = tenancy.site_url()
    for url in [*feeds, "/veranstaltungen/elternabend/kalender.ics"]:
        a_body = text(english_client().get(url))
        b_body = text(alliance_client(both["second"]).get(url))
        b_links = B_LINK.findall(b_body)
        assert any("/veranstaltungen/elternabend/" in link for link in b_links), url
        assert a_site not in b_body, url
        assert "beispieldorf" not in a_body, url
        assert "/veranstaltungen/elternabend/" in a_body, url


def test_the_other_alliance_s_object_numbers_answer_404(both: dict[str, Any]) -> None:
    for key, (client, _own, other) in hosts(both, "coordinator").items():
        foreign = both["b" if key == "a" else "a"]
        occurrence = foreign["occurrence"]
        urls = [
            f"/veranstaltungen/elternabend/termin/{occurrence.pk}/",
            f"/veranstaltungen/elternabend/termin/{occurrence.pk}/kalender.ics",
            reverse("events:manage", args=[foreign["event"].pk]),
            reverse("events:edit", args=[foreign["event"].pk]),
            reverse("events:occurrence_edit", args=[occurrence.pk]),
            reverse("events:participants", args=[occurrence.pk]),
            reverse("places:backoffice_edit", args=[foreign["place"].pk]),
            reverse("places:kind_edit", args=[foreign["kind"].pk]),
            reverse("places:notinsel_manage", args=[foreign["notinsel"].pk]),
            reverse("places:notinsel_sticker", args=[foreign["notinsel"].pk]),
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, f"{key} {url}"
            assert other not in text(response), f"{key} {url}"
        response = client.post(reverse("places:backoffice_delete", args=[foreign["place"].pk]))
        assert response.status_code == 404, key
    with tenancy.unscoped():
        assert Place.objects.filter(slug="zentrum").count() == 2


def test_the_back_office_of_b_s_coordinator_lists_b_s_rows_only(both: dict[str, Any]) -> None:
    for key, (client, own, other) in hosts(both, "coordinator").items():
        for name in ("events:backoffice_list", "places:backoffice_list", "places:notinseln"):
            response = client.get(reverse(name))
            assert response.status_code == 200, f"{key} {name}"
            assert own in text(response), f"{key} {name}"
            assert other not in text(response), f"{key} {name}"
        for name, pk in (
            ("events:manage", both[key]["event"].pk),
            ("places:backoffice_edit", both[key]["place"].pk),
            ("places:notinsel_manage", both[key]["notinsel"].pk),
        ):
            response = client.get(reverse(name, args=[pk]))
            assert response.status_code == 200, f"{key} {name}"
            assert own in text(response) and other not in text(response), f"{key} {name}"
        sticker = client.get(reverse("places:notinsel_sticker", args=[both[key]["notinsel"].pk]))
        assert sticker.status_code == 200, key


def test_the_api_shows_each_alliance_its_own_rows(both: dict[str, Any]) -> None:
    for key, (client, own, other) in hosts(both).items():
        auth = {"authorization": f"Bearer {both[key]['token']}"}
        mine = client.get("/api/v1/events/mine", headers=auth)
        assert mine.status_code == 200, key
        assert [e["slug"] for e in mine.json()] == ["elternabend"], key
        assert own in mine.content.decode() and other not in mine.content.decode(), key
        kinds = client.get("/api/v1/places/kinds").json()
        assert sorted(k["slug"] for k in kinds).count("familienzentrum") == 1, key
        foreign = both["b" if key == "a" else "a"]["occurrence"]
        theirs = client.get(f"/api/v1/events/dates/{foreign.pk}/participants", headers=auth)
        assert theirs.status_code == 404, key
        other_token = {"authorization": f"Bearer {both['b' if key == 'a' else 'a']['token']}"}
        assert client.get("/api/v1/events/mine", headers=other_token).status_code == 401, key


def test_a_new_alliance_starts_with_the_usual_kinds_of_places(both: dict[str, Any]) -> None:
    first = set(PlaceKind.objects.values_list("slug", "name"))
    with tenancy.activate(both["second"]):
        assert set(PlaceKind.objects.values_list("slug", "name")) == first
    assert len(first) == 8


def test_registration_in_b_mails_links_to_b_s_host(both: dict[str, Any]) -> None:
    client = alliance_client(both["second"])
    occurrence = both["b"]["occurrence"]
    response = client.post(
        f"/veranstaltungen/elternabend/termin/{occurrence.pk}/anmelden/",
        {"name": "Anna", "email": "anna@example.org", "adults": 1, "children": 0, "message": ""},
    )
    assert response.status_code == 302
    assert not Registration.objects.exists()  # nothing in Musterstadt
    foreign = both["a"]["occurrence"]
    refused = client.post(
        f"/veranstaltungen/elternabend/termin/{foreign.pk}/anmelden/",
        {"name": "Ben", "email": "ben@example.org", "adults": 1, "children": 0, "message": ""},
    )
    assert refused.status_code == 404
    with tenancy.activate(both["second"]):
        assert Registration.objects.get().occurrence == occurrence
        [message] = OutboxMessage.objects.filter(to=["anna@example.org"])
    assert any("/veranstaltungen/abmelden/" in link for link in B_LINK.findall(message.body_text))
    assert tenancy.site_url() not in message.body_text


def test_the_yearly_notinsel_check_inside_b_touches_b_only(both: dict[str, Any]) -> None:
    with tenancy.activate(both["second"]):
        assert place_services.send_due_checks() == 1
        [mail] = OutboxMessage.objects.filter(purpose="places.notinsel_check")
        b_notinsel = Notinsel.objects.get()
    assert mail.to == ["baeckerei-b@example.org"]
    [link] = [link for link in B_LINK.findall(mail.body_text) if "/notinseln/pruefen/" in link]
    assert tenancy.site_url() not in mail.body_text
    assert b_notinsel.check_sent_at is not None
    assert not OutboxMessage.objects.filter(purpose="places.notinsel_check").exists()
    assert Notinsel.objects.get().check_sent_at is None
    # The link from B's mail is unknown on A's host.
    assert english_client().get(link).status_code == 404
    assert alliance_client(both["second"]).get(link).status_code == 200


def test_changing_a_place_in_b_renews_b_s_map_only(
    both: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    a_client, b_client = english_client(), alliance_client(both["second"])
    assert A in text(a_client.get("/karte/orte.geojson"))  # both documents are cached now
    assert B in text(b_client.get("/karte/orte.geojson"))
    callbacks_run_outside_b = django_capture_on_commit_callbacks(execute=True)
    with callbacks_run_outside_b as callbacks, tenancy.activate(both["second"]):
        place = Place.objects.get()
        place.name = f"{B} Treffpunkt"
        place.save()
    # The commit comes after B's block has ended: still B's document is renewed.
    assert callbacks
    assert f"{B} Treffpunkt" in text(b_client.get("/karte/orte.geojson"))
    assert "Treffpunkt" not in text(a_client.get("/karte/orte.geojson"))


# --------------------------------------------------------------------------- search


def put(object_id: int, title: str, body: str = "") -> None:
    engine.put(KIND, engine.Document(object_id=object_id, title=title, body=body))


def found(text_: str) -> list[int]:
    matches = engine.search(KIND, text_)
    assert matches is not None
    assert matches.order is not None
    return list(matches.order)


def test_the_search_finds_the_active_alliance_s_entries_only(both: dict[str, Any]) -> None:
    put(1, f"{A} Familienwegweiser", "Beratung zum Stillen")
    put(2, f"{A} Krabbelgruppe")
    assert found("wegweis") == [1]  # cached for Musterstadt now
    with tenancy.activate(both["second"]):
        assert found("wegweis") == []
        assert found("Stillberatung") == []  # A's words do not split B's query
        assert engine.parse(["stillberatung"])[0].splits == ()
        put(3, f"{B} Familienwegweiser", "Beratung zum Stillen")
        assert found("wegweis") == [3]
        assert found("Familienwegweiser") == [3]
        assert found("Stillberatung") == [3]
        assert engine.search(KIND, "Krabbelgruppe") is not None
        assert found("Krabbelgruppe") == []
        # Rebuilding B's index leaves A's alone.
        assert engine.rebuild(KIND, [engine.Document(object_id=4, title=f"{B} Spielplatz")]) == 1
        assert found("wegweis") == []
        assert found("Spielplatz") == [4]
        b_token = facets.current_token(KIND)
    assert found("wegweis") == [1]
    assert found("Stillberatung") == [1]
    assert found("Spielplatz") == []
    assert facets.current_token(KIND) != b_token
    engine.remove(KIND, [4])  # B's object number: nothing of A's goes
    with tenancy.activate(both["second"]):
        assert found("Spielplatz") == [4]


def test_the_facet_bitsets_are_built_per_alliance(both: dict[str, Any]) -> None:
    put(1, f"{A} eins")
    with tenancy.activate(both["second"]):
        put(2, f"{B} zwei")

    def build() -> facets.FacetIndex:
        return facets.FacetIndex(
            everything=facets.bits(
                engine.SearchEntry.objects.filter(kind=KIND).values_list("object_id", flat=True)
            )
        )

    assert facets.take([1, 2], facets.facet_index(KIND, build).everything) == [1]
    with tenancy.activate(both["second"]):
        assert facets.take([1, 2], facets.facet_index(KIND, build).everything) == [2]
    assert facets.take([1, 2], facets.facet_index(KIND, build).everything) == [1]


def test_both_alliances_may_import_the_same_calendar_event(both: dict[str, Any]) -> None:
    """An imported event keeps its calendar's UID; two alliances may import the same."""
    values = {
        "title": "Kreisfamilientag",
        "start": both["a"]["event"].start,
        "end": both["a"]["event"].end,
    }
    a_event = event_services.create_event(
        actor=None, organisation=None, values=values, uid="tag-1@kreis.example"
    )
    with tenancy.activate(both["second"]):
        b_event = event_services.create_event(
            actor=None, organisation=None, values=values, uid="tag-1@kreis.example"
        )
        assert Event.objects.get(uid="tag-1@kreis.example") == b_event
    assert Event.objects.get(uid="tag-1@kreis.example") == a_event
    assert a_event.slug == b_event.slug == "kreisfamilientag"
