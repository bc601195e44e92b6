"""Coordinators and partners: activities through the shared review workflow, the
dashboard, invoices with reductions, payments, the cash-office export; the functions
the lottery and the newsletter use."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.holidays import selectors, services
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Invoice,
    Period,
    ReductionClaim,
    ReductionKind,
)
from familienrathaus.partners.models import Organisation
from tests.conftest import holiday_dashboard
from tests.factories import (
    ActivityFactory,
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_partner_submits_an_activity_and_a_coordinator_publishes_it(
    partner_client: Client, coordinator_client: Client, organisation: Organisation
) -> None:
    period = PeriodFactory()
    response = partner_client.post(
        "/verwaltung/ferienspass/angebote/neu/",
        {
            "period": period.pk,
            "organisation": organisation.pk,
            "title": "Bienen beobachten",
            "summary": "Mit der Imkerin am Bienenstand.",
            "category": "nature",
            "meeting_point": "Lehrbienenstand",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Bienen beobachten")
    assert activity.status == "draft"
    response = partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/termin/neu/",
        {
            "first_day": period.holiday_start.isoformat(),
            "last_day": (period.holiday_start + timedelta(days=2)).isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "min_places": 3,
            "max_places": 12,
            "age_rule": "exact",
            "age_min": 6,
            "age_max": 10,
            "age_tolerance_months": 0,
            "fee": "6.00",
            "helpers_needed": 1,
        },
    )
    assert response.status_code == 302
    occasion = activity.occasions.get()
    assert occasion.dates.count() == 3  # three mornings
    assert Client().get(activity.get_absolute_url()).status_code == 404  # not public yet

    partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/status/", {"step": "submit"}
    )
    activity.refresh_from_db()
    assert activity.status == "submitted"
    assert OutboxMessage.objects.filter(purpose="holiday_activity.submitted").exists()
    queue = coordinator_client.get("/verwaltung/ferienspass/pruefung/").content.decode()
    assert "Bienen beobachten" in queue
    coordinator_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/status/", {"step": "approve"}
    )
    activity.refresh_from_db()
    assert activity.status == "published"
    assert "Bienen beobachten" in Client().get(activity.get_absolute_url()).content.decode()


def test_a_trip_with_nights(partner_client: Client, organisation: Organisation) -> None:
    activity = ActivityFactory(organisation=organisation)
    start = activity.period.holiday_start
    partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/termin/neu/",
        {
            "first_day": start.isoformat(),
            "last_day": (start + timedelta(days=2)).isoformat(),
            "start_time": "10:00",
            "end_time": "15:00",
            "trip": "on",
            "min_places": 0,
            "max_places": 20,
            "age_rule": "birth_year",
            "age_tolerance_months": 0,
            "fee": "45.00",
            "helpers_needed": 2,
        },
    )
    occasion = activity.occasions.get()
    assert occasion.dates.count() == 1 and occasion.nights == 2
    page = Client().get("/en" + activity.get_absolute_url())
    assert "2 nights" in page.content.decode()


def test_dashboard_shows_fill_rates_waiting_lists_and_children_without_a_place(
    coordinator_client: Client,
) -> None:
    period = PeriodFactory(name="Herbstferien 2030", slug="herbst-2030")
    occasion = OccasionFactory(activity__period=period, activity__title="Drachenbau", max_places=2)
    children = [ChildFactory() for _ in range(3)]
    for child in children:
        services.book(actor=child.family, child=child, occasion=occasion)
    page = coordinator_client.get(f"/verwaltung/ferienspass/?period={period.slug}").content.decode()
    assert "2 / 2 (100 %)" in page
    assert "Drachenbau" in page
    assert children[2].first_name in page  # the child without a place
    csv = coordinator_client.get(f"/verwaltung/ferienspass/?period={period.slug}&format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Drachenbau;" in csv.content.decode("utf-8-sig")


def test_invoices_with_reductions_payments_and_cash_office_export(
    coordinator_client: Client, coordinator: User
) -> None:
    period = PeriodFactory(slug="sommer-2031")
    familienpass = ReductionKind.objects.create(period=period, name="Familienpass", percent=50)
    third = ReductionKind.objects.create(
        period=period, name="Drittes Kind frei", percent=100, from_nth_child=3, needs_proof=False
    )
    family = UserFactory(email="viele-kinder@example.org", name="Familie Groß")
    kids = [
        ChildFactory(family=family, first_name=name, birth_date=date(2016 + n, 1, 1))
        for n, name in enumerate(["Anna", "Bert", "Cleo"])
    ]
    occasion = OccasionFactory(activity__period=period, fee=Decimal("10.00"))
    for kid in kids:
        services.book(actor=family, child=kid, occasion=occasion)
    ReductionClaim.objects.create(period=period, family=family, kind=third)
    claim = ReductionClaim.objects.create(period=period, family=family, kind=familienpass)
    coordinator_client.post(
        "/verwaltung/ferienspass/ermaessigungen/", {"claim": claim.pk, "decision": "approve"}
    )
    services.check_reduction(
        actor=coordinator, claim=ReductionClaim.objects.get(kind=third), approve=True
    )
    coordinator_client.post(f"/verwaltung/ferienspass/{period.slug}/rechnungen/neu/")
    invoice = Invoice.objects.get(family=family)
    # Anna and Bert half price (Familienpass), Cleo (third child) free.
    assert invoice.total == Decimal("10.00")
    assert OutboxMessage.objects.filter(
        to=[family.email], purpose__startswith="holidays.invoice:"
    ).exists()
    coordinator_client.post(
        f"/verwaltung/ferienspass/rechnung/{invoice.pk}/bezahlt/", {"amount": "10.00"}
    )
    invoice.refresh_from_db()
    assert invoice.status == "paid"
    csv = coordinator_client.get(f"/verwaltung/ferienspass/{period.slug}/rechnungen/?format=csv")
    text = csv.content.decode("utf-8-sig")
    assert invoice.number in text and "10,00" in text and "Familie Groß" in text
    pdf = coordinator_client.get(f"/ferienspass/rechnung/{invoice.pk}.pdf")
    assert pdf.content.startswith(b"%PDF-")


def test_flat_pass_fee_model(coordinator: User) -> None:
    period = PeriodFactory(fee_model=Period.FeeModel.FLAT, flat_fee=Decimal("25.00"))
    family = UserFactory()
    child = ChildFactory(family=family)
    for n in range(2):
        occasion = OccasionFactory(
            activity__period=period, day=period.holiday_start + timedelta(days=n)
        )
        services.book(actor=family, child=child, occasion=occasion)
    services.issue_invoices(actor=coordinator, period=period)
    assert Invoice.objects.get(family=family).total == Decimal("25.00")


def test_place_children_for_the_lottery_writes_places_and_ordered_waiting_lists() -> None:
    period = PeriodFactory()
    occasion = OccasionFactory(activity__period=period, max_places=2)
    kids = [ChildFactory() for _ in range(5)]
    result = services.place_children(
        period=period,
        placements=[(kids[0], occasion), (kids[1], occasion)],
        waitlist=[(kids[4], occasion), (kids[2], occasion), (kids[3].pk, occasion.pk)],
        actor=None,
    )
    assert (result.confirmed, result.waitlisted) == (2, 3)
    waiting = [b.child for b in selectors.waiting_list(occasion)]
    assert waiting == [kids[4], kids[2], kids[3]]
    assert all(b.source == Booking.Source.LOTTERY for b in Booking.objects.all())
    with pytest.raises(ValidationError):
        services.place_children(
            period=period, placements=[(ChildFactory(), occasion)], waitlist=[], actor=None
        )
    assert Booking.objects.count() == 5  # all or nothing


def test_periods_for_newsletter() -> None:
    current = PeriodFactory(name="Osterferien 2031")
    PeriodFactory(name="Alt", is_archived=True)
    periods = services_periods = selectors.periods_for_newsletter()
    assert [p.name for p in periods] == ["Osterferien 2031"]
    period = services_periods[0]
    assert period.get_absolute_url() == f"/ferienspass/{current.slug}/"
    assert period.booking_opens <= timezone.now() and period.holiday_start and period.holiday_end


def test_coordinator_creates_a_period_with_rules(coordinator_client: Client) -> None:
    response = coordinator_client.post(
        "/verwaltung/ferienspass/programme/neu/",
        {
            "name": "Herbstferien 2031",
            "holiday_start": "2031-10-13",
            "holiday_end": "2031-10-24",
            "wish_start": "2031-08-01T08:00",
            "wish_end": "2031-08-20T20:00",
            "booking_opens": "2031-09-01T08:00",
            "places_per_child": 3,
            "one_per_day": "on",
            "travel_minutes": 30,
            "wishes_per_child": 5,
            "fee_model": "per_booking",
            "flat_fee": "0",
            "cancellation_days": 3,
            "hold_hours": 48,
            "minimum_check_days": 7,
            "sensitive_data_days": 14,
        },
    )
    assert response.status_code == 302
    period = Period.objects.get(name="Herbstferien 2031")
    assert period.places_per_child == 3 and period.one_per_day
    assert period.phase_at(period.wish_start + timedelta(hours=1)) == Period.Phase.WISHES
    assert period.phase_at(period.booking_opens + timedelta(hours=1)) == Period.Phase.BOOKING
    page = coordinator_client.post(
        f"/verwaltung/ferienspass/programme/{period.pk}/",
        {"add_kind": "1", "kind-name": "Bildung und Teilhabe", "kind-percent": 100},
    )
    assert page.status_code == 302
    assert period.reduction_kinds.get().name == "Bildung und Teilhabe"
    assert Period.objects.get(pk=period.pk).name == "Herbstferien 2031"


def test_brochure_pdf_by_date_and_category() -> None:
    occasion = OccasionFactory(activity__title="Seifenkisten")
    period = occasion.activity.period
    for order in ("date", "category"):
        response = Client().get(f"/ferienspass/{period.slug}/broschuere.pdf?order={order}")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF-")


def test_organiser_ticks_attendance_and_writes_to_participants(
    partner_client: Client, organisation: Organisation
) -> None:
    occasion = OccasionFactory(activity__organisation=organisation)
    kids = [ChildFactory() for _ in range(2)]
    bookings = [services.book(actor=k.family, child=k, occasion=occasion) for k in kids]
    partner_client.post(
        f"/verwaltung/ferienspass/termine/{occasion.pk}/anwesenheit/",
        {"present": [bookings[0].pk]},
    )
    states = dict(Booking.objects.values_list("pk", "attended"))
    assert states == {bookings[0].pk: True, bookings[1].pk: False}
    partner_client.post(
        f"/verwaltung/ferienspass/termine/{occasion.pk}/nachricht/",
        {"subject": "Regen", "body": "Bitte Gummistiefel mitbringen."},
    )
    sent = OutboxMessage.objects.filter(purpose="holidays.participants")
    assert sorted(m.to[0] for m in sent) == sorted(k.family.email for k in kids)
    xlsx = partner_client.get(f"/verwaltung/ferienspass/termine/{occasion.pk}/teilnehmende.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_changes_to_a_published_activity_are_reviewed(
    partner_client: Client, coordinator_client: Client, organisation: Organisation
) -> None:
    activity = ActivityFactory(organisation=organisation, title="Alter Titel")
    response = partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/bearbeiten/",
        {"title": "Neuer Titel", "summary": "Neu.", "category": "nature"},
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "Alter Titel"  # the published version stays online
    assert activity.pending_changes["values"]["title"] == "Neuer Titel"
    page = coordinator_client.get(f"/verwaltung/ferienspass/angebote/{activity.pk}/")
    assert "Approve the changes" in page.content.decode()
    coordinator_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/status/", {"step": "approve_changes"}
    )
    activity.refresh_from_db()
    assert activity.title == "Neuer Titel" and activity.pending_changes is None


def test_more_places_go_to_the_waiting_list_first(
    partner_client: Client, organisation: Organisation
) -> None:
    occasion = OccasionFactory(activity__organisation=organisation, max_places=1)
    kids = [ChildFactory() for _ in range(3)]
    for kid in kids:
        services.book(actor=kid.family, child=kid, occasion=occasion)
    day = occasion.first_day
    response = partner_client.post(
        f"/verwaltung/ferienspass/angebote/{occasion.activity_id}/termin/{occasion.pk}/",
        {
            "first_day": day.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "min_places": 0,
            "max_places": 2,
            "age_rule": "exact",
            "age_tolerance_months": 0,
            "fee": "5.00",
            "helpers_needed": 0,
        },
    )
    assert response.status_code == 302
    statuses = [b.status for b in Booking.objects.order_by("queued_at", "pk")]
    assert statuses == ["confirmed", "offered", "waitlisted"]


@pytest.mark.django_db
def test_below_minimum_is_flagged_only_once_booking_has_opened(
    coordinator_client: Client,
) -> None:
    now = timezone.now()
    period = PeriodFactory(
        wish_start=now - timedelta(days=1),
        wish_end=now + timedelta(days=5),
        booking_opens=now + timedelta(days=10),
    )
    OccasionFactory(activity__period=period, min_places=4, activity__title="Kanutour")
    organiser = coordinator_client.get("/verwaltung/ferienspass/angebote/").content.decode()
    assert "Kanutour" in organiser and "below minimum" not in organiser
    assert "below minimum" not in holiday_dashboard(coordinator_client, period)
    Period.objects.filter(pk=period.pk).update(
        wish_start=now - timedelta(days=10),
        wish_end=now - timedelta(days=5),
        booking_opens=now - timedelta(hours=1),
    )
    organiser = coordinator_client.get("/verwaltung/ferienspass/angebote/").content.decode()
    assert "below minimum" in organiser
    assert "below minimum" in holiday_dashboard(coordinator_client, period)


def test_submitting_an_activity_says_what_happened(
    partner_client: Client, organisation: Organisation
) -> None:
    activity = ActivityFactory(organisation=organisation, status=Activity.Status.DRAFT)
    OccasionFactory(activity=activity)
    response = partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/status/", {"step": "submit"}, follow=True
    )
    assert "was submitted for review. You will receive an e-mail" in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED
