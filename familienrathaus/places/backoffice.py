"""Back-office pages of the map (/verwaltung/orte/…): places, kinds, Notinsel registry."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.core import imports, tenancy, tiles
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.exports import table_response
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require
from familienrathaus.places import hours, pdf, permissions, selectors, services
from familienrathaus.places.forms import (
    BackofficeFilterForm,
    ExceptionFormSet,
    KindForm,
    NotinselEditForm,
    PlaceForm,
    StatusForm,
)
from familienrathaus.places.models import Amenity, Notinsel, Place, PlaceKind

PAGE_SIZE = 100
EXPORT_HEADER = [
    "Name",
    "Arten",
    "Straße",
    "PLZ",
    "Ort",
    "Ortsteil",
    "Breitengrad",
    "Längengrad",
    "Öffnungszeiten",
    "Ausstattung",
    "Barrierefreiheit",
    "Telefon",
    "E-Mail",
    "Webseite",
    "Partner",
    "Auf der Karte",
]


def _map_context() -> dict[str, Any]:
    return {
        "tile_url": tiles.url(),
        "tile_attribution": tiles.attribution(),
    }


def _export_row(place: Place) -> list[Any]:
    return [
        place.name,
        ", ".join(kind.name for kind in place.kinds.all()),
        place.street,
        place.postcode,
        place.city,
        place.district.name if place.district else "",
        place.latitude,
        place.longitude,
        hours.format_intervals(
            hours.Interval(h.weekday, h.opens, h.closes) for h in place.hours.all()
        ),
        ", ".join(str(Amenity(a).label) for a in place.amenities if a in Amenity.values),
        place.accessibility,
        place.phone,
        place.email,
        place.website,
        place.organisation.name if place.organisation else "",
        "ja" if place.is_published else "nein",
    ]


@require(permissions.can_manage_places)
def place_list(request: HttpRequest) -> HttpResponse:
    form = BackofficeFilterForm(request.GET or None)
    kind = district = None
    query = ""
    if form.is_bound and form.is_valid():
        kind, district = form.cleaned_data.get("art"), form.cleaned_data.get("ortsteil")
        query = form.cleaned_data.get("q") or ""
    places = selectors.all_places(kind=kind, district=district, query=query)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format, "orte", EXPORT_HEADER, (_export_row(place) for place in places)
        )
    spec = imports.get_spec("places")
    page = Paginator(places, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "places/backoffice/list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "query": query_without_page(request),
            "import_url": reverse("core:import_upload", args=[spec.slug]) if spec else "",
            "districts": selectors.districts(),
        },
    )


def _place_form(request: HttpRequest, place: Place | None) -> HttpResponse:
    form = PlaceForm(request.POST or None, request.FILES or None, instance=place)
    initial = (
        [
            {
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "opens": e.opens,
                "closes": e.closes,
                "note": e.note,
            }
            for e in place.exceptions.all()
        ]
        if place
        else []
    )
    formset = ExceptionFormSet(request.POST or None, initial=initial, prefix="exceptions")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            saved = services.save_place(
                actor=request.user,  # type: ignore[arg-type]
                place=get_object_or_404(Place, pk=place.pk) if place else None,
                fields=form.place_fields(),
                kinds=list(form.cleaned_data["kinds"]),
                intervals=form.intervals(),
            )
            rows = [
                {k: v for k, v in data.items() if k != "DELETE"}
                for data in formset.cleaned_data
                if data and not data.get("DELETE")
            ]
            services.set_exceptions(
                actor=request.user,  # type: ignore[arg-type]
                place=saved,
                rows=rows,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The place was saved."))
            return redirect("places:backoffice_edit", pk=saved.pk)
    return render(
        request,
        "places/backoffice/edit.html",
        {"form": form, "formset": formset, "place": place, **_map_context()},
    )


@require(permissions.can_manage_places)
def place_create(request: HttpRequest) -> HttpResponse:
    return _place_form(request, None)


@require(permissions.can_manage_places)
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = selectors.place_for_backoffice(pk)
    if place is None:
        return render(request, "404.html", status=404)
    return _place_form(request, place)


@require(permissions.can_manage_places)
def place_delete(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    if request.method == "POST":
        services.delete_place(actor=request.user, place=place)  # type: ignore[arg-type]
        messages.success(request, _("The place was deleted."))
        return redirect("places:backoffice_list")
    return render(request, "places/backoffice/confirm_delete.html", {"object": place})


# --------------------------------------------------------------------------- kinds


@require(permissions.can_manage_kinds)
def kind_list(request: HttpRequest) -> HttpResponse:
    return render(request, "places/backoffice/kinds.html", {"kinds": selectors.kinds_with_counts()})


@require(permissions.can_manage_kinds)
def kind_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    kind = get_object_or_404(PlaceKind, pk=pk) if pk is not None else None
    form = KindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_kind(
                actor=request.user,  # type: ignore[arg-type]
                kind=get_object_or_404(PlaceKind, pk=pk) if pk is not None else None,
                fields=form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The kind was saved."))
            return redirect("places:kinds")
    return render(request, "places/backoffice/kind_form.html", {"form": form, "kind": kind})


@require(permissions.can_manage_kinds)
@require_POST
def kind_delete(request: HttpRequest, pk: int) -> HttpResponse:
    kind = get_object_or_404(PlaceKind, pk=pk)
    try:
        services.delete_kind(actor=request.user, kind=kind)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The kind was deleted."))
    return redirect("places:kinds")


# --------------------------------------------------------------------------- Notinseln


@require(permissions.can_manage_notinseln)
def notinsel_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in Notinsel.Status.values:
        status = ""
    entries = selectors.notinseln(status=status)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            "notinseln",
            [
                _("Business"),
                _("Status"),
                _("Street and number"),
                _("District"),
                _("Opening hours"),
                _("Contact person"),
                _("E-mail"),
                _("Phone"),
                _("Applied"),
                _("Last confirmed"),
            ],
            (
                (
                    n.business_name,
                    n.get_status_display(),
                    n.street,
                    n.district.name if n.district else "",
                    n.opening_hours,
                    n.contact_name,
                    n.contact_email,
                    n.contact_phone,
                    n.created_at,
                    n.last_confirmed_at,
                )
                for n in entries
            ),
        )
    return render(
        request,
        "places/backoffice/notinseln.html",
        {
            "entries": entries,
            "status": status,
            "statuses": Notinsel.Status.choices,
            "query": f"status={status}&" if status else "",
        },
    )


@require(permissions.can_manage_notinseln)
def notinsel_manage(request: HttpRequest, pk: int) -> HttpResponse:
    notinsel = get_object_or_404(Notinsel.objects.select_related("place", "district"), pk=pk)
    edit_form = NotinselEditForm(
        request.POST if "save" in request.POST else None, instance=notinsel, prefix="edit"
    )
    status_form = StatusForm(
        request.POST if "change_status" in request.POST else None,
        notinsel=notinsel,
        prefix="status",
    )
    if request.method == "POST" and "save" in request.POST and edit_form.is_valid():
        services.update_notinsel(
            actor=request.user,  # type: ignore[arg-type]
            notinsel=get_object_or_404(Notinsel, pk=pk),
            fields={name: edit_form.cleaned_data[name] for name in edit_form.Meta.fields},
        )
        messages.success(request, _("The details were saved."))
        return redirect("places:notinsel_manage", pk=pk)
    if request.method == "POST" and "change_status" in request.POST and status_form.is_valid():
        try:
            services.change_status(
                actor=request.user,  # type: ignore[arg-type]
                notinsel=notinsel,
                status=status_form.cleaned_data["status"],
                note=status_form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The status was changed."))
            if notinsel.latitude is None or notinsel.longitude is None:
                messages.warning(
                    request,
                    _(
                        "This Notinsel has no coordinates yet, so it is not on the map. "
                        "Enter them or place the pin under “Details”."
                    ),
                )
        return redirect("places:notinsel_manage", pk=pk)
    return render(
        request,
        "places/backoffice/notinsel.html",
        {
            "notinsel": notinsel,
            "edit_form": edit_form,
            "status_form": status_form,
            "can_print": notinsel.status != Notinsel.Status.APPLIED
            and notinsel.status != Notinsel.Status.ENDED,
            **_map_context(),
        },
    )


@require(permissions.can_manage_notinseln)
@require_safe
def notinsel_sticker(request: HttpRequest, pk: int) -> HttpResponse:
    notinsel = get_object_or_404(Notinsel, pk=pk)
    info_url = tenancy.site_url() + reverse("places:notinsel_info")
    content = pdf.render_sticker(notinsel, info_url=info_url)
    response = HttpResponse(content, content_type="application/pdf")
    set_download_name(response, f"notinsel-{notinsel.pk}.pdf", attachment=False)
    return response
