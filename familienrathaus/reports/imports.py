"""CSV/XLSX imports of the reports (the framework is ``core.imports``): residents and
children per district and year, and postcode → district.

- ``stadtteil-zahlen``: ``Stadtteil;Jahr;Einwohner;0-2;3-5;6-9;10-13;14-17``; a row of a
  district and year already stored changes it. Children of all bands may not be more
  than the residents.
- ``postleitzahlen``: ``Postleitzahl;Stadtteil``; a postcode already stored moves to the
  district of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import imports
from familienrathaus.core.imports import Column, ImportSpec, Plan, Row, VocabularyLookup
from familienrathaus.core.models import District, User
from familienrathaus.reports.models import (
    AGE_BANDS,
    BAND_KEYS,
    DistrictPopulation,
    PostcodeDistrict,
    band_field,
)
from familienrathaus.reports.services.districts import check_figures

UNKNOWN_DISTRICT = gettext_lazy("“%(value)s” is not a known district.")
FIGURES = ["residents", *[band_field(k) for k in BAND_KEYS]]


def _band_column(key: str, low: int, high: int) -> Column:
    return Column(
        band_field(key),
        f"{low}–{high}",
        (f"{low}-{high}", f"{low} bis {high}", f"Kinder {low}-{high}", f"{low} to {high}"),
        parse=imports.integer(0, 10_000_000),
        example=str(40 + low),
    )


@dataclass
class PopulationContext:
    districts: VocabularyLookup
    stored: dict[tuple[int, int], DistrictPopulation]
    seen: dict[tuple[int, int], int] = field(default_factory=dict)


class PopulationImport(ImportSpec):
    resource = "reports.populations"
    slug = "stadtteil-zahlen"
    label = gettext_lazy("Children and residents per district")
    description = gettext_lazy(
        "One row per district and year: residents and children per age band (e.g. from "
        "the registration office). A district and year already stored is updated."
    )
    columns = (
        Column(
            "district",
            gettext_lazy("District"),
            ("Stadtteil", "Ortsteil", "Bezirk"),
            required=True,
            example="Altstadt",
        ),
        Column(
            "year",
            gettext_lazy("Year"),
            ("Jahr",),
            required=True,
            parse=imports.integer(1900, 2100),
            example=str(timezone.localdate().year - 1),
        ),
        Column(
            "residents",
            gettext_lazy("Residents"),
            ("Einwohner", "Einwohnerinnen und Einwohner", "Bevölkerung"),
            parse=imports.integer(0, 10_000_000),
            example="8200",
        ),
        *[_band_column(key, low, high) for key, low, high in AGE_BANDS],
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> PopulationContext:
        return PopulationContext(
            districts=VocabularyLookup(District.objects.all(), UNKNOWN_DISTRICT),
            stored={(p.district_id, p.year): p for p in DistrictPopulation.objects.all()},
        )

    def plan(self, row: Row, context: Any) -> Plan | None:
        ctx: PopulationContext = context
        name, year = row.get("district"), row.get("year")
        district = ctx.districts.find(name) if name else None
        if name and district is None:
            row.error("district", ctx.districts.message(name))
        if district is None or year is None:
            return None
        key = (district.pk, year)
        if key in ctx.seen:
            row.error(
                "year",
                _("This district and year are already in row %(row)s.") % {"row": ctx.seen[key]},
            )
            return None
        ctx.seen[key] = row.number
        existing = ctx.stored.get(key)
        target = existing or DistrictPopulation(district=district, year=year)
        before = {name: getattr(target, name) for name in FIGURES} if existing else {}
        for column in FIGURES:
            if row.has(column):
                setattr(target, column, row.values[column])
        try:
            check_figures({name: getattr(target, name) for name in FIGURES})
        except ValidationError as error:
            row.error("residents", " ".join(error.messages))
            return None
        label = f"{district.name} {year}"
        if existing is None:
            return Plan(imports.NEW, label, target)
        changes = [
            imports.field_label(DistrictPopulation, name)
            for name in FIGURES
            if before[name] != getattr(target, name)
        ]
        return Plan(
            imports.UPDATED if changes else imports.UNCHANGED, label, target, changes=changes
        )

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        row: DistrictPopulation = plan.payload
        if not row.source:
            row.source = _("CSV import")
        row.save()
        return row

    def example_row(self) -> dict[str, str]:
        example = super().example_row()
        district = District.objects.first()
        example["district"] = district.name if district else "Altstadt"
        return example

    def results_url(self) -> str:
        return reverse("reports:districts")


@dataclass
class PostcodeContext:
    districts: VocabularyLookup
    stored: dict[str, PostcodeDistrict]
    seen: dict[str, int] = field(default_factory=dict)


class PostcodeImport(ImportSpec):
    resource = "reports.postcodes"
    slug = "postleitzahlen"
    label = gettext_lazy("Postcodes of the districts")
    description = gettext_lazy(
        "One row per postcode and the district it belongs to; used for addresses "
        "without coordinates. A postcode already stored moves to the district of the file."
    )
    columns = (
        Column(
            "postcode",
            gettext_lazy("Postcode"),
            ("Postleitzahl", "PLZ"),
            required=True,
            parse=imports.postcode(),
            example="58452",
        ),
        Column(
            "district",
            gettext_lazy("District"),
            ("Stadtteil", "Ortsteil", "Bezirk"),
            required=True,
            example="Altstadt",
        ),
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> PostcodeContext:
        return PostcodeContext(
            districts=VocabularyLookup(District.objects.all(), UNKNOWN_DISTRICT),
            stored={p.postcode: p for p in PostcodeDistrict.objects.all()},
        )

    def plan(self, row: Row, context: Any) -> Plan | None:
        ctx: PostcodeContext = context
        code, name = row.get("postcode"), row.get("district")
        district = ctx.districts.find(name) if name else None
        if name and district is None:
            row.error("district", ctx.districts.message(name))
        if code is None or district is None:
            return None
        if code in ctx.seen:
            row.error(
                "postcode", _("This postcode is already in row %(row)s.") % {"row": ctx.seen[code]}
            )
            return None
        ctx.seen[code] = row.number
        existing = ctx.stored.get(code)
        label = f"{code} → {district.name}"
        if existing is None:
            return Plan(imports.NEW, label, PostcodeDistrict(postcode=code, district=district))
        if existing.district_id == district.pk:
            return Plan(imports.UNCHANGED, label, existing)
        existing.district = district
        return Plan(
            imports.UPDATED,
            label,
            existing,
            changes=[imports.field_label(PostcodeDistrict, "district")],
        )

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        row: PostcodeDistrict = plan.payload
        row.save()
        return row

    def results_url(self) -> str:
        return reverse("reports:districts")


imports.register(PopulationImport())
imports.register(PostcodeImport())
