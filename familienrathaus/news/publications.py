"""Publications other apps generate (the printed guide, the holiday brochure).

An app registers a provider in its ``AppConfig.ready()``::

    from familienrathaus.news.publications import GeneratedPublication, register

    register("guide", lambda: [GeneratedPublication(title=..., url=..., language="de",
                                                    size_bytes=..., description=...)])

The provider is called whenever the list is shown and returns what is available now
(an empty list if nothing was generated yet).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from familienrathaus.guide import selectors as guide_selectors
from familienrathaus.guide.models import GuideBuild
from familienrathaus.holidays import pdf as holiday_pdf
from familienrathaus.holidays import selectors as holiday_selectors


@dataclass(frozen=True)
class GeneratedPublication:
    title: str | Promise
    url: str
    language: str
    size_bytes: int
    description: str | Promise = ""


Provider = Callable[[], list[GeneratedPublication]]

_providers: dict[str, Provider] = {}


def register(key: str, provider: Provider) -> None:
    _providers[key] = provider


def generated() -> list[GeneratedPublication]:
    items: list[GeneratedPublication] = []
    for key in sorted(_providers):
        try:
            items.extend(_providers[key]())
        except Exception:  # one app's broken provider must not take the list down
            logging.getLogger(__name__).exception("publication provider %s failed", key)
    return items


def _guide_publications() -> list[GeneratedPublication]:
    build = guide_selectors.latest_done(scope=GuideBuild.Scope.ALL)
    if build is None or not build.file:
        return []
    try:
        size = build.file.size
    except OSError:
        return []
    return [
        GeneratedPublication(
            title=_("Familienwegweiser (printed guide)"),
            url=reverse("guide:public"),
            language="de",
            size_bytes=size,
            description=_("All offers of the family guide, for printing."),
        )
    ]


register("guide", _guide_publications)


def _holiday_brochures() -> list[GeneratedPublication]:
    """The programme brochure of each current holiday period (rendered on request by
    the holidays app; its size is measured once an hour and cached)."""
    items = []
    for period in holiday_selectors.visible_periods():
        key = f"news:holiday-brochure-size:{period.pk}"
        size = cache.get(key)
        if size is None:
            size = len(holiday_pdf.render_brochure(period))
            cache.set(key, size, timeout=3600)
        items.append(
            GeneratedPublication(
                title=_("Holiday programme: %(name)s") % {"name": period.name},
                url=reverse("holidays:brochure", kwargs={"slug": period.slug}),
                language="de",
                size_bytes=size,
                description=_("All activities of the holiday programme, for printing."),
            )
        )
    return items


register("holidays", _holiday_brochures)
