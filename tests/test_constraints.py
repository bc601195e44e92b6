"""Money, places, ages and dates are sane in the database itself, not only in forms.

The security test of issue 13 (point 4) saved an occasion with the fee -100 and a
summer programme from 0001-01-01 to 9999-12-31; issue 14 (point 4) an occasion on
15.09.2027 in a programme running 19.07.–31.08.2027. Each is refused now: by a
``CheckConstraint`` where one row decides (also for a direct ``QuerySet.update()``),
and by the forms with a message next to the field, keeping what was typed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core import limits
from familienrathaus.core.models import User
from familienrathaus.events.models import Event, Occurrence
from familienrathaus.holidays import services
from familienrathaus.holidays.forms import CancelOccasionForm, MailForm
from familienrathaus.holidays.models import Booking, Occasion, OccasionDate, Period
from familienrathaus.newsletter.models import Edition
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation
from familienrathaus.places.forms import ExceptionForm
from familienrathaus.places.models import OpeningException
from tests.factories import (
    ActivityFactory,
    BookingFactory,
    OccasionFactory,
    OfferFactory,
    PeriodFactory,
    make_event,
)

pytestmark = pytest.mark.django_db

BERLIN = timezone.get_fixed_timezone(60)


def refused_by_database(queryset: Any, **values: Any) -> bool:
    """True when the database refuses ``queryset.update(**values)``."""
    try:
        with transaction.atomic():
            queryset.update(**values)
    except IntegrityError:
        return True
    return False


def summer_2027(**kwargs: Any) -> Period:
    return PeriodFactory(
        name="Sommerferien 2027",
        holiday_start=date(2027, 7, 19),
        holiday_end=date(2027, 8, 31),
        **kwargs,
    )


# ----------------------------------------------------------------- the database refuses


def test_database_refuses_a_negative_fee() -> None:
    occasion = OccasionFactory()
    booking = BookingFactory(occasion=occasion)
    event = make_event(cost="fee", price=Decimal("4.00"))

    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), fee=Decimal("-100"))
    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), reduced_fee=-1)
    assert refused_by_database(Booking.objects.filter(pk=booking.pk), fee=Decimal("-100"))
    assert refused_by_database(Event.objects.filter(pk=event.pk), price=Decimal("-0.01"))
    period = occasion.activity.period
    assert refused_by_database(Period.objects.filter(pk=period.pk), flat_fee=Decimal("-5"))
    occasion.refresh_from_db()
    assert occasion.fee == Decimal("5.00")
    # Zero stays allowed: many offers are free.
    assert not refused_by_database(Occasion.objects.filter(pk=occasion.pk), fee=0)


def test_database_refuses_negative_or_no_places() -> None:
    occasion = OccasionFactory(max_places=10)
    event = make_event(registration_required=True, capacity=20)

    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), max_places=0)
    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), max_places=-3)
    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), min_places=11)
    assert refused_by_database(Event.objects.filter(pk=event.pk), capacity=-1)
    assert refused_by_database(Occurrence.objects.filter(event=event), capacity=-1)


def test_database_refuses_absurd_ages() -> None:
    occasion = OccasionFactory()
    offer = OfferFactory()

    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), age_max=28)
    assert refused_by_database(Occasion.objects.filter(pk=occasion.pk), age_min=12, age_max=6)
    assert not refused_by_database(Occasion.objects.filter(pk=occasion.pk), age_min=6, age_max=27)
    assert refused_by_database(Offer.objects.filter(pk=offer.pk), age_min=121)
    assert refused_by_database(Offer.objects.filter(pk=offer.pk), age_min=10, age_max=3)


@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31), date(1999, 12, 31)])
def test_database_refuses_absurd_dates_of_a_programme(day: date) -> None:
    period = summer_2027()

    assert refused_by_database(Period.objects.filter(pk=period.pk), holiday_start=day)
    assert refused_by_database(Period.objects.filter(pk=period.pk), holiday_end=day)


def test_database_refuses_ranges_that_end_before_they_start() -> None:
    period = summer_2027()
    occasion = OccasionFactory(activity__period=period)
    event = make_event()
    offer = OfferFactory()

    assert refused_by_database(Period.objects.filter(pk=period.pk), holiday_end=date(2027, 7, 1))
    starts = OccasionDate.objects.get(occasion=occasion).starts
    assert refused_by_database(OccasionDate.objects.filter(occasion=occasion), ends=starts)
    assert refused_by_database(
        Event.objects.filter(pk=event.pk), end=event.start - timedelta(hours=1)
    )
    assert refused_by_database(
        Offer.objects.filter(pk=offer.pk),
        valid_from=date(2027, 5, 1),
        valid_until=date(2027, 4, 1),
    )
    assert refused_by_database(
        Occurrence.objects.filter(event=event), start=datetime(9999, 1, 1, tzinfo=BERLIN)
    )


def test_database_refuses_absurd_dates_elsewhere() -> None:
    edition = Edition.objects.create(subject="Infobrief", slug="infobrief")
    assert refused_by_database(Edition.objects.filter(pk=edition.pk), events_from=date(1, 1, 1))
    assert refused_by_database(
        Edition.objects.filter(pk=edition.pk),
        events_from=date(2027, 5, 1),
        events_until=date(2027, 4, 1),
    )
    assert OpeningException._meta.constraints  # checked in test_places_* through forms


# ------------------------------------------------------- forms: a message next to the field


def occasion_post(**changes: str) -> dict[str, str]:
    data = {
        "note": "",
        "min_places": "0",
        "max_places": "12",
        "age_rule": "exact",
        "age_min": "6",
        "age_max": "12",
        "age_tolerance_months": "0",
        "fee": "8.00",
        "reduced_fee": "",
        "helpers_needed": "0",
        "first_day": "2027-07-20",
        "last_day": "",
        "start_time": "09:00",
        "end_time": "12:00",
    }
    data.update(changes)
    return data


def field_errors(response: Any, field: str) -> list[str]:
    form = response.context["form"]
    return [str(message) for message in form.errors.get(field, [])]


@pytest.fixture
def activity(organisation: Organisation) -> Any:
    return ActivityFactory(period=summer_2027(), organisation=organisation, title="Kanutour")


def new_occasion_url(activity: Any) -> str:
    return reverse("holidays:occasion_new", kwargs={"activity_pk": activity.pk})


def test_occasion_outside_its_programme_is_refused_with_a_clear_message(
    partner_client: Client, activity: Any
) -> None:
    response = partner_client.post(
        new_occasion_url(activity), occasion_post(first_day="2027-09-15")
    )

    assert response.status_code == 200
    errors = field_errors(response, "last_day")
    assert errors, response.context["form"].errors
    assert "19.07.2027" in errors[0] and "31.08.2027" in errors[0]
    assert not Occasion.objects.filter(activity=activity).exists()
    html = response.content.decode()
    assert 'value="2027-09-15"' in html  # what was typed stays
    assert 'value="8.00"' in html


def test_occasion_starting_before_the_holidays_is_refused_next_to_the_first_day(
    partner_client: Client, activity: Any
) -> None:
    response = partner_client.post(
        new_occasion_url(activity), occasion_post(first_day="2027-07-17", last_day="2027-07-20")
    )

    assert field_errors(response, "first_day")
    assert not Occasion.objects.filter(activity=activity).exists()


def test_occasion_inside_its_programme_is_saved(partner_client: Client, activity: Any) -> None:
    response = partner_client.post(
        new_occasion_url(activity), occasion_post(first_day="2027-08-30", last_day="2027-08-31")
    )

    assert response.status_code == 302, response.context["form"].errors
    assert OccasionDate.objects.filter(occasion__activity=activity).count() == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [("fee", "-100"), ("reduced_fee", "-1"), ("age_max", "30"), ("max_places", "0")],
)
def test_occasion_form_refuses_insane_numbers_next_to_the_field(
    partner_client: Client, activity: Any, field: str, value: str
) -> None:
    response = partner_client.post(new_occasion_url(activity), occasion_post(**{field: value}))

    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not Occasion.objects.filter(activity=activity).exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_occasion_form_refuses_an_absurd_day(
    partner_client: Client, activity: Any, day: str
) -> None:
    response = partner_client.post(new_occasion_url(activity), occasion_post(first_day=day))

    assert response.status_code == 200
    assert field_errors(response, "first_day")


def period_post(**changes: str) -> dict[str, str]:
    data = {
        "name": "Sommerferien 2027",
        "description": "",
        "holiday_start": "2027-07-19",
        "holiday_end": "2027-08-31",
        "booking_opens": "2027-05-01T10:00",
        "places_per_child": "",
        "travel_minutes": "0",
        "wishes_per_child": "5",
        "fee_model": "per_booking",
        "flat_fee": "0",
        "cancellation_days": "3",
        "hold_hours": "48",
        "minimum_check_days": "7",
        "sensitive_data_days": "14",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("holiday_start", "0001-01-01"),
        ("holiday_end", "9999-12-31"),
        ("flat_fee", "-100"),
    ],
)
def test_programme_form_refuses_absurd_dates_and_fees(
    coordinator_client: Client, field: str, value: str
) -> None:
    response = coordinator_client.post(
        reverse("holidays:period_create"), period_post(**{field: value})
    )

    assert response.status_code == 200
    assert field_errors(response, field), response.context["form"].errors
    assert not Period.objects.exists()


def test_programme_cannot_shrink_away_from_its_occasions(coordinator_client: Client) -> None:
    period = summer_2027()
    OccasionFactory(activity__period=period, day=date(2027, 8, 30))

    response = coordinator_client.post(
        reverse("holidays:period_edit", kwargs={"pk": period.pk}),
        period_post(holiday_end="2027-08-20"),
    )

    assert response.status_code == 200
    assert "30.08.2027" in " ".join(field_errors(response, "holiday_end"))
    period.refresh_from_db()
    assert period.holiday_end == date(2027, 8, 31)


def test_event_form_refuses_an_absurd_date(
    partner_client: Client, organisation: Organisation
) -> None:
    response = partner_client.post(
        reverse("events:create"),
        {
            "organisation": str(organisation.pk),
            "title": "Elternabend",
            "start_date": "0001-01-01",
            "start_time": "18:00",
            "interval": "1",
            "cost": "free",
            "registration_closes_hours": "0",
            "event_status": "scheduled",
        },
    )

    assert response.status_code == 200
    assert field_errors(response, "start_date")
    assert not Event.objects.filter(title="Elternabend").exists()


def test_service_refuses_an_occasion_outside_its_programme(coordinator: User) -> None:
    activity = ActivityFactory(period=summer_2027())
    occasion = Occasion(activity=activity, max_places=5)
    start = datetime(2027, 9, 15, 9, tzinfo=BERLIN)

    with pytest.raises(ValidationError) as refused:
        services.save_occasion(
            actor=coordinator, occasion=occasion, dates=[(start, start + timedelta(hours=3))]
        )

    assert "31.08.2027" in " ".join(refused.value.messages)
    assert not Occasion.objects.filter(activity=activity).exists()


def test_opening_exception_form_refuses_an_absurd_day() -> None:
    form = ExceptionForm(data={"starts_on": "0001-01-01", "ends_on": "2027-01-06"})

    assert not form.is_valid()
    assert "starts_on" in form.errors and "ends_on" not in form.errors


def test_messages_to_families_have_a_length_limit() -> None:
    too_long = "x" * (limits.TEXT_SHORT + 1)

    assert "body" in MailForm(data={"subject": "Hallo", "body": too_long}).errors
    assert "reason" in CancelOccasionForm(data={"reason": too_long}).errors
