"""The gap map's district names stay readable when two districts lie close together."""

from __future__ import annotations

from familienrathaus.reports import choropleth


def test_a_label_that_would_cover_another_moves_to_a_free_line() -> None:
    placed: list[tuple[float, float, float]] = []
    first = choropleth._free_y(200, 300, 60, placed)
    # "Südstadt" centred 40 px to the right on the same line would print over "Am Bach".
    second = choropleth._free_y(240, 302, 64, placed)
    assert first == 300
    assert abs(second - first) >= choropleth.LABEL_HEIGHT
    # a label far enough to the side keeps its place
    assert choropleth._free_y(400, 300, 60, placed) == 300
