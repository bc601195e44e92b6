"""The annual report's page: every figure of a small year built by hand, the texts a
coordinator writes (nothing typed is lost), and who may see it."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from familienrathaus.concerns.models import Concern
from familienrathaus.core.models.users import Role
from familienrathaus.events.models import Occurrence, Registration
from familienrathaus.holidays.models import Booking, ReductionClaim, ReductionKind
from familienrathaus.lottery.models import Outcome, Run, Ticket
from familienrathaus.newsletter.models import Delivery, Edition, Subscriber
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from familienrathaus.places.models import Notinsel
from familienrathaus.reports.models import AnnualReport
from familienrathaus.surveys.models import Response
from familienrathaus.welcome.models import Payment
from familienrathaus.welcome.models import Registration as WelcomeRegistration
from tests.factories import (
    EDUCATION,
    HEALTH,
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    EditionFactory,
    InvoiceFactory,
    NotinselFactory,
    OccasionFactory,
    OfferFactory,
    OrganisationFactory,
    PeriodFactory,
    SubscriberFactory,
    UserFactory,
    at,
    make_event,
    theme,
    wish,
)
from tests.factories.concerns import ConcernFactory, ConcernTopicFactory
from tests.factories.employers import CertificateFactory
from tests.factories.reports import DistrictAreaFactory, DistrictPopulationFactory
from tests.factories.surveys import ResponseFactory, SurveyFactory
from tests.factories.welcome import RegistrationFactory

YEAR = timezone.localdate().year - 1
BEFORE = YEAR - 1


def day(month: int, date: int, year: int = YEAR) -> dt.date:
    return dt.date(year, month, date)


def moment(month: int, date: int, year: int = YEAR) -> dt.datetime:
    return at(day(month, date, year), 10)


def page(client, year: int = YEAR) -> str:
    response = client.get(reverse("reports:annual-year", args=[year]))
    assert response.status_code == 200
    return response.content.decode()


def figures_of(content: str, section: str) -> dict[str, tuple[str, str]]:
    """{key: (this year, the year before)} of a section's figures table."""
    table = re.search(rf'data-section="{section}">(.*?)</table>', content, re.S)
    assert table, section
    cells = re.findall(
        r'data-figure="([^"]+)">([^<]*)</td>\s*<td[^>]*data-previous="[^"]+">([^<]*)</td>',
        table.group(1),
    )

    def text(cell: str) -> str:  # as read: a no-break space is a space
        return html.unescape(cell).replace("\xa0", " ")

    return {key: (text(now), text(before)) for key, now, before in cells}


def chart_rows(content: str, title: str) -> dict[str, str]:
    """{label: count} of the data table under the chart ``title``."""
    caption = re.escape(html.escape(title, quote=False))
    table = re.search(rf"<caption[^>]*>{caption}</caption>(.*?)</table>", content, re.S)
    assert table, title
    rows = re.findall(r'scope="row">([^<]*)</th><td[^>]*>([^<]*)</td>', table.group(1))
    return {html.unescape(label): count for label, count in rows}


# --------------------------------------------------------------------------- a small year


def _partners_and_offers() -> None:
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    Organisation.objects.filter(pk=first.pk).update(created_at=moment(2, 1))
    Organisation.objects.filter(pk=second.pk).update(created_at=moment(3, 1, BEFORE))
    Organisation.objects.filter(pk=third.pk).update(created_at=moment(4, 1, BEFORE))
    health, education = theme(HEALTH), theme(EDUCATION)
    altstadt = DistrictAreaFactory(district__name="Altstadt").district
    DistrictPopulationFactory(district=altstadt, year=YEAR)
    for organisation, subject, published in (
        (first, health, moment(3, 1)),
        (first, health, moment(9, 1)),
        (second, education, moment(5, 1, BEFORE)),
    ):
        offer = OfferFactory(
            organisation=organisation, themes=[subject], districts=[altstadt], published=True
        )
        Offer.objects.filter(pk=offer.pk).update(published_at=published, created_at=published)
    OfferFactory(organisation=first, themes=[health])  # a draft: never counted


def _events() -> None:
    for month, registrations in ((5, [(2, 1), (1, 2)]), (6, [])):
        event = make_event()
        start = moment(month, 10)
        Occurrence.objects.filter(event=event).update(
            start=start, original_start=start, end=start + dt.timedelta(hours=2)
        )
        occurrence = event.occurrences.get()
        for adults, children in registrations:
            Registration.objects.create(
                occurrence=occurrence,
                name="Familie Muster",
                email="muster@example.org",
                adults=adults,
                children=children,
                status=Registration.Status.CONFIRMED,
            )
        if registrations:
            Registration.objects.create(
                occurrence=occurrence,
                name="Familie Abgesagt",
                email="abgesagt@example.org",
                adults=3,
                status=Registration.Status.CANCELLED,
            )


