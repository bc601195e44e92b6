"""The district gap map: an accessible SVG choropleth drawn from the districts' outlines.

``render(report, measure)`` returns an ``<svg role="img">`` with a title and a
description (the text summary), one ``<path>`` per district with its own ``<title>``
(name and value), the district's name and value as text, and a legend. It returns an
empty string when no district has an outline (the page then shows the table alone).

Readable without colour: the five classes have a sequential colour ramp (KERN's blues,
light to dark, as ``core.charts``) **and** a fill pattern each (dots, diagonal lines,
horizontal lines, cross-hatching, solid), so the map reads in greyscale print and for
colour-blind people. A district with zero has a white fill with crosses and a thick
dashed border; one without a figure (no children counted) is plain light grey.

Under the strict Content-Security-Policy (no ``style`` attributes) everything is a
presentation attribute (``fill``, ``stroke``, ``font-size``); patterns are SVG
``<pattern>`` elements, which WeasyPrint draws too, so the same markup goes into the
annual report's PDF.

Projection: longitude and latitude are scaled with cos(latitude) of the town's middle
(equirectangular): at the size of a town the shapes look right.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from familienrathaus.core import charts
from familienrathaus.reports import geo
from familienrathaus.reports.selectors.gaps import (
    DEMAND_KEYS,
    PER_1000,
    DistrictReport,
    DistrictRow,
    measure_label,
)

WIDTH = 400
MAX_MAP_HEIGHT = 420
PAD = 8
LEGEND_ROW = 28
TEXT = charts.DARK_TEXT
ZERO_MARK = "#9b1c1c"
NO_VALUE = "#e3e3e3"
CLASSES = 5
_ids = itertools.count(1)

#: The look of the five classes: the ramp's colour and a pattern drawn over it.
_PATTERNS = ("dots", "diagonal", "horizontal", "cross", "solid")


@dataclass
class Style:
    key: str  # the pattern's id suffix
    fill: str  # background colour
    mark: str  # colour of the pattern's marks
    pattern: str  # dots | diagonal | horizontal | cross | solid | zero | none
    label: str  # legend text


def format_value(value: float | int | None, measure: str) -> str:
    if value is None:
        return "–"
    if measure.endswith(PER_1000):
        return formats.number_format(value, decimal_pos=1, use_l10n=True)
    return formats.number_format(value, use_l10n=True)


def _class_styles(values: list[float]) -> tuple[list[float], list[Style]]:
    """Class breaks (upper bounds) and styles for the positive values: equal intervals,
    at most five classes, at most one per distinct value."""
    distinct = sorted(set(values))
    count = min(CLASSES, len(distinct))
    if count == 0:
        return [], []
    ramp = charts.ramp(CLASSES)
    picks = [2] if count == 1 else [round(i * (CLASSES - 1) / (count - 1)) for i in range(count)]
    low, high = distinct[0], distinct[-1]
    step = (high - low) / count if count > 1 else 0
    uppers = [low + step * (i + 1) for i in range(count - 1)] + [high]
    styles = []
    for index, pick in enumerate(picks):
        fill = ramp[pick]
        mark = TEXT if pick < 2 else "#ffffff"
        styles.append(Style(f"c{index}", fill, mark, _PATTERNS[pick], ""))
    return uppers, styles


def _class_of(value: float, uppers: list[float]) -> int:
    for index, upper in enumerate(uppers):
        if value <= upper + 1e-9:
            return index
    return len(uppers) - 1


def _pattern(uid: str, style: Style) -> str:
    pid = f"{uid}-{style.key}"
    size = 8
    marks = {
        "dots": f'<circle cx="4" cy="4" r="1.6" fill="{style.mark}"/>',
        "diagonal": f'<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="{style.mark}" '
        'stroke-width="1.4"/>',
        "horizontal": f'<path d="M0,4 L8,4" stroke="{style.mark}" stroke-width="1.6"/>',
        "cross": f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{style.mark}" stroke-width="1.2"/>',
        "zero": f'<path d="M2,2 L6,6 M6,2 L2,6" stroke="{style.mark}" stroke-width="1.3"/>',
    }.get(style.pattern, "")
    return (
        f'<pattern id="{pid}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">'
        f'<rect width="{size}" height="{size}" fill="{style.fill}"/>{marks}</pattern>'
    )


class _Projection:
    def __init__(self, outlines: list[dict[str, Any]]) -> None:
        min_lat, min_lon, max_lat, max_lon = geo.bounds(outlines)
        self.min_lon, self.max_lat = min_lon, max_lat
        self.kx = math.cos(math.radians((min_lat + max_lat) / 2))
        width_deg = max((max_lon - min_lon) * self.kx, 1e-9)
        height_deg = max(max_lat - min_lat, 1e-9)
        self.scale = min((WIDTH - 2 * PAD) / width_deg, (MAX_MAP_HEIGHT - 2 * PAD) / height_deg)
        self.offset_x = (WIDTH - width_deg * self.scale) / 2
        self.height = height_deg * self.scale + 2 * PAD

    def xy(self, lat: float, lon: float) -> tuple[float, float]:
        x = self.offset_x + (lon - self.min_lon) * self.kx * self.scale
        y = PAD + (self.max_lat - lat) * self.scale
        return x, y

    def path(self, geometry: dict[str, Any]) -> str:
        polygons = (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
        parts = []
        for polygon in polygons:
            for ring in polygon:
                points = [self.xy(float(p[1]), float(p[0])) for p in ring]
                parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
        return " ".join(parts)


def styles_for(report: DistrictReport, measure: str) -> dict[int, Style]:
    """District id → the style of its area (also for the optional Leaflet map)."""
    rows = [row for row in report.districts if row.outline]
    # A zero is a gap in the supply; in a demand figure (concerns) it is just the least.
    gaps_marked = measure not in DEMAND_KEYS
    floor = 0 if gaps_marked else -1
    values = [float(v) for row in rows if (v := row.value(measure)) is not None and v > floor]
    uppers, styles = _class_styles(values)
    zero = Style("zero", "#ffffff", ZERO_MARK, "zero", _("none (0)"))
    none = Style("none", NO_VALUE, TEXT, "none", _("no figure"))
    result: dict[int, Style] = {}
    for row in rows:
        assert row.district is not None
        value = row.value(measure)
        if value is None:
            result[row.district.pk] = none
        elif value == 0 and gaps_marked:
            result[row.district.pk] = zero
        else:
            result[row.district.pk] = styles[_class_of(float(value), uppers)]
    lower = min(values) if values else 0.0
    for index, style in enumerate(styles):
        upper = uppers[index]
        start = lower if index == 0 else uppers[index - 1]
        if index == 0 or start == upper:
            style.label = (
                format_value(upper, measure)
                if start == upper
                else f"{format_value(start, measure)} – {format_value(upper, measure)}"
            )
        else:
            style.label = _("over %(low)s to %(high)s") % {
                "low": format_value(start, measure),
                "high": format_value(upper, measure),
            }
    return result


def legend(report: DistrictReport, measure: str) -> list[Style]:
    """The legend's entries in order: zero, the classes low to high, no figure; only
    those that occur."""
    used = styles_for(report, measure)
    seen: dict[str, Style] = {}
    for style in used.values():
        seen.setdefault(style.key, style)
    order = ["zero", *[f"c{i}" for i in range(CLASSES)], "none"]
    return [seen[key] for key in order if key in seen]


def summary(report: DistrictReport, measure: str) -> str:
    """The map in one paragraph: highest, lowest, districts with zero, weakest."""
    rows = [row for row in report.districts if row.value(measure) is not None]
    label = measure_label(measure)
    if not rows:
        return _("%(measure)s: no district has a figure.") % {"measure": label}
    ranked = sorted(rows, key=lambda row: (row.value(measure) or 0, row.name))
    highest, lowest = ranked[-1], ranked[0]
    if highest.value(measure) == lowest.value(measure):
        return _("%(measure)s: the same in every district with a figure (%(value)s).") % {
            "measure": label,
            "value": format_value(lowest.value(measure), measure),
        }
    parts = [
        _(
            "%(measure)s by district. Highest: %(high)s (%(high_value)s); lowest: %(low)s "
            "(%(low_value)s)."
        )
        % {
            "measure": label,
            "high": highest.name,
            "high_value": format_value(highest.value(measure), measure),
            "low": lowest.name,
            "low_value": format_value(lowest.value(measure), measure),
        }
    ]
    zeros = [row.name for row in rows if row.value(measure) == 0]
    if zeros:
        parts.append(_("None in: %(names)s.") % {"names": ", ".join(zeros)})
    weakest = [row.name for row in report.districts if row.weakest]
    if weakest:
        parts.append(_("Weakest districts: %(names)s.") % {"names": ", ".join(weakest)})
    return " ".join(parts)


LABEL_HEIGHT = 34.0  # a name (14 px) and its value (13 px) below it


def _free_y(x: float, y: float, width: float, placed: list[tuple[float, float, float]]) -> float:
    """A y near ``y`` where a label ``width`` wide centred on ``x`` overlaps none placed
    before (two small districts side by side otherwise print "Am BachSüdstadt"); the
    label is then remembered. Tries below and above, a label's height at a time."""

    def free(top: float) -> bool:
        return all(
            abs(x - other_x) * 2 >= width + other_width or abs(top - other_y) >= LABEL_HEIGHT
            for other_x, other_y, other_width in placed
        )

    for step in (0, 1, -1, 2, -2):
        candidate = y + step * LABEL_HEIGHT
        if free(candidate):
            y = candidate
            break
    placed.append((x, y, width))
    return y


