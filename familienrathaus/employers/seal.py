"""The seal "FAMILIENbewusstes Unternehmen" an employer may show on its website.

Drawn by code from one layout (:func:`layout`): a round badge in the alliance's colour
with the words of the seal, the municipality and the years of validity. The same
layout is written as an SVG (any size, for the web) and painted as a PNG with Pillow
(for office documents). The PNG's letters come from the site's own Fira Sans, read
from its WOFF2 file with fontTools, so the picture looks the same on every machine and
no system font is needed; no picture file is copied into the repository.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.utils.html import escape
from django.utils.translation import gettext as _
from fontTools.ttLib import TTFont
from PIL import Image, ImageDraw, ImageFont

SIZE = 200  # the SVG's coordinate system; the PNG is SIZE * scale pixels wide
PNG_SCALE = 4
FONTS = {
    400: "vendor/kern/fonts/fira-sans/FiraSans-Regular.woff2",
    600: "vendor/kern/fonts/fira-sans/FiraSans-SemiBold.woff2",
}
WHITE = "#ffffff"


@dataclass(frozen=True)
class Line:
    text: str
    y: float  # the baseline, in SIZE units
    size: float
    weight: int = 400


@dataclass(frozen=True)
class Seal:
    title: str  # what the picture says, for people who cannot see it
    colour: str
    lines: tuple[Line, ...]


def layout(*, place: str, first_year: int, last_year: int, colour: str) -> Seal:
    """The seal's words and where they go. The seal's name is a German mark and stays
    German in every language; only its description is translated."""
    years = f"{first_year}–{last_year}"
    place = place[:28]
    lines = (
        Line("ZERTIFIZIERT", 52, 10, 600),
        Line("FAMILIEN", 88, 25, 600),
        Line("bewusstes", 110, 19),
        Line("Unternehmen", 132, 19),
        Line(place, 156, 11, 600),
        Line(years, 172, 11),
    )
    title = _("Seal: FAMILIENbewusstes Unternehmen %(place)s, certified for %(years)s") % {
        "place": place,
        "years": years,
    }
    return Seal(title=title, colour=colour, lines=tuple(line for line in lines if line.text))


def svg(seal: Seal) -> bytes:
    """The seal as a standalone SVG document with its title."""
    texts = "".join(
        f'<text x="100" y="{line.y}" font-size="{line.size}" font-weight="{line.weight}">'
        f"{escape(line.text)}</text>"
        for line in seal.lines
    )
    colour = escape(seal.colour)
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-labelledby="seal-title">'
        f'<title id="seal-title">{escape(seal.title)}</title>'
        f'<circle cx="100" cy="100" r="98" fill="{colour}"/>'
        f'<circle cx="100" cy="100" r="88" fill="none" stroke="{WHITE}" stroke-width="2"/>'
        f'<circle cx="100" cy="100" r="83" fill="none" stroke="{WHITE}" stroke-width="0.8"/>'
        f'<g fill="{WHITE}" text-anchor="middle" '
        'font-family="Fira Sans, DejaVu Sans, Arial, sans-serif">'
        f"{texts}</g></svg>"
    )
    return document.encode("utf-8")


def png(seal: Seal, *, scale: int = PNG_SCALE) -> bytes:
    """The seal as a PNG with a transparent background, ``SIZE * scale`` pixels wide."""
    # Drawn twice as large and scaled down: Pillow draws circles without smoothing.
    factor = scale * 2
    image = Image.new("RGBA", (SIZE * factor, SIZE * factor), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def circle(radius: float, **style: object) -> None:
        box = [(100 - radius) * factor, (100 - radius) * factor]
        box += [(100 + radius) * factor, (100 + radius) * factor]
        draw.ellipse(box, **style)  # type: ignore[arg-type]

    circle(98, fill=seal.colour)
    circle(88, outline=WHITE, width=round(2 * factor))
    circle(83, outline=WHITE, width=max(1, round(0.8 * factor)))
    for line in seal.lines:
        font = ImageFont.truetype(io.BytesIO(_font_data(line.weight)), round(line.size * factor))
        draw.text((100 * factor, line.y * factor), line.text, font=font, fill=WHITE, anchor="ms")
    image = image.resize((SIZE * scale, SIZE * scale), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@functools.cache
def _font_data(weight: int) -> bytes:
    """The TrueType data of the site's Fira Sans (its WOFF2 decompressed in memory)."""
    found = finders.find(FONTS[weight])
    if not isinstance(found, str):
        raise FileNotFoundError(FONTS[weight])
    font = TTFont(Path(found))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