def _holidays() -> None:
    period = PeriodFactory(holiday_start=day(7, 1), holiday_end=day(8, 10))
    activity = ActivityFactory(period=period)
    paid = OccasionFactory(activity=activity, max_places=4, fee=Decimal("10.00"))
    free = OccasionFactory(activity=activity, max_places=2, fee=Decimal("0"))
    first, second, third = ChildFactory(), ChildFactory(), ChildFactory()
    booked = moment(6, 2)  # a Monday: calendar week 23
    for child, occasion, fee, status in (
        (first, paid, "10.00", Booking.Status.CONFIRMED),
        (second, paid, "5.00", Booking.Status.CONFIRMED),  # at the reduced fee
        (third, paid, "10.00", Booking.Status.CANCELLED),
        (first, free, "0", Booking.Status.CONFIRMED),
        (third, free, "0", Booking.Status.OFFERED),
    ):
        BookingFactory(
            child=child, occasion=occasion, fee=Decimal(fee), status=status, created_at=booked
        )
    kind = ReductionKind.objects.create(period=period, name="Familienpass", percent=50)
    ReductionClaim.objects.create(
        period=period, family=second.family, kind=kind, status=ReductionClaim.Status.APPROVED
    )
    InvoiceFactory(period=period, paid_amount=Decimal("15.00"))
    run = Run.objects.create(period=period, seed=7, status=Run.Status.CONFIRMED)
    Ticket.objects.create(run=run, child=first, number=1, places=1)
    Ticket.objects.create(run=run, child=second, number=2, places=0)
    for child, accepted, reason in (
        (first, True, Outcome.Reason.ACCEPTED),
        (second, False, Outcome.Reason.FULL),
    ):
        Outcome.objects.create(
            run=run,
            wish=wish(child, paid, 1),
            child=child,
            occasion=paid,
            rank=1,
            accepted=accepted,
            reason=reason,
        )
    cancelled = OccasionFactory(activity=activity, max_places=50)
    cancelled.cancelled_at = moment(6, 20)
    cancelled.save()


def _notinseln() -> None:
    for created, status in (
        (moment(4, 10), Notinsel.Status.ACTIVE),
        (moment(4, 20), Notinsel.Status.ACTIVE),
        (moment(6, 1, BEFORE), Notinsel.Status.APPLIED),
    ):
        notinsel = NotinselFactory(status=status)
        Notinsel.objects.filter(pk=notinsel.pk).update(
            created_at=created, status_changed_at=created
        )


def _newsletter() -> None:
    stays = SubscriberFactory(confirmed_at=moment(2, 1))
    SubscriberFactory(
        confirmed_at=moment(3, 1),
        status=Subscriber.Status.UNSUBSCRIBED,
        unsubscribed_at=moment(10, 1),
    )
    earlier = SubscriberFactory(confirmed_at=moment(5, 1, BEFORE))
    SubscriberFactory(status=Subscriber.Status.PENDING, confirmed_at=None)
    edition = EditionFactory(
        subject="Infobrief Frühling", status=Edition.Status.SENT, sent_at=moment(3, 15)
    )
    for subscriber in (stays, earlier):
        Delivery.objects.create(edition=edition, subscriber=subscriber)
    EditionFactory(subject="Entwurf")


def _surveys() -> str:
    survey = SurveyFactory()
    for _n in range(3):
        ResponseFactory(survey=survey, submitted_on=day(5, 5))
    ResponseFactory(survey=survey, status=Response.Status.IN_PROGRESS, submitted_on=None)
    ResponseFactory(survey=survey, submitted_on=day(5, 5, BEFORE))
    return str(survey.title)


def _concerns() -> None:
    kita, play = ConcernTopicFactory(name="Kita"), ConcernTopicFactory(name="Spielplätze")
    # Monday to Wednesday: 2 working days; Monday to Thursday: 3.
    for topic, arrived, answered in (
        (kita, moment(2, 3), moment(2, 5)),
        (play, moment(3, 3), moment(3, 6)),
        (kita, moment(4, 1), None),
    ):
        concern = ConcernFactory(topic=topic)
        Concern.objects.filter(pk=concern.pk).update(created_at=arrived, first_answer_at=answered)


def _employers() -> str:
    certificate = CertificateFactory(issued_on=day(9, 1), valid_until=day(9, 1, YEAR + 3))
    return str(certificate.participation.round.name)


