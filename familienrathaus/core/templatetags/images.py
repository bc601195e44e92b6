"""``{% picture %}``: every public ``<img>`` of an uploaded picture (see ``core/images.py``).

::

    {% load images %}
    {% picture event.image alt=event.image_alt class="frh-event__image"
               sizes="(min-width: 48em) 45rem, 100vw" priority=True %}

renders ``<img src srcset sizes width height alt loading decoding class>``:

- ``src`` is the original (the fallback), ``srcset`` the WebP renditions with their
  widths, ``sizes`` how wide the picture is shown (default ``100vw``: say less for a
  card, or the phone fetches more than it shows). A logo scaled to fit a box (CSS
  ``max-width``/``max-height``) says the box instead, ``fit="160x96"`` (CSS px): its
  ``sizes`` is then the width it really gets, from its own proportions;
- ``width``/``height`` are the original's, so the browser keeps the room before the
  picture arrives (the CSS scales it with ``height: auto``);
- ``loading="lazy"`` unless ``priority=True`` (a detail page's main picture: eager and
  ``fetchpriority="high"``, it is the largest paint) or ``eager=True`` (small and at the
  top of every page, such as the site logo); ``decoding="async"`` always.

A picture without renditions yet (stored before they existed) is shown as before, from
its original, without ``srcset``, ``width`` and ``height``.
"""

from __future__ import annotations

import math
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def picture(
    file: Any,
    *,
    alt: str = "",
    sizes: str = "100vw",
    fit: str = "",
    priority: bool = False,
    eager: bool = False,
    **attrs: Any,
) -> SafeString:
    """The ``<img>`` of a ``PictureField``'s file; nothing for an empty field."""
    if not file or not getattr(file, "name", ""):
        return mark_safe("")
    extra = [(name.replace("_", "-"), value) for name, value in attrs.items() if value is not None]
    parts: list[tuple[str, Any]] = [*extra, ("src", file.url)]
    renditions = file.renditions() if hasattr(file, "renditions") else []
    width = getattr(file, "original_width", None)
    height = getattr(file, "original_height", None)
    if renditions:
        if fit and width and height:
            box_width, box_height = (int(n) for n in fit.split("x"))
            sizes = f"{math.ceil(min(box_width, box_height * width / height, width))}px"
        parts.append(("srcset", ", ".join(f"{url} {w}w" for url, w in renditions)))
        parts.append(("sizes", sizes))
    if width and height:
        parts += [("width", width), ("height", height)]
    parts.append(("alt", alt or ""))
    if priority:
        parts += [("loading", "eager"), ("fetchpriority", "high")]
    else:
        parts.append(("loading", "eager" if eager else "lazy"))
    parts.append(("decoding", "async"))
    return format_html("<img {}>", format_html_join(" ", '{}="{}"', parts))