def _label(x: float, y: float, text: str, size: int, weight: str = "normal") -> str:
    common = (
        f'x="{x:.1f}" y="{y:.1f}" text-anchor="middle" font-size="{size}" '
        f'font-weight="{weight}" font-family="sans-serif"'
    )
    safe = escape(text)
    return (
        f'<text {common} fill="#ffffff" stroke="#ffffff" stroke-width="3" '
        f'stroke-linejoin="round" aria-hidden="true">{safe}</text>'
        f'<text {common} fill="{TEXT}">{safe}</text>'
    )


def _row_title(row: DistrictRow, measure: str) -> str:
    text = f"{row.name}: {format_value(row.value(measure), measure)}"
    if row.weakest:
        text += " – " + _("among the weakest districts")
    return text


def render(report: DistrictReport, measure: str | None = None) -> SafeString:
    """The map as SVG markup, or ``""`` when no district has an outline."""
    measure = measure or report.measure
    rows = [row for row in report.districts if row.outline]
    if not rows:
        return SafeString("")
    outlines = [row.outline for row in rows if row.outline]
    try:
        projection = _Projection(outlines)
    except (KeyError, TypeError, ValueError, IndexError):
        return SafeString("")
    uid = f"frh-choropleth-{next(_ids)}"
    styles = styles_for(report, measure)
    entries = legend(report, measure)
    title = measure_label(measure)
    if report.filters.theme or report.filters.audience or report.filters.band:
        details = [
            str(x) for x in (report.filters.theme, report.filters.audience, report.band_label) if x
        ]
        title = f"{title} ({', '.join(details)})"
    map_height = projection.height
    legend_top = map_height + 16
    weak_note = any(row.weakest for row in rows)
    height = legend_top + 30 + LEGEND_ROW * (len(entries) + (1 if weak_note else 0))
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="frh-choropleth" role="img" '
        f'viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" height="{height:.0f}" '
        f'aria-labelledby="{uid}-title {uid}-desc">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(summary(report, measure))}</desc>',
        "<defs>",
        *[_pattern(uid, style) for style in entries],
        "</defs>",
    ]
    labels = []
    placed: list[tuple[float, float, float]] = []
    for row in rows:
        assert row.district is not None and row.outline is not None
        style = styles[row.district.pk]
        zero = style.key == "zero"
        dashes = ' stroke-dasharray="6 3"' if zero else ""
        out.append(
            f'<path d="{projection.path(row.outline)}" fill="url(#{uid}-{style.key})" '
            f'fill-rule="evenodd" stroke="{ZERO_MARK if zero else TEXT}" '
            f'stroke-width="{3 if zero or row.weakest else 1}"'
            f"{dashes} "
            f'data-district="{escape(row.district.slug)}" data-class="{style.key}">'
            f"<title>{escape(_row_title(row, measure))}</title></path>"
        )
        if row.centre is not None:
            x, y = projection.xy(*row.centre)
            value = format_value(row.value(measure), measure)
            name = row.name + (" ⚠" if row.weakest else "")
            y = _free_y(x, y, max(len(name), len(value)) * 8.0, placed)
            labels.append(_label(x, y - 2, name, 14, "bold"))
            labels.append(_label(x, y + 14, value, 13))
    out.extend(labels)
    out.append(
        f'<text x="{PAD}" y="{legend_top + 14:.0f}" font-size="14" font-weight="bold" '
        f'font-family="sans-serif" fill="{TEXT}">{escape(measure_label(measure))}</text>'
    )
    for index, style in enumerate(entries):
        top = legend_top + 26 + index * LEGEND_ROW
        zero = style.key == "zero"
        out.append(
            f'<rect x="{PAD}" y="{top:.0f}" width="36" height="18" '
            f'fill="url(#{uid}-{style.key})" stroke="{ZERO_MARK if zero else TEXT}" '
            f'stroke-width="{2 if zero else 1}"/>'
            f'<text x="{PAD + 46}" y="{top + 14:.0f}" font-size="13" font-family="sans-serif" '
            f'fill="{TEXT}">{escape(style.label)}</text>'
        )
    if weak_note:
        top = legend_top + 26 + len(entries) * LEGEND_ROW
        note = _("⚠ and a thick border: weakest districts")
        out.append(
            f'<text x="{PAD}" y="{top + 14:.0f}" font-size="13" font-family="sans-serif" '
            f'fill="{TEXT}">{escape(note)}</text>'
        )
    out.append("</svg>")
    return SafeString("".join(out))


def features(report: DistrictReport, measure: str | None = None) -> dict[str, Any]:
    """The outlines as a GeoJSON FeatureCollection with each district's colour, label and
    value, for the optional Leaflet map (coloured as the SVG)."""
    measure = measure or report.measure
    styles = styles_for(report, measure)
    items = []
    for row in report.districts:
        if not row.outline or row.district is None:
            continue
        style = styles[row.district.pk]
        items.append(
            {
                "type": "Feature",
                "geometry": row.outline,
                "properties": {
                    "name": row.name,
                    "value": format_value(row.value(measure), measure),
                    "fill": style.fill,
                    "zero": style.key == "zero",
                    "weakest": row.weakest,
                    "title": _row_title(row, measure),
                },
            }
        )
    return {"type": "FeatureCollection", "features": items}
