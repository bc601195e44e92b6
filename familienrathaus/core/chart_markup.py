"""The markup of ``core.charts``: SVG and its data table, written directly in Python.

A results page shows thirty charts or more; through the template engine each costs
hundreds of template nodes, which took longer than counting the answers. The markup is
small and fixed, so it is built here from escaped strings instead. Every text that comes
from a chart (titles, labels, values) passes through :func:`escape`.
"""

from __future__ import annotations

from typing import Any

from django.utils.html import escape
from django.utils.translation import gettext as _

FONT = 'font-family="Fira Sans, sans-serif"'
TEXT = "#1a1a1a"


def _svg_open(chart: Any) -> str:
    uid = chart.uid
    return (
        f'<svg class="frh-chart__svg" xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'height="{chart.height}" role="img" aria-labelledby="{uid}-title {uid}-desc" {FONT}>'
        f'<title id="{uid}-title">{escape(chart.title)}</title>'
        f'<desc id="{uid}-desc">{escape(chart.description)}</desc>'
    )


def _table(chart: Any) -> str:
    table = chart.table
    caption = escape(table.caption)
    # Outside the f-strings: makemessages does not read calls inside them.
    answer = escape(_("Answer"))
    as_table = escape(_("Data as a table"))
    head = "".join(
        f'<th class="kern-table__cell" scope="col">{escape(h)}</th>'
        if h
        else f'<th class="kern-table__cell" scope="col"><span class="kern-sr-only">'
        f"{answer}</span></th>"
        for h in table.header
    )
    rows = "".join(
        '<tr class="kern-table__row">'
        + "".join(
            f'<th class="kern-table__cell" scope="row">{escape(cell)}</th>'
            if index == 0
            else f'<td class="kern-table__cell frh-chart__number">{escape(cell)}</td>'
            for index, cell in enumerate(row)
        )
        + "</tr>"
        for row in table.rows
    )
    return (
        f'<details class="frh-chart__data"{" open" if chart.table_open else ""}>'
        f"<summary>{as_table}"
        f'<span class="kern-sr-only">: {escape(chart.title)}</span></summary>'
        f'<div class="frh-table-scroll" tabindex="0" role="region" aria-label="{caption}">'
        f'<table class="kern-table frh-chart__table"><caption class="kern-sr-only">{caption}'
        f'</caption><thead class="kern-table__header"><tr class="kern-table__row">{head}'
        f'</tr></thead><tbody class="kern-table__body">{rows}</tbody></table></div></details>'
    )


def _text(
    css: str, x: str, y: int, text: str, *, size: int, fill: str = TEXT, anchor: str = ""
) -> str:
    middle = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text class="{css}" x="{x}" y="{y}"{middle} font-size="{size}" fill="{fill}">'
        f"{escape(text)}</text>"
    )


def _rect(shape: Any, extra: str = "") -> str:
    return (
        f'<rect class="{shape.css}" x="{shape.x}" y="{shape.y}" width="{shape.width}" '
        f'height="{shape.height}" fill="{shape.fill}"{extra}/>'
    )


def bar(chart: Any) -> str:
    parts = []
    for s in chart.shapes:
        parts.append(
            f'<g class="frh-chart__row"><title>{escape(s.tooltip)}</title>'
            + _text("frh-chart__label", "0", s.label_y, s.label, size=14)
            + _rect(s)
            + _text(
                "frh-chart__value",
                s.value_x,
                s.value_y,
                s.value,
                size=13,
                fill=s.value_fill,
                anchor=s.value_anchor,
            )
            + "</g>"
        )
    return "".join(parts)


def stacked(chart: Any) -> str:
    parts = []
    for s in chart.shapes:
        if not s.height:
            parts.append(_text("frh-chart__label", "0", s.label_y, s.label, size=14))
            continue
        value = (
            _text(
                "frh-chart__value",
                s.value_x,
                s.value_y,
                s.value,
                size=12,
                fill=s.value_fill,
                anchor="middle",
            )
            if s.value
            else ""
        )
        parts.append(
            f'<g class="frh-chart__row"><title>{escape(s.tooltip)}</title>'
            + _rect(s, ' stroke="#ffffff" stroke-width="1"')
            + value
            + "</g>"
        )
    return "".join(parts)


def legend(chart: Any) -> str:
    entries = "".join(
        f'<li><svg class="frh-chart__swatch" xmlns="http://www.w3.org/2000/svg" width="14" '
        f'height="14" focusable="false"><rect width="14" height="14" fill="{e.fill}" '
        f'stroke="#1a1a1a" stroke-width="0.5"/></svg> {escape(e.label)}</li>'
        for e in chart.legend
    )
    return f'<ul class="frh-chart__legend" aria-hidden="true">{entries}</ul>'


def columns(chart: Any) -> str:
    parts = []
    for tick in chart.ticks:
        parts.append(
            f'<line class="frh-chart__grid" x1="0" x2="100%" y1="{tick.y}" y2="{tick.y}" '
            f'stroke="#b0b0b0" stroke-dasharray="3 3"/>'
            + _text(
                "frh-chart__tick",
                "100%",
                tick.label_y,
                tick.label,
                size=12,
                fill="#4a4a4a",
                anchor="end",
            )
        )
    parts.append(
        f'<line class="frh-chart__axis" x1="0" x2="100%" y1="{chart.baseline}" '
        f'y2="{chart.baseline}" stroke="#4a4a4a"/>'
    )
    for s in chart.shapes:
        value = (
            _text("frh-chart__value", s.value_x, s.value_y, s.value, size=12, anchor="middle")
            if s.value
            else ""
        )
        label = (
            _text("frh-chart__label", s.label_x, s.label_y, s.label, size=12, anchor="middle")
            if s.label
            else ""
        )
        parts.append(
            f'<g class="frh-chart__row"><title>{escape(s.tooltip)}</title>'
            + _rect(s)
            + value
            + label
            + "</g>"
        )
    return "".join(parts)


KINDS = {"bar": bar, "stacked": stacked, "columns": columns}


def render(chart: Any) -> str:
    """The chart's ``<div>``: legend (if any), the SVG, and the data table."""
    picture = ""
    if not chart.empty:
        top = legend(chart) if chart.legend else ""
        picture = top + _svg_open(chart) + KINDS[chart.kind](chart) + "</svg>"
    return f'<div class="frh-chart frh-chart--{chart.kind}">{picture}{_table(chart)}</div>'
