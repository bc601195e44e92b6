"""Scripts cost a phone time and data: every page script is an external, deferred file,
and only the map page carries any; Leaflet comes only when the map is asked for
(fetched by ``frh/places-map.js``, see ``tests/e2e/test_e2e_map_loading.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import PlaceFactory

PACKAGE = Path(settings.BASE_DIR) / "familienrathaus"
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ('type="application/ld+json"', 'type="application/json"')


def test_every_script_in_the_templates_is_an_external_deferred_file() -> None:
    """JSON (JSON-LD, settings for a script) is data; anything else is a ``src`` with
    ``defer``: it never holds up the page and never needs an inline-script CSP hole."""
    found = 0
    for template in PACKAGE.glob("**/templates/**/*.html"):
        for attributes, body in SCRIPT.findall(template.read_text(encoding="utf-8")):
            found += 1
            if any(kind in attributes for kind in DATA_TYPES):
                continue
            where = f"{template.relative_to(PACKAGE)}: <script{attributes}>"
            assert "src=" in attributes and not body.strip(), f"inline script in {where}"
            assert re.search(r"\bdefer\b", attributes), f"script without defer in {where}"
    assert found > 5  # the search itself works


@pytest.mark.django_db
def test_public_pages_carry_no_script_and_the_map_page_no_leaflet(anon_client: Client) -> None:
    PlaceFactory(name="Stadtbibliothek")
    for path in ("/", "/angebote/", "/veranstaltungen/", "/aktuelles/"):
        page = anon_client.get(path).content.decode()
        assert "<script src" not in page, path

    page = anon_client.get("/karte/").content.decode()
    assert "Stadtbibliothek" in page  # the list is in the HTML
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert [s.rsplit("/", 1)[-1] for s in scripts] == ["places-map.js", "places-near.js"]
    # Leaflet's files are named only as data for places-map.js, never linked.
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", page):
        assert "leaflet" not in tag.lower(), tag
    assert 'data-leaflet-js="' in page and 'data-leaflet-css="' in page
