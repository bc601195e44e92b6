from __future__ import annotations

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from familienrathaus.core import markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    return markdown.render(text)


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
    """Render the widget with the KERN class and what screen readers need to know."""
    attrs: dict[str, str | bool] = {"class": input_class(field)}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}-hint")
    if field.errors:
        described.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
