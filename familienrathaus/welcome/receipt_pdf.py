"""The cash receipt of a welcome grant paid at the Rathaus (tagged PDF/UA via
``guide.printing``), printed and signed by the family and the coordinator.

It names the payer (the town or alliance), the receipt number, the child's reference
(never the child's name or address), the payee, the amount in figures and in words,
the date, and two signature lines. It is in the site's language (German): a document
for the cash office.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from num2words import num2words

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import render_pdf
from familienrathaus.welcome.models import Payment
from familienrathaus.welcome.selectors import settings as welcome_settings

STYLESHEETS = ["welcome/receipt.css"]


def amount_in_words(amount: Decimal, language: str) -> str:
    """``Decimal("125.50")`` → "einhundertfünfundzwanzig Euro und fünfzig Cent"."""
    euros = int(amount)
    cents = int((amount - euros) * 100)
    code = language.split("-")[0]
    with translation.override(language):
        if cents:
            return _("%(euros)s euros and %(cents)s cents") % {
                "euros": num2words(euros, lang=code),
                "cents": num2words(cents, lang=code),
            }
        return _("%(euros)s euros") % {"euros": num2words(euros, lang=code)}


def render_receipt(payment: Payment, *, language: str | None = None) -> bytes:
    language = language or settings.LANGUAGE_CODE
    site = core_selectors.site_settings()
    with translation.override(language):
        html = render_to_string(
            "welcome/grants/receipt.html",
            {
                "payment": payment,
                "paid_at": timezone.localtime(payment.paid_at),
                "words": amount_in_words(payment.amount, language),
                "town": welcome_settings.town_name(),
                "site": site,
                "paid_by": payment.paid_by.get_full_name() if payment.paid_by else "",
                "language": language,
            },
        )
    return render_pdf(html, stylesheets=STYLESHEETS).content
