"""The event calendar in the browser: a family finds an event in the list and the month,
registers and cancels; a partner and a coordinator work in the back office. axe checks
every page on the way (list, month, day, event, registration, back office)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.events import services
from familienrathaus.events.models import Registration
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.factories import first_date, make_event

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_family_finds_registers_and_cancels(browse: Browse, site: Any, settings: Any) -> None:
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    page = browse.page
    event = make_event(
        title="Erste Hilfe am Kind",
        registration_required=True,
        capacity=12,
        online_url="https://meet.example.org/erste-hilfe",
        featured=True,
    )
    occurrence = first_date(event)

    browse.visit("/")
    browse.click(page.locator("nav.frh-nav a[href='/veranstaltungen/']"))
    assert browse.path == "/veranstaltungen/"
    expect(page.locator("head link[rel=alternate][type='text/calendar']")).to_have_count(1)
    form = page.locator("main form.frh-events-filter")
    form.locator("input[name=kostenlos]").check()
    browse.submit(form)
    browse.click(page.locator("main .frh-event-list a", has_text="Erste Hilfe am Kind").first)
    expect(page.locator("main h1")).to_have_text("Erste Hilfe am Kind")

    browse.click(page.locator(f"main a[href$='/termin/{occurrence.pk}/anmelden/']"))
    register = page.locator("main form.frh-form")
    register.locator("input[name=name]").fill("Anna Beispiel")
    register.locator("input[name=email]").fill("kein-mail")
    browse.submit(register)  # a mistake: the message is next to the field, nothing lost
    expect(page.locator("main input[name=name]")).to_have_value("Anna Beispiel")
    page.locator("main input[name=email]").fill("anna@example.org")
    page.locator("main input[name=children]").fill("2")
    browse.submit(page.locator("main form.frh-form"))
    assert browse.path.endswith(f"/termin/{occurrence.pk}/angemeldet/")
    expect(page.locator("main [role=status]")).to_contain_text("anna@example.org")
    assert Registration.objects.get().seats == 3

    message = OutboxMessage.objects.get(to=["anna@example.org"])
    link = re.search(r"https?://\S+(/veranstaltungen/abmelden/\S+/)", message.body_text)
    assert link
    browse.visit(link.group(1))
    browse.submit(page.locator("main form"))
    expect(page.locator("main [role=status]")).to_contain_text("Erste Hilfe am Kind")
    assert Registration.objects.get().status == "cancelled"

    when = occurrence.start
    browse.visit(f"/veranstaltungen/monat/{when.year}/{when.month}/")
    expect(page.locator("main table caption")).to_be_visible()
    browse.click(page.locator("main table a", has_text="Erste Hilfe am Kind").first)
    browse.visit(f"/veranstaltungen/tag/{when.date().isoformat()}/")


def test_back_office_pages(browse: Browse, make_user: Any, totp_secret: str) -> None:
    partner = make_user("team@tus.example", role=Role.PARTNER, name="Tom")
    organisation = Organisation.objects.create(name="TuS Musterstadt", slug="tus", kind="verein")
    add_member(actor=None, organisation=organisation, user=partner)
    coordinator = make_user(
        "nina@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    series = make_event(
        organisation=organisation,
        title="Kinderturnen",
        frequency="weekly",
        repeat_count=4,
        registration_required=True,
        capacity=1,
    )
    occurrence = first_date(series)
    for number in range(2):
        services.register(
            occurrence_id=occurrence.pk, name=f"Kind {number}", email=f"k{number}@example.org",
            adults=1, children=0,
        )  # fmt: skip
    draft = make_event(organisation=organisation, title="Sommerfest", status="submitted")

    page = browse.page
    browse.visit("/konto/login/")
    browse.log_in(partner.email)
    for path in (
        "/verwaltung/",
        "/verwaltung/veranstaltungen/",
        f"/verwaltung/veranstaltungen/{series.pk}/",
        f"/verwaltung/veranstaltungen/{series.pk}/bearbeiten/",
        f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/",
        f"/verwaltung/veranstaltungen/termin/{occurrence.pk}/teilnehmende/",
        "/verwaltung/veranstaltungen/neu/",
        "/verwaltung/veranstaltungen/import/",
    ):
        browse.visit(path)
    # A form with a mistake keeps its input and is still accessible.
    browse.visit("/verwaltung/veranstaltungen/neu/")
    page.locator("main input[name=title]").fill("Ohne Datum")
    browse.submit(page.locator("main form.frh-event-form"))
    expect(page.locator("main input[name=title]")).to_have_value("Ohne Datum")
    browse.click(page.locator("header form[action='/konto/logout/'] button"))

    browse.visit("/verwaltung/veranstaltungen/pruefen/")
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    browse.visit("/verwaltung/veranstaltungen/pruefen/")
    browse.click(page.locator("main table a", has_text="Sommerfest"))
    browse.click(page.locator("main button[value=approve]"))
    expect(page.locator(f"main a[href='{draft.get_absolute_url()}']")).to_be_visible()
    draft.refresh_from_db()
    assert draft.status == "published"
    browse.visit(draft.get_absolute_url())


@pytest.mark.parametrize("color_scheme", ["dark"], indirect=True)
def test_public_pages_in_dark_colours(browse: Browse, site: Any) -> None:
    event = make_event(title="Laternenumzug", registration_required=True, capacity=3)
    occurrence = first_date(event)
    when = occurrence.start
    for path in (
        "/veranstaltungen/",
        f"/veranstaltungen/monat/{when.year}/{when.month}/",
        occurrence.get_absolute_url(),
        f"{occurrence.get_absolute_url()}anmelden/",
    ):
        browse.visit(path)


def test_event_pages_work_under_the_strict_csp(strict_browse: Browse, site: Any) -> None:
    """No inline script or style: the JSON-LD is data, the pages need no JavaScript."""
    event = make_event(title="Flohmarkt", registration_required=True, capacity=3)
    occurrence = first_date(event)
    for path in ("/veranstaltungen/", occurrence.get_absolute_url()):
        strict_browse.visit(path)
    assert strict_browse.console_errors == []


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_month_is_readable_on_a_phone(browse: Browse, site: Any) -> None:
    """Seven columns do not fit 390px: on a phone the month lists the days with events,
    each under its full date, and the page does not scroll sideways."""
    event = make_event(title="Krabbelgruppe am Vormittag")
    start = first_date(event).start
    page = browse.page
    browse.visit(f"/veranstaltungen/monat/{start.year}/{start.month}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    day = page.locator("main .frh-month__day", has_text="Krabbelgruppe am Vormittag")
    expect(day).to_be_visible()
    box = day.bounding_box()
    assert box is not None and box["width"] > 300  # the whole width, not one seventh
    expect(day.locator(".frh-month__long")).to_be_visible()
    assert re.search(r"\d{4}", day.locator(".frh-month__long").inner_text())
    expect(
        page.locator("main .frh-month__day--empty:not(.frh-month__day--today)").first
    ).to_be_hidden()
