"""The reports from end to end (issue 21), a coordinator on a phone, axe on every page:

the coordinator opens "Berichte und Kennzahlen" from the back office's tile and sees the
key figures and what is to do today → on the districts page imports the outlines of
three districts from a GeoJSON file and enters the children of the village that joined
the town → the district gap report shows the village without any offer highlighted on
the map and in the table (axe with the city map not loaded and loaded) and downloads as
CSV → the annual report gets a text, is built (the worker's task, run here) and
downloads as PDF; axe also checks the PDF's HTML.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models import District
from familienrathaus.core.models.users import Role
from familienrathaus.reports import annual_pdf, tasks
from familienrathaus.reports.models import AnnualReport, DistrictArea, DistrictPopulation
from tests.e2e.conftest import Browse, screenshots
from tests.factories.guide import pdf_text
from tests.factories.offers import OfferFactory
from tests.factories.reports import DistrictPopulationFactory, square

pytestmark = pytest.mark.e2e

shot = screenshots("reports", "e2e-")
# The outlines as a town's open-data portal publishes them: a FeatureCollection whose
# features carry the district's name.
OUTLINES = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"STADTTEIL": name}, "geometry": square(lat, lon)}
        for name, lat, lon in (
            ("Altstadt", 51.400, 7.190),
            ("Nordviertel", 51.411, 7.190),
            ("Eichenau", 51.400, 7.205),
        )
    ],
}
TEXT = "Eichenau gehört seit der Gebietsreform zur Stadt; dort fehlen Angebote für Familien."


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_coordinator_finds_the_village_without_offers_and_reports_the_year(
    browse: Browse, make_user: Any, totp_secret: str, settings: Any, tmp_path: Path
) -> None:
    # Tiles of the city map from the test server itself, so that no request leaves it.
    settings.PLACES_TILE_URL = "/static/places/icons/pin.svg?{z}/{x}/{y}"
    year = timezone.localdate().year
    altstadt = District.objects.create(name="Altstadt", slug="altstadt")
    nordviertel = District.objects.create(name="Nordviertel", slug="nordviertel")
    eichenau = District.objects.create(name="Eichenau", slug="eichenau")
    for district in (altstadt, nordviertel):
        DistrictPopulationFactory(district=district, year=year)
    for n in range(3):
        OfferFactory(published=True, districts=[altstadt if n < 2 else nordviertel])
    page = browse.page
    coordinator = make_user(
        "berichte@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    browse.visit("/verwaltung/")
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/"

    # --- the dashboard, from the back office's tile ------------------------------------
    dashboard = reverse("reports:dashboard")
    browse.click(page.locator(f"main a[href='{dashboard}']").first)
    assert browse.path == dashboard
    expect(page.locator("main h2#rd-today")).to_have_text("Heute zu tun")
    expect(page.locator("main [data-figure]").first).to_be_visible()
    assert page.locator("main [data-figure]").count() >= 10
    shot(browse, "01-dashboard")

    # --- the districts: outlines from a GeoJSON file, then the village's children ------
    browse.click(page.locator(f"main a[href='{reverse('reports:districts')}']").first)
    browse.click(page.locator(f"main a[href='{reverse('reports:districts-import')}']").first)
    form = page.locator("main form[enctype='multipart/form-data']")
    form.locator("input[type=file]").set_input_files(
        {
            "name": "stadtteile.geojson",
            "mimeType": "application/geo+json",
            "buffer": json.dumps(OUTLINES).encode(),
        }
    )
    browse.submit(form)
    expect(page.locator("main tr[data-match=yes]")).to_have_count(3)
    shot(browse, "02-outline-preview")
    browse.submit(page.locator("main form[method=post]").last)
    assert browse.path == reverse("reports:districts")
    assert DistrictArea.objects.filter(outline__isnull=False).count() == 3
    # On a phone each district is a card; one without an outline links to drawing it.
    card = page.locator("main [data-district-card=eichenau]")
    expect(card).to_be_visible()
    expect(card.locator("a[href$='/umriss/']")).to_have_count(0)

    browse.click(card.locator("h3 a"))
    add = page.locator("main #add-year form")  # open: the village has no figures yet
    add.locator("[name='new-year']").fill(str(year))
    add.locator("[name='new-residents']").fill("900")
    for band in ("0_2", "3_5", "6_9", "10_13", "14_17"):
        add.locator(f"[name='new-children_{band}']").fill("25")
    browse.submit(add)
    population = DistrictPopulation.objects.get(district=eichenau, year=year)
    assert population.children_total == 125
    shot(browse, "03-district")

    # --- the gap report: map and table show the village without offers ----------------
    browse.visit(dashboard)
    browse.click(page.locator(f"main a[href='{reverse('reports:gaps')}']").first)
    figure = page.locator("main svg.frh-choropleth[role=img]")
    expect(figure).to_be_visible()
    expect(figure.locator("[data-district=eichenau]")).to_have_attribute("data-class", "zero")
    row = page.locator("main table[data-table=supply] tr[data-district=eichenau]")
    expect(row).to_have_class(re.compile(r"\bfrh-gaps__weak\b"))
    expect(row.locator(".frh-gaps__zero").first).to_be_visible()
    altstadt_row = page.locator("main table[data-table=supply] tr[data-district=altstadt]")
    expect(altstadt_row).not_to_have_class(re.compile(r"\bfrh-gaps__weak\b"))
    shot(browse, "04-gaps")
    page.locator("#gaps-citymap-load").click()
    page.locator("#gaps-citymap.leaflet-container").wait_for()
    browse.check()
    shot(browse, "05-gaps-citymap")

    with page.expect_download() as download_info:
        page.locator(f"main a[href^='{reverse('reports:gaps-export', args=['csv'])}']").click()
    csv = Path(download_info.value.path()).read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf"), csv[:20]  # German Excel: UTF-8 with BOM
    table = csv.decode("utf-8-sig")
    assert "Eichenau" in table and ";" in table, table[:500]

    # --- the annual report: a text, the PDF built by the worker, downloaded ------------
    browse.visit(dashboard)
    browse.click(page.locator(f"main a[href^='{reverse('reports:annual')}']").first)
    if browse.path != reverse("reports:annual-year", args=[year]):
        browse.visit(reverse("reports:annual-year", args=[year]))
    texts = page.locator("main form#annual-texts")
    texts.locator("textarea[name=districts]").fill(TEXT)
    browse.click(texts.locator("button[name=action][value=build]").last)
    report = AnnualReport.objects.get(year=year)
    assert report.status == AnnualReport.Status.QUEUED
    shot(browse, "06-annual-queued")
    # The worker does not run during these tests: run its task here, as it would.
    tasks.build_annual_report.call(report.pk)
    browse.visit(reverse("reports:annual-year", args=[year]))
    link = page.locator("main a[data-download=pdf]")
    expect(link).to_be_visible()
    shot(browse, "07-annual-done")
    with page.expect_download() as download_info:
        link.click()
    pdf = Path(download_info.value.path()).read_bytes()
    text = " ".join(pdf_text(pdf, tmp_path).split())
    assert "Eichenau gehört seit der Gebietsreform" in text, text[:2000]

    # The PDF's HTML (what WeasyPrint lays out) passes axe too.
    page.set_content(annual_pdf.html(AnnualReport.objects.get(pk=report.pk)))
    page.evaluate("() => { window.__frhChecked = false; }")  # a new document in this window
    browse.check()
    expect(page.locator("h1").first).to_contain_text(str(year))
