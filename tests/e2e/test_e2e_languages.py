"""The public site on a phone in German, Ukrainian and Arabic (issue 20): axe on every page,
the page mirrored in Arabic, nothing wider than the phone, the right fonts.

One test per language walks the main public pages (start, offers list and an offer, events,
the map with Leaflet loaded, the Ferienspaß list, the Infobrief form, the concern form, the
welcome registration) and four journeys (subscribing to the Infobrief, sending a concern,
registering a baby, booking a holiday activity). On every page, at 390 px:

* axe-core finds no WCAG 2.1 A/AA violation (``browse`` checks each page it loads);
* ``<html>`` has the language and its direction; nothing scrolls sideways;
* in Arabic the skip link (focused), the alliance's name and the first navigation item
  sit at the right edge, in German and Ukrainian at the left: the layout is mirrored;
* a full-page screenshot goes to ``test-artifacts/e2e/`` (``languages-<lang>-<page>.png``).

Fonts: Noto Sans Arabic is fetched and used on Arabic pages and never on a page without
Arabic letters; the Cyrillic Fira Sans is fetched only where Cyrillic text is shown (the
header's language names alone do not count: they show in the phone's font).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pytest
from django.urls import is_valid_path
from django.utils import timezone, translation
from playwright.sync_api import expect

from familienrathaus.core.models import User
from tests.factories import OccasionFactory, OrganisationFactory, PeriodFactory, PlaceFactory, kind
from tests.factories.events import make_event
from tests.factories.offers import OfferFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

PAGES = [
    ("start", "/"),
    ("offers", "/angebote/"),
    ("events", "/veranstaltungen/"),
    ("map", "/karte/"),
    ("holidays", "/ferienspass/"),
    ("newsletter", "/infobrief/"),
    ("concern", "/anliegen/"),
    ("welcome", "/babybegruessung/anmelden/"),
]
LOCAL_TILES = "/static/places/icons/pin.svg?{z}/{x}/{y}"
# Distance (px) from the edge within which a text counts as "at" the edge: the container's
# padding is 16 px, the skip link's own padding 16 px more.
EDGE = 56
# Text of the page outside the header's language switch (which names every language
# in its own script on every page).
PAGE_SCRIPTS = """() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let text = "";
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.parentElement.closest(".frh-language, script, style")) text += node.data;
  }
  return {cyrillic: /[\\u0400-\\u04ff]/.test(text), arabic: /[\\u0600-\\u06ff]/.test(text)};
}"""


# Where the first line of an element's text is drawn (its box may span the whole width).
FIRST_LINE = """element => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const line = [...range.getClientRects()].find(rect => rect.width > 0);
  return line ? {x: line.left, y: line.top, width: line.width, height: line.height} : null;
}"""


def localised(language: str, path: str) -> str:
    """The page's address in ``language``: with its prefix (``/ar/karte/``) where the
    site has one, else the German address (the language cookie chose the language)."""
    if language == "de" or path.startswith(f"/{language}/"):
        return path
    prefixed = f"/{language}{path}"
    with translation.override(language):
        return prefixed if is_valid_path(prefixed.split("?")[0]) else path


class Walk:
    """One language's walk: checks and screenshots each page, notes scripts and fonts."""

    def __init__(self, browse: Browse, language: str) -> None:
        self.browse = browse
        self.page = browse.page
        self.language = language
        self.rtl = language == "ar"
        self.fonts: list[str] = []
        self.scripts = {"cyrillic": False, "arabic": False}
        self.page.on(
            "request",
            lambda request: (
                self.fonts.append(request.url) if request.url.endswith(".woff2") else None
            ),
        )

    def choose_language(self) -> None:
        # As a visitor does with the header's switch; it keeps the cookie for the walk.
        self.browse.visit(f"/sprache/?language={self.language}&next=/")
        expect(self.page.locator("html")).to_have_attribute("lang", self.language)

    def visit(self, name: str, path: str) -> None:
        self.browse.visit(localised(self.language, path))
        self.looks_right(name)

    def looks_right(self, name: str) -> None:
        page = self.page
        html = page.locator("html")
        expect(html).to_have_attribute("lang", self.language)
        expect(html).to_have_attribute("dir", "rtl" if self.rtl else "ltr")
        # The page's width without the scroll bar (headless Chromium draws one).
        width = page.evaluate("() => document.documentElement.clientWidth")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, f"{name} ({self.language}) is {overflow}px wider than the phone"
        skip = page.locator(".frh-skip-link")
        skip.focus()
        boxes = {
            "skip link": skip.evaluate(FIRST_LINE),
            "alliance name": page.locator(".frh-brand__name").evaluate(FIRST_LINE),
            "first menu item": page.locator(".frh-nav__list a").first.evaluate(FIRST_LINE),
        }
        page.evaluate("() => document.activeElement && document.activeElement.blur()")
        for what, box in boxes.items():
            assert box, f"{what} not shown on {name}"
            left, right = box["x"], box["x"] + box["width"]
            middle = (left + right) / 2
            where = f"{name} ({self.language})"
            if self.rtl:
                assert right >= width - EDGE and middle > width / 2, (
                    f"{where}: the {what} is not at the right edge: {box}"
                )
            else:
                assert left <= EDGE and middle < width / 2, (
                    f"{where}: the {what} is not at the left edge: {box}"
                )
        found = page.evaluate(PAGE_SCRIPTS)
        for script, shown in found.items():
            self.scripts[script] = self.scripts[script] or shown
        self.browse.screenshot(f"{self.language}-{name}")

    def fonts_are_right(self) -> None:
        arabic = [url for url in self.fonts if "noto-sans-arabic" in url]
        cyrillic = [url for url in self.fonts if "fira-sans-cyrillic" in url]
        if self.rtl:
            assert arabic, "Noto Sans Arabic was not fetched on the Arabic pages"
            assert self.page.evaluate(
                "async () => { await document.fonts.ready;"
                " return document.fonts.check('16px \"Noto Sans Arabic\"', 'مرحبا'); }"
            ), "Noto Sans Arabic is not in use for Arabic text"
        elif not self.scripts["arabic"]:
            assert arabic == [], f"Noto Sans Arabic fetched without Arabic text: {arabic}"
        if not self.scripts["cyrillic"]:
            assert cyrillic == [], f"Cyrillic Fira Sans fetched without Cyrillic text: {cyrillic}"


