"""Pictures for the demo: simple drawings (sky, sun, hills, houses) made with Pillow, so
the demo's pages show pictures as a real alliance's do, with their renditions
(``core.images``), without shipping photos in the repository.

Each app's ``demo.py`` gives a few of its rows one: ``demo_pictures.give(rows, "image")``.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

# Small enough that loading the demo (which many tests do) stays quick: renditions at
# 160, 320, 640 and 800 px.
SIZE = (800, 500)
SKIES = [(126, 182, 224), (250, 196, 140), (170, 210, 235), (205, 190, 240)]
HILLS = [(96, 160, 90), (60, 130, 110), (130, 170, 70), (80, 140, 150)]
ROOFS = [(190, 70, 60), (60, 90, 160), (220, 150, 40), (120, 80, 140)]
ALT = "Zeichnung: Häuser und Bäume auf grünen Hügeln unter der Sonne"


def drawing(seed: int, size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG of a landscape drawing, different for each ``seed``."""
    rng = random.Random(seed)  # noqa: S311  a drawing, not a secret
    width, height = size
    sky = SKIES[seed % len(SKIES)]
    picture = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(picture)
    for y in range(height):  # the sky lightens towards the horizon
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(c + (255 - c) * t * 0.5) for c in sky))
    k = width / 1600  # the shapes are drawn for 1600 px wide
    sun_x = rng.randint(width // 8, width * 7 // 8)
    draw.ellipse([sun_x - 90 * k, 80 * k, sun_x + 90 * k, 260 * k], fill=(255, 220, 90))
    for layer in range(3):
        base = height * (5 + layer) // 9
        colour = tuple(max(0, c - 25 * layer) for c in HILLS[(seed + layer) % len(HILLS)])
        points: list[tuple[float, float]] = [(0, height)]
        for x in range(0, width + 100, 100):
            points.append((x, base + rng.randint(-60, 40) * k))
        points.append((width, height))
        draw.polygon(points, fill=colour)
    for _ in range(rng.randint(3, 6)):
        x = rng.randint(int(60 * k), int(width - 260 * k))
        y = rng.randint(height * 6 // 10, height * 8 // 10)
        draw.rectangle([x, y, x + 180 * k, y + 140 * k], fill=(245, 240, 228))
        roof = [(x - 20 * k, y), (x + 90 * k, y - 90 * k), (x + 200 * k, y)]
        draw.polygon(roof, fill=rng.choice(ROOFS))
        draw.rectangle([x + 70 * k, y + 70 * k, x + 110 * k, y + 140 * k], fill=(110, 80, 60))
        tree = x + 240 * k
        draw.rectangle([tree - 8 * k, y + 40 * k, tree + 8 * k, y + 140 * k], fill=(100, 70, 50))
        draw.ellipse([tree - 50 * k, y - 40 * k, tree + 50 * k, y + 60 * k], fill=(50, 120, 60))
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=85, optimize=True)
    return output.getvalue()


def give(rows: Iterable[Any], field: str, *, alt_field: str | None = None) -> int:
    """Give each row without a picture in ``field`` a drawing (and its ``alt_field`` the
    description); saves only those fields. Returns how many got one."""
    given = 0
    for row in rows:
        if getattr(row, field):
            continue
        setattr(row, field, ContentFile(drawing(row.pk), name=f"zeichnung-{row.pk}.jpg"))
        names = [field, f"{field}_width", f"{field}_height"]
        if alt_field:
            setattr(row, alt_field, ALT)
            names.append(alt_field)
        row.save(update_fields=names)
        given += 1
    return given
