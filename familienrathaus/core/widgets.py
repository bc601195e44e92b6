"""Form widgets of the browser's own pickers, shared by every app's forms, and the
writing direction of a field's input on a right-to-left page.

The value is written in the ISO form the browser expects (``2027-03-01``, ``09:30``),
whatever the page's language; the browser shows it in the user's own format.

On an Arabic page (right to left) an input whose content is always written left to
right (an e-mail address, a phone number, a date, an IBAN, a postcode, a one-time code)
gets ``dir="ltr"``, so "info@example.de" and "+49 170 …" read as typed; its label, hint
and error stay right to left. An input for names and free text gets ``dir="auto"``: the
browser follows what the family types, Arabic or Latin. :func:`direction` decides it
once for every form (the ``add_field_attrs`` filter of ``includes/field.html``).
"""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(attrs=attrs, format="%H:%M", **kwargs)


# Content written left to right whatever the page's language.
LTR_INPUT_TYPES = frozenset(
    {"email", "tel", "url", "number", "date", "time", "datetime-local", "month", "week"}
)
LTR_INPUT_MODES = frozenset({"email", "tel", "url", "numeric", "decimal"})
# The first token of an ``autocomplete`` attribute: "tel", "tel-national", "cc-number" …
LTR_AUTOCOMPLETE = ("email", "tel", "url", "postal-code", "one-time-code", "cc-", "iban")
# Fields we know by name: phone numbers, bank details, postcodes, codes and tokens.
LTR_NAMES = frozenset(
    {"phone", "mobile", "fax", "iban", "bic", "postcode", "postal_code", "plz", "token", "otp"}
)
TEXT_INPUT_TYPES = frozenset({"text", "search", ""})


def direction(widget: forms.Widget, name: str) -> str:
    """``"ltr"``, ``"auto"`` or ``""`` (leave it to the page) for ``widget`` of the field
    ``name`` on a right-to-left page. A direction the form set itself wins."""
    attrs = widget.attrs
    if attrs.get("dir"):
        return ""
    input_type = str(attrs.get("type") or getattr(widget, "input_type", "") or "")
    if isinstance(widget, forms.Textarea):
        input_type = "textarea"
    autocomplete = str(attrs.get("autocomplete", "")).split()
    if (
        input_type in LTR_INPUT_TYPES
        or attrs.get("inputmode") in LTR_INPUT_MODES
        or any(token.startswith(LTR_AUTOCOMPLETE) for token in autocomplete)
        or name.rsplit("-", 1)[-1] in LTR_NAMES
    ):
        return "ltr"
    if input_type in TEXT_INPUT_TYPES or input_type == "textarea":
        return "auto"
    return ""
