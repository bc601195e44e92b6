"""Bank details people type in: an IBAN checked by schwifty, the BIC taken from it.

Used by the site settings (the alliance's own account) and by every form where a family
or a partner gives an account to be paid to (e.g. the welcome grant)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException


def clean_iban(value: str) -> str:
    """The IBAN in compact form ("DE89370400440532013000"); "" for an empty value.

    Raises ``ValidationError`` with a message for the person who typed it."""
    value = (value or "").strip()
    if not value:
        return ""
    try:
        return str(IBAN(value).compact)
    except SchwiftyException:
        raise ValidationError(
            _("This is not a valid IBAN. Please check it against your bank statement."),
            code="invalid_iban",
        ) from None


def clean_bic(value: str) -> str:
    value = (value or "").strip().replace(" ", "").upper()
    if not value:
        return ""
    try:
        return str(BIC(value).compact)
    except SchwiftyException:
        raise ValidationError(_("This is not a valid BIC."), code="invalid_bic") from None


def bic_for(iban: str) -> str:
    """The BIC of a valid IBAN's bank where schwifty knows it, else ""."""
    try:
        bic = IBAN(iban).bic
    except SchwiftyException:
        return ""
    return str(bic.compact) if bic else ""


def formatted_iban(iban: str) -> str:
    """Groups of four ("DE89 3704 0044 0532 0130 00"), as people read it."""
    try:
        return str(IBAN(iban).formatted)
    except SchwiftyException:
        return iban
