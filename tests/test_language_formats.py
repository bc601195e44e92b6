"""Dates, times and prices in each language's own conventions (issue 20, point 1).

Django's locale formats, plus the named formats with a weekday from
``familienrathaus/formats`` (``WEEKDAY_DATETIME_FORMAT``): no page shows the German
"Samstag, 2. März 2030" on an English, Turkish, Ukrainian, Russian or Arabic page.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import formats, translation

from familienrathaus.core.models.outbox import OutboxMessage
from familienrathaus.events.models import Event
from familienrathaus.offers.models import OfferTime
from familienrathaus.places.models import OpeningException
from tests.factories.core import at
from tests.factories.events import make_event

pytestmark = pytest.mark.django_db

SATURDAY = datetime.date(2030, 3, 2)

EXPECTED = {
    "de": ("Samstag, 2. März 2030, 14:30", "12,50 €"),
    "en": ("Saturday, 2 March 2030, 14:30", "12.50 €"),
    "tr": ("2 Mart 2030 Cumartesi, 14:30", "12,50 €"),
    # Ukrainian and Russian write the weekday in lower case (the format also stands
    # mid-sentence: "… на {{ when }}").
    "uk": ("субота, 2 березня 2030 р., 14:30", "12,50 €"),
    "ru": ("суббота, 2 марта 2030 г., 14:30", "12,50 €"),
    "ar": ("السبت، 2 مارس 2030، 14:30", "12,50 €"),
}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_an_events_date_time_and_price_in_each_language(code: str) -> None:
    event = make_event(
        title="Familienfest",
        start=at(SATURDAY, 14, 30),
        end=at(SATURDAY, 17),
        cost=Event.Cost.FEE,
        price=Decimal("12.50"),
    )
    with translation.override(code):
        url = event.get_absolute_url()

    page = Client().get(url).content.decode()

    when, price = EXPECTED[code]
    assert when in page
    assert price in page
    if code != "de":
        assert "März" not in page


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("de", "2. März"),
        ("en", "2 March"),
        ("uk", "2 березня"),
        ("ru", "2 марта"),
        ("ar", "2 مارس"),
    ],
)
def test_day_and_month_take_the_genitive_where_the_language_needs_it(
    code: str, expected: str
) -> None:
    with translation.override(code):
        assert formats.date_format(SATURDAY, "MONTH_DAY_FORMAT") == expected


@pytest.mark.parametrize("code", ["de", "en", "tr", "uk", "ru", "ar"])
def test_every_language_defines_every_named_format(code: str) -> None:
    names = [
        "WEEKDAY_DATE_FORMAT",
        "WEEKDAY_DATETIME_FORMAT",
        "SHORT_WEEKDAY_DATE_FORMAT",
        "SHORT_WEEKDAY_DATETIME_FORMAT",
    ]
    for name in names:
        assert formats.get_format(name, lang=code) != name, name  # found, not echoed


def test_from_as_a_start_and_from_as_a_sender_are_told_apart() -> None:
    """ "from" is a start date or time on one form and the sender of a mail on another:
    Turkish (and German) need a different word for each (``pgettext`` contexts)."""
    from_email = OutboxMessage._meta.get_field("from_email").verbose_name
    starts_on = OpeningException._meta.get_field("starts_on").verbose_name
    opens = OfferTime._meta.get_field("opens").verbose_name
    with translation.override("tr"):
        assert (str(from_email), str(starts_on), str(opens)) == (
            "gönderen",
            "başlangıç tarihi",
            "başlangıç saati",
        )
    with translation.override("de"):
        assert (str(from_email), str(starts_on), str(opens)) == ("Absender", "von", "von")
