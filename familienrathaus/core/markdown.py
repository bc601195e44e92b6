"""Markdown written by coordinators and partners, turned into safe HTML."""

from __future__ import annotations

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4",
    "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip


def render(text: str) -> SafeString:
    # nl2br: coordinators expect a line break they type (an address, say) to show.
    html = markdown_lib.markdown(text or "", extensions=["extra", "sane_lists", "nl2br"])
    # Headings start at h2: the page title is the only h1.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)  # noqa: S308  sanitised by nh3 just above
