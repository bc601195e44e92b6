"""Sections of the start page: each app adds its own in ``ready()``, in order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

from familienrathaus.core import parts


@dataclass(frozen=True)
class HomeSection:
    # The template's folder names its app ("events/home_section.html"): a section of a
    # part the alliance does not use is left out (core.parts).
    template: str
    order: int = 100
    # Extra template context, computed per request (e.g. the list of themes).
    context: Callable[[HttpRequest], dict[str, Any]] = field(default=lambda request: {})
    # Rendered into the page's <head> with the same context, e.g. the feeds of a list.
    head_template: str = ""


_sections: list[HomeSection] = []


def register(section: HomeSection) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_for(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "template": section.template,
            "head_template": section.head_template,
            **section.context(request),
        }
        for section in sorted(_sections, key=lambda s: s.order)
        if parts.app_used(section.template.split("/", 1)[0])
    ]
