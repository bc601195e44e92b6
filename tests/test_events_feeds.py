"""iCalendar, RSS and Atom feeds of the event calendar.

The iCal feeds are parsed by an independent, strict RFC 5545 parser (the ``ical``
package, not ``icalendar`` which writes them); the series is expanded by that parser
and compared with the dates the site shows, across the change to and from summer time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from familienrathaus.events import selectors, services
from familienrathaus.events.models import EventStatus, Occurrence
from tests.factories import at, make_event

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def parse(content: bytes):  # type: ignore[no-untyped-def]
    return IcsCalendarStream.calendar_from_ics(content.decode("utf-8"))


def lecture_series(**extra):  # type: ignore[no-untyped-def]
    values = {
        "title": "Vortragsreihe",
        "start": at(date(2027, 1, 5), 19, 30),
        "end": at(date(2027, 1, 5), 21, 0),
        "frequency": "monthly",
        "week_of_month": 1,
        "repeat_until": date(2027, 12, 31),
        "pause_from": date(2027, 8, 1),
        "pause_until": date(2027, 8, 31),
        "online_url": "https://konferenz.example.org/vortrag",
    }
    values.update(extra)
    return make_event(**values)


def test_feed_validates_and_series_expands_to_the_same_local_times_over_a_year(anon_client):
    event = lecture_series()
    response = anon_client.get("/veranstaltungen/ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")

    calendar = parse(response.content)
    [vevent] = calendar.events
    assert vevent.uid == event.uid
    assert vevent.dtstamp is not None
    assert vevent.rrule is not None
    assert [tz.tz_id for tz in calendar.timezones] == ["Europe/Berlin"]

    expanded = [e.dtstart for e in calendar.timeline_tz(BERLIN)]
    # Every first Tuesday, 19:30 local time before and after both DST changes; August paused.
    assert [d.astimezone(BERLIN).time() for d in expanded] == [time(19, 30)] * 11
    assert [d.astimezone(BERLIN).date() for d in expanded] == [
        date(2027, 1, 5), date(2027, 2, 2), date(2027, 3, 2), date(2027, 4, 6),
        date(2027, 5, 4), date(2027, 6, 1), date(2027, 7, 6), date(2027, 9, 7),
        date(2027, 10, 5), date(2027, 11, 2), date(2027, 12, 7),
    ]  # fmt: skip
    # UTC offsets differ in winter and summer: the local time is what stays.
    assert expanded[2].utcoffset() != expanded[3].utcoffset()
    # The site's own dates are the same instants.
    site = [o.start for o in event.occurrences.order_by("start")]
    assert site == [d.astimezone(BERLIN) for d in expanded]


def test_cancelled_and_moved_dates_become_exdate_and_recurrence_id(anon_client, coordinator):

    event = lecture_series(pause_from=None, pause_until=None)
    march = event.occurrences.get(original_start=at(date(2027, 3, 2), 19, 30))
    april = event.occurrences.get(original_start=at(date(2027, 4, 6), 19, 30))
    services.update_occurrence(
        actor=coordinator, occurrence=march, start=march.start, end=march.end,
        status=EventStatus.CANCELLED,
    )  # fmt: skip
    services.update_occurrence(
        actor=coordinator, occurrence=april, start=at(date(2027, 4, 8), 18, 0),
        end=at(date(2027, 4, 8), 19, 30), status=EventStatus.SCHEDULED,
        title_override="Vortragsreihe: Sondertermin",
    )  # fmt: skip

    response = anon_client.get(event.get_absolute_url() + "kalender.ics")
    raw = Calendar.from_ical(response.content)
    master = next(c for c in raw.walk("VEVENT") if c.get("recurrence-id") is None)
    exdates = [d.dt for group in [master.get("exdate")] for d in group.dts]
    assert exdates == [at(date(2027, 3, 2), 19, 30)]

    calendar = parse(response.content)
    by_date = {e.dtstart.astimezone(BERLIN).date(): e for e in calendar.timeline_tz(BERLIN)}
    assert date(2027, 3, 2) not in by_date
    assert date(2027, 4, 6) not in by_date
    moved = by_date[date(2027, 4, 8)]
    assert moved.dtstart.astimezone(BERLIN).time() == time(18, 0)
    assert moved.summary == "Vortragsreihe: Sondertermin"
    assert moved.uid == event.uid
    assert len(by_date) == 11


def test_weekly_every_two_weeks_with_count_across_the_autumn_change(anon_client):
    make_event(
        title="Krabbelgruppe",
        start=at(date(2026, 10, 13), 10),
        end=at(date(2026, 10, 13), 11),
        frequency="weekly",
        interval=2,
        repeat_count=4,
    )
    calendar = parse(anon_client.get("/veranstaltungen/ical/").content)
    starts = [e.dtstart.astimezone(BERLIN) for e in calendar.timeline_tz(BERLIN)]
    assert [s.date() for s in starts] == [
        date(2026, 10, 13), date(2026, 10, 27), date(2026, 11, 10), date(2026, 11, 24)
    ]  # fmt: skip
    assert {s.time() for s in starts} == {time(10, 0)}


def test_conference_only_when_the_link_is_not_reserved_for_participants(anon_client):
    open_event = make_event(title="Offen", online_url="https://meet.example.org/offen")
    closed = make_event(
        title="Geschlossen",
        online_url="https://meet.example.org/geheim",
        online_for_registered_only=True,
    )
    content = anon_client.get("/veranstaltungen/ical/").content
    raw = Calendar.from_ical(content)
    by_uid = {str(c["uid"]): c for c in raw.walk("VEVENT")}
    assert str(by_uid[open_event.uid]["conference"]) == "https://meet.example.org/offen"
    assert "conference" not in by_uid[closed.uid]
    assert b"geheim" not in content
    assert str(by_uid[open_event.uid]["url"]).endswith(open_event.get_absolute_url())


def test_uid_is_stable_and_dtstamp_follows_changes(anon_client, coordinator):

    event = make_event(title="Stabil")
    first = parse(anon_client.get("/veranstaltungen/ical/").content).events[0]
    services.update_event(actor=coordinator, event=event, values={"title": "Stabil, neu"})
    second = parse(anon_client.get("/veranstaltungen/ical/").content).events[0]
    assert first.uid == second.uid == event.uid
    assert second.summary == "Stabil, neu"
    assert second.dtstamp >= first.dtstamp
    assert second.sequence == first.sequence + 1


def test_feeds_per_filter(anon_client, organisation):
    from familienrathaus.core.models import Audience, District, Theme

    theme = Theme.objects.get(slug="gesundheit")
    audience = Audience.objects.get(slug="kinder")
    district = District.objects.create(name="Südstadt", slug="suedstadt")
    health = make_event(title="Gesundheitstag", themes=[theme.pk], organisation=organisation)
    kids = make_event(title="Kinderkino", audiences=[audience.pk], district=district)

    def uids(url: str) -> set[str]:
        return {e.uid for e in parse(anon_client.get(url).content).events}

    assert uids("/veranstaltungen/ical/") == {health.uid, kids.uid}
    assert uids("/veranstaltungen/ical/?thema=gesundheit") == {health.uid}
    assert uids("/veranstaltungen/ical/?zielgruppe=kinder") == {kids.uid}
    assert uids("/veranstaltungen/ical/?stadtteil=suedstadt") == {kids.uid}
    assert uids(f"/veranstaltungen/ical/?partner={organisation.slug}") == {health.uid}


def test_unpublished_events_are_in_no_feed(anon_client):
    make_event(title="Entwurf", status="draft")
    assert parse(anon_client.get("/veranstaltungen/ical/").content).events == []
    assert b"Entwurf" not in anon_client.get("/veranstaltungen/rss/").content


def test_all_day_event_uses_dates(anon_client):
    make_event(
        title="Aktionstag",
        start=at(date(2027, 5, 15), 0),
        end=at(date(2027, 5, 15), 23, 59),
        all_day=True,
    )
    [vevent] = parse(anon_client.get("/veranstaltungen/ical/").content).events
    assert vevent.dtstart == date(2027, 5, 15)
    assert vevent.dtend == date(2027, 5, 16)


def test_rss_and_atom_list_the_next_dates(anon_client):
    event = make_event(title="Familienfrühstück")
    rss = ET.fromstring(anon_client.get("/veranstaltungen/rss/?thema=").content)  # noqa: S314
    items = rss.findall("./channel/item")
    assert len(items) == 1
    assert "Familienfrühstück" in items[0].findtext("title", "")
    assert (
        items[0]
        .findtext("link", "")
        .endswith(selectors.upcoming_dates(event)[0].get_absolute_url())
    )

    atom = ET.fromstring(anon_client.get("/veranstaltungen/atom/").content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    [entry] = atom.findall("a:entry", ns)
    assert "Familienfrühstück" in entry.findtext("a:title", "", ns)


@pytest.mark.parametrize(
    "path",
    ["/veranstaltungen/", "/veranstaltungen/monat/2027/5/", "/veranstaltungen/tag/2027-05-15/"],
)
def test_every_list_page_names_its_feeds_in_the_head(anon_client, path):
    make_event(title="Irgendwas")
    html = anon_client.get(path + "?thema=gesundheit").content.decode()
    head = html.split("</head>")[0]
    for kind in ("text/calendar", "application/rss+xml", "application/atom+xml"):
        assert f'rel="alternate" type="{kind}"' in head
    assert "thema=gesundheit" in head


def test_event_page_offers_the_series_and_the_single_date(anon_client):
    event = lecture_series()
    html = anon_client.get(event.get_absolute_url()).content.decode()
    assert 'rel="alternate" type="text/calendar"' in html
    occurrence: Occurrence = selectors.upcoming_dates(event)[0]
    response = anon_client.get(f"{occurrence.get_absolute_url()}kalender.ics")
    [vevent] = parse(response.content).events
    assert vevent.dtstart.astimezone(BERLIN) == occurrence.start
    assert vevent.rrule is None
    assert isinstance(vevent.dtstart, datetime)


def test_monthly_on_the_last_friday_with_a_count(anon_client):
    make_event(
        title="Spieleabend",
        start=at(date(2027, 1, 29), 19),
        end=at(date(2027, 1, 29), 22),
        frequency="monthly",
        week_of_month=-1,
        repeat_count=4,
    )
    content = anon_client.get("/veranstaltungen/ical/").content
    assert b"BYDAY=-1FR" in content
    starts = [e.dtstart.astimezone(BERLIN) for e in parse(content).timeline_tz(BERLIN)]
    assert [s.date() for s in starts] == [
        date(2027, 1, 29), date(2027, 2, 26), date(2027, 3, 26), date(2027, 4, 30)
    ]  # fmt: skip
    assert {s.time() for s in starts} == {time(19, 0)}


def test_rss_and_atom_need_no_query_per_item(anon_client):
    for number in range(12):
        make_event(title=f"Treffen {number}")
    for path in ("/veranstaltungen/rss/", "/veranstaltungen/atom/"):
        with CaptureQueriesContext(connection) as queries:
            response = anon_client.get(path)
        assert response.status_code == 200
        assert response.content.count(b"Treffen") >= 12
        assert len(queries) <= 8, path
