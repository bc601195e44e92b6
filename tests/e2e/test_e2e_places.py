"""The map of family places in the browser: keyboard, geolocation, two-click map, axe."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone

from familienrathaus.core.models.users import Role
from familienrathaus.places.models import Notinsel, OpeningException
from tests.factories import NotinselFactory, PlaceFactory, kind

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

HERE = {"latitude": 51.4000, "longitude": 7.1900}


def tab_to(browse: Browse, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching ``selector`` has the focus."""
    page = browse.page
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    raise AssertionError(f"{selector} was not reached with the Tab key")


def always_open(name: str, lat: str, lon: str) -> Any:
    return PlaceFactory(
        name=name, kinds=[kind("notinsel")], latitude=Decimal(lat), longitude=Decimal(lon),
        opening="täglich 0–24", closed_on_public_holidays=False,
    )  # fmt: skip


def test_a_keyboard_user_finds_the_nearest_open_notinsel_through_the_list(
    browse: Browse,
) -> None:
    always_open("Apotheke weit weg", "51.4100", "7.2000")
    always_open("Bäckerei um die Ecke", "51.4012", "7.1905")
    closed = always_open("Kiosk direkt nebenan", "51.4001", "7.1901")
    today = timezone.localdate()
    OpeningException.objects.create(place=closed, starts_on=today, ends_on=today)
    PlaceFactory(name="Spielplatz nebenan", kinds=[kind("spielplatz")], latitude=Decimal("51.4000"))
    browse.page.context.grant_permissions(["geolocation"])
    browse.page.context.set_geolocation(HERE)
    page = browse.page

    browse.visit("/karte/")
    tab_to(browse, "#id_art")
    page.keyboard.type("Notinsel")
    tab_to(browse, "#id_offen")
    page.keyboard.press("Space")
    tab_to(browse, "#places-filter button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    browse.check()
    assert "art=notinsel" in browse.path and "offen=on" in browse.path

    tab_to(browse, "#places-near")
    page.keyboard.press("Enter")
    page.locator("#places-list li[data-distance]").first.wait_for(state="attached")
    tab_to(browse, "#places-list a")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Bäckerei um die Ecke"
    distance = page.locator("#places-list li").first.locator(".frh-place-card__distance")
    assert "m" in distance.inner_text()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    browse.check()
    assert page.locator("h1").inner_text() == "Bäckerei um die Ecke"
    assert page.locator("#open-now").inner_text().startswith(("Jetzt geöffnet", "Open now"))


def test_the_map_loads_only_after_the_click_and_its_markers_take_the_focus(
    browse: Browse, settings: Any
) -> None:
    # Tiles from the test server itself, so that no request leaves it.
    settings.PLACES_TILE_URL = "/static/places/icons/pin.svg?{z}/{x}/{y}"
    for number in range(3):
        always_open(f"Notinsel {number}", f"51.40{number}0", f"7.1{number}00")
    page = browse.page

    browse.visit("/karte/")
    assert page.locator(".leaflet-container").count() == 0
    page.locator("#places-map-load").click()
    page.locator(".frh-places-marker, .frh-places-cluster").first.wait_for()
    browse.check()
    marker = page.locator(".leaflet-marker-icon").first
    assert marker.get_attribute("tabindex") == "0"
    marker.focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup a, .leaflet-marker-icon").first.wait_for()


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_place_page_and_the_application_form_on_a_phone(browse: Browse) -> None:
    place = always_open("Rathaus", "51.4001", "7.1896")
    browse.visit(place.get_absolute_url())
    browse.visit("/notinseln/")
    browse.click(browse.page.locator("main a[href='/notinseln/mitmachen/']").first)
    form = browse.page.locator("main form")
    form.locator("#id_business_name").fill("Blumen Lindenblatt")
    form.locator("#id_street").fill("Marktplatz 3")
    form.locator("#id_postcode").fill("12345")
    form.locator("#id_city").fill("Musterstadt")
    form.locator("#id_opening_hours").fill("nie")
    form.locator("#id_contact_name").fill("Lena Linde")
    form.locator("#id_contact_email").fill("lena@lindenblatt.example")
    browse.submit(form)  # errors are shown and checked by axe
    assert not Notinsel.objects.exists()
    form = browse.page.locator("main form")
    form.locator("#id_opening_hours").fill("Mo–Fr 9–18")
    form.locator("#id_rules").check()
    browse.submit(form)
    assert browse.path == "/notinseln/mitmachen/danke/"
    assert Notinsel.objects.get().business_name == "Blumen Lindenblatt"


def test_the_back_office_pages_of_the_map(
    browse: Browse, make_user: Any, totp_secret: str, settings: Any
) -> None:
    settings.PLACES_TILE_URL = "/static/places/icons/pin.svg?{z}/{x}/{y}"
    make_user("buero@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    place = always_open("Stadtbibliothek", "51.4008", "7.1882")
    notinsel = NotinselFactory(business_name="Optiker Klarblick")
    browse.visit("/verwaltung/orte/")
    browse.log_in("buero@musterstadt.example")
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/orte/"
    browse.visit(f"/verwaltung/orte/{place.pk}/")
    browse.visit("/verwaltung/orte/neu/")
    # The pin: load the map on request, click it, and the coordinates are filled in.
    page = browse.page
    assert page.locator("#id_latitude").input_value() == ""
    page.locator(".frh-places-pin__load").click()
    canvas = page.locator(".frh-places-pin__canvas")
    canvas.wait_for()
    canvas.click(position={"x": 200, "y": 120})
    latitude = page.locator("#id_latitude").input_value()
    assert latitude.startswith("51.") and len(latitude.split(".")[1]) == 6, latitude
    assert page.locator("#id_longitude").input_value().startswith("7.")
    browse.check()
    browse.visit("/verwaltung/orte/arten/")
    browse.visit("/verwaltung/orte/notinseln/")
    browse.click(browse.page.get_by_role("link", name="Optiker Klarblick"))
    form = browse.page.locator("main form").first
    form.locator("select").select_option("approved")
    browse.submit(form)
    notinsel.refresh_from_db()
    assert notinsel.status == Notinsel.Status.APPROVED


def test_map_and_near_me_work_under_the_strict_content_security_policy(
    strict_browse: Browse, settings: Any
) -> None:
    settings.PLACES_TILE_URL = "/static/places/icons/pin.svg?{z}/{x}/{y}"
    always_open("Apotheke am Markt", "51.4003", "7.1903")
    always_open("Bäckerei am Bach", "51.4060", "7.2030")
    page = strict_browse.page
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation({"latitude": 51.4061, "longitude": 7.2031})

    strict_browse.visit("/karte/")
    page.locator("#places-map-load").click()
    page.locator(".leaflet-marker-icon").first.wait_for()
    page.locator("#places-near").click()
    page.locator("#places-list li[data-distance]").first.wait_for(state="attached")
    assert page.locator("#places-list li h3").first.inner_text().strip() == "Bäckerei am Bach"
    violations = [m for m in strict_browse.console_errors if "Content Security Policy" in m]
    assert not violations, violations