@pytest.fixture
def programme(site: Any) -> dict[str, Any]:
    period = PeriodFactory(name="Sommerferien 2030", slug="sommerferien-2030")
    organisation = OrganisationFactory(name="Waldverein", slug="waldverein")
    occasion = OccasionFactory(
        activity__period=period,
        activity__organisation=organisation,
        activity__title="Waldabenteuer",
        activity__slug="waldabenteuer",
        age_min=6,
        age_max=9,
    )
    # Something on each list: offers (one named in Arabic script), events, places on the map.
    offer = OfferFactory(in_guide=True, title="Elterncafé Lindenhof", slug="elterncafe-lindenhof")
    OfferFactory(in_guide=True, title="Krabbelgruppe Sonnenschein", slug="krabbelgruppe")
    make_event(title="Familienfest im Stadtpark")
    make_event(title="Elternabend: Medien in der Familie")
    for number, (lat, lon) in enumerate([("51.4000", "7.1900"), ("51.4002", "7.1903")]):
        PlaceFactory(name=f"Notinsel {number}", kinds=[kind("notinsel")],
                     latitude=Decimal(lat), longitude=Decimal(lon))  # fmt: skip
    PlaceFactory(name="Wickelraum im Rathaus", kinds=[kind("still-und-wickelort")],
                 latitude=Decimal("51.3900"), longitude=Decimal("7.1700"))  # fmt: skip
    return {"period": period, "occasion": occasion, "offer": offer}


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("language", ["de", "uk", "ar"])
def test_main_pages_and_journeys_on_a_phone(
    browse: Browse,
    language: str,
    programme: dict[str, Any],
    make_user: Callable[..., User],
    settings: Any,
) -> None:
    settings.PLACES_TILE_URL = LOCAL_TILES  # map tiles from the test server itself
    walk = Walk(browse, language)
    page = browse.page
    walk.choose_language()

    # ---- the main public pages
    for name, path in PAGES:
        walk.visit(name, path)
        if name == "offers":
            walk.visit("offer", programme["offer"].get_absolute_url())
        if name == "map":
            page.locator("#places-map-load").click()
            page.locator(".frh-places-cluster, .frh-places-marker").first.wait_for()
            page.locator(".leaflet-control-layers-selector").first.wait_for()
            walk.looks_right("map-loaded")

    # ---- subscribing to the Infobrief
    walk.visit("newsletter-form", "/infobrief/")
    form = page.locator("main form").filter(has=page.locator("input[name=consent]"))
    form.locator("input[name=email]").fill(f"familie.{language}@example.org")
    topics = form.locator("input[name=topics]")
    if topics.count():
        topics.first.check()
    form.locator("input[name=consent]").check()
    browse.submit(form)
    expect(page.locator("main form input[name=consent]")).to_have_count(0)
    walk.looks_right("newsletter-thanks")

    # ---- sending a concern: first without text (the message at the field), then whole
    walk.visit("concern-form", "/anliegen/")
    form = page.locator("main form.frh-concern-form")
    form.locator("input[name=kind]").first.check()
    form.locator("input[name=privacy][value=anonymous]").check()
    browse.submit(form)
    expect(page.locator("#id_text-error")).to_be_visible()
    walk.looks_right("concern-error")
    form = page.locator("main form.frh-concern-form")
    form.locator("textarea[name=text]").fill("Die Schaukel am Spielplatz Bachstraße ist kaputt.")
    browse.submit(form)
    expect(page.locator("#reference")).to_be_visible()
    walk.looks_right("concern-receipt")

    # ---- registering a baby, the grant by transfer: the IBAN is typed left to right
    walk.visit("welcome-form", "/babybegruessung/anmelden/")
    form = page.locator("main form.frh-welcome-form")
    born = timezone.localdate() - dt.timedelta(days=21)
    form.locator("#id_child_first_name").fill("Lina")
    form.locator("#id_birth_date").fill(born.isoformat())
    form.locator("input[name=first_born][value='1']").check()
    form.locator("#id_parent_names").fill("Maryam und Omar Haddad")
    form.locator("#id_street").fill("Lindenallee 12")
    form.locator("#id_postcode").fill("12345")
    form.locator("#id_town").fill("Musterstadt")
    form.locator("#id_email").fill(f"haddad.{language}@example.org")
    form.locator("input[name=delivery][value=pickup]").check()
    form.locator("#id_wants_grant").check()
    form.locator("input[name=payout][value=transfer]").check()
    form.locator("#id_account_holder").fill("Maryam Haddad")
    iban = form.locator("#id_iban")
    iban.fill("DE89 3704 0044 0532 0130 00")
    expect(iban).to_have_css("direction", "ltr")
    expect(form.locator("#id_email")).to_have_css("direction", "ltr")
    form.locator("#id_consent").check()
    walk.looks_right("welcome-filled")
    browse.submit(form)
    expect(page.locator("main form.frh-welcome-form")).to_have_count(0)
    walk.looks_right("welcome-thanks")

    # ---- booking a holiday activity: add a child, find the activity, book it
    email = f"eltern.{language}@example.org"
    make_user(email)
    child_form = localised(language, "/ferienspass/familie/kind/neu/")
    browse.visit(f"{localised(language, '/konto/login/')}?next={child_form}")
    walk.looks_right("login")
    browse.log_in(email)
    form = page.locator("main form")
    form.locator("input[name=first_name]").fill("Mia")
    form.locator("input[name=last_name]").fill("Haddad")
    start = programme["period"].holiday_start
    form.locator("input[name=birth_date]").fill(dt.date(start.year - 7, 3, 1).isoformat())
    form.locator("input[name=consent]").check()
    browse.submit(form)
    expect(page.locator("main table")).to_contain_text("Mia Haddad")
    walk.looks_right("holiday-family")
    walk.visit("holiday-programme", "/ferienspass/sommerferien-2030/")
    filters = page.locator("main form.frh-filter")
    filters.locator("select[name=child]").select_option(label="Mia Haddad")
    browse.submit(filters)
    browse.click(
        page.locator("main .frh-hol-card").get_by_role("link", name="Waldabenteuer", exact=True)
    )
    walk.looks_right("holiday-activity")
    button = page.locator("main form.frh-hol-book button")
    expect(button).to_contain_text("Mia")
    browse.click(button)
    expect(page.locator("main [role=status]").first).to_contain_text("Mia")
    walk.looks_right("holiday-booked")

    walk.fonts_are_right()
