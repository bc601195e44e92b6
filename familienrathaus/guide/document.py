"""The printed Familienwegweiser: HTML that WeasyPrint lays out, written as one tagged PDF.

Structure (and so the PDF's tag tree and bookmarks): a cover (h1) and the table of
contents (h2), one section per theme (h2) with one entry per offer (h3), and the
index of partners (h2) with the pages of their entries.

In the whole guide and in an audience's guide an offer with several themes is
printed once, under its first theme; its other themes list it under "Also in this
theme" with its page number. A theme's guide prints every offer of that theme.

Page numbers
------------
CSS ``target-counter()`` makes WeasyPrint lay out every page that uses it two more
times; in a large guide that was a fifth of the time. So the guide is laid out in
parts, each numbered on from the one before, and the parts are joined into one PDF:

1. the front matter (cover, contents) with placeholder page numbers, to learn how
   many pages it takes;
2. each theme section (they start on a new page anyway); the anchors of its pages
   say where each entry landed. "Also in this theme" only names entries of earlier
   themes, whose pages are known by then;
3. the index of partners with those page numbers, and the front matter again, now
   with the real ones.

Every number is plain text, so no page is laid out twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import tenancy
from familienrathaus.core.models import SiteSettings, Theme
from familienrathaus.guide import printing
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation

STYLESHEETS = ["guide/print.css"]
OTHER_SECTION = "weitere"
PARTNER_INDEX = "partner"


@dataclass
class Entry:
    offer: Offer
    url: str
    qr: str = ""


@dataclass
class Section:
    anchor: str
    name: str
    entries: list[Entry] = field(default_factory=list)
    see_also: list[Offer] = field(default_factory=list)
    see_also_pages: list[tuple[Offer, int | None]] = field(default_factory=list)
    page: int | None = None


@dataclass
class PartnerEntry:
    organisation: Organisation
    offers: list[Offer]
    # (page number, anchor of the partner's first entry on that page)
    pages: list[tuple[int, str]] = field(default_factory=list)


def offer_url(offer: Offer) -> str:
    return tenancy.site_url() + offer.get_absolute_url()


def entry_anchor(offer: Offer) -> str:
    return f"angebot-{offer.pk}"


def sections_for(offers: Iterable[Offer], *, theme: Theme | None = None) -> list[Section]:
    """Group the offers by theme, in the order of the themes."""
    if theme is not None:
        section = Section(anchor=f"thema-{theme.slug}", name=theme.name)
        section.entries = [Entry(offer, offer_url(offer)) for offer in offers]
        return [section]
    sections: dict[int | None, Section] = {}
    order: dict[int | None, tuple[int, str]] = {}
    for offer in offers:
        themes = sorted(offer.themes.all(), key=lambda t: (t.position, t.name))
        for index, offer_theme in enumerate(themes):
            if offer_theme.pk not in sections:
                sections[offer_theme.pk] = Section(
                    anchor=f"thema-{offer_theme.slug}", name=offer_theme.name
                )
                order[offer_theme.pk] = (offer_theme.position, offer_theme.name)
            if index == 0:
                sections[offer_theme.pk].entries.append(Entry(offer, offer_url(offer)))
            else:
                sections[offer_theme.pk].see_also.append(offer)
        if not themes:
            if None not in sections:
                sections[None] = Section(anchor=OTHER_SECTION, name=_("Further offers"))
                order[None] = (1 << 15, "")
            sections[None].entries.append(Entry(offer, offer_url(offer)))
    return [sections[key] for key in sorted(sections, key=lambda key: order[key])]


def partner_index(sections: list[Section], anchor_pages: dict[str, int]) -> list[PartnerEntry]:
    by_partner: dict[int, PartnerEntry] = {}
    for section in sections:
        for entry in section.entries:
            organisation = entry.offer.organisation
            by_partner.setdefault(organisation.pk, PartnerEntry(organisation, []))
            by_partner[organisation.pk].offers.append(entry.offer)
    for partner in by_partner.values():
        first_on_page: dict[int, str] = {}
        for offer in partner.offers:
            anchor = entry_anchor(offer)
            if anchor in anchor_pages:
                first_on_page.setdefault(anchor_pages[anchor], anchor)
        partner.pages = sorted(first_on_page.items())
    return sorted(by_partner.values(), key=lambda p: p.organisation.name.casefold())


def render_pdf(
    *,
    title: str,
    subtitle: str,
    site: SiteSettings,
    offers: list[Offer],
    theme: Theme | None,
    language: str,
    on_section: Callable[[int, int, str], None] | None = None,
    on_page: Callable[[int], None] | None = None,
    on_write: Callable[[], None] | None = None,
) -> printing.RenderedPdf:
    """The guide as a PDF. ``on_section(done, total, name)`` is called before each theme,
    ``on_page(number)`` for each page laid out, ``on_write()`` before the file is written."""
    sections = sections_for(offers, theme=theme)
    common: dict[str, Any] = {
        "title": title,
        "subtitle": subtitle,
        "site": site,
        "language": language,
        "today": timezone.localdate(),
        "offer_count": len(offers),
        "site_url": tenancy.site_url(),
        "partner_anchor": PARTNER_INDEX,
    }
    renderer = printing.Renderer(STYLESHEETS)
    front_pages = len(renderer.layout(_front(common, sections, index_page=None)).pages)

    next_page = front_pages + 1
    anchor_pages: dict[str, int] = {}
    bodies = []
    for number, section in enumerate(sections):
        if on_section is not None:
            on_section(number, len(sections), section.name)
        for entry in section.entries:
            entry.qr = printing.qr_image(entry.url)
        # Entries "also in this theme" are printed under an earlier theme: their
        # pages are known by now.
        section.see_also_pages = [
            (offer, anchor_pages.get(entry_anchor(offer))) for offer in section.see_also
        ]
        section.page = first = next_page

        def section_page(page: int, first: int = first) -> None:
            if on_page is not None:
                on_page(first + page - 1)

        body = renderer.layout(
            render_to_string(
                "guide/pdf/section.html", {**common, "first_page": first, "section": section}
            ),
            on_page=section_page,
        )
        for page_number, page in enumerate(body.pages, start=first):
            for anchor in page.anchors:
                anchor_pages.setdefault(anchor, page_number)
        bodies.append(body)
        next_page += len(body.pages)
    if on_section is not None:
        on_section(len(sections), len(sections), "")

    index = renderer.layout(
        render_to_string(
            "guide/pdf/index.html",
            {**common, "first_page": next_page, "partners": partner_index(sections, anchor_pages)},
        )
    )
    front = renderer.layout(_front(common, sections, index_page=next_page))
    if on_write is not None:
        on_write()
    return renderer.write([front, *bodies, index])


def _front(common: dict[str, Any], sections: list[Section], *, index_page: int | None) -> str:
    return render_to_string(
        "guide/pdf/front.html", {**common, "sections": sections, "index_page": index_page}
    )
