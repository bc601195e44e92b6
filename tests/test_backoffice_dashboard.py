"""The back-office dashboard groups its tiles, so a coordinator finds a task among many."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def sections(html: str) -> dict[str, list[str]]:
    """Section heading -> the tile titles under it, in page order."""
    found: dict[str, list[str]] = {}
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for part in re.split(r"<h2[^>]*>", main)[1:]:
        heading, _, rest = part.partition("</h2>")
        found[heading.strip()] = re.findall(r'<h3 class="kern-title"><a[^>]*>([^<]+)</a>', rest)
    return found


def test_coordinators_see_their_tiles_in_sections_in_a_fixed_order(coordinator_client):
    html = coordinator_client.get("/verwaltung/").content.decode()
    found = sections(html)
    assert list(found) == [
        "Content and partners",
        "Holiday programme",
        "Communication and print",
        "Administration",
    ]
    assert "Site settings" in found["Administration"]
    assert "Audit log" in found["Administration"]
    assert "Printed family guide" in found["Communication and print"]
    assert "Site settings" not in found["Content and partners"]


def test_partner_staff_see_only_the_tiles_for_them_in_their_sections(partner_client):
    found = sections(partner_client.get("/verwaltung/").content.decode())
    assert found["Administration"] == ["API tokens"]
    assert "Site settings" not in str(found)
    assert found["Content and partners"]
