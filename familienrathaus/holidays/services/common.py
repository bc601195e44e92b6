"""Shared pieces of the holiday programme's services: the refusal, mails, counts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from familienrathaus.core.outbox import queue_mail
from familienrathaus.holidays.models import (
    Booking,
    Occasion,
)

Status = Booking.Status
CENT = Decimal("0.01")


class BookingRefused(ValidationError):
    """A booking the rules do not allow; ``code`` says which rule, the message says why."""


# --------------------------------------------------------------------------- helpers


def _mail(template: str, context: dict[str, Any], to: Sequence[str], purpose: str) -> None:
    """Render ``holidays/mail/<template>.txt`` (first line: subject) and queue it."""
    recipients = sorted({r for r in to if r})
    if not recipients:
        return
    text = render_to_string(
        f"holidays/mail/{template}.txt", {"site_url": settings.SITE_URL, **context}
    )
    subject, _sep, body = text.strip().partition("\n")
    queue_mail(
        to=recipients,
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=f"holidays.{purpose}",
    )


def _places_taken(occasion: Occasion) -> int:
    return Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE).count()


def my_bookings_url() -> str:
    return settings.SITE_URL + reverse("holidays:my_bookings")
