"""Shared pieces of the holiday programme's services: the refusal, mails, counts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from familienrathaus.core import tenancy
from familienrathaus.core.outbox import in_language, queue_template
from familienrathaus.core.recipients import queue_by_language, split_mail
from familienrathaus.holidays.models import (
    Booking,
    Occasion,
)

Status = Booking.Status
CENT = Decimal("0.01")


class BookingRefused(ValidationError):
    """A booking the rules do not allow; ``code`` says which rule, the message says why."""


# --------------------------------------------------------------------------- helpers


def _mail(
    template: str,
    context: dict[str, Any],
    to: Sequence[str],
    purpose: str,
    *,
    language: str | None = None,
) -> None:
    """Render ``holidays/mail/<template>.txt`` (first line: subject) in the recipient's
    ``language`` and queue it; ``url`` (the family's bookings) is built in that
    language too, so the link carries its prefix."""
    recipients = sorted({r for r in to if r})
    if not recipients:
        return
    with in_language(language):
        queue_template(
            f"holidays/mail/{template}.txt",
            {"site_url": tenancy.site_url(), "url": my_bookings_url(), **context},
            to=recipients,
            language=language,
            purpose=f"holidays.{purpose}",
        )


def _mail_staff(template: str, context: dict[str, Any], to: Sequence[str], purpose: str) -> None:
    """Render ``holidays/mail/<template>.txt`` (first line: subject) for staff: each
    address in the language of its account (one without: the site's language), whoever
    causes it, one message per language."""

    def render() -> tuple[str, str]:
        text = render_to_string(
            f"holidays/mail/{template}.txt", {"site_url": tenancy.site_url(), **context}
        )
        return split_mail(text)

    with in_language(settings.LANGUAGE_CODE):
        queue_by_language(sorted({r for r in to if r}), render, purpose=f"holidays.{purpose}")


def _places_taken(occasion: Occasion) -> int:
    return Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE).count()


def my_bookings_url() -> str:
    return tenancy.site_url() + reverse("holidays:my_bookings")
