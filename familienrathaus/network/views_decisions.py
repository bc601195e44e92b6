"""The decision log of a group under /werkstatt/<group>/beschluesse/: every decision
taken in its minutes, newest first, by year and words, each linked to its minutes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from familienrathaus.core.pagination import query_without_page
from familienrathaus.network import forms_minutes
from familienrathaus.network.selectors import minutes as selectors
from familienrathaus.network.selectors.groups import get_group_or_404
from familienrathaus.network.views_groups import group_tabs

PAGE_SIZE = 50


@login_required
def log(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    form = forms_minutes.DecisionFilterForm(request.GET, years=selectors.decision_years(group))
    year, text = None, ""
    if form.is_valid():
        year, text = form.cleaned_data["year"], form.cleaned_data["q"]
    decisions = selectors.decision_log(group, year=year, text=text)
    page = Paginator(decisions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "network/decisions/log.html",
        {
            "group": group,
            "form": form,
            "page": page,
            "filtered": bool(year or text),
            "query": query_without_page(request),
            "tabs": group_tabs(request, group),
        },
    )
