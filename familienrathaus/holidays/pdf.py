"""Printed documents of the holiday programme, rendered like the printed family guide
(:mod:`familienrathaus.guide.printing`: WeasyPrint, tagged PDF/UA, local files only):
the programme brochure (by date or by category), participant lists, the printable
"Meine Buchungen" and invoices."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.outbox import Attachment, register_attachments
from familienrathaus.guide.printing import qr_image, render_pdf
from familienrathaus.holidays import selectors
from familienrathaus.holidays.models import Activity, Invoice, Occasion, Period
from familienrathaus.holidays.services.invoices import INVOICE_PURPOSE, payment_details

STYLESHEETS = ["holidays/print.css"]


def _render(template: str, context: dict[str, Any]) -> bytes:
    html = render_to_string(
        f"holidays/pdf/{template}",
        {
            "site": core_selectors.site_settings(),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "now": timezone.now(),
            **context,
        },
    )
    return render_pdf(html, stylesheets=STYLESHEETS).content


def brochure_sections(period: Period, order: str) -> list[tuple[str, list[Any]]]:
    occasions = [o for o in selectors.published_occasions(period) if not o.cancelled_at]
    if order == "category":
        labels = dict(Activity.Category.choices)
        occasions.sort(key=lambda o: (o.activity.category, o.starts or timezone.now(), o.pk))
        return [
            (str(labels.get(key, key)), list(group))
            for key, group in groupby(occasions, key=lambda o: o.activity.category)
        ]
    occasions.sort(key=lambda o: (o.starts or timezone.now(), o.pk))
    return [
        (f"{day:%d.%m.%Y}", list(group))
        for day, group in groupby(occasions, key=lambda o: timezone.localdate(o.starts))
    ]


def render_brochure(period: Period, *, order: str = "date") -> bytes:
    url = tenancy.site_url() + period.get_absolute_url()
    return _render(
        "brochure.html",
        {
            "period": period,
            "order": order,
            "sections": brochure_sections(period, order),
            "qr": qr_image(url),
            "url": url,
        },
    )


def render_participants(occasion: Occasion, *, sensitive: bool) -> bytes:
    return _render(
        "participants.html",
        {
            "occasion": occasion,
            "bookings": selectors.participants(occasion),
            "sensitive": sensitive,
        },
    )


def render_my_bookings(user: User) -> bytes:
    return _render("my_bookings.html", {"groups": selectors.bookings_of_family(user)})


def render_invoice(invoice: Invoice) -> bytes:
    return _render("invoice.html", {"invoice": invoice, "pay": payment_details(invoice)})


def _invoice_attachment(message: OutboxMessage) -> list[Attachment]:
    """The invoice mail's PDF, rendered when the mail is sent (the bank details and the
    GiroCode for the banking app are in it)."""
    invoice = Invoice.objects.filter(pk=message.purpose.rpartition(":")[2]).first()
    if invoice is None:
        return []
    return [(f"{invoice.number}.pdf", render_invoice(invoice), "application/pdf")]


register_attachments(f"holidays.{INVOICE_PURPOSE}", _invoice_attachment)
