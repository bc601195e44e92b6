"""Lists shown a page at a time, with the filters kept in the page links and downloads."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PAGE_SIZE = 25


def page_of(request: HttpRequest, items: Any, per_page: int = PAGE_SIZE) -> Page:
    """The page ``?page=`` asks for (the first or the last one for a wrong number)."""
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request: HttpRequest) -> str:
    """The request's parameters without ``page`` and ``format``: what the page links
    (``includes/pagination.html``) and the download links append to."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()
