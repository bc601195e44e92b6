"""Search in the workshop (/werkstatt/suche/): minutes, decisions and documents of the
groups the member belongs to (``search_index.search``), optionally one group only."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from familienrathaus.network import permissions, search_index
from familienrathaus.network.selectors.groups import visible_groups

MAX_QUERY = 200


@login_required
def search(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_use_workshop(user):
        raise Http404
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    groups = visible_groups(user).order_by("name")
    slug = request.GET.get("gruppe", "")
    group = groups.filter(slug=slug).first() if slug else None
    results = search_index.search(user, query, group=group) if query else None
    return render(
        request,
        "network/search/search.html",
        {
            "query": query,
            "groups": groups,
            "group_filter": group,
            "results": results,
            "searched": bool(query),
        },
    )
