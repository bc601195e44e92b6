"""The map page on a phone: light until the map is asked for, big enough to tap.

Leaflet (script, markercluster, stylesheets) is fetched only after "Karte laden" or when
the visitor chose to always load the map; the list works without it, also without
JavaScript; every target on the page is at least 24 × 24 CSS px with room around it
(WCAG 2.2, 2.5.8), measured in the browser at 390 px.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, ViewportSize

from tests.e2e.conftest import PHONE, format_violations
from tests.factories import PlaceFactory, kind

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

# What the page may only fetch once the map is asked for.
LEAFLET = ("/vendor/leaflet/",)
LOCAL_TILES = "/static/places/icons/pin.svg?{z}/{x}/{y}"
MIN = 24  # CSS px, WCAG 2.2 success criterion 2.5.8 (AA)

# Every target in the main area with its box. A checkbox or radio inside its label is
# tapped through the label, so the label's box counts. Links inside running text are
# exempt (2.5.8 "inline"), as are the map's markers (their place on the map is the
# information; 2.5.8 "essential"), which only have to be big enough themselves.
TARGETS_JS = """() => {
  const inText = (el) => getComputedStyle(el).display === 'inline' &&
    [...el.parentElement.childNodes].some(
      (n) => n !== el && n.nodeType === 3 && n.textContent.trim());
  const seen = new Set();
  const out = [];
  for (const el of document.querySelectorAll(
      'main a[href], main button, main input:not([type=hidden]), main select, main textarea, '
      + 'main summary, main .leaflet-marker-icon')) {
    if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
    if (el.closest('.leaflet-marker-icon') && !el.matches('.leaflet-marker-icon')) continue;
    const label = el.matches('input[type=checkbox], input[type=radio]') && el.closest('label');
    const box = label || el;
    if (seen.has(box)) continue;
    seen.add(box);
    const r = box.getBoundingClientRect();
    const map = el.closest('.leaflet-container');
    if (el.matches('.leaflet-marker-icon')) {
      const m = map.getBoundingClientRect();
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (x < m.left || x > m.right || y < m.top || y > m.bottom) continue;  // panned away
    }
    out.push({
      name: (box.getAttribute('aria-label') || box.textContent || el.id || el.className)
        .toString().trim().replace(/\\s+/g, ' ').slice(0, 60) || box.outerHTML.slice(0, 60),
      left: r.left + scrollX, top: r.top + scrollY, width: r.width, height: r.height,
      inline: inText(box), marker: el.matches('.leaflet-marker-icon'),
    });
  }
  return out;
}"""


def small_or_crowded_targets(page: Page) -> list[str]:
    """Targets below 24 × 24 px, and pairs of targets whose boxes touch or overlap."""
    targets = [t for t in page.evaluate(TARGETS_JS) if not t["inline"]]
    assert targets, "no targets measured"
    problems = [
        f"{t['name']!r} is {t['width']:.1f} × {t['height']:.1f} px"
        for t in targets
        if t["width"] < MIN or t["height"] < MIN
    ]
    spaced = [t for t in targets if not t["marker"]]
    for i, a in enumerate(spaced):
        for b in spaced[i + 1 :]:
            overlap_x = min(a["left"] + a["width"], b["left"] + b["width"]) - max(
                a["left"], b["left"]
            )
            overlap_y = min(a["top"] + a["height"], b["top"] + b["height"]) - max(
                a["top"], b["top"]
            )
            if overlap_x > 0.5 and overlap_y > 0.5:
                problems.append(f"{a['name']!r} and {b['name']!r} overlap")
    return problems


def axe_target_size(browse: Browse) -> list[dict[str, Any]]:
    """axe's WCAG 2.2 target-size rule (the one Lighthouse reports); browse.check() runs
    the 2.1 rules and has already put axe on the page."""
    result = browse.page.evaluate(
        """() => axe.run(document, {
            runOnly: {type: 'rule', values: ['target-size']}, resultTypes: ['violations']})"""
    )
    return list(result["violations"])


def leaflet_requests(urls: list[str]) -> list[str]:
    return [url for url in urls if any(part in urlsplit(url).path for part in LEAFLET)]


def places() -> None:
    """Five places: three Notinseln close together (a cluster on the map), two apart."""
    for number, (lat, lon) in enumerate(
        [("51.4000", "7.1900"), ("51.4002", "7.1903"), ("51.4004", "7.1898")]
    ):
        PlaceFactory(name=f"Notinsel {number}", kinds=[kind("notinsel")],
                     latitude=Decimal(lat), longitude=Decimal(lon))  # fmt: skip
    PlaceFactory(name="Spielplatz am Bach", kinds=[kind("spielplatz")],
                 latitude=Decimal("51.4100"), longitude=Decimal("7.2100"))  # fmt: skip
    PlaceFactory(name="Wickelraum im Rathaus", kinds=[kind("still-und-wickelort")],
                 latitude=Decimal("51.3900"), longitude=Decimal("7.1700"))  # fmt: skip


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_on_a_phone_leaflet_comes_only_with_the_map_and_every_target_is_big_enough(
    browse: Browse, settings: Any
) -> None:
    settings.PLACES_TILE_URL = LOCAL_TILES  # tiles from the test server itself
    places()
    page = browse.page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    browse.visit("/karte/")
    assert leaflet_requests(requested) == [], "Leaflet was fetched before the click"
    assert page.locator(".leaflet-container").count() == 0
    assert page.locator("#places-list li").count() > 3  # the list needs no map
    assert small_or_crowded_targets(page) == []
    violations = axe_target_size(browse)
    assert not violations, format_violations(violations)

    # A network that drops Leaflet: a message, the list stays, and a second try works.
    def refuse(route: Route) -> None:
        route.abort()

    page.route("**/vendor/leaflet/leaflet.js", refuse)
    page.locator("#places-map-remember").check()
    page.locator("#places-map-load").click()
    status = page.locator("#places-map-status")
    status.filter(has_text="nicht geladen").wait_for()
    assert page.locator("#places-map-load").is_visible()
    assert page.locator("#places-map").is_hidden()
    page.unroute("**/vendor/leaflet/leaflet.js", refuse)

    page.locator("#places-map-load").click()
    page.locator(".frh-places-cluster, .frh-places-marker").first.wait_for()
    assert page.evaluate("() => document.activeElement.id") == "places-map"
    assert page.locator("#places-map-consent").is_hidden()
    assert status.inner_text() == ""
    fetched = {urlsplit(url).path.rsplit("/", 1)[-1] for url in leaflet_requests(requested)}
    assert {"leaflet.js", "leaflet.markercluster.js", "leaflet.css"} <= fetched, fetched
    assert {"MarkerCluster.css", "MarkerCluster.Default.css"} <= fetched, fetched
    page.locator(".leaflet-control-layers-selector").nth(2).wait_for()  # all three layers
    browse.check()
    assert small_or_crowded_targets(page) == []
    violations = axe_target_size(browse)
    assert not violations, format_violations(violations)

    # "Always load the map on this device" was ticked: the next visit shows it at once.
    browse.visit("/karte/", ready=".frh-places-cluster, .frh-places-marker")
    assert page.locator("#places-map-consent").is_hidden()
    assert page.evaluate("() => document.activeElement === document.body")


def test_without_javascript_the_list_and_its_filter_work(
    browser: Browser, site: Any, settings: Any
) -> None:
    settings.PLACES_TILE_URL = LOCAL_TILES
    places()
    context = browser.new_context(
        java_script_enabled=False,
        viewport=ViewportSize(width=PHONE["width"], height=PHONE["height"]),
        locale="de-DE",
    )
    try:
        page = context.new_page()
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(site.url + "/karte/")
        assert page.locator("noscript").count() == 1
        assert page.locator("#places-map-load").is_hidden()  # a button that would do nothing
        every = page.locator("#places-list li").count()
        page.locator("#id_art").select_option("notinsel")
        with page.expect_navigation():
            page.locator("#places-filter button[type=submit]").click()
        assert "art=notinsel" in page.url
        assert 0 < page.locator("#places-list li").count() < every
        assert leaflet_requests(requested) == []
    finally:
        context.close()


# Where Leaflet's controls sit inside the map: the side of each control's box.
CONTROL_SIDES_JS = """() => {
  const map = document.querySelector('.leaflet-container').getBoundingClientRect();
  const side = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return {
      x: r.left + r.width / 2 < map.left + map.width / 2 ? 'left' : 'right',
      y: r.top + r.height / 2 < map.top + map.height / 2 ? 'top' : 'bottom',
    };
  };
  return {
    zoom: side('.leaflet-control-zoom'),
    attribution: side('.leaflet-control-attribution'),
    layers: side('.leaflet-control-layers'),
  };
}"""


@pytest.mark.parametrize(
    ("path", "start", "end"),
    [("/karte/", "left", "right"), ("/ar/karte/", "right", "left")],
    ids=["german", "arabic"],
)
def test_the_map_controls_follow_the_reading_direction(
    browse: Browse, settings: Any, path: str, start: str, end: str
) -> None:
    """Zoom at the start of the top edge, layers at its end, attribution at the end of the
    bottom edge: top left / right / bottom right in German, mirrored on an Arabic page."""
    settings.PLACES_TILE_URL = LOCAL_TILES
    places()
    page = browse.page
    browse.visit(path)
    assert page.evaluate("() => document.documentElement.dir") == (
        "rtl" if start == "right" else "ltr"
    )
    page.locator("#places-map-load").click()
    page.locator(".frh-places-cluster, .frh-places-marker").first.wait_for()
    page.locator(".leaflet-control-layers-selector").nth(2).wait_for()
    sides = page.evaluate(CONTROL_SIDES_JS)
    assert sides == {
        "zoom": {"x": start, "y": "top"},
        "attribution": {"x": end, "y": "bottom"},
        "layers": {"x": end, "y": "top"},
    }
    browse.check()
