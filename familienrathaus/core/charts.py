"""Accessible SVG charts, each with the data table that always goes with it.

Three kinds, enough for results pages and reports:

* :func:`bar_chart`: horizontal bars, one per category (counts and shares);
* :func:`stacked_chart`: one horizontal bar per row split into categories (a matrix
  question: items × scale points), with a legend;
* :func:`column_chart`: columns along a time axis (answers per day);
* :func:`level_chart`: levels reached on a fixed 0–100 % scale, one bar per series in
  each row (an employer's level per field of action beside the round's average).

Each returns a :class:`Chart`; in a template ``{{ chart }}`` renders it (the chart has
``__html__``; the markup is built in ``core.chart_markup``, without the template engine,
because a results page has dozens of charts): an ``<svg role="img">`` with ``<title>``
and ``<desc>`` and text labels, followed by the same numbers as a ``<table>``.

The strict Content-Security-Policy forbids ``style`` attributes and inline ``<style>``,
so the SVG carries only presentation attributes (``fill``, ``x``, ``width`` …): KERN
colours as ``fill`` plus a class per colour that ``static/frh/charts.css`` may restyle.
Horizontal positions are percentages of the chart's width and vertical ones pixels, so
a chart fills a phone's width as well as a desktop's and its text stays legible; the
same markup renders in WeasyPrint for PDF reports.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from familienrathaus.core import chart_markup

#: KERN dark blue, the action colour: single-colour bars and columns.
BAR_COLOUR = "#1f3f8f"
#: A sequential ramp from KERN's dark blue palette (light to dark) for ordered categories
#: (scale points), with a neutral grey kept for "don't know" / "no answer".
RAMP = ("#c9d3ea", "#9fb1dc", "#7a92cd", "#5674be", "#3a5aa9", "#27478f", "#1a3470", "#0f2252")
NEUTRAL = "#8a8a8a"
#: Text on a segment: dark on the light half of the ramp, white on the dark half.
DARK_TEXT = "#1a1a1a"
LIGHT_TEXT = "#ffffff"

LABEL_CHARS = 48  # longer labels are shortened in the picture; the table has them whole

_ids = itertools.count(1)


def percent(share: float) -> str:
    """A share (0..1) as a rounded percentage in the active language: "42 %"."""
    return f"{formats.number_format(round(share * 100))} %"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _pct(value: float) -> str:
    """An SVG length as a percentage with two decimals ("41.67%")."""
    return f"{max(value, 0):.2f}%"


def ramp(count: int, *, neutral_last: bool = False) -> list[str]:
    """``count`` colours from the ramp, spread from light to dark; with ``neutral_last``
    the last one is grey (for "don't know")."""
    ordered = count - 1 if neutral_last else count
    if ordered <= 0:
        colours: list[str] = []
    elif ordered == 1:
        colours = [RAMP[4]]
    else:
        step = (len(RAMP) - 1) / (ordered - 1)
        colours = [RAMP[round(i * step)] for i in range(ordered)]
    return colours + ([NEUTRAL] if neutral_last else [])


def _text_on(colour: str) -> str:
    if colour == NEUTRAL:
        return DARK_TEXT
    return DARK_TEXT if colour in RAMP[:3] else LIGHT_TEXT


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Shape:
    """One bar, segment or column, with its text (all positions prepared here)."""

    x: str = "0%"
    y: int = 0
    width: str = "0%"
    height: int = 0
    fill: str = BAR_COLOUR
    css: str = "frh-chart__bar"
    label: str = ""
    label_x: str = "0%"
    label_y: int = 0
    value: str = ""
    value_x: str = "100%"
    value_y: int = 0
    value_fill: str = DARK_TEXT
    value_anchor: str = "end"
    tooltip: str = ""


@dataclass
class LegendEntry:
    label: str
    fill: str


@dataclass
class Chart:
    kind: str
    title: str
    description: str
    height: int
    table: Table
    shapes: list[Shape] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    ticks: list[Shape] = field(default_factory=list)
    uid: str = field(default_factory=lambda: f"frh-chart-{next(_ids)}")
    empty: bool = False
    baseline: float = 0.0  # columns: the y of the axis line
    table_open: bool = False  # show the table unfolded (PDF reports)

    def render(self) -> SafeString:
        return SafeString(chart_markup.render(self))

    def __html__(self) -> str:
        return self.render()

    def __str__(self) -> str:
        return self.render()


# --------------------------------------------------------------------------- bars

ROW = 46  # pixels per bar: a label line and the bar under it
BAR = 18
BAR_SPACE = 74.0  # percent of the width the longest bar may take; the rest holds the value


def bar_chart(
    *,
    title: str,
    bars: Sequence[tuple[str, int]],
    total: int | None = None,
    description: str = "",
) -> Chart:
    """One bar per ``(label, count)``; shares are of ``total`` (default: the sum of the
    counts; pass the number of people for multiple choice, where shares add up to more
    than 100 %). Bars are scaled to the largest count."""
    base = total if total is not None else sum(count for _label, count in bars)
    largest = max((count for _label, count in bars), default=0)
    shapes = []
    rows = []
    for index, (label, count) in enumerate(bars):
        share = count / base if base else 0.0
        top = index * ROW
        shown = f"{formats.number_format(count, force_grouping=True)} ({percent(share)})"
        shapes.append(
            Shape(
                y=top + 20,
                width=_pct(BAR_SPACE * count / largest if largest else 0),
                height=BAR,
                label=_short(label),
                label_y=top + 14,
                value=shown,
                value_y=top + 34,
                tooltip=f"{label}: {shown}",
            )
        )
        rows.append([label, formats.number_format(count, force_grouping=True), percent(share)])
    return Chart(
        kind="bar",
        title=title,
        description=description or _summary(bars, base),
        height=max(len(bars) * ROW, ROW),
        shapes=shapes,
        table=Table(caption=title, header=["", _("Count"), _("Percentage")], rows=rows),
        empty=not bars,
    )


def _summary(bars: Sequence[tuple[str, int]], base: int) -> str:
    return "; ".join(
        f"{label}: {count} ({percent(count / base if base else 0.0)})" for label, count in bars
    )


# --------------------------------------------------------------------------- levels

LEVEL_BAR = 14
LEVEL_GAP = 4


def level_chart(
    *,
    title: str,
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    description: str = "",
    missing: str = "–",
) -> Chart:
    """Shares on the fixed scale 0–100 % (a level reached, not a count): one row per
    ``(label, values)``, one bar per series in each row (e.g. an employer's level per
    field and the round's average). Bars are scaled to 100 %, not to the largest value;
    ``None`` is a value that is not there (no bar, ``missing`` in the table). With more
    than one series a legend names them: the first in the action colour, the second grey."""
    colours = [BAR_COLOUR, NEUTRAL, *RAMP[2::2]][: len(series)]
    row_height = 22 + len(series) * (LEVEL_BAR + LEVEL_GAP) + 8
    shapes = []
    table_rows = []
    summary = []
    for index, (label, values) in enumerate(rows):
        top = index * row_height
        shapes.append(
            Shape(css="frh-chart__label", label=_short(label), label_y=top + 14, tooltip=label)
        )
        cells = [label]
        parts = []
        for position, (name, value) in enumerate(zip(series, values, strict=True)):
            shown = percent(value) if value is not None else missing
            cells.append(shown)
            parts.append(f"{name} {shown}" if len(series) > 1 else shown)
            if value is None:
                continue
            y = top + 22 + position * (LEVEL_BAR + LEVEL_GAP)
            shapes.append(
                Shape(
                    y=y,
                    width=_pct(BAR_SPACE * min(max(value, 0.0), 1.0)),
                    height=LEVEL_BAR,
                    fill=colours[position],
                    css=f"frh-chart__bar frh-chart__bar--{position}",
                    value=shown,
                    value_y=y + LEVEL_BAR - 2,
                    tooltip=f"{label} – {name}: {shown}",
                )
            )
        table_rows.append(cells)
        summary.append(f"{label}: " + ", ".join(parts))
    return Chart(
        kind="bar",
        title=title,
        description=description or "; ".join(summary),
        height=max(len(rows) * row_height, row_height),
        shapes=shapes,
        legend=[LegendEntry(name, colours[i]) for i, name in enumerate(series)]
        if len(series) > 1
        else [],
        table=Table(caption=title, header=["", *series], rows=table_rows),
        empty=not rows,
    )


# --------------------------------------------------------------------------- stacked

STACK_ROW = 50


def stacked_chart(
    *,
    title: str,
    categories: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int]]],
    description: str = "",
    neutral_last: bool = False,
) -> Chart:
    """One full-width bar per ``(label, counts)``, split into ``categories`` (ordered,
    coloured light to dark; ``neutral_last`` greys the last, e.g. "don't know").
    Segments show their share when there is room; the table has counts and shares."""
    colours = ramp(len(categories), neutral_last=neutral_last)
    shapes: list[Shape] = []
    table_rows = []
    summary = []
    for index, (label, counts) in enumerate(rows):
        top = index * STACK_ROW
        total = sum(counts)
        left = 0.0
        shapes.append(
            Shape(
                css="frh-chart__label", label=_short(label), label_y=top + 14, height=0, width="0%"
            )
        )
        cells = [label]
        parts = []
        for position, (category, count) in enumerate(zip(categories, counts, strict=True)):
            share = count / total if total else 0.0
            width = 100.0 * share
            shown = percent(share)
            if count:
                shapes.append(
                    Shape(
                        x=_pct(left),
                        y=top + 20,
                        width=_pct(width),
                        height=22,
                        fill=colours[position],
                        css=f"frh-chart__segment frh-chart__segment--{position}",
                        value=shown if width >= 9 else "",
                        value_x=_pct(left + width / 2),
                        value_y=top + 36,
                        value_fill=_text_on(colours[position]),
                        value_anchor="middle",
                        tooltip=f"{label} – {category}: {count} ({shown})",
                    )
                )
            left += width
            cells.append(f"{formats.number_format(count, force_grouping=True)} ({shown})")
            parts.append(f"{category} {shown}")
        cells.append(formats.number_format(total, force_grouping=True))
        table_rows.append(cells)
        summary.append(f"{label}: " + ", ".join(parts))
    return Chart(
        kind="stacked",
        title=title,
        description=description or "; ".join(summary),
        height=max(len(rows) * STACK_ROW, STACK_ROW),
        shapes=shapes,
        legend=[LegendEntry(c, colours[i]) for i, c in enumerate(categories)],
        table=Table(caption=title, header=["", *categories, _("Total")], rows=table_rows),
        empty=not rows,
    )


# --------------------------------------------------------------------------- columns

PLOT = 160  # pixels of the plot area
HEADROOM = 18  # above the tallest column: its value or the line of the largest count
AXIS = 28  # pixels under it for the labels
MAX_LABELS = 8


def column_chart(
    *,
    title: str,
    points: Sequence[tuple[date | str, int]],
    description: str = "",
    label_header: str = "",
) -> Chart:
    """One column per ``(day or label, count)``, in the order given (fill gaps between
    days with zero counts beforehand if the axis should be continuous). At most
    ``MAX_LABELS`` labels along the axis; all values are in the table."""
    names = [
        formats.date_format(point, "SHORT_DATE_FORMAT") if isinstance(point, date) else point
        for point, _count in points
    ]
    axis_names = [
        formats.date_format(point, "d.m.") if isinstance(point, date) else point
        for point, _count in points
    ]
    largest = max((count for _point, count in points), default=0)
    step = 100.0 / len(points) if points else 100.0
    every = max(1, math.ceil(len(points) / MAX_LABELS))
    with_values = len(points) <= 14  # else only the line of the largest count has a number
    shapes = []
    for index, ((_point, count), name) in enumerate(zip(points, names, strict=True)):
        height = round((PLOT - HEADROOM) * count / largest) if largest else 0
        middle = step * index + step / 2
        shapes.append(
            Shape(
                x=_pct(step * index + step * 0.15),
                y=PLOT - height,
                width=_pct(step * 0.7),
                height=height,
                css="frh-chart__column",
                label=axis_names[index] if index % every == 0 else "",
                label_x=_pct(middle),
                label_y=PLOT + 18,
                value=str(count) if with_values and count else "",
                value_x=_pct(middle),
                value_y=max(PLOT - height - 4, 12),
                value_anchor="middle",
                tooltip=f"{name}: {count}",
            )
        )
    total = sum(count for _point, count in points)
    peak = max(points, key=lambda point: point[1]) if points else None
    summary = (
        _("In total %(total)s over %(count)s days; the most (%(most)s) on %(peak)s.")
        % {
            "total": formats.number_format(total, force_grouping=True),
            "count": len(points),
            "peak": names[points.index(peak)],
            "most": peak[1],
        }
        if peak is not None
        else ""
    )
    return Chart(
        kind="columns",
        title=title,
        description=description or summary,
        height=PLOT + AXIS,
        baseline=PLOT + 0.5,
        shapes=shapes,
        ticks=[]
        if with_values
        else [
            Shape(
                y=HEADROOM,
                label_y=HEADROOM - 4,
                label=formats.number_format(largest, force_grouping=True),
            )
        ],
        table=Table(
            caption=title,
            header=[label_header, _("Count")],
            rows=[
                [name, formats.number_format(count, force_grouping=True)]
                for name, (_point, count) in zip(names, points, strict=True)
            ],
        ),
        empty=not points,
    )
