"""Sane limits for what people and API clients send: text lengths, money, ages, dates.

One place for the numbers, so that a form, the model and the API refuse the same
things with the same message:

- :class:`LimitedTextField` is a ``TextField`` that always has a ``max_length``: the
  form field gets ``maxlength`` (the browser stops typing there) and a validator, and
  ``full_clean()`` refuses a longer text with Django's own translated message ("Ensure
  this value has at most … characters"). Ninja schemas use the same constants.
- The ``*_constraint`` helpers build ``CheckConstraint`` rows for ``Meta.constraints``,
  so the database itself refuses a negative fee or an absurd date even when code
  bypasses the forms (``QuerySet.update()``, a shell, a bug). Validators give the same
  rule a message next to the field; the constraint is the backstop.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

# Text lengths (characters). A description in Markdown fits a printed page or two.
TEXT_NOTE = 2_000
TEXT_SHORT = 5_000
TEXT_DESCRIPTION = 20_000
TEXT_ARTICLE = 50_000

# Ages: the Kinder- und Jugendhilfe ends at 27 (SGB VIII); offers and events may also
# be meant for adults and seniors.
MAX_YOUTH_AGE = 27
MAX_AGE = 120

# Dates this platform can mean: nothing before 2000, nothing after 2099.
EARLIEST_DATE = date(2000, 1, 1)
LATEST_DATE = date(2099, 12, 31)
EARLIEST_MOMENT = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_MOMENT = datetime(2100, 1, 1, tzinfo=UTC)

not_negative = MinValueValidator(Decimal("0"), message=_("Please give an amount of 0 or more."))


class LimitedTextField(models.TextField):
    """A ``TextField`` with a length limit that is checked, not only shown."""

    def __init__(self, *args: Any, max_length: int = TEXT_DESCRIPTION, **kwargs: Any) -> None:
        kwargs["max_length"] = max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        # Migrations see a plain TextField: the limit is not a database matter.
        return name, "django.db.models.TextField", args, kwargs


def validate_date(value: date | datetime | None) -> None:
    """Refuse a date before 2000 or after 2099 (0001-01-01, 9999-12-31, typos)."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime) else value
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValidationError(
            _("Please give a date between %(earliest)s and %(latest)s."),
            code="date_out_of_range",
            params={
                "earliest": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT"),
                "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
            },
        )


def not_negative_constraint(field: str, name: str) -> models.CheckConstraint:
    """``field`` is 0 or more (NULL passes)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": 0}) | Q(**{f"{field}__isnull": True}),
        name=name,
        violation_error_message=_("Amounts and numbers of places cannot be negative."),
    )


def at_most_constraint(field: str, limit: int, name: str) -> models.CheckConstraint:
    """``field`` is at most ``limit`` (NULL passes)."""
    return models.CheckConstraint(
        condition=Q(**{f"{field}__lte": limit}) | Q(**{f"{field}__isnull": True}),
        name=name,
        violation_error_message=_("A value is too large."),
    )


def ordered_constraint(low: str, high: str, name: str, *, strict: bool = False) -> Any:
    """``low`` ≤ ``high`` (or <), when both are set."""
    lookup = "lt" if strict else "lte"
    return models.CheckConstraint(
        condition=Q(**{f"{low}__{lookup}": F(high)})
        | Q(**{f"{low}__isnull": True})
        | Q(**{f"{high}__isnull": True}),
        name=name,
        violation_error_message=_("A range ends before it starts."),
    )


def date_range_constraint(field: str, name: str, *, moment: bool = False) -> Any:
    """``field`` lies in 2000–2099 (NULL passes). ``moment``: a ``DateTimeField``."""
    earliest: date = EARLIEST_MOMENT if moment else EARLIEST_DATE
    latest = LATEST_MOMENT if moment else LATEST_DATE
    upper = "lt" if moment else "lte"
    return models.CheckConstraint(
        condition=Q(**{f"{field}__gte": earliest, f"{field}__{upper}": latest})
        | Q(**{f"{field}__isnull": True}),
        name=name,
        violation_error_message=_("A date lies outside 2000–2099."),
    )
