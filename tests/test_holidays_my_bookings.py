"""“Meine Buchungen” as a family sees it: one entry per booking with all its dates (also
in the PDF), cancelling asks first and names what is cancelled, a cancelled booking
reads “storniert”."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.test import Client
from pypdf import PdfReader

from familienrathaus.core.models import User
from familienrathaus.holidays import selectors, services
from familienrathaus.holidays.models import Booking, Child, Occasion, OccasionDate
from tests.factories import ChildFactory, OccasionFactory, UserFactory
from tests.factories.core import at

pytestmark = pytest.mark.django_db


def german_client(user: User) -> Client:
    client = Client(headers={"accept-language": "de"})
    client.force_login(user)
    return client


def three_day_occasion(**kwargs: object) -> Occasion:
    occasion = OccasionFactory(
        activity__title="Theater-Werkstatt (für Jüngere)",
        activity__meeting_point="Stadthalle, Probebühne",
        **kwargs,
    )
    first = occasion.first_day
    for offset in (1, 2):
        day = first + timedelta(days=offset)
        OccasionDate.objects.create(occasion=occasion, starts=at(day, 9), ends=at(day, 12))
    return occasion


@pytest.fixture
def family() -> User:
    return UserFactory(email="familie@example.org")


@pytest.fixture
def mia(family: User) -> Child:
    return ChildFactory(family=family, first_name="Mia")


def test_a_booking_of_three_days_is_shown_once_with_its_three_dates(
    family: User, mia: Child
) -> None:
    occasion = three_day_occasion()
    booking = services.book(actor=family, child=mia, occasion=occasion)
    page = german_client(family).get("/ferienspass/meine-buchungen/").content.decode()
    assert page.count("Theater-Werkstatt (für Jüngere)</a>") == 1
    assert page.count(f'href="/ferienspass/buchung/{booking.pk}/stornieren/"') == 1
    assert page.count(">Stornieren<") == 1
    for date in occasion.dates.all():
        assert date.starts.strftime("%d.%m.%Y") in page
    assert "bestätigt" in page


def test_the_pdf_lists_the_booking_once(family: User, mia: Child) -> None:
    occasion = three_day_occasion()
    services.book(actor=family, child=mia, occasion=occasion)
    [group] = selectors.bookings_of_family(family)
    assert len(group.bookings) == 1  # the PDF renders exactly these rows
    response = german_client(family).get("/ferienspass/meine-buchungen.pdf")
    assert response.status_code == 200
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert text.count("Theater-Werkstatt") == 1
    for date in occasion.dates.all():
        assert date.starts.strftime("%d.%m.") in text


def test_cancelling_asks_first_and_names_activity_child_and_dates(family: User, mia: Child) -> None:
    occasion = three_day_occasion()
    booking = services.book(actor=family, child=mia, occasion=occasion)
    client = german_client(family)
    url = f"/ferienspass/buchung/{booking.pk}/stornieren/"
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Theater-Werkstatt (für Jüngere)" in html and "Mia" in html
    for date in occasion.dates.all():
        assert date.starts.strftime("%d.%m.%Y") in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert "Ja, Buchung stornieren" in html
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED  # looking asks, it does not cancel

    response = client.post(url, follow=True)
    assert "Die Buchung wurde storniert." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    mine = client.get("/ferienspass/meine-buchungen/").content.decode()
    assert "storniert" in mine and "abgesagt" not in mine


def test_the_confirmation_step_needs_the_csrf_token(family: User, mia: Child) -> None:
    booking = services.book(actor=family, child=mia, occasion=three_day_occasion())
    client = Client(enforce_csrf_checks=True)
    client.force_login(family)
    response = client.post(f"/ferienspass/buchung/{booking.pk}/stornieren/")
    assert response.status_code == 403
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_another_family_cannot_see_the_confirmation_step(mia: Child, family: User) -> None:
    booking = services.book(actor=family, child=mia, occasion=three_day_occasion())
    stranger = german_client(UserFactory(email="fremd@example.org"))
    assert stranger.get(f"/ferienspass/buchung/{booking.pk}/stornieren/").status_code == 404
