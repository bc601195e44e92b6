"""The social-media kit: a ready post text and a square picture card (PNG, 1080×1080)
for any offer, event or news post, in the alliance's colours and with its name.

Source kinds are a small registry, so another app plugs in with a few lines::

    from familienrathaus.news import socialkit

    socialkit.register(socialkit.Source(
        kind="event", label=_("Event"),
        choices=lambda: [(e.pk, e.title) for e in upcoming_events()],
        load=lambda pk: socialkit.ShareItem(title=..., summary=..., url=..., when=...),
    ))

The picture is drawn on the server with Pillow, using the site's own fonts (Fira
Sans from the KERN files, DejaVu Sans as fallback): no third-party service sees it.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy
from PIL import Image, ImageDraw, ImageFont

from familienrathaus.core import colours, tenancy
from familienrathaus.events.models import Event
from familienrathaus.news import selectors as news_selectors
from familienrathaus.offers.models import Offer

SIZE = 1080
MARGIN = 84


@dataclass(frozen=True)
class ShareItem:
    title: str
    summary: str
    url: str  # absolute
    when: str = ""  # e.g. "Sa, 12. Juni, 15 Uhr" for events
    kind_label: str = ""


@dataclass(frozen=True)
class Source:
    kind: str
    label: str | Promise
    choices: Callable[[], list[tuple[int, str]]]
    load: Callable[[int], ShareItem | None]


_sources: dict[str, Source] = {}


def register(source: Source) -> None:
    _sources[source.kind] = source


def sources() -> list[Source]:
    return list(_sources.values())


def source(kind: str) -> Source | None:
    return _sources.get(kind)


def absolute(path: str) -> str:
    return path if path.startswith("http") else tenancy.site_url() + path


# ------------------------------------------------------------------------ post text


def post_text(item: ShareItem, *, alliance_name: str) -> str:
    parts = [item.title]
    if item.when:
        parts.append(item.when)
    if item.summary:
        parts.append(item.summary)
    parts.append(item.url)
    tag = "".join(word.capitalize() for word in alliance_name.split() if word.isalnum())
    parts.append(f"#Familie #{tag}" if tag else "#Familie")
    return "\n\n".join(parts)


# --------------------------------------------------------------------------- picture


@cache
def _font_path(bold: bool) -> str:
    name = "FiraSans-Bold.woff2" if bold else "FiraSans-Regular.woff2"
    found = finders.find(f"vendor/kern/fonts/fira-sans/{name}")
    if found:
        return str(found)
    fallback = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return str(Path("/usr/share/fonts/truetype/dejavu") / fallback)


def _font(size: int, *, bold: bool) -> Any:
    try:
        return ImageFont.truetype(_font_path(bold), size)
    except OSError:
        return ImageFont.load_default(size)


TITLE_SIZES = (92, 80, 68, 58, 50)
TITLE_LINES = 5
ELLIPSIS = "…"


def _width(draw: ImageDraw.ImageDraw, text: str, font: Any) -> float:
    return float(draw.textlength(text, font=font))


def _split_word(draw: ImageDraw.ImageDraw, word: str, font: Any, width: int) -> list[str]:
    """A word wider than the card ("Familienbildungsstättenverbund"), cut with hyphens."""
    pieces: list[str] = []
    piece = ""
    for char in word:
        if piece and _width(draw, f"{piece}{char}-", font) > width:
            pieces.append(f"{piece}-")
            piece = char
        else:
            piece += char
    return [*pieces, piece]


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> list[str]:
    """Greedy word wrap by measured width; no line is wider than ``width``."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}".strip()
            if _width(draw, candidate, font) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            *full, line = _split_word(draw, word, font, width)
            lines.extend(full)
        lines.append(line)
    return lines


def _clip(
    draw: ImageDraw.ImageDraw, lines: list[str], font: Any, width: int, count: int
) -> list[str]:
    """At most ``count`` lines; if text was left out, the last line ends with "…"."""
    if len(lines) <= count:
        return lines
    last = lines[count - 1].rstrip(" -")
    while last and _width(draw, f"{last} {ELLIPSIS}", font) > width:
        # Leave out the last word; a single word that is too wide, letter by letter.
        last = (last.rsplit(" ", 1)[0] if " " in last else last[:-1]).rstrip(" -")
    return [*lines[: count - 1], f"{last} {ELLIPSIS}".strip()]


