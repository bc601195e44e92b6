"""Findings of the QA walk through the map and the Notinsel registry."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from familienrathaus.places.models import PlaceKind
from tests.factories import PlaceFactory, kind

pytestmark = pytest.mark.django_db


def test_the_kinds_page_counts_places_without_a_query_per_kind(
    coordinator_client: Client,
) -> None:
    kind("notinsel")
    for number in range(6):
        PlaceKind.objects.create(name=f"Art {number}", slug=f"art-{number}")
    PlaceFactory.create_batch(3, kinds=[kind("spielplatz")])
    coordinator_client.get("/verwaltung/orte/arten/")  # warm the session and the cache
    with CaptureQueriesContext(connection) as queries:
        response = coordinator_client.get("/verwaltung/orte/arten/")
    html = response.content.decode()
    row = re.search(r"Spielplatz</a></th>\s*<td[^>]*>(\d+)</td>", html)
    assert row is not None and row.group(1) == "3"
    assert len(queries) <= 8, [q["sql"][:80] for q in queries.captured_queries]
