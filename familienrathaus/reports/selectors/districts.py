"""Reads of the districts as areas: the list with the latest figures, one district's
page, the years entered, postcodes. Bounded queries (no query per district)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from familienrathaus.core.models import District
from familienrathaus.core.slugs import german_slug
from familienrathaus.reports import geo
from familienrathaus.reports.models import (
    BAND_KEYS,
    DistrictArea,
    DistrictPopulation,
    PostcodeDistrict,
    band_label,
)


@dataclass
class DistrictLine:
    """One district in the back office's list."""

    district: District
    area: DistrictArea | None
    population: DistrictPopulation | None  # of the latest year with figures
    postcodes: list[str] = field(default_factory=list)

    @property
    def has_outline(self) -> bool:
        return bool(self.area and self.area.outline)

    @property
    def kind_label(self) -> str:
        if self.area is None:
            return str(DistrictArea.Kind.QUARTER.label)
        return str(self.area.get_kind_display())

    @property
    def band_pairs(self) -> list[tuple[str, int | None]]:
        """(label, children) of each age band."""
        return [(band_label(key), value) for key, value in zip(BAND_KEYS, self.bands, strict=True)]

    @property
    def bands(self) -> list[int | None]:
        if self.population is None:
            return [None] * len(BAND_KEYS)
        return [self.population.band(key) for key in BAND_KEYS]


def latest_year() -> int | None:
    """The latest year any district has figures for."""
    row = DistrictPopulation.objects.order_by("-year").values_list("year", flat=True).first()
    return row


def district_lines() -> list[DistrictLine]:
    """Every district of the alliance with its area, its latest year's figures and its
    postcodes (four queries)."""
    districts = list(District.objects.all())
    areas = {a.district_id: a for a in DistrictArea.objects.all()}
    latest: dict[int, DistrictPopulation] = {}
    for population in DistrictPopulation.objects.order_by("district_id", "-year"):
        latest.setdefault(population.district_id, population)
    postcodes: dict[int, list[str]] = {}
    for code, district_id in PostcodeDistrict.objects.values_list("postcode", "district_id"):
        postcodes.setdefault(district_id, []).append(code)
    return [
        DistrictLine(d, areas.get(d.pk), latest.get(d.pk), postcodes.get(d.pk, []))
        for d in districts
    ]


def get_district_or_404(pk: int) -> District:
    return get_object_or_404(District, pk=pk)


def area_of(district: District) -> DistrictArea | None:
    return DistrictArea.objects.filter(district=district).first()


def populations_of(district: District) -> list[DistrictPopulation]:
    """The district's figures, newest year first."""
    return list(DistrictPopulation.objects.filter(district=district).order_by("-year"))


def postcodes_of(district: District) -> list[str]:
    return list(
        PostcodeDistrict.objects.filter(district=district)
        .order_by("postcode")
        .values_list("postcode", flat=True)
    )


def other_outlines(district: District) -> list[tuple[str, dict]]:
    """The outlines of the other districts (name, geometry), shown faintly when drawing."""
    return [
        (area.district.name, area.outline)
        for area in DistrictArea.objects.exclude(district=district)
        .filter(outline__isnull=False)
        .select_related("district")
        if area.outline
    ]


# --------------------------------------------------------------------------- GeoJSON import


@dataclass
class FeatureMatch:
    """One area of an uploaded file and the district it matches (or none)."""

    name: str
    district: District | None
    problem: str = ""  # why its geometry cannot be used
    index: int = 0  # its position in the file
    replaces: bool = False  # the district has an outline that this one replaces


@dataclass
class OutlinePreview:
    matches: list[FeatureMatch]
    unmatched_districts: list[District]

    @property
    def usable(self) -> list[FeatureMatch]:
        return [m for m in self.matches if m.district is not None and not m.problem]


def property_names(features: list[tuple[dict, object]]) -> list[str]:
    """The properties the file's areas have (in the order first seen)."""
    names: dict[str, None] = {}
    for properties, _geometry in features:
        for key, value in properties.items():
            if isinstance(value, str | int) and not isinstance(value, bool):
                names.setdefault(str(key), None)
    return list(names)


def _keys(text: str) -> set[str]:
    return {text.strip().casefold(), german_slug(text)}


def match_features(features: list[tuple[dict, object]], prop: str) -> OutlinePreview:
    """Which area of the file belongs to which district: by name (case ignored) or by
    short name (slug). An area may match one district only, a district one area."""
    districts = list(District.objects.all())
    index: dict[str, District] = {}
    for district in districts:
        for key in (district.name.strip().casefold(), district.slug, german_slug(district.name)):
            index.setdefault(key, district)
    taken: set[int] = set()
    outlined = set(
        DistrictArea.objects.filter(outline__isnull=False).values_list("district_id", flat=True)
    )
    matches = []
    for position, (properties, geometry) in enumerate(features):
        name = str(properties.get(prop, "") or "").strip()
        found = next((index[k] for k in _keys(name) if k in index), None) if name else None
        problem = ""
        if found is not None and found.pk in taken:
            problem = _("Another area of the file is this district already.")
        elif found is not None:
            try:
                geo.parse_geometry(geometry)
            except ValueError as error:
                problem = str(error)
        if found is not None and not problem:
            taken.add(found.pk)
        replaces = found is not None and found.pk in outlined
        matches.append(FeatureMatch(name or "–", found, problem, position, replaces))
    unmatched = [d for d in districts if d.pk not in taken]
    return OutlinePreview(matches, unmatched)


def guess_property(features: list[tuple[dict, object]]) -> str:
    """The property whose values match the most districts (ties: the first)."""
    names = property_names(features)
    best, best_count = (names[0] if names else ""), -1
    for name in names:
        count = len(match_features(features, name).usable)
        if count > best_count:
            best, best_count = name, count
    return best
