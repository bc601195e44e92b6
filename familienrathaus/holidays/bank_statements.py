"""Reading bank statements: CAMT.053 (ISO 20022 XML) and the CSV German banks export.

The result is a :class:`Statement` of plain :class:`StatementLine` objects; matching them
to invoices and booking them is :mod:`familienrathaus.holidays.services.payments`.

Why no CAMT library: the Python packages that read camt.053 are young one-person
projects (``pycamt``, "copy the file into your project") or a 0.0.x suite released
weeks ago (``camt053``); ``sepaxml`` only writes, ``fintech`` needs a licence. A
statement is money, so the file is parsed here with :mod:`defusedxml` (no entity
expansion, no external entities) and ElementTree, by the element names that every
version of camt.053.001 (.02 to .13) shares, whatever its namespace version.

The CSV is the "CSV-CAMT" format of the Sparkassen and the Volksbanken (``;``, decimal
comma, dates ``31.12.26``), read by the project's table reader
(:func:`familienrathaus.core.imports.reading.read_table`: encoding, delimiter, size);
the columns are found by their German names. The CSV has no transaction id, so a line's
bank reference is a hash of its content (and its count among identical lines).

Every problem of a file is collected, with its line or entry number; a file with any
problem is not imported at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import xml.etree.ElementTree as ET  # types only; parsing is defusedxml's
from collections import Counter
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext as _

from familienrathaus.core.imports.reading import FileProblem, header_key, read_table

CAMT053 = re.compile(r"^\{(urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d+)\}Document$")


@dataclasses.dataclass(frozen=True)
class StatementLine:
    """One booked transaction. ``amount`` is positive for money received."""

    number: int  # entry (CAMT) or row (CSV) in the file, for messages
    entry_ref: str
    booked_on: dt.date
    amount: Decimal
    currency: str
    payer: str
    payer_iban: str
    purpose: str


@dataclasses.dataclass
class Statement:
    file_format: str  # "camt053" or "csv" (PaymentImport.Format)
    account: str
    lines: list[StatementLine]


class StatementProblem(Exception):
    """The file cannot be imported; ``problems`` says why, line by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_statement(content: bytes, file_name: str) -> Statement:
    """Read a CAMT.053 XML file or a German bank's CSV; raises :class:`StatementProblem`."""
    if content.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"<"):
        return _read_camt(content)
    if file_name.lower().endswith(".xml"):
        raise StatementProblem([_("The file is not a CAMT.053 bank statement (XML).")])
    return _read_csv(content, file_name)


# ------------------------------------------------------------------------ CAMT.053


def _read_camt(content: bytes) -> Statement:
    try:
        root = fromstring(content, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError):
        raise StatementProblem([_("The XML file could not be read.")]) from None
    found = CAMT053.match(root.tag)
    if not found:
        raise StatementProblem(
            [_("The file is not a CAMT.053 bank statement (camt.052 and camt.054 are not).")]
        )
    ns = {"c": found.group(1)}
    statements = root.findall("c:BkToCstmrStmt/c:Stmt", ns)
    if not statements:
        raise StatementProblem([_("The file contains no statement.")])
    lines: list[StatementLine] = []
    problems: list[str] = []
    accounts = set()
    number = 0
    for statement in statements:
        account = _text(statement, "c:Acct/c:Id/c:IBAN", ns)
        accounts.add(account)
        for entry in statement.findall("c:Ntry", ns):
            number += 1
            status = _text(entry, "c:Sts/c:Cd", ns) or _text(entry, "c:Sts", ns)
            if status and status != "BOOK":
                continue  # pending or information only: not money yet
            try:
                lines.extend(_camt_entry(entry, number, account, ns))
            except ValueError as error:
                message = _("Entry %(number)s: %(error)s")
                problems.append(message % {"number": number, "error": error})
    if problems:
        raise StatementProblem(problems)
    return Statement(
        file_format="camt053", account=accounts.pop() if len(accounts) == 1 else "", lines=lines
    )


def _text(element: ET.Element, path: str, ns: dict[str, str]) -> str:
    found = element.find(path, ns)
    return " ".join((found.text or "").split()) if found is not None else ""


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(_("the amount “%(value)s” is not a number") % {"value": text}) from None
    if not value.is_finite() or value.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError(_("the amount “%(value)s” is not a number") % {"value": text})
    return value


