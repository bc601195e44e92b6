"""The coordinators' dashboard (/verwaltung/berichte/): every app's key figures of a year
against the year before, "Heute zu tun", the year switch.

A small town is built by hand for 2025 and 2024 (well in the past, so whole years are
compared); each expected number below is counted by hand from the rows made here, not
by the code under test.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.selectors import reports as concern_reports
from familienrathaus.core.models import User
from familienrathaus.core.periods import Period
from familienrathaus.events.models import Registration as EventRegistration
from familienrathaus.holidays.models import Booking, Invoice, ReductionClaim, ReductionKind
from familienrathaus.newsletter.models import Edition, Subscriber
from familienrathaus.offers.models import Offer
from familienrathaus.places.models import Notinsel
from familienrathaus.reports.selectors import figures
from familienrathaus.surveys.models import Response
from familienrathaus.welcome.models import Payment as WelcomePayment
from familienrathaus.welcome.models import Registration as WelcomeRegistration
from tests.conftest import english_client
from tests.factories.concerns import ConcernFactory
from tests.factories.core import at
from tests.factories.employers import CertificateFactory
from tests.factories.events import first_date, make_event
from tests.factories.holidays import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    InvoiceFactory,
    OccasionFactory,
    PeriodFactory,
)
from tests.factories.newsletter import EditionFactory, SubscriberFactory
from tests.factories.offers import OfferFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import NotinselFactory
from tests.factories.surveys import ResponseFactory, SurveyFactory
from tests.factories.welcome import GrantFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

YEAR, BEFORE = 2025, 2024
TODAY = dt.date(2026, 6, 15)


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _offers(organisation: Any) -> None:
    def offer(status: str, published: str | None) -> Offer:
        return OfferFactory(
            organisation=organisation,
            status=status,
            published_at=at(d(published), 10) if published else None,
        )

    offer(Offer.Status.PUBLISHED, "2024-05-01")  # online at the end of both years
    offer(Offer.Status.PUBLISHED, "2025-03-01")  # 2025 only
    archived = offer(Offer.Status.ARCHIVED, "2024-02-01")  # 2024 only: archived in 2025
    Offer.objects.filter(pk=archived.pk).update(updated_at=at(d("2025-06-01"), 9))
    offer(Offer.Status.DRAFT, None)  # never


def _events(organisation: Any) -> None:
    this = make_event(
        organisation=organisation, start=at(d("2025-04-10"), 18), end=at(d("2025-04-10"), 20)
    )
    last = make_event(
        organisation=organisation, start=at(d("2024-09-01"), 18), end=at(d("2024-09-01"), 20)
    )
    make_event(
        organisation=organisation,
        status=Offer.Status.DRAFT,
        start=at(d("2025-05-10"), 18),
        end=at(d("2025-05-10"), 20),
    )
    confirmed = EventRegistration.Status.CONFIRMED
    for occurrence, adults, children, status in [
        (first_date(this), 2, 1, confirmed),
        (first_date(this), 1, 0, confirmed),
        (first_date(this), 3, 0, EventRegistration.Status.CANCELLED),
        (first_date(this), 1, 1, EventRegistration.Status.WAITING),
        (first_date(last), 1, 2, confirmed),
    ]:
        EventRegistration.objects.create(
            occurrence=occurrence,
            name="Familie Muster",
            email="muster@example.org",
            adults=adults,
            children=children,
            status=status,
        )


def _holidays() -> None:
    period = PeriodFactory(
        holiday_start=d("2025-07-10"),
        holiday_end=d("2025-08-20"),
        booking_opens=at(d("2025-05-01"), 8),
    )
    activity = ActivityFactory(period=period)
    running = OccasionFactory(activity=activity, max_places=10)
    cancelled = OccasionFactory(
        activity=activity, max_places=10, cancelled_at=at(d("2025-07-01"), 9)
    )
    first, second = ChildFactory(), ChildFactory()
    BookingFactory(child=first, occasion=running)
    BookingFactory(child=second, occasion=running, status=Booking.Status.OFFERED)
    BookingFactory(occasion=running, status=Booking.Status.WAITLISTED)
    BookingFactory(occasion=running, status=Booking.Status.CANCELLED)
    BookingFactory(child=first, occasion=cancelled, status=Booking.Status.CANCELLED)
    InvoiceFactory(period=period, paid_amount=Decimal("18.00"), status=Invoice.Status.PAID)
    InvoiceFactory(
        period=period, kind=Invoice.Kind.CREDIT, total=Decimal("-5.00"), paid_amount=Decimal("5")
    )
    InvoiceFactory(period=period, paid_amount=Decimal("100"), status=Invoice.Status.CANCELLED)
    kind = ReductionKind.objects.create(period=period, name="Familienpass", percent=50)
    ReductionClaim.objects.create(
        period=period, family=first.family, kind=kind, status=ReductionClaim.Status.APPROVED
    )
    ReductionClaim.objects.create(period=period, family=second.family, kind=kind)


def _notinseln() -> None:
    for status, changed, created in [
        (Notinsel.Status.ACTIVE, "2024-03-01", "2024-02-01"),  # both years
        (Notinsel.Status.ENDED, "2025-02-01", "2023-05-01"),  # end of 2024 only
        (Notinsel.Status.ACTIVE, "2025-05-01", "2025-04-01"),  # end of 2025 only
        (Notinsel.Status.APPLIED, "2025-05-01", "2025-05-01"),  # never
    ]:
        row = NotinselFactory(status=status)
        Notinsel.objects.filter(pk=row.pk).update(
            status_changed_at=at(d(changed), 9), created_at=at(d(created), 9)
        )


def _newsletter() -> None:
    SubscriberFactory(confirmed_at=at(d("2024-01-05"), 9))  # both
    SubscriberFactory(confirmed_at=at(d("2025-02-05"), 9))  # 2025
    SubscriberFactory(
        confirmed_at=at(d("2024-03-05"), 9),
        unsubscribed_at=at(d("2025-01-10"), 9),
        status=Subscriber.Status.UNSUBSCRIBED,
    )  # 2024
    SubscriberFactory(confirmed_at=None, status=Subscriber.Status.PENDING)  # never
    for sent in ("2025-03-01", "2025-09-01", "2024-06-01"):
        EditionFactory(status=Edition.Status.SENT, sent_at=at(d(sent), 10))
    EditionFactory()  # a draft


def _surveys() -> None:
    this, last = SurveyFactory(published=True), SurveyFactory(published=True)
    for day in ("2025-02-01", "2025-02-02", "2025-11-30"):
        ResponseFactory(survey=this, submitted_on=d(day))
    ResponseFactory(survey=this, status=Response.Status.IN_PROGRESS, submitted_on=None)
    ResponseFactory(survey=last, submitted_on=d("2024-10-01"))


def _concerns() -> None:
    # Working days: Mon 3 March → Tue 4 March is 1; Mon 10 → Thu 13 March is 3; the
    # median of 1 and 3 is 2. Closed Mon 3 → Fri 7 March: 4 working days.
    ConcernFactory(
        created_at=at(d("2025-03-03"), 10),
        first_answer_at=at(d("2025-03-04"), 10),
        closed_at=at(d("2025-03-07"), 10),
        status=Concern.Status.CLOSED,
    )
    ConcernFactory(created_at=at(d("2025-03-10"), 10), first_answer_at=at(d("2025-03-13"), 10))
    ConcernFactory(created_at=at(d("2024-11-04"), 10))  # no answer: no median in 2024


def _employers() -> None:
    CertificateFactory(issued_on=d("2024-06-01"), valid_until=d("2027-05-31"))  # both
    CertificateFactory(
        issued_on=d("2025-02-01"),
        valid_until=d("2028-01-31"),
        revoked_at=at(d("2025-12-01"), 9),
    )  # revoked before the end of 2025: neither
    CertificateFactory(issued_on=d("2022-01-01"), valid_until=d("2025-01-31"))  # 2024 only


def _welcome() -> None:
    done = RegistrationFactory(
        created_at=at(d("2025-01-20"), 9),
        status=WelcomeRegistration.Status.DONE,
        done_at=at(d("2025-02-03"), 9),
    )
    RegistrationFactory(created_at=at(d("2025-06-20"), 9))
    RegistrationFactory(created_at=at(d("2024-06-20"), 9))
    grant = GrantFactory(registration=done, amount=Decimal("150.00"))
    WelcomePayment.objects.create(
        number="BG-2025-0001",
        grant=grant,
        registration_reference=done.reference,
        amount=Decimal("150.00"),
        method=WelcomePayment.Method.CASH,
        payee_name="Anna Muster",
        paid_at=at(d("2025-02-03"), 11),
        keep_until="2035-12-31",
    )


@pytest.fixture
def town(db: None) -> None:
    active = OrganisationFactory(name="Familienzentrum Lindenhof", slug="lindenhof")
    events = OrganisationFactory(name="Kirchengemeinde", slug="kirche")
    OrganisationFactory(name="Ruhender Verein", slug="ruhend")
    _offers(active)
    _events(events)
    _holidays()
    _notinseln()
    _newsletter()
    _surveys()
    _concerns()
    _employers()
    _welcome()


# Counted by hand above: (2025, 2024).
EXPECTED: dict[str, tuple[Any, Any]] = {
    # Lindenhof (offers in both years), the church (events in both years), the holiday
    # activity's organisation (2025 only); the resting club never.
    "partners": (3, 2),
    "offers": (2, 2),
    "events": (1, 1),
    "registrations": (2, 1),
    "participants": (4, 3),
    "holiday_children": (2, 0),
    "holiday_bookings": (2, 0),
    "holiday_fill_rate": (Decimal("20.0"), None),
    "holiday_fees": (Decimal("13.00"), Decimal("0")),
    "holiday_reductions": (1, 0),
    "notinseln": (2, 2),
    "subscribers": (2, 2),
    "editions": (2, 1),
    "surveys": (1, 1),
    "survey_answers": (3, 1),
    "concerns": (2, 1),
    "concern_first_answer_days": (Decimal("2"), None),
    "concern_closing_days": (Decimal("4"), None),
    "certified_employers": (1, 2),
    "welcome_registrations": (2, 1),
    "welcome_packages": (1, 0),
    "welcome_grants": (1, 0),
    "welcome_grants_sum": (Decimal("150.00"), Decimal("0")),
}


def test_every_key_figure_of_a_year_and_the_year_before(town: None) -> None:
    result = {f.key: (f.value, f.previous) for f in figures.key_figures(YEAR, on=TODAY)}
    assert result == EXPECTED
    assert {f.app for f in figures.key_figures(YEAR, on=TODAY)} == set(figures.APPS)
    # the same as the concerns' own report says
    own = concern_reports.report(period=Period.year(YEAR))
    assert (own.total, own.first_answer.median, own.closing.median) == (2, 2.0, 4.0)


def _card(html: str, key: str) -> str:
    match = re.search(rf'data-figure="{key}">(.*?)</li>', html, re.S)
    assert match, key
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def test_the_cards_show_value_year_before_and_trend_in_words(
    town: None, coordinator_client: Client
) -> None:
    response = coordinator_client.get(reverse("reports:dashboard"), {"jahr": YEAR})
    assert response.status_code == 200
    html = response.content.decode()
    assert "The whole year 2025 compared with the whole year 2024." in html
    # 2 against 1: +100 %, with an arrow hidden from screen readers and the words
    assert _card(html, "editions") == "Editions sent 2 ↑ +100 % compared with 2024 2024: 1"
    assert "−50 % compared with 2024" in _card(html, "certified_employers")
    assert "unchanged compared with 2024" in _card(html, "offers")
    assert "new compared with 2024" in _card(html, "holiday_children")
    assert "20 %" in _card(html, "holiday_fill_rate")
    assert "2 working days" in _card(html, "concern_first_answer_days")
    assert "150.00 €" in _card(html, "welcome_grants_sum")
    # each card links to its app's back-office page
    assert f'href="{reverse("places:notinseln")}"' in html
    assert f'href="{reverse("concerns:reports")}?jahr={YEAR}"' in html
    # and the way to the other reports
    for name in ("reports:districts", "reports:gaps", "reports:annual"):
        assert f'href="{reverse(name)}"' in html


def test_the_current_year_is_compared_with_the_same_days_of_the_year_before(
    coordinator_client: Client,
) -> None:
    today = timezone.localdate()
    this = OfferFactory(published=True)
    Offer.objects.filter(pk=this.pk).update(published_at=at(today.replace(day=1, month=1), 9))
    ResponseFactory(submitted_on=today)
    ResponseFactory(submitted_on=today.replace(year=today.year - 1))
    # after the same day last year: not compared
    ResponseFactory(submitted_on=today.replace(year=today.year - 1) + dt.timedelta(days=1))
    current, previous = figures.periods_for(today.year, on=today)
    assert (current.start, current.end) == (dt.date(today.year, 1, 1), today)
    assert previous.end == today.replace(year=today.year - 1)
    values = {f.key: (f.value, f.previous) for f in figures.key_figures(today.year, on=today)}
    assert values["survey_answers"] == (1, 1)
    html = coordinator_client.get(reverse("reports:dashboard")).content.decode()
    assert "compared with the same days of the year before" in html


def test_a_leap_day_is_compared_with_28_february() -> None:
    _current, previous = figures.periods_for(2028, on=dt.date(2028, 2, 29))
    assert previous.end == dt.date(2027, 2, 28)


def test_the_year_switch_offers_recent_years_and_ignores_nonsense(
    coordinator_client: Client,
) -> None:
    this_year = timezone.localdate().year
    page = coordinator_client.get(reverse("reports:dashboard"), {"jahr": this_year - 2})
    assert f"Key figures {this_year - 2}" in page.content.decode()
    assert f'<option value="{this_year - 2}" selected>' in page.content.decode()
    for nonsense in ("1850", "abc", str(this_year + 3)):
        page = coordinator_client.get(reverse("reports:dashboard"), {"jahr": nonsense})
        assert page.status_code == 200
        assert f"Key figures {this_year}" in page.content.decode()


def test_trend_words_for_rates_and_missing_figures() -> None:
    with translation.override("en"):
        _check_trend_words_in_english()


def _check_trend_words_in_english() -> None:
    rate = figures.trend_of(Decimal("45"), Decimal("40"), unit=figures.UNIT_PERCENT, against="2024")
    assert rate.text == "+5 percentage points compared with 2024"
    assert figures.trend_of(3, None).direction == "none"
    down = figures.trend_of(9, 12, against="2024")
    assert (down.direction, down.percent, down.text) == ("down", -25, "−25 % compared with 2024")
    # A figure that grew many times over is said as a factor, not as "+13900 %".
    assert figures.trend_of(140, 1, against="2025").text == "140 times the figure of 2025"
    assert figures.trend_of(11, 2, against="2025").text == "5.5 times the figure of 2025"
    assert figures.trend_of(7, 2, against="2025").text == "+250 % compared with 2025"


def test_only_coordinators_see_the_dashboard_and_its_tile(
    coordinator: User, partner_user: User
) -> None:
    url = reverse("reports:dashboard")
    partner = english_client(partner_user)
    assert partner.get(url).status_code == 404
    assert url not in partner.get(reverse("core:dashboard")).content.decode()
    home = english_client(coordinator).get(reverse("core:dashboard")).content.decode()
    assert f'href="{url}"' in home and "Reports and key figures" in home
