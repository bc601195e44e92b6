"""The start page leads families straight into the family guide."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_start_page_has_a_search_into_the_guide_and_the_themes(anon_client: Client) -> None:
    html = anon_client.get("/").content.decode()
    form = re.search(r'<form[^>]*action="/angebote/"[^>]*>.*?</form>', html, re.S)
    assert form and 'name="q"' in form.group(0)
    assert '<label class="kern-label" for="home-search">' in form.group(0)
    assert 'href="/angebote/?theme=gesundheit"' in html
    assert "Bildung und Betreuung" in html


def test_the_start_page_search_finds_offers(anon_client: Client) -> None:
    OfferFactory(searchable=True, title="Stillberatung im Storchennest")
    response = anon_client.get("/angebote/", {"q": "stillberatung"})
    assert "Stillberatung im Storchennest" in response.content.decode()
