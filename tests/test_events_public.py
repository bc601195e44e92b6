"""Public pages of the calendar (list with filters, month table, day), the interfaces the
newsletter and the map use, the start page, navigation, and the demo data."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from familienrathaus.core.models import Audience, District, Theme
from familienrathaus.events import selectors, services
from familienrathaus.events.models import Event
from tests.factories import at, first_date, make_event

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(
        r'class="kern-heading-small frh-event-card__title"><a href="[^"]+">'
        r'(?:<span lang="de">)?([^<]+)<',
        html,
    )


def test_list_filters(anon_client):
    theme = Theme.objects.get(slug="gesundheit")
    audience = Audience.objects.get(slug="kinder")
    district = District.objects.create(name="Westfeld", slug="westfeld")
    soon = timezone.localdate() + timedelta(days=3)
    later = timezone.localdate() + timedelta(days=40)
    make_event(title="Gesundheitstag", themes=[theme.pk], start=at(soon, 10), end=at(soon, 12))
    make_event(title="Kinderkino", audiences=[audience.pk], district=district, cost="fee",
               start=at(later, 15), end=at(later, 17))  # fmt: skip
    make_event(title="Online-Abend", online_url="https://meet.example.org/x",
               start=at(soon, 20), end=at(soon, 21))  # fmt: skip
    make_event(title="Entwurf", status="draft")

    def listed(query: str = "") -> list[str]:
        return titles(anon_client.get("/veranstaltungen/" + query).content.decode())

    assert listed() == ["Gesundheitstag", "Online-Abend", "Kinderkino"]
    assert listed("?thema=gesundheit") == ["Gesundheitstag"]
    assert listed("?zielgruppe=kinder") == ["Kinderkino"]
    assert listed("?stadtteil=westfeld") == ["Kinderkino"]
    assert listed("?kostenlos=on") == ["Gesundheitstag", "Online-Abend"]  # the checkbox
    assert listed("?kostenlos=1") == ["Gesundheitstag", "Online-Abend"]
    assert listed("?online=1") == ["Online-Abend"]
    assert listed(f"?von={later.isoformat()}") == ["Kinderkino"]
    assert listed(f"?bis={soon.isoformat()}") == ["Gesundheitstag", "Online-Abend"]


def test_checkbox_filters_from_the_form_work(anon_client):
    make_event(title="Frei")
    make_event(title="Kostet", cost="fee")
    html = anon_client.get("/veranstaltungen/?kostenlos=1").content.decode()
    assert "Frei" in html and "Kostet" not in titles(html)
    assert 'name="kostenlos"' in html and "checked" in html


def test_month_view_is_an_accessible_table(anon_client):
    day = date(2027, 5, 15)
    make_event(title="Aktionstag", start=at(day, 0), end=at(day, 23, 59), all_day=True)
    make_event(title="Zweitägig", start=at(date(2027, 5, 30), 10), end=at(date(2027, 5, 31), 16))
    html = anon_client.get("/veranstaltungen/monat/2027/5/").content.decode()
    assert "<caption" in html and "May 2027" in html
    assert html.count('scope="col"') == 7
    cell = re.search(r'href="/veranstaltungen/tag/2027-05-15/".*?</td>', html, re.S).group(0)
    assert "Aktionstag" in cell
    for day in ("2027-05-30", "2027-05-31"):
        cell = re.search(rf'href="/veranstaltungen/tag/{day}/".*?</td>', html, re.S).group(0)
        assert "Zweitägig" in cell
    assert 'href="/veranstaltungen/monat/2027/4/"' in html
    assert 'href="/veranstaltungen/monat/2027/6/"' in html
    assert anon_client.get("/veranstaltungen/monat/2027/13/").status_code == 404


def test_day_view(anon_client):
    make_event(
        title="Laternenumzug", start=at(date(2026, 11, 11), 17), end=at(date(2026, 11, 11), 19)
    )
    make_event(
        title="Anderer Tag", start=at(date(2026, 11, 12), 17), end=at(date(2026, 11, 12), 19)
    )
    html = anon_client.get("/veranstaltungen/tag/2026-11-11/").content.decode()
    assert titles(html) == ["Laternenumzug"]
    assert anon_client.get("/veranstaltungen/tag/kein-datum/").status_code == 404


def test_occurrences_between_for_the_newsletter(coordinator):
    monday, wednesday = date(2027, 3, 1), date(2027, 3, 3)
    series = make_event(title="Krabbeltreff", start=at(monday, 10), end=at(monday, 11),
                        frequency="weekly", repeat_count=5, venue_name="Kita",
                        online_url="https://meet.example.org/k")  # fmt: skip
    cancelled = make_event(title="Abgesagt", start=at(wednesday, 9), end=at(wednesday, 10),
                           event_status="cancelled")  # fmt: skip
    make_event(
        title="Entwurf", start=at(date(2027, 3, 3), 9), end=at(date(2027, 3, 3), 10), status="draft"
    )
    make_event(title="Später", start=at(date(2027, 4, 1), 9), end=at(date(2027, 4, 1), 10))
    second = series.occurrences.order_by("start")[1]
    services.update_occurrence(actor=coordinator, occurrence=second, start=second.start,
                               end=second.end, status="cancelled")  # fmt: skip

    items = selectors.occurrences_between(date(2027, 3, 1), date(2027, 3, 15))
    assert [(i.title, i.start.date().isoformat(), i.status) for i in items] == [
        ("Krabbeltreff", "2027-03-01", "scheduled"),
        ("Abgesagt", "2027-03-03", "cancelled"),
        ("Krabbeltreff", "2027-03-08", "cancelled"),
        ("Krabbeltreff", "2027-03-15", "scheduled"),
    ]
    first = items[0]
    assert first.venue_name == "Kita" and first.online_possible is True and first.all_day is False
    assert first.start.tzinfo is not None and first.end > first.start
    assert first.get_absolute_url().startswith(f"/veranstaltungen/{series.slug}/termin/")
    assert cancelled.title == items[1].title


def test_located_upcoming_events_for_the_map():
    located = make_event(title="Mit Ort", latitude="51.4", longitude="7.19", frequency="weekly",
                         repeat_count=3)  # fmt: skip
    make_event(title="Ohne Ort")
    make_event(title="Abgesagt", latitude="51.4", longitude="7.19", event_status="cancelled")
    [item] = selectors.located_upcoming_events()
    assert (item.title, item.latitude, item.longitude) == ("Mit Ort", 51.4, 7.19)
    assert isinstance(item.latitude, float)
    assert item.start == first_date(located).start
    assert item.get_absolute_url()


def test_navigation_home_and_tiles(anon_client, coordinator_client, partner_client):
    make_event(title="Familienfrühstück")
    home = anon_client.get("/").content.decode()
    assert 'href="/veranstaltungen/"' in home
    assert "Next events" in home and "Familienfrühstück" in home
    # The start page lists events, so its head names their feeds.
    head = home.split("</head>", 1)[0]
    assert 'type="text/calendar"' in head and 'href="/veranstaltungen/ical/' in head
    dashboard = coordinator_client.get("/verwaltung/").content.decode()
    assert "Review events" in dashboard and "All events" in dashboard
    assert "Review events" not in partner_client.get("/verwaltung/").content.decode()
    assert "My events" in partner_client.get("/verwaltung/").content.decode()


def test_unpublished_event_page_is_hidden(anon_client, coordinator_client):
    event = make_event(title="Geheim", status="draft")
    assert anon_client.get(event.get_absolute_url()).status_code == 404
    preview = coordinator_client.get(event.get_absolute_url())
    assert "Preview: this event is not published." in preview.content.decode()


def test_demo_data_is_complete_and_idempotent():
    from familienrathaus.events import demo
    from familienrathaus.partners import demo as partners_demo

    partners_demo.load()
    created = demo.load()  # its time: bench/demo_data.py
    assert created == 48  # 3 + 4 Bündnistreffen + 1 workshop series + 40 partner events
    assert demo.load() == 0
    lectures = Event.objects.get(slug="vortragsreihe-familie-im-gespraech")
    dates = [timezone.localtime(o.start) for o in lectures.occurrences.all()]
    today = timezone.localdate()
    # Twelve months from this one, August paused (unless the twelve start in August).
    assert len(dates) == (12 if today.month == 8 else 11)
    assert (dates[0].year, dates[0].month) == (today.year, today.month)
    assert {d.strftime("%H:%M") for d in dates} == {"19:30"}
    assert lectures.online_url and lectures.has_venue  # hybrid
    assert Event.objects.filter(featured=True).count() == 2
    aktionstag = Event.objects.get(slug="aktionstag-internationaler-tag-der-familie")
    day = timezone.localtime(aktionstag.start).date()
    assert (day.month, day.day) == (5, 15) and today <= day < today + timedelta(days=366)
    assert Event.objects.filter(slug__startswith="buendnistreffen-").count() == 4
    assert Event.objects.get(slug="familienbeirat-werkstatt").occurrences.count() == 6
    partner_events = Event.objects.exclude(organisation=None)
    assert partner_events.count() == 40
    assert partner_events.exclude(online_url="").exists()
    assert partner_events.filter(registration_required=True, capacity__isnull=False).exists()


def test_a_series_of_one_date_says_date_not_dates(anon_client):
    """The count is a plural (``ngettext``): “1 date”, and in German “1 Termin”. As a
    plain msgid, makemessages had matched it fuzzily to “%(counter)s Seite”, which
    crashed the German page of every series with a count (KeyError: 'counter')."""
    event = make_event(title="Einmal-Reihe", frequency="weekly", repeat_count=1)
    page = anon_client.get(event.get_absolute_url()).content.decode()
    assert "1 date" in page and "1 dates" not in page
