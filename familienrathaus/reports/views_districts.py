"""Views of the districts: outlines, children per age band, postcodes.

/verwaltung/berichte/stadtteile/ lists the alliance's districts; each has a page for its
kind, reform year, note, centre and the figures per year (a form per year), and a page
for its outline (drawn on the map, or GeoJSON typed in: works without JavaScript).
Outlines of many districts come from a GeoJSON file: upload, choose the property with
the names, see what matched, confirm. Children per year and postcodes are CSV imports
of ``core.imports`` (``reports/imports.py``). Coordinators only; others get 404.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from familienrathaus.core import tiles
from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import District, User
from familienrathaus.core.views.access import require
from familienrathaus.reports import permissions
from familienrathaus.reports.forms_districts import (
    AreaForm,
    OutlineFileForm,
    OutlineForm,
    PopulationForm,
    property_form,
)
from familienrathaus.reports.models import AGE_BANDS, DistrictArea, DistrictPopulation, band_label
from familienrathaus.reports.selectors import districts as selectors
from familienrathaus.reports.services import districts as services

manage = require(permissions.can_manage_districts, hide=True)
UPLOAD_SECONDS = 60 * 60


def _bands() -> list[str]:
    return [band_label(key) for key, _low, _high in AGE_BANDS]


def _actor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    return user


@manage
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "reports/districts/index.html",
        {
            "lines": selectors.district_lines(),
            "bands": _bands(),
            "latest_year": selectors.latest_year(),
        },
    )


def _edit_page(
    request: HttpRequest,
    district: District,
    *,
    area_form: AreaForm | None = None,
    bound: PopulationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    area = selectors.area_of(district)
    rows = selectors.populations_of(district)
    year_forms = [
        bound
        if bound is not None and bound.instance.pk == row.pk
        else PopulationForm(instance=row, district=district, prefix=f"y{row.pk}")
        for row in rows
    ]
    add_form = (
        bound
        if bound is not None and bound.instance.pk is None
        else PopulationForm(district=district, prefix="new")
    )
    return render(
        request,
        "reports/districts/edit.html",
        {
            "district": district,
            "area": area,
            "area_form": area_form or AreaForm(instance=area or DistrictArea(district=district)),
            "year_forms": year_forms,
            "add_form": add_form,
            "postcodes": selectors.postcodes_of(district),
        },
        status=status,
    )


@manage
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    district = selectors.get_district_or_404(pk)
    if request.method != "POST":
        return _edit_page(request, district)
    actor = _actor(request)
    action = request.POST.get("action", "")
    if action == "area":
        form = AreaForm(
            request.POST, instance=selectors.area_of(district) or DistrictArea(district=district)
        )
        if form.is_valid():
            try:
                services.save_area(actor=actor, district=district, values=form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The district is saved."))
                return redirect("reports:district-edit", pk=district.pk)
        return _edit_page(request, district, area_form=form, status=400)
    if action in ("year", "add"):
        row = None
        if action == "year":
            row = get_object_or_404(
                DistrictPopulation, pk=request.POST.get("row"), district=district
            )
        pop_form = PopulationForm(
            request.POST,
            instance=row or DistrictPopulation(district=district),
            district=district,
            prefix=f"y{row.pk}" if row else "new",
        )
        if pop_form.is_valid():
            year = row.year if row else pop_form.cleaned_data["year"]
            values = {k: v for k, v in pop_form.cleaned_data.items() if k != "year"}
            try:
                services.save_population(actor=actor, district=district, year=year, values=values)
            except ValidationError as error:
                add_errors(pop_form, error)
            else:
                messages.success(request, _("The figures for %(year)s are saved.") % {"year": year})
                return redirect("reports:district-edit", pk=district.pk)
        return _edit_page(request, district, bound=pop_form, status=400)
    raise Http404


@manage
def delete_year(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    """Asks first (GET), deletes on POST."""
    district = selectors.get_district_or_404(pk)
    population = get_object_or_404(DistrictPopulation, pk=row, district=district)
    if request.method != "POST":
        return render(
            request,
            "reports/districts/delete_year.html",
            {"district": district, "row": population},
        )
    services.delete_population(actor=_actor(request), row=population)
    messages.success(
        request, _("The figures for %(year)s are deleted.") % {"year": population.year}
    )
    return redirect("reports:district-edit", pk=district.pk)


def _map_context() -> dict[str, Any]:
    return {
        "tile_url": tiles.url(),
        "tile_attribution": tiles.attribution(),
    }


@manage
def outline(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw the outline on the map (script) or type GeoJSON (without script)."""
    district = selectors.get_district_or_404(pk)
    area = selectors.area_of(district)
    current = area.outline if area else None
    if request.method == "POST":
        form = OutlineForm(request.POST)
        if form.is_valid():
            services.set_outline(
                actor=_actor(request), district=district, outline=form.cleaned_data["outline"]
            )
            if form.cleaned_data["outline"]:
                messages.success(request, _("The outline is saved."))
            else:
                messages.success(request, _("The outline is removed."))
            return redirect("reports:district-edit", pk=district.pk)
    else:
        form = OutlineForm(initial={"outline": json.dumps(current) if current else ""})
    others = [
        {"name": name, "outline": shape} for name, shape in selectors.other_outlines(district)
    ]
    return render(
        request,
        "reports/districts/outline.html",
        {
            "district": district,
            "area": area,
            "form": form,
            "others": others,
            **_map_context(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _cache_key(token: str) -> str:
    return f"reports:outline-upload:{token}"


@manage
def outline_import(request: HttpRequest) -> HttpResponse:
    """Step 1: upload a GeoJSON file with the outlines of several districts."""
    form = OutlineFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(16)
        cache.set(
            _cache_key(token),
            {
                "user": request.user.pk,
                "features": form.cleaned_data["file"],
                "name": getattr(request.FILES.get("file"), "name", ""),
            },
            UPLOAD_SECONDS,
        )
        return redirect("reports:districts-import-preview", token=token)
    return render(
        request,
        "reports/districts/import.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@manage
def outline_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: which property holds the names, which areas matched; then confirm."""
    stored = cache.get(_cache_key(token))
    if not stored or stored.get("user") != request.user.pk:
        messages.error(
            request, _("The uploaded file is no longer available. Please upload it again.")
        )
        return redirect("reports:districts-import")
    features = stored["features"]
    names = selectors.property_names(features)
    chosen = request.GET.get("eigenschaft") or request.POST.get("eigenschaft") or ""
    if chosen not in names:
        chosen = selectors.guess_property(features)
    preview = selectors.match_features(features, chosen)
    if request.method == "POST":
        usable = preview.usable
        if not usable:
            messages.error(request, _("No area of the file matches a district."))
        else:
            outlines = {m.district.pk: features[m.index][1] for m in usable if m.district}
            count = services.import_outlines(actor=_actor(request), outlines=outlines)
            cache.delete(_cache_key(token))
            messages.success(
                request, _("The outlines of %(count)s districts are saved.") % {"count": count}
            )
            return redirect("reports:districts")
    return render(
        request,
        "reports/districts/preview.html",
        {
            "token": token,
            "file_name": stored.get("name", ""),
            "property_form": property_form(names, chosen) if names else None,
            "chosen": chosen,
            "preview": preview,
        },
    )
