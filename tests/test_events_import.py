"""Importing a partner's calendar (iCal URL or file): deduplicated by UID, changes and
cancellations carried over, nightly runs; fetching refuses private addresses."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from datetime import date, datetime, time
from http.server import BaseHTTPRequestHandler, HTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from familienrathaus.core.models import OutboxMessage
from familienrathaus.events import importer
from familienrathaus.events.models import Event, ICalSource
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def ics(*events: str) -> bytes:
    body = "\r\n".join(
        ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//Kalender//DE", *events, "END:VCALENDAR"]
    )
    return (body + "\r\n").encode()


def vevent(uid: str, summary: str, start: str = "20270310T170000", *extra: str) -> str:
    return "\r\n".join(
        [
            "BEGIN:VEVENT",
            f"UID:{uid}",
            "DTSTAMP:20261101T100000Z",
            f"DTSTART;TZID=Europe/Berlin:{start}",
            f"DTEND;TZID=Europe/Berlin:{start[:9]}190000",
            f"SUMMARY:{summary}",
            "LOCATION:Vereinsheim",
            *extra,
            "END:VEVENT",
        ]
    )


def upload(client, data: bytes, organisation):  # type: ignore[no-untyped-def]
    return client.post(
        "/verwaltung/veranstaltungen/import/",
        {
            "organisation": organisation.pk,
            "file": SimpleUploadedFile("kalender.ics", data, "text/calendar"),
        },
    )


def test_import_a_file_twice_changes_and_cancels(partner_client, organisation, coordinator):
    first = ics(vevent("a@verein", "Sommerfest"), vevent("b@verein", "Laternenumzug"))
    response = upload(partner_client, first, organisation)
    assert response.status_code == 302
    assert set(Event.objects.values_list("uid", "title", "organisation")) == {
        ("a@verein", "Sommerfest", organisation.pk),
        ("b@verein", "Laternenumzug", organisation.pk),
    }
    # Untrusted partner: imported events wait for review, and the coordinators hear so.
    assert set(Event.objects.values_list("status", flat=True)) == {"submitted"}
    [notice] = OutboxMessage.objects.filter(purpose="event.import_submitted")
    assert notice.to == [coordinator.email]
    assert notice.subject == "2 importierte Veranstaltungen warten auf Prüfung"  # their language

    second = ics(
        vevent("a@verein", "Sommerfest im Park", "20270311T170000"),
        vevent("b@verein", "Laternenumzug", "20270310T170000", "STATUS:CANCELLED"),
    )
    upload(partner_client, second, organisation)
    assert Event.objects.count() == 2  # no duplicates
    a = Event.objects.get(uid="a@verein")
    assert a.title == "Sommerfest im Park"
    assert a.start.astimezone(BERLIN) == datetime(2027, 3, 11, 17, tzinfo=BERLIN)
    assert a.occurrences.get().start == a.start
    assert Event.objects.get(uid="b@verein").event_status == "cancelled"


def test_recurring_event_with_exdate_and_override_is_imported(coordinator_client):
    data = ics(
        vevent(
            "serie@verein",
            "Training",
            "20270105T170000",
            "RRULE:FREQ=WEEKLY;COUNT=4",
            "EXDATE;TZID=Europe/Berlin:20270112T170000",
        ),
        "\r\n".join(
            [
                "BEGIN:VEVENT",
                "UID:serie@verein",
                "DTSTAMP:20261101T100000Z",
                "RECURRENCE-ID;TZID=Europe/Berlin:20270119T170000",
                "DTSTART;TZID=Europe/Berlin:20270120T180000",
                "DTEND;TZID=Europe/Berlin:20270120T200000",
                "SUMMARY:Training (verlegt)",
                "END:VEVENT",
            ]
        ),
    )
    response = coordinator_client.post(
        "/verwaltung/veranstaltungen/import/",
        {"file": SimpleUploadedFile("k.ics", data, "text/calendar")},
    )
    assert response.status_code == 302
    event = Event.objects.get(uid="serie@verein")
    assert event.status == "published"  # coordinators' imports are published at once
    dates = {
        o.original_start.astimezone(BERLIN).date(): o for o in event.occurrences.order_by("start")
    }
    assert len(dates) == 4
    assert dates[date(2027, 1, 12)].date_status == "cancelled"
    moved = dates[date(2027, 1, 19)]
    assert moved.start.astimezone(BERLIN).time() == time(18, 0)
    assert moved.title == "Training (verlegt)"


def test_a_broken_file_imports_nothing(partner_client, organisation):
    response = upload(partner_client, b"das ist kein Kalender", organisation)
    assert response.status_code == 200
    assert "not a valid iCalendar file" in response.content.decode()
    assert Event.objects.count() == 0


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.org/kalender.ics",
        "http://127.0.0.1:8000/kalender.ics",
        "http://localhost/kalender.ics",
        "http://10.0.0.5/kalender.ics",
        "http://192.168.1.1/kalender.ics",
        "http://[::1]/kalender.ics",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_fetching_refuses_private_and_non_http_addresses(url):
    with pytest.raises(importer.ImportFailed):
        importer.check_url(url)


class _Calendar(BaseHTTPRequestHandler):
    body = b""
    redirect = ""
    hosts: list[str] = []

    def do_GET(self) -> None:
        type(self).hosts.append(self.headers.get("Host", ""))
        if self.redirect:
            self.send_response(302)
            self.send_header("Location", self.redirect)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def calendar_server() -> Iterator[tuple[str, type[_Calendar]]]:
    handler = type("Handler", (_Calendar,), {"hosts": []})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/kalender.ics", handler
    server.shutdown()


def test_url_import_nightly_and_cancellation_of_vanished_events(
    partner_client, organisation, calendar_server, settings
):
    settings.EVENTS_ICAL_ALLOW_PRIVATE = True  # the test server runs on loopback
    url, handler = calendar_server
    handler.body = ics(vevent("x@verein", "Flohmarkt"), vevent("y@verein", "Basar"))
    response = partner_client.post(
        "/verwaltung/veranstaltungen/import/",
        {"organisation": organisation.pk, "url": url, "nightly": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    source = ICalSource.objects.get()
    assert Event.objects.filter(import_source=source).count() == 2
    task = DBTaskResult.objects.get(task_path__endswith="run_ical_import")
    assert task.run_after == source.next_run_at
    assert task.run_after.astimezone(BERLIN).hour == 3

    # The next night: "Basar" is gone from the calendar, so it is cancelled here.
    handler.body = ics(vevent("x@verein", "Flohmarkt"))
    result = importer.run_scheduled(source.pk, source.next_run_at.isoformat())
    assert "1 abgesagt" in result  # the nightly run reports in the site's language
    assert Event.objects.get(uid="y@verein").event_status == "cancelled"
    assert DBTaskResult.objects.filter(task_path__endswith="run_ical_import").count() == 2
    # A stale task (superseded by the new schedule) does nothing.
    assert importer.run_scheduled(source.pk, "2000-01-01T03:00:00+01:00") == "superseded"


def test_redirect_to_a_private_address_is_refused(calendar_server, settings, monkeypatch):
    url, handler = calendar_server
    handler.redirect = "http://10.1.2.3/intern.ics"
    checked: list[str] = []
    original = importer.check_url

    def check(target: str) -> None:
        checked.append(target)
        if target == url:
            return  # let the first hop through (it is our loopback test server)
        original(target)

    monkeypatch.setattr(importer, "check_url", check)
    original_addresses = importer._public_addresses

    def addresses(host: str, port: int):  # type: ignore[no-untyped-def]
        if host == "127.0.0.1":  # the connection to the test server, too
            return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return original_addresses(host, port)

    monkeypatch.setattr(importer, "_public_addresses", addresses)
    with pytest.raises(importer.ImportFailed):
        importer.fetch(url)
    assert checked == [url, "http://10.1.2.3/intern.ics"]


def test_size_limit(calendar_server, settings, monkeypatch):
    settings.EVENTS_ICAL_ALLOW_PRIVATE = True
    url, handler = calendar_server
    monkeypatch.setattr(importer, "MAX_BYTES", 100)
    handler.body = ics(vevent("big@verein", "x" * 300))
    with pytest.raises(importer.ImportFailed, match="größer als"):
        importer.fetch(url)


def test_partners_see_only_their_own_imports(partner_client, client_for, organisation):

    other = OrganisationFactory(name="Anderer Verein", slug="anderer-verein")
    ICalSource.objects.create(organisation=other, url="https://anderer.example.org/k.ics")
    mine = ICalSource.objects.create(
        organisation=organisation, url="https://mein.example.org/k.ics"
    )
    page = partner_client.get("/verwaltung/veranstaltungen/import/").content.decode()
    assert "mein.example.org" in page and "anderer.example.org" not in page
    foreign = ICalSource.objects.get(organisation=other)
    assert (
        partner_client.post(f"/verwaltung/veranstaltungen/import/{foreign.pk}/stoppen/").status_code
        == 404
    )
    assert (
        partner_client.post(f"/verwaltung/veranstaltungen/import/{mine.pk}/stoppen/").status_code
        == 302
    )


def _rebinding_dns(monkeypatch, name: str, answers: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """``name`` resolves to the next of ``answers`` on each lookup (the last one stays)."""
    real = socket.getaddrinfo
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):  # type: ignore[no-untyped-def]
        if host != name:
            return real(host, port, *args, **kwargs)
        address = answers[min(len(asked), len(answers) - 1)]
        asked.append(address)
        return real(address, port, type=socket.SOCK_STREAM)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def test_dns_rebinding_between_check_and_fetch_is_refused(calendar_server, monkeypatch):
    """The name is public when checked and points to loopback a moment later: the
    fetch must not reach the internal server."""
    url, handler = calendar_server
    port = url.split(":")[2].split("/")[0]
    handler.body = ics(vevent("geheim@intern", "Interne Daten"))
    asked = _rebinding_dns(monkeypatch, "kalender.example.org", ["93.184.216.34", "127.0.0.1"])
    with pytest.raises(importer.ImportFailed, match="privates Netz"):
        importer.fetch(f"http://kalender.example.org:{port}/kalender.ics")
    assert handler.hosts == []  # nothing reached the internal server
    assert asked == ["93.184.216.34", "127.0.0.1"]


def test_the_pinned_connection_still_sends_the_name(calendar_server, monkeypatch, settings):
    settings.EVENTS_ICAL_ALLOW_PRIVATE = True
    url, handler = calendar_server
    port = url.split(":")[2].split("/")[0]
    handler.body = ics(vevent("a@verein", "Flohmarkt"))
    _rebinding_dns(monkeypatch, "kalender.example.org", ["127.0.0.1"])
    assert b"Flohmarkt" in importer.fetch(f"http://kalender.example.org:{port}/kalender.ics")
    assert handler.hosts == [f"kalender.example.org:{port}"]
