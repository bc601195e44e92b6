"""Public pages of the map: map and list, place pages, GeoJSON, Notinsel registry forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core import tiles
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.models import District
from familienrathaus.core.ratelimit import allow
from familienrathaus.places import geojson, hours, jsonld, pdf, selectors, services
from familienrathaus.places.forms import CheckForm, FilterForm, NotinselApplicationForm

APPLICATION_LIMIT = 5  # per hour and address
CHECK_LIMIT = 20


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, selectors.Filters(
            kind=data.get("art"), district=data.get("ortsteil"), open_now=bool(data.get("offen"))
        )
    return form, selectors.Filters()


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    places = selectors.published_places(filters)
    kinds = list(selectors.kinds())
    query = request.GET.urlencode()
    return render(
        request,
        "places/map.html",
        {
            "form": form,
            "filters": filters,
            "places": places,
            "kinds": kinds,
            "districts": selectors.districts(),
            "geojson_url": reverse("places:geojson") + (f"?{query}" if query else ""),
            **tiles.map_context(request),
            "now": hours.local_now(),
        },
    )


@require_safe
def place_detail(request: HttpRequest, slug: str) -> HttpResponse:
    place = selectors.published_place(slug)
    if place is None:
        raise Http404
    open_now = selectors.is_open_now(place)
    intervals = selectors.intervals(place)
    weekly = [
        (label, [i for i in intervals if i.weekday == number])
        for number, label in enumerate(
            [
                _("Monday"),
                _("Tuesday"),
                _("Wednesday"),
                _("Thursday"),
                _("Friday"),
                _("Saturday"),
                _("Sunday"),
            ]
        )
    ]
    today = hours.local_now().date()
    context: dict[str, Any] = {
        "place": place,
        "open_now": open_now,
        "has_hours": bool(intervals),
        "weekly": weekly,
        "today_weekday": today.weekday(),
        "closed_reason": hours.closed_reason(
            selectors.exceptions(place), holidays_closed=place.closed_on_public_holidays
        ),
        "upcoming_exceptions": [e for e in place.exceptions.all() if e.ends_on >= today],
        "json_ld": jsonld.script_tag(
            jsonld.place_data(place, absolute=request.build_absolute_uri, intervals=intervals)
        ),
        "now": hours.local_now(),
    }
    return render(request, "places/detail.html", context)


def _geojson_response(request: HttpRequest, content: bytes, *, gzipped: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=geojson.CONTENT_TYPE)
    if gzipped:
        response["Content-Encoding"] = "gzip"
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"  # public open data
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


@gzip_page
@require_safe
def geojson_view(request: HttpRequest, kind: str = "") -> HttpResponse:
    """All published places, or those of one kind; ``?offen=1`` / ``?ortsteil=`` filter.

    The unfiltered documents come gzipped from the cache; GZipMiddleware (``gzip_page``)
    compresses the filtered ones, which are built per request.
    """
    kind_obj = None
    if kind:
        kind_obj = selectors.kind_by_slug(kind)
        if kind_obj is None:
            raise Http404
    form, filters = _filters(request)
    if form.is_bound and not form.is_valid():
        raise Http404
    if filters.kind is not None:
        kind_obj = filters.kind
    if filters.open_now or filters.district is not None:
        places = selectors.published_places(
            selectors.Filters(kind=kind_obj, district=filters.district, open_now=filters.open_now)
        )
        body = geojson.dumps(geojson.collection(geojson.place_features(places)))
        response = _geojson_response(request, body, gzipped=False)
        response["Cache-Control"] = "public, max-age=60"
        return response
    document = geojson.cached(kind_obj)
    if request.headers.get("If-None-Match") == document.etag:
        not_modified = HttpResponseNotModified()
        not_modified["ETag"] = document.etag
        return not_modified
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "").lower()
    if accepts_gzip:
        response = _geojson_response(request, document.gzipped, gzipped=True)
    else:
        response = _geojson_response(request, document.content, gzipped=False)
    response["ETag"] = document.etag
    return response


@gzip_page
@require_safe
def layer_geojson(request: HttpRequest, layer: str) -> HttpResponse:
    """Offers or events with a location, as their own layer of the map."""
    if layer == "angebote":
        features = geojson.located_features(selectors.located_offers(), "offers")
    elif layer == "veranstaltungen":
        features = geojson.located_features(selectors.located_events(), "events")
    else:
        raise Http404
    body = geojson.dumps(geojson.collection(features))
    return _geojson_response(request, body, gzipped=False)


@require_safe
def district_pdf(request: HttpRequest, district: str) -> HttpResponse:
    district_obj = get_object_or_404(District, slug=district)
    places = selectors.published_places(selectors.Filters(district=district_obj))
    content = pdf.render_district_list(district_obj, places)
    response = HttpResponse(content, content_type="application/pdf")
    set_download_name(response, f"orte-{district_obj.slug}.pdf", attachment=False)
    return response


# --------------------------------------------------------------------------- Notinseln


@require_safe
def notinsel_info(request: HttpRequest) -> HttpResponse:
    kind = selectors.notinsel_kind()
    count = len(selectors.published_places(selectors.Filters(kind=kind))) if kind else 0
    return render(
        request,
        "places/notinsel_info.html",
        {"kind": kind, "count": count, "site": core_selectors.site_settings()},
    )


def notinsel_apply(request: HttpRequest) -> HttpResponse:
    form = NotinselApplicationForm(
        request.POST or None,
        initial={"city": core_selectors.site_settings().municipality or ""},
    )
    if request.method == "POST":
        if not allow(request, scope="notinsel-apply", limit=APPLICATION_LIMIT, period_seconds=3600):
            messages.error(request, _("Too many applications. Please try again in an hour."))
            return render(request, "places/notinsel_apply.html", {"form": form}, status=429)
        if form.is_valid():
            if form.cleaned_data.get("homepage"):  # the honeypot: a robot
                return redirect("places:notinsel_applied")
            fields = {
                name: form.cleaned_data[name]
                for name in form.Meta.fields
                if name in services.NOTINSEL_FIELDS
            }
            services.apply_notinsel(fields=fields)
            return redirect("places:notinsel_applied")
    return render(request, "places/notinsel_apply.html", {"form": form})


@require_safe
def notinsel_applied(request: HttpRequest) -> HttpResponse:
    return render(request, "places/notinsel_applied.html")


def notinsel_check(request: HttpRequest, token: str) -> HttpResponse:
    notinsel = services.notinsel_from_token(token)
    if notinsel is None:
        return render(request, "places/notinsel_check_invalid.html", status=404)
    initial = {name: getattr(notinsel, name) for name in services.CHECK_FIELDS}
    form = CheckForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not allow(request, scope="notinsel-check", limit=CHECK_LIMIT, period_seconds=3600):
            messages.error(request, _("Too many attempts. Please try again in an hour."))
        elif form.is_valid():
            ends = form.cleaned_data["answer"] == CheckForm.END
            services.confirm_check(
                notinsel=notinsel,
                fields={name: form.cleaned_data[name] for name in services.CHECK_FIELDS},
                ends=ends,
            )
            return render(request, "places/notinsel_check_done.html", {"ended": ends})
    return render(
        request,
        "places/notinsel_check.html",
        {"form": form, "notinsel": notinsel, "valid_until": _valid_until(notinsel)},
    )


def _valid_until(notinsel: Any) -> dt.datetime | None:
    if notinsel.check_sent_at is None:
        return None
    return notinsel.check_sent_at + services.CHECK_LINK_MAX_AGE
