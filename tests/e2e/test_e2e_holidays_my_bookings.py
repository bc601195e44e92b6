"""“Meine Buchungen” on a phone (390 px): a three-day booking appears once with its three
dates, its status does not run into the cancel button, and cancelling asks first. axe
checks every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import User
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, OccasionDate
from tests.factories import ChildFactory, OccasionFactory, PeriodFactory
from tests.factories.core import at

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_three_day_booking_appears_once_and_cancelling_asks_first(
    browse: Browse, site: Any, make_user: Callable[..., User]
) -> None:
    page = browse.page
    family = make_user("eltern@example.org")
    period = PeriodFactory(name="Sommerferien 2030", slug="sommerferien-2030")
    occasion = OccasionFactory(
        activity__period=period,
        activity__title="Theater-Werkstatt (für Jüngere)",
        activity__slug="theater-werkstatt",
        activity__meeting_point="Stadthalle, Probebühne",
    )
    for offset in (1, 2):
        day = occasion.first_day + timedelta(days=offset)
        OccasionDate.objects.create(occasion=occasion, starts=at(day, 9), ends=at(day, 12))
    start = period.holiday_start
    mia = ChildFactory(family=family, first_name="Mia", birth_date=date(start.year - 7, 3, 1))
    services.book(actor=family, child=mia, occasion=occasion)

    browse.visit("/konto/login/?next=/ferienspass/meine-buchungen/")
    browse.log_in("eltern@example.org")
    assert browse.path == "/ferienspass/meine-buchungen/"
    cards = page.locator("main .frh-hol-booking")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card.locator(".frh-hol-date")).to_have_count(3)
    cancel = card.get_by_role("link", name="Stornieren")
    expect(cancel).to_have_count(1)
    status = card.locator(".frh-hol-status")
    expect(status).to_have_text("bestätigt")
    status_box, cancel_box = status.bounding_box(), cancel.bounding_box()
    assert status_box and cancel_box and not _overlap(status_box, cancel_box)
    # The label fits inside its button (KERN made it a 48px icon button, text spilling out).
    assert cancel.evaluate("el => el.scrollWidth <= el.clientWidth")
    assert cancel_box["width"] > 80
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    browse.screenshot("meine-buchungen")

    browse.click(cancel)
    assert browse.path.endswith("/stornieren/")
    main = page.locator("main")
    expect(main).to_contain_text("Theater-Werkstatt (für Jüngere)")
    expect(main).to_contain_text("Mia")
    expect(main.locator(".frh-hol-date")).to_have_count(3)
    assert Booking.objects.get().status == Booking.Status.CONFIRMED
    browse.screenshot("stornieren")
    browse.click(main.get_by_role("button", name="Ja, Buchung stornieren"))
    assert browse.path == "/ferienspass/meine-buchungen/"
    expect(main.locator("[role=status]").first).to_contain_text("Die Buchung wurde storniert.")
    expect(main.locator(".frh-hol-status")).to_have_text("storniert")
    assert Booking.objects.get().status == Booking.Status.CANCELLED
