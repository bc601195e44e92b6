"""Choosing holiday activities on a phone (390 px): a programme of 96 occasions over six
weeks shows one week at a time; the week links keep the chosen child; a clash with the
child's booking and a full occasion are marked in the list; the details are one tap
away. axe checks every page on the way; the page height is printed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.utils.text import slugify
from playwright.sync_api import expect

from familienrathaus.core.models import User
from familienrathaus.holidays.models import Booking
from tests.factories import (
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    OccasionFactory,
    OrganisationFactory,
    PeriodFactory,
)

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

TOPICS = ["Waldtag", "Töpfern", "Kanutour", "Theater", "Roboter", "Zirkus", "Backen", "Malen"]


@pytest.fixture
def big_programme(site: Any) -> dict[str, Any]:
    base = date.today() + timedelta(days=60)
    start = base + timedelta(days=(7 - base.weekday()) % 7)  # a Monday
    period = PeriodFactory(
        name="Sommerferien 2031",
        slug="sommerferien-2031",
        holiday_start=start,
        holiday_end=start + timedelta(days=40),
    )
    organisation = OrganisationFactory(name="Waldverein", slug="waldverein")
    occasions = []
    for number in range(96):
        week, slot = divmod(number, 16)
        day = start + timedelta(days=7 * week + slot % 5)
        title = f"{TOPICS[number % len(TOPICS)]} {number + 1}"
        activity = ActivityFactory(
            period=period,
            organisation=organisation,
            title=title,
            slug=slugify(title),
            summary="Ein Tag voller Abenteuer für Kinder von 6 bis 12 Jahren.",
        )
        hours = (9, 12) if slot % 2 == 0 else (14, 17)
        occasions.append(
            OccasionFactory(activity=activity, day=day, day__hours=hours, age_min=6, age_max=12)
        )
    return {"period": period, "occasions": occasions}


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_programme_of_96_occasions_on_a_phone(
    browse: Browse, big_programme: dict[str, Any], make_user: Callable[..., User]
) -> None:
    page = browse.page
    family = make_user("eltern@example.org")
    start = big_programme["period"].holiday_start
    child = ChildFactory(family=family, first_name="Mia", birth_date=date(start.year - 8, 3, 1))
    occasions = big_programme["occasions"]
    BookingFactory(child=child, occasion=occasions[0])  # Monday 9–12 of week 1
    full = occasions[3]
    full.max_places = 1
    full.save()
    BookingFactory(occasion=full)
    BookingFactory(occasion=full, status=Booking.Status.WAITLISTED)

    browse.visit("/konto/login/?next=/ferienspass/sommerferien-2031/")
    browse.log_in("eltern@example.org")
    filters = page.locator("main form.frh-filter")
    filters.locator("select[name=child]").select_option(label=str(child))
    browse.submit(filters)
    assert f"child={child.pk}" in browse.path  # the filter is in the URL

    cards = page.locator("main .frh-hol-card")
    expect(cards).to_have_count(16)  # one week, not 96
    expect(page.locator("main h2#results")).to_contain_text("96")
    # The clash with Mia's booking and the full occasion, in the list itself.
    expect(page.locator("main")).to_contain_text("Überschneidung: Mia hat „Waldtag 1“")
    expect(page.locator(f"#termin-{full.pk}")).to_contain_text("voll – Warteliste (1)")
    height = page.evaluate("() => document.documentElement.scrollHeight")
    print(f"\nprogramme page at 390 px: {height} px tall (one of 6 weeks, 16 of 96 occasions)")
    assert height < 10000
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways
    shot = browse.screenshot("week-1")
    print(f"screenshot: {shot}")

    # The jump list keeps the child filter; week 4 is one tap away.
    weeks = page.locator("main nav.frh-hol-weeks a")
    expect(weeks).to_have_count(6)
    browse.click(weeks.nth(3))
    assert f"child={child.pk}" in browse.path and "woche=4" in browse.path
    expect(cards).to_have_count(16)
    expect(page.locator("main h3.frh-hol-week")).to_contain_text("Woche 4")
    # The details of an occasion: one tap.
    first = cards.first
    title = first.locator("h4 a").inner_text()
    browse.click(first.locator(".frh-hol-more a"))
    expect(page.locator("main h1")).to_contain_text(title)