def _title_lines(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[int, Any, list[str]]:
    """The largest size at which the title fits in five lines without cutting a word."""
    for size in TITLE_SIZES:
        font = _font(size, bold=True)
        whole_words = all(_width(draw, word, font) <= width for word in title.split())
        lines = _wrap(draw, title, font, width)
        if whole_words and len(lines) <= TITLE_LINES:
            return size, font, lines
    return size, font, _clip(draw, lines, font, width, TITLE_LINES)


def card_png(item: ShareItem, *, alliance_name: str, primary: str) -> bytes:
    """The square card as PNG bytes: title, date, teaser and the alliance's name."""
    background = primary if colours.contrast(primary, "#ffffff") >= 4.5 else "#1d1d1b"
    image = Image.new("RGB", (SIZE, SIZE), background)
    draw = ImageDraw.Draw(image)
    width = SIZE - 2 * MARGIN
    y = MARGIN
    if item.kind_label:
        draw.text((MARGIN, y), item.kind_label.upper(), font=_font(40, bold=True), fill="#ffffff")
        y += 80
    size, title_font, lines = _title_lines(draw, item.title, width)
    for line in lines:
        draw.text((MARGIN, y), line, font=title_font, fill="#ffffff")
        y += int(size * 1.18)
    if item.when:
        y += 24
        when_font = _font(48, bold=True)
        for line in _clip(draw, _wrap(draw, item.when, when_font, width), when_font, width, 2):
            draw.text((MARGIN, y), line, font=when_font, fill="#ffffff")
            y += 60
    y += 30
    body_font = _font(40, bold=False)
    room = max(0, (SIZE - MARGIN - 150 - y) // 52)
    body = _wrap(draw, textwrap.shorten(item.summary, 400, placeholder=" …"), body_font, width)
    for line in _clip(draw, body, body_font, width, room) if room else []:
        draw.text((MARGIN, y), line, font=body_font, fill="#ffffff")
        y += 52
    # Footer band: the alliance's name on white.
    draw.rectangle((0, SIZE - 150, SIZE, SIZE), fill="#ffffff")
    footer_font = _font(40, bold=True)
    name = _clip(draw, _wrap(draw, alliance_name, footer_font, width), footer_font, width, 2)
    fy = SIZE - 150 + (150 - 50 * len(name)) // 2
    for line in name:
        draw.text((MARGIN, fy), line, font=footer_font, fill=background)
        fy += 50
    output = io.BytesIO()
    image.save(output, format="PNG", optimize=True)
    return output.getvalue()


# ------------------------------------------------------------------ built-in sources


def _news_choices() -> list[tuple[int, str]]:
    return [(p.pk, p.title) for p in news_selectors.published_posts()[:100]]


def _news_load(pk: int) -> ShareItem | None:
    post = news_selectors.published_posts().filter(pk=pk).first()
    if post is None:
        return None
    return ShareItem(
        title=post.title,
        summary=post.summary,
        url=absolute(post.get_absolute_url()),
        kind_label=gettext("News"),
    )


def _offer_choices() -> list[tuple[int, str]]:
    return list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .order_by("title")
        .values_list("pk", "title")[:300]
    )


def _offer_load(pk: int) -> ShareItem | None:
    offer = Offer.objects.filter(status=Offer.Status.PUBLISHED, pk=pk).first()
    if offer is None:
        return None
    return ShareItem(
        title=offer.title,
        summary=offer.summary,
        url=absolute(offer.get_absolute_url()),
        when=offer.times_note,
        kind_label=gettext("Offer"),
    )


def _event_choices() -> list[tuple[int, str]]:
    events = Event.objects.filter(status="published")
    return [(e.pk, str(e.title)) for e in events.order_by("-pk")[:300]]


def _event_load(pk: int) -> ShareItem | None:
    event = Event.objects.filter(pk=pk, status="published").first()
    if event is None:
        return None
    return ShareItem(
        title=str(event.title),
        summary=str(event.summary or ""),
        url=absolute(event.get_absolute_url()),
        when=formats.date_format(timezone.localtime(event.start), "SHORT_WEEKDAY_DATETIME_FORMAT"),
        kind_label=gettext("Event"),
    )


def _register_builtin() -> None:
    """Called from :class:`familienrathaus.news.apps.NewsConfig` once the apps are ready."""
    register(
        Source(kind="news", label=gettext_lazy("News post"), choices=_news_choices, load=_news_load)
    )
    register(
        Source(kind="offer", label=gettext_lazy("Offer"), choices=_offer_choices, load=_offer_load)
    )
    register(
        Source(kind="event", label=gettext_lazy("Event"), choices=_event_choices, load=_event_load)
    )
