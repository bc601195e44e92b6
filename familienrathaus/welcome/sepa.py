"""The SEPA credit-transfer file (pain.001) the town's cash office uploads to its bank.

One file per :class:`~familienrathaus.welcome.models.TransferBatch`: the debtor is the
alliance's (or town's) account in the site settings, each creditor a family that asked
for the welcome grant by transfer. The file is made by the library ``sepaxml`` and
validated against the ISO 20022 schema shipped with it before anybody gets it.

Why ``pain.001.001.09``: the German banks (Die Deutsche Kreditwirtschaft, DFÜ-Abkommen
Anlage 3) accept the ISO 20022 version of 2019 since November 2023 and switched the old
``pain.001.001.03`` off in November 2025; a cash office's banking software (EBICS,
FinTS, online banking upload) takes ``.09`` today, and a ``.03`` file is refused.

The file is not stored: it is made anew from the payment rows on each download (the
rows are what the cash office keeps, and they go when their retention ends). Its
message id and creation time come from the batch, so a second download is the same
order and the bank's duplicate check (same message id) catches a file sent twice.

Texts in the file use the SEPA character set (Latin letters, digits and ``/-?:().,'+``
and space); German umlauts become ``ae``, ``oe``, ``ue``, ``ss`` as people write them
on a transfer form, everything else is transliterated.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import sepaxml
import xmlschema
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from sepaxml import SepaTransfer
from text_unidecode import unidecode

from familienrathaus.core import banking

SCHEMA = "pain.001.001.09"
SCHEMA_FILE = Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"

_GERMAN = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
)
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")


class SepaError(Exception):
    """The file cannot be made; the message says why, for the coordinator."""


@dataclass(frozen=True)
class Account:
    """Who pays (the debtor): the alliance's or town's account."""

    name: str
    iban: str
    bic: str = ""


@dataclass(frozen=True)
class Transfer:
    """One transfer to a family."""

    name: str
    iban: str
    amount: Decimal
    end_to_end_id: str
    description: str
    bic: str = ""


def sepa_text(value: str, length: int) -> str:
    """``value`` in the SEPA character set, at most ``length`` characters."""
    text = unidecode(value.translate(_GERMAN))
    text = _NOT_SEPA.sub("", text)
    return " ".join(text.split())[:length]


def debtor(*, name: str, iban: str, bic: str = "") -> Account:
    """The paying account from the site settings; :class:`SepaError` when it is missing
    or not valid (a coordinator must fill it in first)."""
    if not name.strip() or not iban.strip():
        raise SepaError(
            _(
                "The account the grants are paid from is missing. Please enter the account "
                "holder and IBAN in the site settings (bank details) first."
            )
        )
    try:
        compact = banking.clean_iban(iban)
        bic = banking.clean_bic(bic) or banking.bic_for(compact)
    except ValidationError as exc:
        raise SepaError(
            _("The IBAN of the paying account in the site settings is not valid.")
        ) from exc
    return Account(name=name, iban=compact, bic=bic)


def cents(amount: Decimal) -> int:
    """Whole cents of a euro amount (``sepaxml`` counts in cents)."""
    return int((amount * 100).to_integral_value())


class _Transfer(SepaTransfer):
    """``sepaxml``'s transfer file with our message id and creation time, so that the
    same batch always gives the same order."""

    def __init__(self, config: dict[str, object], *, message_id: str, created: dt.datetime):
        self._frh_message_id = message_id
        self._frh_created = created
        super().__init__(config, schema=SCHEMA, clean=False)

    def _create_header(self) -> None:
        self.msg_id = self._frh_message_id
        super()._create_header()
        header = self._xml.find("CstmrCdtTrfInitn/GrpHdr/CreDtTm")
        header.text = self._frh_created.replace(microsecond=0, tzinfo=None).isoformat()

    def _finalize_batch(self) -> None:
        super()._finalize_batch()
        # The payment information's id from the message id instead of a random one.
        for number, node in enumerate(self._xml.iter("PmtInfId"), start=1):
            node.text = f"{self._frh_message_id}-{number}"[:35]


def credit_transfer(
    *,
    message_id: str,
    created: dt.datetime,
    execution_date: dt.date,
    account: Account,
    transfers: list[Transfer],
) -> bytes:
    """The pain.001 file (UTF-8 XML), validated against the schema.

    ``created`` is the local time of the batch. Raises :class:`SepaError` when there is
    nothing to transfer or the file would not be valid."""
    if not transfers:
        raise SepaError(_("There is nothing to transfer."))
    config: dict[str, object] = {
        "name": sepa_text(account.name, 70),
        "IBAN": account.iban,
        "batch": True,
        "currency": "EUR",
    }
    if account.bic:
        config["BIC"] = account.bic
    document = _Transfer(config, message_id=sepa_text(message_id, 35), created=created)
    for transfer in transfers:
        payment: dict[str, object] = {
            "name": sepa_text(transfer.name, 70),
            "IBAN": transfer.iban,
            "amount": cents(transfer.amount),
            "execution_date": execution_date,
            "description": sepa_text(transfer.description, 140),
            "endtoend_id": sepa_text(transfer.end_to_end_id, 35),
        }
        if transfer.bic:
            payment["BIC"] = transfer.bic
        document.add_payment(payment)
    content = bytes(document.export(validate=False))
    try:
        validate(content)  # the same XSD sepaxml checks against, parsed once per process
    except xmlschema.XMLSchemaValidationError as exc:
        raise SepaError(
            _("The transfer file did not pass the SEPA schema check: %(error)s")
            % {"error": exc.reason or exc}
        ) from exc
    return content


def validate(content: bytes) -> None:
    """Raise ``xmlschema.XMLSchemaValidationError`` unless ``content`` is a valid
    pain.001 file of :data:`SCHEMA` (the tests and the download check it)."""
    _schema().validate(content.decode("utf-8"))


_SCHEMAS: dict[str, xmlschema.XMLSchema] = {}


def _schema() -> xmlschema.XMLSchema:
    if SCHEMA not in _SCHEMAS:
        _SCHEMAS[SCHEMA] = xmlschema.XMLSchema(str(SCHEMA_FILE))
    return _SCHEMAS[SCHEMA]
