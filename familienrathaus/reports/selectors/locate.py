"""Which district a row of another app belongs to.

One rule for every kind of row (offers, events, places, Notinseln, holiday activities'
organisers, families):

1. its own district (the field or the list of districts the row carries), if set;
2. else the district whose outline contains the row's coordinates (``geo.contains``);
3. else the district of its postcode (``PostcodeDistrict``);
4. else none: the report's last row, "ohne Stadtteil".

A :class:`Locator` is built **once per report**: the outlines and the postcodes come in
one query each, and each outline's bounding box is computed once, so placing ten
thousand rows costs no query and only a few ring tests per row. The same coordinates or
postcode are looked up once (rows often share an address).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from familienrathaus.reports import geo
from familienrathaus.reports.models import DistrictArea, PostcodeDistrict

Number = float | Decimal | None
GRID = 32  # cells per side of the grid over the outlines (see Locator._index_grid)


def normalise_postcode(postcode: str | None) -> str:
    """``" 12 345 "`` → ``"12345"``: how postcodes are compared."""
    return "".join((postcode or "").split()).upper()


Edge = tuple[float, float, float, float]  # y0, y1, x0, dx/dy (never horizontal)


def _edges(ring: list[list[float]]) -> list[Edge]:
    edges = []
    for (x0, y0, *_a), (x1, y1, *_b) in itertools.pairwise(ring):
        if y0 != y1:
            edges.append((float(y0), float(y1), float(x0), (float(x1) - x0) / (float(y1) - y0)))
    return edges


def _crosses(edges: list[Edge], lat: float, lon: float) -> bool:
    """Ray casting over prepared edges (the same rule as ``geo.contains``)."""
    inside = False
    for y0, y1, x0, slope in edges:
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * slope:
            inside = not inside
    return inside


@dataclass(frozen=True)
class _Outline:
    """One district's outline, prepared once: its bounding box and, per polygon, the
    edges of the outer ring and of the holes (so that ten thousand rows are placed in
    a few milliseconds, not by re-reading the GeoJSON for each)."""

    district_id: int
    polygons: tuple[tuple[list[Edge], tuple[list[Edge], ...]], ...]
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    @classmethod
    def prepare(cls, district_id: int, geometry: dict[str, Any]) -> _Outline:
        box = geo.bounds([geometry])
        polygons = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else list(geometry["coordinates"])
        )
        prepared = tuple(
            (_edges(polygon[0]), tuple(_edges(hole) for hole in polygon[1:]))
            for polygon in polygons
        )
        return cls(district_id, prepared, *box)

    def holds(self, lat: float, lon: float) -> bool:
        if not (self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon):
            return False
        return any(
            _crosses(outer, lat, lon) and not any(_crosses(hole, lat, lon) for hole in holes)
            for outer, holes in self.polygons
        )


class Locator:
    """Places rows in districts without a query per row (see the module's docstring)."""

    def __init__(
        self, outlines: list[tuple[int, dict[str, Any]]], postcodes: dict[str, int]
    ) -> None:
        self._outlines: list[_Outline] = []
        for district_id, geometry in outlines:
            try:
                self._outlines.append(_Outline.prepare(district_id, geometry))
            except (KeyError, TypeError, ValueError, IndexError, ZeroDivisionError):
                continue  # a broken outline places nothing (the districts page shows it)
        self._index_grid()
        self._postcodes = {normalise_postcode(k): v for k, v in postcodes.items()}
        self._by_point: dict[tuple[float, float], int | None] = {}

    def _index_grid(self) -> None:
        """A coarse grid over all outlines: each cell lists the outlines whose bounding
        box touches it, so a point is tested against one or two outlines, not all."""
        self._cells: dict[tuple[int, int], list[_Outline]] = {}
        if not self._outlines:
            return
        self._min_lat = min(o.min_lat for o in self._outlines)
        self._min_lon = min(o.min_lon for o in self._outlines)
        self._step_lat = max(max(o.max_lat for o in self._outlines) - self._min_lat, 1e-9) / GRID
        self._step_lon = max(max(o.max_lon for o in self._outlines) - self._min_lon, 1e-9) / GRID
        for outline in self._outlines:
            first_i, first_j = self._cell(outline.min_lat, outline.min_lon)
            last_i, last_j = self._cell(outline.max_lat, outline.max_lon)
            for i in range(first_i, last_i + 1):
                for j in range(first_j, last_j + 1):
                    self._cells.setdefault((i, j), []).append(outline)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        i = min(int((lat - self._min_lat) / self._step_lat), GRID - 1)
        j = min(int((lon - self._min_lon) / self._step_lon), GRID - 1)
        return i, j

    @classmethod
    def load(cls) -> Locator:
        """The outlines and the postcode table, one query each."""
        outlines = [
            (district_id, outline)
            for district_id, outline in DistrictArea.objects.filter(
                outline__isnull=False
            ).values_list("district_id", "outline")
            if isinstance(outline, dict)
        ]
        postcodes = dict(PostcodeDistrict.objects.values_list("postcode", "district_id"))
        return cls(outlines, postcodes)

    @property
    def has_outlines(self) -> bool:
        return bool(self._outlines)

    def by_point(self, latitude: Number, longitude: Number) -> int | None:
        """The district whose outline contains the point (the first one, should
        outlines overlap), or ``None``."""
        if latitude is None or longitude is None:
            return None
        lat, lon = float(latitude), float(longitude)
        key = (lat, lon)
        if key in self._by_point:
            return self._by_point[key]
        found = None
        if self._cells and lat >= self._min_lat and lon >= self._min_lon:
            for outline in self._cells.get(self._cell(lat, lon), ()):
                if outline.holds(lat, lon):
                    found = outline.district_id
                    break
        self._by_point[key] = found
        return found

    def by_postcode(self, postcode: str | None) -> int | None:
        return self._postcodes.get(normalise_postcode(postcode)) if postcode else None

    def locate(
        self,
        *,
        district_id: int | None = None,
        latitude: Number = None,
        longitude: Number = None,
        postcode: str | None = None,
    ) -> int | None:
        """The district of a row: its own, else by coordinates, else by postcode;
        ``None`` when none fits ("ohne Stadtteil")."""
        if district_id is not None:
            return district_id
        found = self.by_point(latitude, longitude)
        if found is not None:
            return found
        return self.by_postcode(postcode)
