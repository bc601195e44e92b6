"""Ferienspaß end to end: a family adds a child, filters the programme by its age and
books in two clicks; an organiser sees the participant list and ticks attendance on a
phone; a coordinator opens the dashboard. axe checks every page on the way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking
from familienrathaus.partners.services import add_member
from tests.factories import ChildFactory, OccasionFactory, OrganisationFactory, PeriodFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


@pytest.fixture
def programme(site: Any) -> dict[str, Any]:
    period = PeriodFactory(name="Sommerferien 2030", slug="sommerferien-2030")
    organisation = OrganisationFactory(name="Waldverein", slug="waldverein")
    small = OccasionFactory(
        activity__period=period,
        activity__organisation=organisation,
        activity__title="Waldabenteuer",
        activity__slug="waldabenteuer",
        age_min=6,
        age_max=9,
    )
    OccasionFactory(
        activity__period=period,
        activity__title="Klettern für Große",
        activity__slug="klettern",
        age_min=12,
    )
    return {"period": period, "occasion": small, "organisation": organisation}


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_family_adds_a_child_and_books_in_two_clicks(
    browse: Browse, programme: dict[str, Any], make_user: Callable[..., User]
) -> None:
    page = browse.page
    make_user("eltern@example.org")
    browse.visit("/konto/login/?next=/ferienspass/familie/kind/neu/")
    browse.log_in("eltern@example.org")
    assert browse.path == "/ferienspass/familie/kind/neu/"
    form = page.locator("main form")
    form.locator("input[name=first_name]").fill("Mia")
    form.locator("input[name=last_name]").fill("Muster")
    start = programme["period"].holiday_start
    form.locator("input[name=birth_date]").fill(date(start.year - 7, 3, 1).isoformat())
    form.locator("textarea[name=health_notes]").fill("Heuschnupfen")
    browse.submit(form)
    # Without consent nothing is stored; the typed note is still there.
    expect(form.locator("input[name=consent]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("textarea[name=health_notes]")).to_have_value("Heuschnupfen")
    form.locator("input[name=consent]").check()
    browse.submit(form)
    assert browse.path == "/ferienspass/familie/"
    expect(page.locator("main table")).to_contain_text("Mia Muster")

    browse.visit("/ferienspass/")
    assert browse.path == "/ferienspass/sommerferien-2030/"
    filters = page.locator("main form.frh-filter")
    filters.locator("select[name=child]").select_option(label="Mia Muster")
    browse.submit(filters)
    expect(page.locator("main .frh-hol-card")).to_have_count(1)
    card = page.locator("main .frh-hol-card")
    browse.click(card.get_by_role("link", name="Waldabenteuer", exact=True))  # click 1
    booking_button = page.locator("main form.frh-hol-book button")
    expect(booking_button).to_contain_text("Mia")
    browse.click(booking_button)  # click 2
    expect(page.locator("main [role=status]").first).to_contain_text("Mia")
    assert Booking.objects.get().status == "confirmed"

    browse.visit("/ferienspass/meine-buchungen/")
    expect(page.locator("main .frh-hol-booking")).to_contain_text("Waldabenteuer")


def test_an_organiser_ticks_attendance_on_a_phone(
    browse: Browse, programme: dict[str, Any], make_user: Callable[..., User]
) -> None:
    page = browse.page
    browse.page.set_viewport_size({"width": 390, "height": 844})
    organiser = make_user("orga@example.org", role=Role.PARTNER)
    add_member(actor=None, organisation=programme["organisation"], user=organiser)
    occasion = programme["occasion"]
    child = ChildFactory(first_name="Ole", birth_date=date(occasion.first_day.year - 7, 1, 1))
    services.book(actor=child.family, child=child, occasion=occasion)

    browse.visit("/konto/login/?next=/verwaltung/ferienspass/angebote/")
    browse.log_in("orga@example.org")
    browse.click(page.locator("main table a", has_text="Waldabenteuer").first)
    expect(page.locator("main")).to_contain_text("Ole")
    page.locator("main input[name=present]").check()
    browse.submit(page.locator("main form", has=page.locator("input[name=present]")))
    assert Booking.objects.get().attended is True
    browse.visit(f"/verwaltung/ferienspass/angebote/{occasion.activity_id}/")


def test_a_coordinator_sees_the_dashboard(
    browse: Browse,
    programme: dict[str, Any],
    make_user: Callable[..., User],
    totp_secret: str,
) -> None:
    page = browse.page
    make_user("koordination@example.org", role=Role.COORDINATOR, totp_secret=totp_secret)
    browse.visit("/konto/login/?next=/verwaltung/ferienspass/")
    browse.log_in("koordination@example.org")
    browse.enter_totp(totp_secret)
    assert browse.path.startswith("/verwaltung/ferienspass/")
    expect(page.locator("main h1")).to_contain_text("Sommerferien 2030")
    browse.visit("/verwaltung/ferienspass/programme/")
    browse.visit(f"/verwaltung/ferienspass/programme/{programme['period'].pk}/")
    browse.visit("/verwaltung/ferienspass/pruefung/")
    browse.visit(f"/verwaltung/ferienspass/{programme['period'].slug}/rechnungen/")


@pytest.mark.parametrize("color_scheme", ["dark"], indirect=True)
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_programme_is_readable_in_dark_mode(browse: Browse, programme: dict[str, Any]) -> None:
    """KERN follows the system's colour scheme: the cards must follow it too (axe checks
    the contrast of their text)."""
    browse.visit(programme["period"].get_absolute_url())
    expect(browse.page.locator(".frh-hol-card").first).to_contain_text("Waldabenteuer")


def test_a_family_finds_the_wish_phase_from_the_programme(
    browse: Browse, programme: dict[str, Any], make_user: Callable[..., User]
) -> None:

    autumn = PeriodFactory(wish_phase=True, name="Herbstferien 2030", slug="herbstferien-2030")
    make_user("eltern@example.org")
    browse.visit("/konto/login/?next=/ferienspass/familie/")
    browse.log_in("eltern@example.org")
    wishes = f"/ferienspass/{autumn.slug}/wuensche/"
    browse.click(browse.page.locator(f"main a[href='{wishes}']").first)
    assert browse.path == wishes
    browse.visit(programme["period"].get_absolute_url())
    browse.click(browse.page.locator(f"main a[href='{autumn.get_absolute_url()}']").first)
    assert browse.path == autumn.get_absolute_url()
    popularity = f"/ferienspass/{autumn.slug}/beliebtheit/"
    browse.click(browse.page.locator(f"main a[href='{popularity}']").first)
    assert browse.path == popularity
