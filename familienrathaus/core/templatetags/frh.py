from __future__ import annotations

from datetime import date, datetime

from django import template
from django.forms import BoundField
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from familienrathaus.core import markdown, widgets

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return markdown.render(text)


@register.filter
def bdi(value: object) -> SafeString:
    """A name, title or address someone typed, isolated inside a sentence of the page:
    ``{% blocktranslate with name=child.first_name|bdi %}``. On an Arabic page "Book for
    Emma (2)" then keeps its order; not for attributes (``aria-label``, ``<title>``)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def input_class(field: BoundField) -> str:
    """The KERN class for a form field's widget."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", "")
    if widget.__class__.__name__ == "Textarea":
        return "kern-form-input__input"
    if input_type in {"checkbox"}:
        return "kern-form-check__checkbox"
    if input_type == "select" or widget.__class__.__name__.endswith("Select"):
        return "kern-form-input__select"
    return "kern-form-input__input"


@register.filter
def add_field_attrs(field: BoundField) -> SafeString:
    """Render the widget with the KERN class and what screen readers need to know; on a
    right-to-left page, with the direction of what is typed (``core.widgets.direction``)."""
    attrs: dict[str, str | bool] = {"class": input_class(field)}
    if translation.get_language_bidi():
        direction = widgets.direction(field.field.widget, field.html_name)
        if direction:
            attrs["dir"] = direction
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def html_datetime(value: datetime | date | None, date_only: bool = False) -> str:
    """A valid HTML ``<time datetime>`` value: ISO 8601 to the second with the offset
    (``2027-05-15T10:00:00+02:00``), in the site's time zone; a date alone for a
    ``date`` or with ``date_only`` (all-day events). Django's ``date:'c'`` carries
    microseconds, which the HTML checker rejects.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        if date_only:
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return ""
