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

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from familienrathaus.reports import geo
from familienrathaus.reports.models import DistrictArea, PostcodeDistrict

Number = float | Decimal | None


def normalise_postcode(postcode: str | None) -> str:
    """``" 12 345 "`` → ``"12345"``: how postcodes are compared."""
    return "".join((postcode or "").split()).upper()


@dataclass(frozen=True)
class _Outline:
    district_id: int
    geometry: dict[str, Any]
    min_lat: float
    min_lon: float
    max_lat: float
    max_lon: float

    def holds(self, lat: float, lon: float) -> bool:
        if not (self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon):
            return False
        return geo.contains(self.geometry, lat, lon)


class Locator:
    """Places rows in districts without a query per row (see the module's docstring)."""

    def __init__(
        self, outlines: list[tuple[int, dict[str, Any]]], postcodes: dict[str, int]
    ) -> None:
        self._outlines: list[_Outline] = []
        for district_id, geometry in outlines:
            try:
                box = geo.bounds([geometry])
            except (KeyError, TypeError, ValueError, IndexError):
                continue  # a broken outline places nothing (the districts page shows it)
            self._outlines.append(_Outline(district_id, geometry, *box))
        self._postcodes = {normalise_postcode(k): v for k, v in postcodes.items()}
        self._by_point: dict[tuple[float, float], int | None] = {}

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
        key = (float(latitude), float(longitude))
        if key not in self._by_point:
            self._by_point[key] = next(
                (o.district_id for o in self._outlines if o.holds(*key)), None
            )
        return self._by_point[key]

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
