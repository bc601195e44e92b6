"""What a parent sees of the waiting list, and who sees the way into the back office, in
the browser on a phone (issue 14, points 6 and 10). axe checks every page on the way.

A family of two waits for the one place left: the event page says that people wait
instead of "Noch 1 Platz frei", and a single person who comes later joins the waiting
list behind the family and is told the position."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.events import services
from familienrathaus.events.models import Registration
from tests.factories import first_date, make_event

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_later_single_person_queues_behind_the_waiting_family(
    browse: Browse, site: Any, settings: Any
) -> None:
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    page = browse.page
    event = make_event(title="Babymassage", registration_required=True, capacity=2)
    occurrence = first_date(event)
    services.register(
        occurrence_id=occurrence.pk, name="Ben", email="ben@example.org", adults=1, children=0
    )
    family = services.register(
        occurrence_id=occurrence.pk,
        name="Familie Aydin",
        email="aydin@example.org",
        adults=1,
        children=1,
    )
    assert family.status == Registration.Status.WAITING

    browse.visit(event.get_absolute_url())
    status = page.locator("main p", has_text="Warteliste:")
    expect(status).to_contain_text("1 Person wartet auf einen Platz")
    expect(page.locator("main")).not_to_contain_text("Noch 1 Platz frei")

    browse.click(page.locator(f"main a[href$='/termin/{occurrence.pk}/anmelden/']"))
    form = page.locator("main form.frh-form")
    form.locator("input[name=name]").fill("Clara Single")
    form.locator("input[name=email]").fill("clara@example.org")
    browse.submit(form)
    expect(page.locator("main h1")).to_have_text("Sie stehen auf der Warteliste")
    expect(page.locator("main")).to_contain_text("Sie sind Nr. 2 auf der Warteliste.")
    clara = Registration.objects.get(email="clara@example.org")
    assert clara.status == Registration.Status.WAITING


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_header_leads_staff_but_not_families_to_the_back_office(
    browse: Browse, make_user: Any
) -> None:
    page = browse.page
    make_user("eltern@example.org", role=Role.FAMILY)
    make_user("team@example.org", role=Role.PARTNER)

    browse.visit("/konto/login/")
    browse.log_in("eltern@example.org")
    browse.visit("/")
    expect(page.locator("header a", has_text="Verwaltung")).to_have_count(0)
    page.context.clear_cookies()

    browse.visit("/konto/login/")
    browse.log_in("team@example.org")
    browse.visit("/")
    link = page.locator("header a", has_text="Verwaltung")
    expect(link).to_be_visible()
    browse.click(link)
    assert browse.path == "/verwaltung/"
    expect(page.locator("header a", has_text="Verwaltung")).to_have_attribute(
        "aria-current", "page"
    )
