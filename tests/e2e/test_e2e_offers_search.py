"""A family searches the Familienwegweiser (/angebote/): text, a facet, the sort order,
the pages and the page for "nothing found". axe checks every page on the way."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import OfferFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


@pytest.fixture
def offers(site: Any) -> None:
    now = timezone.now()
    # 24 counselling offers, every third about health, so that the results have pages.
    for number in range(24):
        OfferFactory(
            searchable=True,
            title=f"Familienberatung {chr(ord('A') + number)}",
            slug=f"familienberatung-{number}",
            summary="Beratung für Eltern in allen Lebenslagen.",
            themes=["gesundheit"] if number % 3 == 0 else ["erziehung-in-der-familie"],
            published_at=now - timedelta(days=number),
            cost="fee" if number % 2 else "free",
        )
    OfferFactory(
        searchable=True,
        title="Beratung zum Stillen",
        slug="beratung-zum-stillen",
        summary="Hebammen beraten junge Mütter.",
        themes=["gesundheit"],
        age_min=0,
        age_max=1,
    )


def query(browse: Browse) -> dict[str, list[str]]:
    return parse_qs(urlsplit(browse.page.url).query)


def result_titles(browse: Browse) -> list[str]:
    return browse.page.locator(".frh-search__list h3 a").all_inner_texts()


def open_filters(browse: Browse) -> None:
    """On a phone the filters are folded away behind their summary."""
    summary = browse.page.locator(".frh-search__summary")
    if summary.is_visible() and not browse.page.locator(".frh-search__details[open]").count():
        summary.click()


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_family_searches_filters_sorts_and_pages(browse: Browse, offers: None) -> None:
    page = browse.page
    browse.visit("/")
    browse.click(page.locator("nav.frh-nav a[href='/angebote/']"))
    assert browse.path == "/angebote/"
    status = page.locator("[role=status]")
    expect(status).to_contain_text("25")

    # A compound the text only has in parts: "Stillberatung" → "Beratung zum Stillen".
    form = page.locator("form#offer-search")
    form.locator("input[name=q]").fill("Stillberatung")
    browse.submit(form)
    assert query(browse)["q"] == ["Stillberatung"]
    assert result_titles(browse) == ["Beratung zum Stillen"]

    # A broader search, then one ticked theme: the count next to it is what one gets.
    form = page.locator("form#offer-search")
    form.locator("input[name=q]").fill("Beratung")
    browse.submit(form)
    expect(status).to_contain_text("25")
    open_filters(browse)
    health = page.locator("#facet-theme-gesundheit")
    label = page.locator("label[for=facet-theme-gesundheit]")
    expect(label).to_contain_text("(9)")
    health.check()
    browse.click(page.locator(".frh-search__facets button[type=submit]"))
    assert query(browse)["theme"] == ["gesundheit"]
    assert query(browse)["q"] == ["Beratung"]
    expect(status).to_contain_text("9")
    expect(page.locator("#facet-theme-gesundheit")).to_be_checked()
    assert len(result_titles(browse)) == 9

    # Untick it again by its chip, then sort by title and page through 25 results.
    browse.click(page.locator(".frh-search__chip").first)
    assert "theme" not in query(browse)
    expect(status).to_contain_text("25")
    page.locator("select[name=sort]").select_option("title")
    browse.click(page.locator(".frh-search__sort button[type=submit]"))
    assert query(browse)["sort"] == ["title"]
    titles = result_titles(browse)
    assert len(titles) == 20
    assert titles == sorted(titles, key=str.casefold)
    assert titles[0] == "Beratung zum Stillen"

    browse.click(page.locator(".frh-search__pages a[rel=next]"))
    assert query(browse)["page"] == ["2"]
    assert query(browse)["q"] == ["Beratung"]
    assert query(browse)["sort"] == ["title"]
    assert len(result_titles(browse)) == 5
    expect(page.locator(".frh-search__pages a[aria-current=page]")).to_contain_text("2")
    expect(page.locator("select[name=sort]")).to_have_value("title")


def test_nothing_found_offers_a_way_on(browse: Browse, offers: None) -> None:
    page = browse.page
    browse.visit("/angebote/?cost=free&age=1")
    form = page.locator("form#offer-search")
    form.locator("input[name=q]").fill("Zahnarztpraxis")
    browse.submit(form)
    expect(page.locator("[role=status]")).not_to_contain_text(re.compile(r"\d"))
    assert result_titles(browse) == []
    empty = page.locator(".frh-search__empty")
    expect(empty.locator(".kern-alert")).to_contain_text("Zahnarztpraxis")

    # The themes are offered as a fresh start.
    theme_links = empty.locator(".frh-search__entry-points a")
    expect(theme_links).to_have_count(7)

    # Dropping the search word keeps the filters and finds something again.
    browse.click(empty.locator(".kern-alert a").last)
    assert "q" not in query(browse)
    assert query(browse)["cost"] == ["free"]
    assert query(browse)["age"] == ["1"]
    expect(page.locator("[role=status]")).to_contain_text("13")

    browse.visit("/angebote/?q=Zahnarztpraxis")
    browse.click(page.locator(".frh-search__entry-points a[href='/angebote/?theme=gesundheit']"))
    assert query(browse) == {"theme": ["gesundheit"]}
    expect(page.locator("[role=status]")).to_contain_text("9")