def _welcome() -> None:
    for created in (moment(4, 10), moment(4, 12), moment(5, 10)):
        registration = RegistrationFactory()
        WelcomeRegistration.objects.filter(pk=registration.pk).update(created_at=created)
    with_grant = RegistrationFactory(grant=True)
    WelcomeRegistration.objects.filter(pk=with_grant.pk).update(created_at=moment(5, 20))
    Payment.objects.create(
        number=f"BG-{YEAR}-0001",
        grant=with_grant.grant,
        registration_reference=with_grant.reference,
        amount=Decimal("100.00"),
        method=Payment.Method.TRANSFER,
        payee_name="Anna Muster",
        paid_at=moment(6, 1),
        keep_until=day(12, 31, YEAR + 10),
    )


@pytest.mark.django_db
def test_every_figure_of_the_annual_report_is_counted_right(coordinator_client):
    _partners_and_offers()
    _events()
    _holidays()
    _notinseln()
    _newsletter()
    survey = _surveys()
    _concerns()
    round_name = _employers()
    _welcome()

    content = page(coordinator_client)

    # Partners: A (two offers), B (an offer online since the year before) and the
    # organiser of the holiday activity; offers online on 31 December.
    assert figures_of(content, "partners") == {
        "partners": ("3", "1"),
        "offers": ("3", "1"),
        "partners_new": ("1", "2"),
        "offers_new": ("2", "1"),
    }
    themes = chart_rows(content, "Offers online at the end of the year by theme")
    assert themes["Gesundheit"] == "2"
    assert themes["Bildung und Betreuung"] == "1"

    # Events: two dates; the cancelled registration does not count.
    assert figures_of(content, "events") == {
        "events": ("2", "0"),
        "registrations": ("2", "0"),
        "participants": ("6", "0"),
        "dates": ("2", "0"),
        "children": ("3", "0"),
    }
    months = chart_rows(content, "Event dates by month")
    assert (months["May"], months["Jun"], months["Jul"]) == ("1", "1", "0")

    # Ferienspaß: 4 places taken (one held) of 6, the cancelled occasion left out.
    holidays = figures_of(content, "holidays")
    assert holidays == {
        "holiday_children": ("3", "0"),
        "holiday_bookings": ("4", "0"),
        "holiday_fill_rate": ("66.7 %", "–"),  # no places the year before
        "holiday_fees": ("15.00 €", "0.00 €"),
        "holiday_reductions": ("1", "0"),
        "occasions": ("2", "0"),
        "places": ("6", "0"),
        "reduced": ("1", "0"),
        "lottery_children": ("2", "0"),
        "wishes": ("2", "0"),
        "wishes_placed": ("1", "0"),
        "lottery_without": ("1", "0"),
    }
    assert chart_rows(content, "Places booked by the week the booking was made") == {"wk 23": "4"}
    fill = chart_rows(content, "Occasions by how full they were")
    assert (fill["fully booked"], fill["50 to 74 % booked"]) == ("1", "1")
    assert (fill["75 to 99 % booked"], fill["less than half booked"]) == ("0", "0")

    assert figures_of(content, "places") == {
        "notinseln": ("2", "0"),
        "applications": ("2", "1"),
    }
    assert chart_rows(content, "Applications to become a Notinsel by month")["Apr"] == "2"

    assert figures_of(content, "newsletter") == {
        "subscribers": ("2", "1"),
        "editions": ("1", "0"),
        "subscribers_new": ("2", "1"),
        "unsubscribed": ("1", "0"),
        "deliveries": ("2", "0"),
    }
    assert chart_rows(content, "Recipients per edition") == {"Infobrief Frühling": "2"}
    new = chart_rows(content, "New subscribers by month")
    assert (new["Feb"], new["Mar"], new["Oct"]) == ("1", "1", "0")

    assert figures_of(content, "surveys") == {
        "surveys": ("1", "1"),
        "survey_answers": ("3", "1"),
    }
    assert chart_rows(content, "Complete answers per survey") == {survey: "3"}

    concerns = figures_of(content, "concerns")
    assert concerns["concerns"] == ("3", "0")
    assert concerns["concern_first_answer_days"][0] == "2.5 working days"
    assert (concerns["answered"], concerns["open"]) == (("2", "0"), ("3", "0"))
    topics = chart_rows(content, "Concerns by topic")
    assert (topics["Kita"], topics["Spielplätze"]) == ("2", "1")

    assert figures_of(content, "employers") == {
        "certified_employers": ("1", "0"),
        "issued": ("1", "0"),
    }
    assert chart_rows(content, "Certificates issued by round") == {round_name: "1"}

    assert figures_of(content, "welcome") == {
        "welcome_registrations": ("4", "0"),
        "welcome_packages": ("0", "0"),
        "welcome_grants": ("1", "0"),
        "welcome_grants_sum": ("100.00 €", "0.00 €"),
    }
    # The districts: the gap map (an SVG with its legend) and its table, one row per
    # district and one for what has no district.
    districts = re.search(r'data-table="districts">(.*?)</table>', content, re.S)
    assert districts
    rows = re.findall(r'scope="row">([^<]*)', districts.group(1))
    assert [html.unescape(name).strip() for name in rows] == ["Altstadt", "without district"]
    assert 'class="frh-annual__map"' in content
    altstadt = re.search(r'scope="row">Altstadt.*?</tr>', districts.group(1), re.S)
    assert altstadt
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", altstadt.group(0))
    assert cells[0] == "100"  # the children of the year, as entered for the district

    born = chart_rows(content, "Registrations of newborns by month")
    assert (born["Apr"], born["May"], born["Jun"]) == ("2", "2", "0")
    assert chart_rows(content, "Welcome grants paid by month")["Jun"] == "1"


