"""Editions: composed from blocks, previewed, test-sent, scheduled; the public archive."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.newsletter import compose, services
from familienrathaus.newsletter.models import Edition
from tests.factories import (
    EditionFactory,
    NewsPostFactory,
    PeriodFactory,
    edition_with,
    make_event,
    published,
)

pytestmark = pytest.mark.django_db


def test_blocks_pull_events_and_holiday_dates() -> None:
    soon = timezone.localdate() + timedelta(days=7)
    make_event(title="Vortrag Pubertät")
    make_event(
        title="Viel später",
        start=timezone.now() + timedelta(days=90),
        end=timezone.now() + timedelta(days=90, hours=2),
    )
    PeriodFactory(
        name="Sommerferien 2027",
        slug="sommer-2027",
        holiday_start=date(2027, 7, 1),
        holiday_end=date(2027, 8, 10),
        booking_opens=timezone.now() + timedelta(days=30),
    )
    edition = EditionFactory(
        events_from=soon - timedelta(days=1),
        events_until=soon + timedelta(days=1),
        include_holidays=True,
    )
    blocks = compose.blocks(edition)
    assert [event.title for event in blocks.events] == ["Vortrag Pubertät"]
    assert [period.name for period in blocks.holidays] == ["Sommerferien 2027"]
    html, text = compose.render_mail(edition, "en")
    assert "Vortrag Pubertät" in html and "Vortrag Pubertät" in text
    assert "Sommerferien 2027" in html and "Booking opens" in text
    assert "Viel später" not in html


def test_blocks_work_when_calendar_and_holidays_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """The calendar and the holiday programme must never stop a newsletter."""

    def broken(*args: object) -> object:
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(compose, "occurrences_between", broken)
    monkeypatch.setattr(compose, "periods_for_newsletter", broken)
    edition = EditionFactory(
        events_from=date(2026, 1, 1), events_until=date(2026, 12, 31), include_holidays=True
    )
    blocks = compose.blocks(edition)
    assert blocks.events == [] and blocks.holidays == []


def test_coordinator_composes_previews_and_test_sends(
    coordinator_client: Client, coordinator: User
) -> None:
    post = NewsPostFactory(title="Neue Kita eröffnet")
    offer = published(title="Hebammensprechstunde", slug="hebammen")
    response = coordinator_client.post(
        "/verwaltung/infobrief/ausgaben/neu/",
        {
            "subject": "Infobrief Frühling",
            "intro": "Liebe **Familien**",
            "news": [post.pk],
            "offers": [offer.pk],
            "rate_per_minute": 600,
        },
    )
    assert response.status_code == 302
    edition = Edition.objects.get()
    preview = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/vorschau/")
    body = preview.content.decode()
    assert "<strong>Familien</strong>" in body
    assert "Neue Kita eröffnet" in body and "Hebammensprechstunde" in body

    html = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/mail.html")
    assert 'name="color-scheme" content="light dark"' in html.content.decode()
    assert "prefers-color-scheme: dark" in html.content.decode()
    assert "'unsafe-inline'" in html["Content-Security-Policy"]
    text = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/mail.txt")
    assert text["Content-Type"].startswith("text/plain")
    assert "Neue Kita eröffnet" in text.content.decode()
    assert "<" not in text.content.decode().split("--")[0].replace("<strong>", "")

    coordinator_client.post(f"/verwaltung/infobrief/ausgaben/{edition.pk}/test/")
    test_mail = OutboxMessage.objects.get(purpose="newsletter.test")
    assert test_mail.to == [coordinator.email]
    assert test_mail.subject == "[Test] Infobrief Frühling"
    assert "Neue Kita eröffnet" in test_mail.body_html
    assert "%%FRH" not in test_mail.body_html


def test_event_range_must_be_whole(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/verwaltung/infobrief/ausgaben/neu/",
        {"subject": "X", "events_from": "2026-05-01", "rate_per_minute": 0},
    )
    assert response.status_code == 200
    assert "Please give both dates" in response.content.decode()


def test_scheduling_for_later_and_stopping(coordinator_client: Client) -> None:
    edition = edition_with()
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    coordinator_client.post(
        f"/verwaltung/infobrief/ausgaben/{edition.pk}/senden/",
        {"send_at": later, "confirm": "1", "recipients": "0"},
    )
    edition.refresh_from_db()
    assert edition.status == "scheduled"
    assert edition.scheduled_at is not None and edition.scheduled_at > timezone.now()
    # The worker's task would find it too early and do nothing.
    assert services.supervise(edition.pk, edition.tick_token) == "early"
    coordinator_client.post(f"/verwaltung/infobrief/ausgaben/{edition.pk}/senden/", {"stop": "1"})
    edition.refresh_from_db()
    assert edition.status == "draft"
    assert services.supervise(edition.pk, "old-token") == "stale"


def test_archive_lists_only_sent_editions(anon_client: Client) -> None:
    EditionFactory(
        subject="Verschickt",
        status="sent",
        sent_at=timezone.now(),
        html_snapshot="<p>Inhalt des Infobriefs</p>",
    )
    EditionFactory(subject="Entwurf")
    archive = anon_client.get("/infobrief/archiv/").content.decode()
    assert "Verschickt" in archive and "Entwurf" not in archive
    edition = Edition.objects.get(subject="Verschickt")
    assert "Inhalt des Infobriefs" in anon_client.get(edition.get_absolute_url()).content.decode()
    assert anon_client.get("/infobrief/archiv/entwurf/").status_code == 404
    feed = anon_client.get("/infobrief/archiv/feed/").content.decode()
    assert "<title>Verschickt</title>" in feed and "Entwurf" not in feed


def test_only_coordinators_run_the_newsletter(partner_client: Client) -> None:
    assert partner_client.get("/verwaltung/infobrief/").status_code == 403
    assert partner_client.get("/verwaltung/infobrief/abonnenten/").status_code == 403


def test_offers_are_checkboxes_chosen_first_and_the_address_is_german(
    coordinator_client: Client,
) -> None:
    first = published(title="Babyschwimmen", slug="babyschwimmen")
    chosen = published(title="Zirkusschule", slug="zirkusschule")
    response = coordinator_client.post(
        "/verwaltung/infobrief/ausgaben/neu/",
        {"subject": "Infobrief: Große Überraschung", "offers": [chosen.pk], "rate_per_minute": 0},
    )
    assert response.status_code == 302
    edition = Edition.objects.get()
    assert edition.slug == "infobrief-grosse-ueberraschung"

    page = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/").content.decode()
    # A (phone-friendly) list of checkboxes, not a Ctrl-click multiple select.
    assert '<select name="offers"' not in page
    boxes = re.findall(r'<input type="checkbox"[^>]*name="offers" value="(\d+)"[^>]*>', page)
    assert boxes[:2] == [str(chosen.pk), str(first.pk)]
    assert re.search(rf'name="offers" value="{chosen.pk}"[^>]*checked', page)


def test_progress_updates_itself_right_after_send(coordinator_client: Client) -> None:
    """ "Send" leaves the edition "scheduled" until the worker's first tick: the page
    must already watch the progress, not sit at "scheduled" until reloaded."""
    edition = edition_with()
    later = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    url = f"/verwaltung/infobrief/ausgaben/{edition.pk}/"
    confirmed = {"confirm": "1", "recipients": "0"}
    coordinator_client.post(f"{url}senden/", {"send_at": later, **confirmed})
    assert "frh/progress.js" not in coordinator_client.get(url).content.decode()

    coordinator_client.post(f"{url}senden/", {"stop": "1"})
    page = coordinator_client.post(f"{url}senden/", {"send_at": "", **confirmed}, follow=True)
    edition.refresh_from_db()
    assert edition.status == "scheduled"
    assert "frh/progress.js" in page.content.decode()
    progress = coordinator_client.get(f"{url}fortschritt/").json()
    assert (progress["status"], progress["status_label"]) == ("scheduled", "scheduled")
