"""Form widgets of the browser's own pickers, shared by every app's forms.

The value is written in the ISO form the browser expects (``2027-03-01``, ``09:30``),
whatever the page's language; the browser shows it in the user's own format.
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
