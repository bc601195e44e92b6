"""The shared SVG charts: accessible pictures that pass the strict CSP, each with its table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.template import Context, Template
from django.utils import translation

from familienrathaus.core import charts

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg class=\"frh-chart__svg\".*?</svg>", html, re.S)
    assert match, html
    return ET.fromstring(match.group(0))  # noqa: S314 (our own markup)


def _texts(svg: ET.Element) -> list[str]:
    return [t.text or "" for t in svg.iter(f"{SVG}text")]


def _table_rows(html: str) -> list[list[str]]:
    body = html.split("<tbody", 1)[1]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", c).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)
        ]
        for r in rows
    ]


def _render(chart: charts.Chart) -> str:
    # Rendered as a template does it: {{ chart }}.
    return Template("{{ chart }}").render(Context({"chart": chart}))


def test_bar_chart_is_an_accessible_picture_with_labels_and_its_table() -> None:
    chart = charts.bar_chart(
        title="How did you hear of us?", bars=[("Radio", 30), ("School", 60), ("Other", 10)]
    )
    html = _render(chart)
    svg = _svg(html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby", "").split()
    assert svg.find(f"{SVG}title").get("id") == title_id  # type: ignore[union-attr]
    assert svg.find(f"{SVG}title").text == "How did you hear of us?"  # type: ignore[union-attr]
    desc = svg.find(f"{SVG}desc")
    assert desc is not None and desc.get("id") == desc_id
    assert "School: 60 (60 %)" in (desc.text or "")
    texts = _texts(svg)
    assert {"Radio", "School", "Other", "60 (60 %)", "30 (30 %)"} <= set(texts)
    # The largest bar is the longest; the others in proportion.
    widths = [r.get("width") for r in svg.iter(f"{SVG}rect")]
    assert widths == ["37.00%", "74.00%", "12.33%"]
    assert _table_rows(html) == [
        ["Radio", "30", "30 %"],
        ["School", "60", "60 %"],
        ["Other", "10", "10 %"],
    ]
    assert "Data as a table" in html


def test_charts_pass_the_strict_csp_no_style_attribute_no_script() -> None:
    rendered = "".join(
        _render(chart)
        for chart in (
            charts.bar_chart(title="A", bars=[("x", 1)]),
            charts.stacked_chart(title="B", categories=["1", "2"], rows=[("item", [1, 2])]),
            charts.column_chart(title="C", points=[(date(2026, 12, 1), 3)]),
        )
    )
    assert "style=" not in rendered
    assert "<style" not in rendered
    assert "<script" not in rendered
    assert " on" not in re.sub(r">[^<]*<", "><", rendered)  # no onclick= … handlers


def test_multiple_choice_shares_are_of_the_people_not_of_the_ticks() -> None:
    chart = charts.bar_chart(title="Which?", bars=[("A", 8), ("B", 6)], total=10)
    assert _table_rows(_render(chart)) == [["A", "8", "80 %"], ["B", "6", "60 %"]]


def test_labels_are_escaped_and_long_ones_shortened_in_the_picture_only() -> None:
    long = "A very long answer option that goes on and on <b>and</b> on & on and on"
    html = _render(charts.bar_chart(title="T & <i>", bars=[(long, 2)]))
    assert "<b>" not in html and "<i>" not in html
    svg = _svg(html)
    label = _texts(svg)[0]
    assert label.endswith("…") and len(label) <= charts.LABEL_CHARS
    assert _table_rows(html)[0][0].endswith("&amp; on and on")  # whole in the table


def test_stacked_chart_segments_fill_each_row_and_have_a_legend() -> None:
    chart = charts.stacked_chart(
        title="Matrix",
        categories=["1", "2", "3", "Don't know"],
        rows=[("Parks", [2, 2, 4, 2]), ("Streets", [0, 5, 5, 0])],
        neutral_last=True,
    )
    html = _render(chart)
    svg = _svg(html)
    rects = list(svg.iter(f"{SVG}rect"))
    parks = [float(r.get("width", "0%").rstrip("%")) for r in rects[:4]]
    assert sum(parks) == pytest.approx(100, abs=0.05)
    # Empty categories draw nothing; "Don't know" is grey.
    assert len(rects) == 6
    assert rects[3].get("fill") == charts.NEUTRAL
    assert (
        "Don&#x27;t know" in html.split('class="frh-chart__svg"', 1)[0]
    )  # legend before the picture
    assert _table_rows(html)[1] == ["Streets", "0 (0 %)", "5 (50 %)", "5 (50 %)", "0 (0 %)", "10"]


def test_column_chart_has_a_column_per_day_and_at_most_eight_axis_labels() -> None:
    start = date(2026, 11, 1)
    points = [(start + timedelta(days=i), i % 5) for i in range(30)]
    html = _render(charts.column_chart(title="Per day", points=points, label_header="Day"))
    svg = _svg(html)
    assert len([r for r in svg.iter(f"{SVG}rect")]) == 30
    labels = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "frh-chart__label"]
    assert 1 < len(labels) <= charts.MAX_LABELS
    rows = _table_rows(html)
    assert len(rows) == 30
    assert rows[4][1] == "4"
    assert "the most (4)" in (svg.find(f"{SVG}desc").text or "")  # type: ignore[union-attr]


def test_empty_chart_renders_only_its_empty_table() -> None:
    html = _render(charts.bar_chart(title="Nothing", bars=[]))
    assert "<svg" not in html
    assert "<table" in html


def test_each_chart_has_its_own_ids() -> None:
    a = charts.bar_chart(title="A", bars=[("x", 1)])
    b = charts.bar_chart(title="A", bars=[("x", 1)])
    assert a.uid != b.uid


def test_german_numbers_and_percent() -> None:
    with translation.override("de"):
        html = _render(charts.bar_chart(title="T", bars=[("x", 1234), ("y", 766)]))
    assert _table_rows(html)[0] == ["x", "1.234", "62 %"]
