"""``{% translated obj "title" %}``: a content field in the page's language.

When the field has no text in the page's language, German stands in and is marked
``<span lang="de">`` (with ``dir="ltr"`` on a right-to-left page), so screen readers
read it in German. ``{% translated obj "description" as text %}`` gives the
:class:`~familienrathaus.core.translated.Text` for a block of Markdown:
``<div{{ text.attrs }}>{{ text.text|markdown }}</div>``.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import translation
from django.utils.safestring import SafeString

from familienrathaus.core import translated as content

register = template.Library()


@register.simple_tag(name="translated")
def translated_tag(obj: Any, field: str) -> content.Text:
    return content.value(obj, field)


@register.filter(name="german")
def german_filter(text: Any) -> SafeString:
    """Text that only exists in German (a coordinator's note, a required proof) inside a
    page of another language: marked ``<span lang="de">`` (and ``dir="ltr"`` on a
    right-to-left page, so its full stop stays at its end); unchanged on German pages.
    Safe HTML, so it keeps its mark inside ``{% blocktranslate with … %}`` too."""
    language = (translation.get_language() or content.GERMAN).split("-")[0]
    text = "" if text is None else str(text)
    return content.Text(text, content.GERMAN, language != content.GERMAN).__html__()
