"""Writes of the districts as areas: kind, centre, reform year and note; the outline
(drawn or imported from GeoJSON); residents and children per year. Every change is
audited (role and pseudonym only, ``core.audit``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import District, User
from familienrathaus.reports import geo
from familienrathaus.reports.models import (
    BAND_KEYS,
    DistrictArea,
    DistrictPopulation,
    band_field,
)

AREA_FIELDS = ["kind", "joined_year", "note", "centre_latitude", "centre_longitude"]
POPULATION_FIELDS = ["residents", *[band_field(k) for k in BAND_KEYS], "source"]


def check_figures(values: dict[str, Any]) -> None:
    """The children of all bands cannot be more than the residents."""
    residents = values.get("residents")
    bands = [values.get(band_field(k)) for k in BAND_KEYS]
    total = sum(v for v in bands if v is not None)
    if residents is not None and total > residents:
        raise ValidationError(
            {
                "residents": _(
                    "The children of all age bands (%(children)s) are more than the "
                    "residents (%(residents)s). Please check both figures."
                )
                % {"children": total, "residents": residents}
            }
        )


def _area_for_update(district: District) -> DistrictArea:
    area, _created = DistrictArea.objects.select_for_update().get_or_create(district=district)
    return area


def _round(value: float) -> Decimal:
    return Decimal(str(round(value, 6)))


def save_area(*, actor: User, district: District, values: dict[str, Any]) -> DistrictArea:
    """Kind, reform year, note and centre of a district (the area row is made if missing)."""
    with transaction.atomic():
        area = _area_for_update(district)
        before = audit.snapshot(area, AREA_FIELDS)
        for name in AREA_FIELDS:
            if name in values:
                setattr(area, name, values[name])
        area.full_clean()
        area.save()
        changes = audit.diff(before, audit.snapshot(area, AREA_FIELDS))
        if changes:
            audit.record(actor=actor, action="reports.district.changed", obj=area, changes=changes)
    return area


def set_outline(
    *, actor: User, district: District, outline: dict[str, Any] | None, source: str = "drawn"
) -> DistrictArea:
    """Store (or, with ``None``, remove) the outline of a district. A centre nobody set
    by hand follows the outline."""
    if outline is not None:
        try:
            outline = geo.parse_geometry(outline)
        except ValueError as error:
            raise ValidationError({"outline": str(error)}) from error
    with transaction.atomic():
        area = _area_for_update(district)
        _apply_outline(area, outline)
        audit.record(
            actor=actor,
            action="reports.district.outline",
            obj=area,
            changes={
                "outline": {"before": None, "after": ("set, " + source) if outline else "removed"}
            },
        )
    return area


def _apply_outline(area: DistrictArea, outline: dict[str, Any] | None) -> None:
    old_centre = None
    if area.outline:
        lat, lon = geo.centroid(area.outline)
        old_centre = (_round(lat), _round(lon))
    computed = area.centre_latitude is None or (
        old_centre is not None and (area.centre_latitude, area.centre_longitude) == old_centre
    )
    area.outline = outline
    if computed:
        if outline:
            lat, lon = geo.centroid(outline)
            area.centre_latitude, area.centre_longitude = _round(lat), _round(lon)
        else:
            area.centre_latitude = area.centre_longitude = None
    area.save()


def import_outlines(*, actor: User, outlines: dict[int, dict[str, Any]]) -> int:
    """Store the outlines of a GeoJSON file (district pk → geometry), all or none."""
    districts = District.objects.in_bulk(list(outlines))
    clean = {pk: geo.parse_geometry(outline) for pk, outline in outlines.items()}
    with transaction.atomic():
        for pk, outline in clean.items():
            district = districts.get(pk)
            if district is None:
                continue
            _apply_outline(_area_for_update(district), outline)
        audit.record(
            actor=actor,
            action="reports.district.outlines_imported",
            object_type="reports.districtarea",
            changes={
                "outline": {"before": None, "after": sorted(d.name for d in districts.values())}
            },
        )
    return len(districts)


def save_population(
    *, actor: User, district: District, year: int, values: dict[str, Any]
) -> DistrictPopulation:
    """Residents and children of a district in a year (made or changed)."""
    check_figures(values)
    with transaction.atomic():
        row, created = DistrictPopulation.objects.select_for_update().get_or_create(
            district=district, year=year
        )
        before = {} if created else audit.snapshot(row, POPULATION_FIELDS)
        for name in POPULATION_FIELDS:
            if name in values:
                setattr(row, name, values[name])
        row.full_clean()
        row.save()
        changes = audit.diff(before, audit.snapshot(row, POPULATION_FIELDS))
        if changes or created:
            audit.record(
                actor=actor,
                action="reports.population.created" if created else "reports.population.changed",
                obj=row,
                changes=changes,
            )
    return row


def delete_population(*, actor: User, row: DistrictPopulation) -> None:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="reports.population.deleted",
            obj=row,
            changes={"year": {"before": row.year, "after": None}},
        )
        row.delete()
