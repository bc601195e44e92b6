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

from familienrathaus.core import translated as content

register = template.Library()


@register.simple_tag(name="translated")
def translated_tag(obj: Any, field: str) -> content.Text:
    return content.value(obj, field)
