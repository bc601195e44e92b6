"""The results (plain data from ``selectors.results.aggregate``) as charts with tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from familienrathaus.core import charts
from familienrathaus.surveys.selectors import results as selectors


@dataclass
class QuestionView:
    """One question of a results page: its data entry, chart and figures to print."""

    entry: dict[str, Any]
    chart: charts.Chart | None
    stats: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_text(self) -> bool:
        return self.entry["kind"] == "text"


def _value(value: Any) -> str:
    if isinstance(value, float):
        return formats.number_format(value, 1)
    if isinstance(value, int):
        return formats.number_format(value, force_grouping=True)
    try:
        return formats.number_format(float(value)) if "." in str(value) else str(value)
    except ValueError:
        return str(value)


def _label(label: str, kind: str) -> str:
    """Numbers as labels ("2.5", "10 – 20") in the active language's spelling."""
    if kind != "number":
        return label
    return " – ".join(_value(part) for part in str(label).split(" – "))


def question_chart(entry: dict[str, Any], *, table_open: bool = False) -> charts.Chart | None:
    spec = entry.get("chart")
    if entry.get("suppressed") or not spec:
        return None
    if spec["type"] == "stacked":
        chart = charts.stacked_chart(
            title=entry["text"],
            categories=spec["categories"],
            rows=[(label, counts) for label, counts in spec["rows"]],
            neutral_last=spec.get("neutral_last", False),
        )
    else:
        chart = charts.bar_chart(
            title=entry["text"],
            bars=[(_label(label, entry["kind"]), count) for label, count in spec["bars"]],
            total=spec.get("total"),
        )
    chart.table_open = table_open
    return chart


def questions(result: dict[str, Any], *, table_open: bool = False) -> list[QuestionView]:
    return [
        QuestionView(
            entry=entry,
            chart=question_chart(entry, table_open=table_open),
            stats=[(str(label), _value(value)) for label, value in entry.get("stats", [])],
        )
        for entry in result["questions"]
    ]


def channel_chart(result: dict[str, Any], *, table_open: bool = False) -> charts.Chart | None:
    if not result.get("channels"):
        return None
    chart = charts.bar_chart(
        title=_("Answers per channel"), bars=[(name, count) for name, count in result["channels"]]
    )
    chart.table_open = table_open
    return chart


def day_chart(result: dict[str, Any], *, table_open: bool = False) -> charts.Chart | None:
    if not result.get("days"):
        return None
    chart = charts.column_chart(
        title=_("Answers per day"),
        points=selectors.day_points(result["days"]),
        label_header=_("Day"),
    )
    chart.table_open = table_open
    return chart
