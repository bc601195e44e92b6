"""``<time datetime>`` carries a valid HTML date or time: to the second, with the offset.

Django's ``date:'c'`` prints microseconds (``2027-05-15T10:00:00.123456+02:00``), which
the HTML checker rejects; the ``html_datetime`` filter of core does not.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import EditionFactory, NewsPostFactory, make_event

pytestmark = pytest.mark.django_db

DATETIME_ATTR = re.compile(r'<time[^>]*\sdatetime="([^"]*)"')
VALID = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$")
# A moment with microseconds, as ``timezone.now()`` gives them.
MOMENT = timezone.now().replace(microsecond=123456) - dt.timedelta(hours=2)


def times_in(html: str) -> list[str]:
    return DATETIME_ATTR.findall(html)


def test_public_pages_show_no_fraction_of_a_second(anon_client):
    post = NewsPostFactory(publish_at=MOMENT, published_at=MOMENT)
    event = make_event(
        start=MOMENT + dt.timedelta(days=3), end=MOMENT + dt.timedelta(days=3, hours=2)
    )
    edition = EditionFactory(status="sent", sent_at=MOMENT, started_at=MOMENT)
    pages = [
        reverse("news:list"),
        reverse("news:detail", args=[post.slug]),
        reverse("events:list"),
        event.get_absolute_url(),
        reverse("newsletter:archive"),
        reverse("newsletter:archive_detail", args=[edition.slug]),
        reverse("core:home"),
    ]
    seen = []
    for url in pages:
        response = anon_client.get(url)
        assert response.status_code == 200, url
        seen += [(url, value) for value in times_in(response.content.decode())]
    assert {url for url, _value in seen} >= set(pages) - {reverse("core:home")}
    assert [(url, value) for url, value in seen if not VALID.match(value)] == []
    assert not any("." in value for _url, value in seen)


@pytest.mark.parametrize(
    ("value", "argument", "expected"),
    [
        (dt.datetime(2027, 5, 15, 8, 0, 0, 999999, tzinfo=dt.UTC), "", "2027-05-15T10:00:00+02:00"),
        (dt.datetime(2027, 1, 15, 8, 0, 5, 1, tzinfo=dt.UTC), "", "2027-01-15T09:00:05+01:00"),
        (dt.datetime(2027, 5, 15, 23, 30, tzinfo=dt.UTC), ":True", "2027-05-16"),
        (dt.date(2027, 5, 15), "", "2027-05-15"),
        (None, "", ""),
    ],
)
def test_the_filter_gives_seconds_and_offset_or_a_date(value, argument, expected):
    template = Template("{% load frh %}{{ value|html_datetime" + argument + " }}")
    assert template.render(Context({"value": value})) == expected
