"""The directory host's pages: listed alliances, a search over their public offers and
events, the next 30 days of events, a page per alliance, robots.txt and the sitemap.

Anonymous, GET only, no alliance active (core.tenancy.AllianceMiddleware); the reads are
``directory.selectors``. Pages are cached briefly (a listing shows on the next minute).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from familienrathaus.directory import selectors

CACHE_SECONDS = 60
PER_PAGE = 20
MAX_QUERY = 200


@require_GET
@cache_page(CACHE_SECONDS)
def home(request: HttpRequest) -> HttpResponse:
    listed = selectors.listings()
    state = request.GET.get("land", "")[:2].upper()
    shown = (
        [entry for entry in listed if entry.settings.federal_state == state] if state else listed
    )
    return render(
        request,
        "directory/home.html",
        {
            "listings": shown,
            "states": selectors.states(listed),
            "state": state,
            "total": len(listed),
        },
    )


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    text = request.GET.get("q", "").strip()[:MAX_QUERY]
    result = selectors.search(text, selectors.listings()) if text else None
    return render(request, "directory/search.html", {"q": text, "result": result})


@require_GET
@cache_page(CACHE_SECONDS)
def upcoming(request: HttpRequest) -> HttpResponse:
    page, items = selectors.upcoming_page(
        selectors.listings(), request.GET.get("page"), per_page=PER_PAGE
    )
    return render(
        request,
        "directory/upcoming.html",
        {"page": page, "items": items, "days": selectors.UPCOMING_DAYS},
    )


@require_GET
@cache_page(CACHE_SECONDS)
def alliance(request: HttpRequest, slug: str) -> HttpResponse:
    entry = selectors.listing(slug)
    if entry is None:
        raise Http404
    return render(
        request,
        "directory/alliance.html",
        {
            "entry": entry,
            "offers": selectors.alliance_offers(entry),
            "dates": selectors.alliance_dates(entry),
            "days": selectors.UPCOMING_DAYS,
        },
    )


@require_GET
def robots(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    return HttpResponse(f"User-agent: *\nAllow: /\nSitemap: {sitemap}\n", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "directory/404.html", status=404)