def _camt_entry(
    entry: ET.Element, number: int, account: str, ns: dict[str, str]
) -> list[StatementLine]:
    sign = {"CRDT": 1, "DBIT": -1}.get(_text(entry, "c:CdtDbtInd", ns))
    if sign is None:
        raise ValueError(_("credit or debit is missing"))
    booked = _text(entry, "c:BookgDt/c:Dt", ns) or _text(entry, "c:BookgDt/c:DtTm", ns)[:10]
    try:
        booked_on = dt.date.fromisoformat(booked)
    except ValueError:
        raise ValueError(_("the booking date is missing")) from None
    amount_element = entry.find("c:Amt", ns)
    if amount_element is None:
        raise ValueError(_("the amount is missing"))
    entry_amount = _amount((amount_element.text or "").strip())
    currency = amount_element.get("Ccy", "")
    entry_ref = _text(entry, "c:AcctSvcrRef", ns) or _text(entry, "c:NtryRef", ns)
    details = entry.findall("c:NtryDtls/c:TxDtls", ns)
    lines = []
    for index, tx in enumerate(details or [entry]):
        amount = entry_amount
        if len(details) > 1:  # a batch booking: each transaction has its own amount
            tx_amount = tx.find("c:AmtDtls/c:TxAmt/c:Amt", ns)
            if tx_amount is None:
                tx_amount = tx.find("c:Amt", ns)
            if tx_amount is None:
                raise ValueError(_("the amount is missing"))
            amount = _amount((tx_amount.text or "").strip())
        # The other party: the debtor of money received, the creditor of money paid.
        party = "Dbtr" if sign > 0 else "Cdtr"
        payer = _text(tx, f"c:RltdPties/c:{party}/c:Nm", ns) or _text(
            tx, f"c:RltdPties/c:{party}/c:Pty/c:Nm", ns
        )
        payer_iban = _text(tx, f"c:RltdPties/c:{party}Acct/c:Id/c:IBAN", ns)
        texts = [_text(tx, "c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref", ns)]
        texts += [" ".join((u.text or "").split()) for u in tx.findall("c:RmtInf/c:Ustrd", ns)]
        purpose = " ".join(t for t in texts if t) or _text(entry, "c:AddtlNtryInf", ns)
        ref = _text(tx, "c:Refs/c:AcctSvcrRef", ns) or (
            f"{entry_ref}/{index + 1}" if entry_ref and len(details) > 1 else entry_ref
        )
        if not ref:
            ref = _fingerprint(account, booked_on, amount, payer, purpose, str(number))
        lines.append(
            StatementLine(
                number=number,
                entry_ref=ref[:120],
                booked_on=booked_on,
                amount=amount * sign,
                currency=currency,
                payer=payer[:200],
                payer_iban=payer_iban,
                purpose=purpose[:500],
            )
        )
    return lines


def _fingerprint(*parts: object) -> str:
    return "sha256:" + hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()[:40]


# ----------------------------------------------------------------------------- CSV

COLUMNS = {
    "booked_on": ("buchungstag", "buchungsdatum", "datum"),
    "purpose": ("verwendungszweck",),
    "payer": (
        "beguenstigterzahlungspflichtiger",
        "namezahlungsbeteiligter",
        "auftraggeberzahlungsempfaenger",
        "zahlungspflichtigerbeguenstigter",
        "name",
    ),
    "payer_iban": ("kontonummeriban", "ibanzahlungsbeteiligter", "iban", "kontonummer"),
    "amount": ("betrag", "betrageur", "umsatz"),
    "currency": ("waehrung",),
    "account": ("auftragskonto", "ibanauftragskonto"),
}
REQUIRED = ("booked_on", "purpose", "amount")


def _read_csv(content: bytes, file_name: str) -> Statement:
    try:
        table = read_table(content, file_name)
    except FileProblem as problem:
        raise StatementProblem([problem.message]) from None
    keys = [header_key(h) for h in table.header]
    where: dict[str, int] = {}
    for name, aliases in COLUMNS.items():
        for alias in aliases:
            if alias in keys:
                where[name] = keys.index(alias)
                break
    missing = [name for name in REQUIRED if name not in where]
    if missing:
        raise StatementProblem(
            [
                _(
                    "The CSV file needs the columns Buchungstag, Verwendungszweck and "
                    "Betrag (as exported by Sparkasse or Volksbank in the CSV-CAMT format)."
                )
            ]
        )

    def cell(cells: list[str], name: str) -> str:
        index = where.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    lines = []
    problems = []
    accounts = set()
    seen: Counter[str] = Counter()
    for number, cells in table.rows:
        try:
            booked_on = _german_date(cell(cells, "booked_on"))
            amount = _german_amount(cell(cells, "amount"))
        except ValueError as error:
            problems.append(_("Row %(number)s: %(error)s") % {"number": number, "error": error})
            continue
        account = cell(cells, "account").replace(" ", "")
        accounts.add(account)
        payer, iban, purpose = (cell(cells, n) for n in ("payer", "payer_iban", "purpose"))
        key = _fingerprint(account, booked_on, amount, payer, iban, purpose)
        seen[key] += 1
        lines.append(
            StatementLine(
                number=number,
                entry_ref=f"{key}#{seen[key]}",
                booked_on=booked_on,
                amount=amount,
                currency=cell(cells, "currency") or "EUR",
                payer=payer[:200],
                payer_iban=iban.replace(" ", ""),
                purpose=" ".join(purpose.split())[:500],
            )
        )
    if problems:
        raise StatementProblem(problems)
    return Statement(
        file_format="csv", account=accounts.pop() if len(accounts) == 1 else "", lines=lines
    )


def _german_date(text: str) -> dt.date:
    for pattern in ("%d.%m.%y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date (like 31.12.26)") % {"value": text})


def _german_amount(text: str) -> Decimal:
    cleaned = text.replace("€", "").replace("EUR", "").replace(" ", "").replace("\xa0", "")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})*(,\d{1,2})?|[+-]?\d+(,\d{1,2})?", cleaned):
        return Decimal(cleaned.replace(".", "").replace(",", "."))
    raise ValueError(_("“%(value)s” is not an amount (like 18,00 or -5,50)") % {"value": text})