# --------------------------------------------------------------------------- texts


@pytest.mark.django_db
def test_texts_are_kept_per_section_and_nothing_typed_is_lost(coordinator_client):
    OfferFactory(published=True)
    year = timezone.localdate().year
    url = reverse("reports:annual-year", args=[year])
    assert not AnnualReport.objects.exists()  # looking creates nothing

    too_long = "x" * 5001
    response = coordinator_client.post(
        url, {"foreword": "Liebe Leserinnen und Leser,", "events": too_long, "action": "save"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Liebe Leserinnen und Leser," in content  # kept in the form
    assert "at most 5000 characters" in content
    assert not AnnualReport.objects.exists()

    response = coordinator_client.post(
        url,
        {
            "foreword": "Liebe Leserinnen und Leser,",
            "events": "Ein gutes Jahr.",
            "action": "save-events",
        },
    )
    assert response["Location"] == f"{url}#section-events"  # back where the coordinator was
    report = AnnualReport.objects.get(year=year)
    assert report.texts == {"foreword": "Liebe Leserinnen und Leser,", "events": "Ein gutes Jahr."}
    assert report.status == AnnualReport.Status.DRAFT
    assert "Ein gutes Jahr." in page(coordinator_client, year)


@pytest.mark.django_db
def test_a_year_without_data_is_not_offered(coordinator_client):
    assert coordinator_client.get(reverse("reports:annual")).status_code == 200
    assert coordinator_client.get(reverse("reports:annual-year", args=[1999])).status_code == 404
    OfferFactory(published=True)
    response = coordinator_client.get(reverse("reports:annual"))
    assert response["Location"] == reverse("reports:annual-year", args=[timezone.localdate().year])


# --------------------------------------------------------------------------- who may


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.FAMILY, Role.PARTNER])
def test_only_coordinators_see_the_annual_report(client, role):
    OfferFactory(published=True)
    year = timezone.localdate().year
    client.force_login(UserFactory(role=role))
    for name in ("reports:annual-year", "reports:annual-status", "reports:annual-pdf"):
        assert client.get(reverse(name, args=[year])).status_code == 404
    assert (
        client.post(reverse("reports:annual-year", args=[year]), {"action": "build"}).status_code
        == 404
    )
    assert client.post(reverse("reports:annual-publish", args=[year])).status_code == 404
    assert not AnnualReport.objects.exists()


@pytest.mark.django_db
def test_a_year_still_running_is_compared_with_the_same_days_of_the_year_before(
    coordinator_client,
):
    today = timezone.localdate()
    a_year_ago = today - dt.timedelta(days=365)
    later_last_year = a_year_ago + dt.timedelta(days=2)
    if later_last_year.year == today.year:
        pytest.skip("on the last days of the year there are no later days of the year before")
    for created in (at(a_year_ago - dt.timedelta(days=30), 10), at(later_last_year, 10)):
        notinsel = NotinselFactory(status=Notinsel.Status.APPLIED)
        Notinsel.objects.filter(pk=notinsel.pk).update(created_at=created)
    OfferFactory(published=True)  # something in this year

    # This year against the same days of the last: the later application is not yet due.
    assert figures_of(page(coordinator_client, today.year), "places")["applications"] == (
        "0",
        "1",
    )
    # Last year's own report counts both.
    assert figures_of(page(coordinator_client, today.year - 1), "places")["applications"][0] == "2"
