"""The dashboard's "Heute zu tun": what waits for a coordinator today, each with its count
and a link to where it is dealt with; and the key figures cost the same number of
queries however many rows there are."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from familienrathaus.concerns.models import Concern
from familienrathaus.offers.models import Offer
from familienrathaus.reports.selectors import figures
from familienrathaus.welcome.models import Grant, Registration
from tests.factories.concerns import ConcernFactory
from tests.factories.core import at
from tests.factories.employers import CertificateFactory
from tests.factories.holidays import (
    ActivityFactory,
    BookingFactory,
    OccasionFactory,
    PeriodFactory,
)
from tests.factories.offers import OfferFactory
from tests.factories.surveys import ResponseFactory
from tests.factories.welcome import GrantFactory, StockItemFactory

pytestmark = pytest.mark.django_db


def _todo(html: str) -> dict[str, str]:
    """The items of "To do today" by their key: text and link, tags stripped."""
    items = re.findall(r'data-item="([^"]+)">(.*?)</li>', html, re.S)
    return {key: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip() for key, body in items}


def test_nothing_waiting_says_so(coordinator_client: Client) -> None:
    html = coordinator_client.get(reverse("reports:dashboard")).content.decode()
    assert "Nothing is waiting today." in html
    assert _todo(html) == {}


def test_each_thing_to_do_today_with_its_count_and_link(coordinator_client: Client) -> None:
    today = timezone.localdate()
    OfferFactory(status=Offer.Status.SUBMITTED)
    OfferFactory(status=Offer.Status.SUBMITTED)
    OfferFactory(published=True)  # nothing to review
    ConcernFactory(first_answer_due=today - dt.timedelta(days=2))  # overdue
    ConcernFactory(first_answer_due=today + dt.timedelta(days=2))  # not yet
    ConcernFactory(first_answer_due=today - dt.timedelta(days=2), status=Concern.Status.CLOSED)
    # Starts in three days (the programme checks seven days before) with 1 of 4 children;
    # another one starts in 30 days, the third has its minimum.
    period = PeriodFactory(minimum_check_days=7)
    activity = ActivityFactory(period=period)
    soon = OccasionFactory(activity=activity, min_places=4, day=today + dt.timedelta(days=3))
    BookingFactory(occasion=soon)
    OccasionFactory(activity=activity, min_places=4, day=today + dt.timedelta(days=30))
    full = OccasionFactory(activity=activity, min_places=1, day=today + dt.timedelta(days=3))
    BookingFactory(occasion=full)
    CertificateFactory(valid_until=today + dt.timedelta(days=30))  # expires soon
    CertificateFactory(valid_until=today + dt.timedelta(days=400))
    CertificateFactory(valid_until=today + dt.timedelta(days=30), revoked_at=timezone.now())
    GrantFactory(
        status=Grant.Status.APPROVED,
        registration__payout=Registration.Payout.CASH,
        registration__iban="",
    )
    GrantFactory(status=Grant.Status.APPROVED)  # a transfer not yet in a file
    GrantFactory(status=Grant.Status.REQUESTED)  # not approved yet
    StockItemFactory(name="Lätzchen", quantity=2, warn_below=10)  # the welcome's notice

    html = coordinator_client.get(reverse("reports:dashboard")).content.decode()
    todo = _todo(html)
    assert todo["review-offer"].startswith("Offers waiting for review: 2")
    assert f'href="{reverse("offers:review_queue")}"' in html
    assert "review-event" not in todo  # nothing waits there
    assert todo["concerns-overdue"].startswith("1 concern is overdue")
    assert f'href="{reverse("concerns:desk-overdue")}"' in html
    assert todo["holidays-below-minimum"].startswith("1 holiday activity starts soon")
    assert todo["certificates-expiring"].startswith("1 employer certificate expires")
    assert f'href="{reverse("employers:certificates")}?status=valid"' in html
    assert todo["welcome-grants"].startswith("2 welcome grants are approved")
    assert f'href="{reverse("welcome:payments")}"' in html
    assert "Lätzchen (2)" in todo["notice-1"]
    # "To do today" comes before the key figures
    assert html.index("To do today") < html.index("data-figure=")


def test_the_key_figures_take_the_same_queries_for_few_and_many_rows() -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            figures.key_figures(2025, on=dt.date(2026, 3, 1))
        return len(context.captured_queries)

    def add(rows: int) -> None:
        for n in range(rows):
            ResponseFactory(submitted_on=dt.date(2025, 1, 1) + dt.timedelta(days=n))
            OfferFactory(published=True, published_at=at(dt.date(2025, 2, 1), 9))
            ConcernFactory(
                created_at=at(dt.date(2025, 3, 3), 9), first_answer_at=at(dt.date(2025, 3, 5), 9)
            )
            BookingFactory(fee=Decimal("3.00"))

    add(1)
    few = queries()
    add(10)
    assert queries() == few
