"""Imports of CSV and XLSX files (partners, offers, …): checked, previewed, landed whole.

The flow
--------
1. **Upload** (:func:`start_import`): the view stores the file's bytes in an
   :class:`~familienrathaus.core.models.ImportRun` (in the database, so a worker on
   another machine can read them) and enqueues the check.
2. **Check** (:func:`check_run`, in the background): the file is read
   (:func:`read_table`: CSV from German Excel or XLSX), its header row is mapped to the
   columns of the resource's :class:`ImportSpec`, every cell is parsed and every row
   turned by the spec into an unsaved object graph, compared with what is stored:
   *new*, *updated*, *unchanged* or *failed* (with a German or English message naming
   row and column). The run shows the progress; the :class:`Report` (counts, the
   first rows of each kind, every failed row) is the preview.
3. **Import** (:func:`confirm_import` then :func:`apply_run`, in the background): only
   when no row failed. The file is checked again and saved inside ONE transaction, so
   the import lands whole or not at all: a row that no longer fits (someone changed
   the data since the check) or any error while saving rolls everything back. One
   audit entry sums the import up.

Specs
-----
Each app describes what it imports in its own ``imports.py`` with a subclass of
:class:`ImportSpec` and :func:`register`; the modules are found like Django's admin
modules (``autodiscover_modules("imports")``). The framework knows nothing about
partners or offers.

Why the save runs in the background too: 5,000 offers with their themes take several
seconds, more than a web request should hold a connection (and, on SQLite, the write
lock) while the user waits for a blank page. While the transaction runs its progress
cannot be seen from outside it, so the page shows "being imported" without a count.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import difflib
import io
import logging
import re
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit
from familienrathaus.core.models import ImportRun, User

logger = logging.getLogger(__name__)

Label = str | Promise
Status = ImportRun.Status

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 60
# An XLSX file is a ZIP archive: 5 MB of it may unpack to far more.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
SAMPLE_ROWS = 10
PROGRESS_EVERY_SECONDS = 0.5
# The lease of a running check or import. A worker writes the check's progress every
# half second, and saving even 5,000 rows takes seconds, not minutes; a run whose
# state has not moved for this long belongs to a worker that was stopped (killed,
# restarted, out of memory). Its transaction was rolled back, so nothing landed.
STALE_AFTER = dt.timedelta(minutes=15)
STALE_MESSAGE = gettext_lazy(
    "The background worker stopped during the import. Nothing was imported. "
    "Please upload the file again."
)

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"
KINDS = (NEW, UPDATED, UNCHANGED, FAILED)


class FileProblem(Exception):
    """The file as a whole cannot be imported (format, size, encoding, header)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class CellError(Exception):
    """A cell's value cannot be used; the message says why (not where)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --------------------------------------------------------------------------- reading


@dataclass
class Table:
    """The cells of a file as text: the header row and the data rows with their numbers
    as a spreadsheet shows them (the header is row 1)."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


def read_table(content: bytes, file_name: str) -> Table:
    """Read a CSV or XLSX file; raises :class:`FileProblem` with a message for the user."""
    if len(content) > MAX_BYTES:
        raise FileProblem(too_big_message())
    if not content.strip():
        raise FileProblem(_("The file is empty."))
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "This is a file in the old Excel format (.xls). Please save it as an "
                "Excel workbook (.xlsx) or as CSV and upload it again."
            )
        )
    if content.startswith(b"PK\x03\x04"):
        rows = _xlsx_rows(content)
    elif file_name.lower().endswith((".xlsx", ".xlsm", ".ods")):
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx)."))
    else:
        rows = _csv_rows(content)
    return _table(rows)


def too_big_message() -> str:
    return _("The file is larger than %(size)s MB. Please split it into several files.") % {
        "size": MAX_BYTES // (1024 * 1024)
    }


def _table(rows: Iterable[list[str]]) -> Table:
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None or not any(header):
        raise FileProblem(_("The first row of the file must contain the column names."))
    data: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(iterator, start=2):
        if not any(cells):
            continue  # Excel often keeps empty rows below the data
        if len(data) >= MAX_ROWS:
            raise FileProblem(
                _("The file has more than %(rows)s rows. Please split it into several files.")
                % {"rows": _thousands(MAX_ROWS)}
            )
        data.append((number, cells))
    if not data:
        raise FileProblem(_("The file contains column names but no rows below them."))
    return Table(header=header, rows=data)


def _thousands(number: int) -> str:
    return number_format(number, force_grouping=True)


def _decode(content: bytes) -> str:
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError:
            raise FileProblem(_("The file says it is UTF-8 but is not.")) from None
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(_("The file could not be read as text.")) from None
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # German Excel saves "CSV (Trennzeichen-getrennt)" in Windows-1252.
    try:
        return content.decode("cp1252")
    except UnicodeDecodeError:
        return content.decode("latin-1")


def _csv_rows(content: bytes) -> list[list[str]]:
    text = _decode(content)
    if not text.strip():
        raise FileProblem(_("The file is empty."))
    if "\x00" in text:
        raise FileProblem(_("The file is neither a CSV file nor an Excel workbook (.xlsx)."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    # The delimiter that splits the header into the most columns: ";" from German
    # Excel, "," from elsewhere, a tab from "Unicode text".
    delimiter = max(
        [";", ",", "\t"],
        key=lambda d: len(next(csv.reader([first_line], delimiter=d), [])),
    )
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        rows = []
        for cells in reader:
            rows.append([_cell_text(cell) for cell in cells[:MAX_COLUMNS]])
            if len(rows) > MAX_ROWS + 1_000:  # empty rows beyond the limit: stop reading
                break
    except csv.Error as error:
        raise FileProblem(
            _("The CSV file could not be read: %(error)s") % {"error": error}
        ) from None
    return rows


def _xlsx_rows(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    if "xl/workbook.xml" not in names:
        raise FileProblem(
            _(
                "The file is not an Excel workbook (.xlsx). Please save it as .xlsx or as "
                "CSV and upload it again."
            )
        )
    if unpacked > MAX_UNPACKED_BYTES:
        raise FileProblem(too_big_message())
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken workbook
        logger.info("unreadable workbook", exc_info=True)
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    try:
        if not workbook.worksheets:
            raise FileProblem(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            rows.append([_cell_text(value) for value in values])
            if len(rows) > MAX_ROWS + 1_000:
                break
    except FileProblem:
        raise
    except Exception:
        logger.info("unreadable worksheet", exc_info=True)
        raise FileProblem(_("The file could not be read as an Excel workbook (.xlsx).")) from None
    finally:
        workbook.close()
    return rows


def _cell_text(value: Any) -> str:
    """A cell as text: numbers without a needless ".0", dates in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value).strip()
    # Our own downloads put an apostrophe before = + - @ so that Excel shows them as
    # text (core.exports): take it off again on the way back in.
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        text = text[1:]
    return text


def header_key(text: str) -> str:
    """Column names and choice values compare without case, spaces and punctuation;
    "Straße", "strasse" and "STRASSE" are the same, as are "E-Mail" and "email"."""
    folded = text.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return re.sub(r"[\W_]+", "", folded)


# --------------------------------------------------------------------------- columns


Parser = Callable[[str], Any]


def text(max_length: int | None = None) -> Parser:
    def parse(value: str) -> str:
        if max_length is not None and len(value) > max_length:
            raise CellError(
                _("The text is %(length)s characters long; at most %(max)s are allowed.")
                % {"length": len(value), "max": max_length}
            )
        return value

    return parse


def integer(minimum: int = 0, maximum: int | None = None) -> Parser:
    def parse(value: str) -> int:
        cleaned = value.replace(" ", "")
        if re.fullmatch(r"[+-]?\d+([.,]0+)?", cleaned) is None:
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        number = int(re.split(r"[.,]", cleaned)[0])
        if number < minimum or (maximum is not None and number > maximum):
            raise CellError(
                _("%(value)s is not between %(min)s and %(max)s.")
                % {"value": number, "min": minimum, "max": maximum}
            )
        return number

    return parse


def decimal(minimum: Decimal, maximum: Decimal, places: int = 6) -> Parser:
    def parse(value: str) -> Decimal:
        cleaned = value.replace(" ", "").replace(",", ".")
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise CellError(_("“%(value)s” is not a number.") % {"value": value}) from None
        if not number.is_finite() or not minimum <= number <= maximum:
            raise CellError(
                _("%(value)s is not between %(min)s and %(max)s.")
                % {"value": value, "min": minimum, "max": maximum}
            )
        return number.quantize(Decimal(1).scaleb(-places))

    return parse


YES = {"ja", "j", "yes", "y", "true", "wahr", "1", "x"}
NO = {"nein", "n", "no", "false", "falsch", "0"}


def boolean() -> Parser:
    def parse(value: str) -> bool:
        key = header_key(value)
        if key in YES:
            return True
        if key in NO:
            return False
        raise CellError(_("Please write “ja” or “nein”, not “%(value)s”.") % {"value": value})

    return parse


def choice(
    choices: type[models.TextChoices],
    aliases: Mapping[str, str] | None = None,
) -> Parser:
    """One of the choices, by its code, its English or German label, or an alias."""

    cache: dict[str | None, dict[str, str]] = {}

    def parse(value: str) -> str:
        language = translation.get_language()
        if language not in cache:
            cache[language] = _choice_keys(choices, aliases or {})
        code = cache[language].get(header_key(value))
        if code is None:
            labels = ", ".join(f"„{label}“" for label in _choice_labels(choices))
            raise CellError(
                _("“%(value)s” is not one of the allowed values: %(allowed)s.")
                % {"value": value, "allowed": labels}
            )
        return code

    return parse


def choices_list(
    choices: type[models.TextChoices], aliases: Mapping[str, str] | None = None
) -> Parser:
    """Several choices separated by "," or "|"."""
    single = choice(choices, aliases)

    def parse(value: str) -> list[str]:
        codes: list[str] = []
        for part in split_values(value):
            code = single(part)
            if code not in codes:
                codes.append(code)
        return codes

    return parse


def _choice_keys(choices: type[models.TextChoices], aliases: Mapping[str, str]) -> dict[str, str]:
    known: dict[str, str] = {}
    for code, label in choices.choices:
        known[header_key(code)] = code
        known[header_key(str(label))] = code
        for language in ("de", "en"):
            with translation.override(language):
                known[header_key(str(label))] = code
    for alias, code in aliases.items():
        known[header_key(alias)] = code
    return known


def _choice_labels(choices: type[models.TextChoices]) -> list[str]:
    return [str(label) for label in choices.labels]


DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y", "%Y-%m-%d %H:%M:%S")


def date() -> Parser:
    def parse(value: str) -> dt.date:
        for date_format in DATE_FORMATS:
            try:
                return dt.datetime.strptime(value, date_format).date()
            except ValueError:
                continue
        raise CellError(
            _("“%(value)s” is not a date; please write it like 31.12.2026.") % {"value": value}
        )

    return parse


def url() -> Parser:
    validate = URLValidator(schemes=["http", "https"])

    def parse(value: str) -> str:
        address = value if "://" in value else f"https://{value}"
        try:
            validate(address)
        except ValidationError:
            raise CellError(_("“%(value)s” is not a web address.") % {"value": value}) from None
        if len(address) > 200:
            raise CellError(_("The web address is longer than 200 characters."))
        return address

    return parse


def email() -> Parser:
    validate = EmailValidator()

    def parse(value: str) -> str:
        try:
            validate(value)
        except ValidationError:
            raise CellError(_("“%(value)s” is not an e-mail address.") % {"value": value}) from None
        return value

    return parse


def postcode() -> Parser:
    def parse(value: str) -> str:
        cleaned = value.replace(" ", "")
        if cleaned.isdigit() and len(cleaned) == 4:
            cleaned = "0" + cleaned  # Excel drops the leading zero of 01067 Dresden
        if not (cleaned.isdigit() and len(cleaned) == 5):
            raise CellError(_("“%(value)s” is not a postcode (five digits).") % {"value": value})
        return cleaned

    return parse


def split_values(value: str) -> list[str]:
    """A cell with several values, separated by "|", ";", line breaks or ","."""
    parts: list[str] = []
    for chunk in re.split(r"[|;\n]", value):
        parts.extend(part.strip() for part in chunk.split(","))
    return [part for part in parts if part]


@dataclass(frozen=True)
class Column:
    """A column of an import: its field, its names in files, how its cells are read.

    ``aliases`` are the column names a file may use besides ``label`` (German and
    English, compared without case and punctuation). An empty cell gives ``None``;
    ``required`` columns must be in the file and must not be empty.
    """

    key: str
    label: Label
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Parser = field(default_factory=text)
    example: str = ""
    hint: Label = ""

    def names(self) -> set[str]:
        names = {header_key(self.key), header_key(str(self.label))}
        names.update(header_key(alias) for alias in self.aliases)
        for language in ("de", "en"):
            with translation.override(language):
                names.add(header_key(str(self.label)))
        return names - {""}


# --------------------------------------------------------------------------- vocabularies


class VocabularyLookup:
    """Finds vocabulary entries (themes, districts, …) by name, slug or code.

    A cell names several entries separated by "," or "|"; names that contain a comma
    themselves ("Sport, Freizeit und Kultur") are recognised as one entry.
    """

    def __init__(self, entries: Iterable[Any], unknown: Label) -> None:
        self.unknown = unknown
        self.by_key: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        for entry in entries:
            for key in {entry.name, entry.slug, getattr(entry, "code", "")}:
                if key:
                    self.by_key.setdefault(header_key(key), entry)
            self.names[header_key(entry.name)] = entry.name

    def find(self, value: str) -> Any | None:
        return self.by_key.get(header_key(value))

    def resolve(self, value: str) -> tuple[list[Any], list[str]]:
        """The entries named in a cell, and the messages for names not found."""
        found: list[Any] = []
        problems: list[str] = []
        for chunk in re.split(r"[|;\n]", value):
            parts = [part for part in chunk.split(",")]
            index = 0
            while index < len(parts):
                for end in range(len(parts), index, -1):
                    entry = self.find(",".join(parts[index:end]))
                    if entry is not None:
                        if entry not in found:
                            found.append(entry)
                        index = end
                        break
                else:
                    name = parts[index].strip()
                    if name:
                        problems.append(self.message(name))
                    index += 1
        return found, problems

    def message(self, name: str) -> str:
        message = str(self.unknown) % {"value": name}
        close = difflib.get_close_matches(header_key(name), list(self.names), n=1, cutoff=0.7)
        if close:
            message += " " + _("Did you mean “%(suggestion)s”?") % {
                "suggestion": self.names[close[0]]
            }
        return message


# --------------------------------------------------------------------------- specs


@dataclass
class RowError:
    row: int
    column: str
    message: str

    @property
    def text(self) -> str:
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class Row:
    """One data row, its cells parsed. ``values`` holds the columns present in the file
    whose cells could be read (``None`` for an empty cell)."""

    number: int
    values: dict[str, Any]
    columns: dict[str, str]  # key → the column's name in the file (or its label)
    errors: list[RowError] = field(default_factory=list)
    _keys_with_errors: set[str] = field(default_factory=set)

    def has(self, key: str) -> bool:
        """Whether the file has this column and its cell in this row could be read."""
        return key in self.values

    def get(self, key: str, default: Any = None) -> Any:
        value = self.values.get(key)
        return default if value is None else value

    def error(self, key: str, message: str) -> None:
        """Note a problem with a cell (``key=""``: with the whole row); one per cell."""
        if key and key in self._keys_with_errors:
            return
        self._keys_with_errors.add(key)
        self.errors.append(RowError(self.number, self.columns.get(key, ""), message))

    def failed(self, key: str) -> bool:
        return key in self._keys_with_errors


@dataclass
class Plan:
    """What one row will do: create or change something, or nothing."""

    action: str  # NEW, UPDATED or UNCHANGED
    label: str
    payload: Any
    changes: list[str] = field(default_factory=list)  # labels of the changed fields
    row: int = 0


class ImportSpec:
    """How one resource is imported. Subclass it in the app's ``imports.py``."""

    resource: ClassVar[str]
    slug: ClassVar[str]  # in the addresses of its pages, e.g. "angebote"
    label: ClassVar[Label]
    description: ClassVar[Label] = ""
    columns: ClassVar[Sequence[Column]]
    # Extra fields of the upload form; their cleaned data is passed as ``options``.
    options_form: ClassVar[type[forms.Form] | None] = None

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> Any:
        """Load what checking all rows needs (lookups of existing objects), once."""
        return None

    def plan(self, row: Row, context: Any) -> Plan | None:
        """Turn a row into a :class:`Plan` with unsaved objects, or note its errors."""
        raise NotImplementedError

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        """Save one planned row (inside the import's transaction)."""
        raise NotImplementedError

    def finish(self, saved: list[models.Model], *, context: Any) -> None:
        """After every row is saved, still inside the transaction."""

    def example_row(self) -> dict[str, str]:
        return {column.key: column.example for column in self.columns}

    def results_url(self) -> str:
        """Where a coordinator sees the imported objects ("" if nowhere yet)."""
        return ""

    # -- helpers for subclasses -------------------------------------------------

    @staticmethod
    def clean_model(
        instance: models.Model,
        row: Row,
        fields: dict[str, str],
        exclude: Iterable[str] = (),
    ) -> None:
        """Run the model's validation (uniqueness is the spec's job: it knows the
        whole file) and note each problem in the column of its field."""
        try:
            instance.full_clean(
                exclude=list(exclude), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                key = fields.get(name, "")
                for message in messages:
                    if not key and name != "__all__":
                        message = f"{field_label(type(instance), name).capitalize()}: {message}"
                    row.error(key, message)


def field_label(model: type[models.Model], name: str) -> str:
    """The verbose name of a model field, e.g. for the list of changes of a row."""
    return str(getattr(model._meta.get_field(name), "verbose_name", name))


_specs: dict[str, ImportSpec] = {}
_discovered = False


def register(spec: ImportSpec) -> None:
    _specs[spec.resource] = spec


def specs() -> list[ImportSpec]:
    _discover()
    return list(_specs.values())


def get_spec(resource: str) -> ImportSpec | None:
    _discover()
    return _specs.get(resource)


def get_spec_by_slug(slug: str) -> ImportSpec | None:
    return next((spec for spec in specs() if spec.slug == slug), None)


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("imports")
        _discovered = True


# --------------------------------------------------------------------------- checking


@dataclass
class Outcome:
    """The result of checking a file: the plans of the good rows and the report."""

    plans: list[Plan]
    errors: list[RowError]
    rows: int
    context: Any
    ignored_columns: list[str]
    columns: list[str]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(KINDS, 0)
        for plan in self.plans:
            counts[plan.action] += 1
        counts[FAILED] = len({error.row for error in self.errors})
        return counts

    def report(self) -> dict[str, Any]:
        samples: dict[str, list[dict[str, Any]]] = {NEW: [], UPDATED: [], UNCHANGED: []}
        for plan in self.plans:
            if len(samples[plan.action]) < SAMPLE_ROWS:
                samples[plan.action].append(
                    {"row": plan.row, "label": plan.label, "changes": plan.changes}
                )
        return {
            "rows": self.rows,
            "counts": self.counts,
            "samples": samples,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message, "text": e.text}
                for e in self.errors
            ],
            "columns": self.columns,
            "ignored_columns": self.ignored_columns,
        }


def map_columns(spec: ImportSpec, header: list[str]) -> tuple[dict[int, Column], list[str]]:
    """Which file column is which spec column; and the names of the ignored ones."""
    by_name: dict[str, Column] = {}
    for column in spec.columns:
        for name in column.names():
            by_name.setdefault(name, column)
    mapping: dict[int, Column] = {}
    seen: dict[str, str] = {}
    ignored: list[str] = []
    for index, name in enumerate(header):
        if not name:
            continue
        found = by_name.get(header_key(name))
        if found is None:
            ignored.append(name)
            continue
        column = found
        if column.key in seen:
            raise FileProblem(
                _("The columns “%(first)s” and “%(second)s” both mean “%(label)s”.")
                % {"first": seen[column.key], "second": name, "label": column.label}
            )
        seen[column.key] = name
        mapping[index] = column
    missing = [str(c.label) for c in spec.columns if c.required and c.key not in seen]
    if missing:
        raise FileProblem(
            _("The file lacks these columns: %(columns)s. The first row must name them.")
            % {"columns": ", ".join(f"„{name}“" for name in missing)}
        )
    return mapping, ignored


def evaluate(
    spec: ImportSpec,
    content: bytes,
    file_name: str,
    options: dict[str, Any],
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Read and check every row of a file; saves nothing."""
    table = read_table(content, file_name)
    mapping, ignored = map_columns(spec, table.header)
    names = {column.key: table.header[index] for index, column in mapping.items()}
    context = spec.prepare(options=options, columns=frozenset(names))
    plans: list[Plan] = []
    errors: list[RowError] = []
    total = len(table.rows)
    for done, (number, cells) in enumerate(table.rows, start=1):
        row = Row(number=number, values={}, columns=dict(names))
        for index, column in mapping.items():
            raw = cells[index] if index < len(cells) else ""
            if raw == "":
                if column.required:
                    row.error(column.key, _("This cell must not be empty."))
                else:
                    row.values[column.key] = None
                continue
            try:
                row.values[column.key] = column.parse(raw)
            except CellError as problem:
                row.error(column.key, problem.message)
        plan = spec.plan(row, context)
        if row.errors or plan is None:
            if not row.errors:
                row.error("", _("This row could not be read."))
            errors.extend(row.errors)
        else:
            plan.row = number
            plans.append(plan)
        if progress is not None:
            progress(done, total)
    return Outcome(
        plans=plans,
        errors=errors,
        rows=total,
        context=context,
        ignored_columns=ignored,
        columns=[table.header[index] for index in sorted(mapping)],
    )


# --------------------------------------------------------------------------- the runs


def start_import(
    *,
    actor: User,
    spec: ImportSpec,
    file_name: str,
    content: bytes,
    options: dict[str, Any],
    language: str,
) -> ImportRun:
    """Store an uploaded file and queue its check."""
    from familienrathaus.core.tasks import check_import

    with transaction.atomic():
        run = ImportRun(
            resource=spec.resource,
            file_name=file_name[:255],
            content=content,
            options=options,
            language=language[:10],
            created_by=actor,
        )
        run.full_clean(exclude=["content", "options", "report"])
        run.save()
        check_import.enqueue(run.pk)
    return run


class _Progress:
    """Writes a run's progress now and then (not for every row)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done == total or now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            ImportRun.objects.filter(pk=self.run_id).update(
                rows_done=done, rows_total=total, heartbeat_at=timezone.now()
            )


def check_run(run_id: int) -> str:
    """The background check of an uploaded file (task ``core.tasks.check_import``)."""
    claimed = ImportRun.objects.filter(pk=run_id, status=Status.QUEUED).update(
        status=Status.CHECKING, heartbeat_at=timezone.now()
    )
    if not claimed:
        return "not-claimed"
    run = ImportRun.objects.get(pk=run_id)
    spec = get_spec(run.resource)
    with translation.override(run.language):
        try:
            if spec is None:
                raise FileProblem(_("This kind of import is no longer available."))
            outcome = evaluate(
                spec, bytes(run.content), run.file_name, run.options, _Progress(run_id)
            )
        except FileProblem as problem:
            _finish_check(run_id, Status.FAILED, error=problem.message)
            return Status.FAILED
        except Exception:
            logger.exception("check of import run %s failed", run_id)
            _finish_check(
                run_id,
                Status.FAILED,
                error=_("The file could not be checked because of an unexpected error."),
            )
            return Status.FAILED
        status = Status.INVALID if outcome.errors else Status.READY
        _finish_check(run_id, status, report=outcome.report(), rows=outcome.rows)
    return status


def _finish_check(
    run_id: int,
    status: str,
    *,
    error: str = "",
    report: dict[str, Any] | None = None,
    rows: int = 0,
) -> None:
    fields: dict[str, Any] = {
        "status": status,
        "error": error,
        "report": report or {},
        "rows_total": rows,
        "rows_done": rows,
        "checked_at": timezone.now(),
    }
    if status != Status.READY:
        fields["content"] = b""  # nothing more will be done with the file
    # Only if nobody discarded the run meanwhile.
    ImportRun.objects.filter(pk=run_id, status=Status.CHECKING).update(**fields)


def confirm_import(*, actor: User, run: ImportRun) -> bool:
    """Queue the import of a checked file without errors; False if it is not ready."""
    from familienrathaus.core.tasks import apply_import

    with transaction.atomic():
        claimed = ImportRun.objects.filter(pk=run.pk, status=Status.READY).update(
            # No heartbeat until a worker takes the import up (the queue may be long).
            status=Status.IMPORTING,
            error="",
            heartbeat_at=None,
        )
        if not claimed:
            return False
        apply_import.enqueue(run.pk, actor.pk)
    return True


def discard_import(*, run: ImportRun) -> bool:
    discardable = [Status.QUEUED, Status.CHECKING, Status.READY, Status.INVALID]
    return bool(
        ImportRun.objects.filter(pk=run.pk, status__in=discardable).update(
            status=Status.DISCARDED, content=b""
        )
    )


class _ChangedSinceCheck(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__("rows failed")
        self.outcome = outcome


def apply_run(run_id: int, actor_id: int | None) -> str:
    """Import a checked file in ONE transaction (task ``core.tasks.apply_import``)."""
    # The heartbeat is written outside the import's transaction, so it stays when a
    # killed worker's transaction is rolled back.
    taken = ImportRun.objects.filter(pk=run_id, status=Status.IMPORTING).update(
        heartbeat_at=timezone.now()
    )
    run = ImportRun.objects.filter(pk=run_id, status=Status.IMPORTING).first()
    if not taken or run is None:
        return "not-claimed"
    spec = get_spec(run.resource)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    current_row = 0
    with translation.override(run.language):
        try:
            if spec is None:
                raise FileProblem(_("This kind of import is no longer available."))
            with transaction.atomic():
                # Holds off a concurrent discard until this transaction ends.
                ImportRun.objects.select_for_update().filter(pk=run_id).first()
                outcome = evaluate(spec, bytes(run.content), run.file_name, run.options)
                if outcome.errors:
                    raise _ChangedSinceCheck(outcome)
                saved: list[models.Model] = []
                for plan in outcome.plans:
                    if plan.action == UNCHANGED:
                        continue
                    current_row = plan.row
                    saved.append(spec.save(plan, context=outcome.context, actor=actor))
                current_row = 0
                spec.finish(saved, context=outcome.context)
                counts = outcome.counts
                audit.record(
                    actor=actor,
                    action=f"import.{spec.resource}",
                    obj=run,
                    changes={
                        "file": run.file_name,
                        "new": counts[NEW],
                        "updated": counts[UPDATED],
                        "unchanged": counts[UNCHANGED],
                    },
                )
                ImportRun.objects.filter(pk=run_id).update(
                    status=Status.DONE,
                    imported_at=timezone.now(),
                    report=outcome.report(),
                    content=b"",
                )
        except _ChangedSinceCheck as changed:
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.INVALID,
                report=changed.outcome.report(),
                content=b"",
                error=_(
                    "Since the check, the stored data has changed so that some rows no longer "
                    "fit. Nothing was imported."
                ),
            )
            return Status.INVALID
        except FileProblem as problem:
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.FAILED, error=problem.message, content=b""
            )
            return Status.FAILED
        except Exception:
            logger.exception("import run %s failed at row %s", run_id, current_row)
            if current_row:
                message = _(
                    "Saving row %(row)s failed with an unexpected error. Nothing was imported."
                ) % {"row": current_row}
            else:
                message = _("The import failed with an unexpected error. Nothing was imported.")
            ImportRun.objects.filter(pk=run_id).update(
                status=Status.FAILED, error=message, content=b""
            )
            return Status.FAILED
    return Status.DONE


def fail_stale_runs() -> int:
    """Mark checks and imports whose worker stopped mid-way as failed; returns how many.

    Called when an import page is viewed and when a worker starts (like
    ``outbox.recover_stale`` and ``guide.services.fail_stale_builds``). A run no worker
    has taken up yet (queued, or an import waiting in the queue) is left alone: its task
    is still in the queue and runs once a worker is up.
    """
    stale = ImportRun.objects.filter(
        status__in=[Status.CHECKING, Status.IMPORTING],
        heartbeat_at__lt=timezone.now() - STALE_AFTER,
    )
    failed = 0
    for run_id, status, language in stale.values_list("pk", "status", "language"):
        with translation.override(language):
            # Conditional: a worker that finishes meanwhile wins.
            failed += ImportRun.objects.filter(
                pk=run_id, status=status, heartbeat_at__lt=timezone.now() - STALE_AFTER
            ).update(status=Status.FAILED, error=str(STALE_MESSAGE), content=b"")
    if failed:
        logger.warning("%s import run(s) left by a stopped worker marked as failed", failed)
    return failed


# --------------------------------------------------------------------------- forms


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "CSV (as German Excel saves it, separated by semicolons or commas) or an Excel "
            "workbook (.xlsx); the first row names the columns."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
                ".spreadsheetml.sheet"
            }
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _(
                    "This is a file in the old Excel format (.xls). Please save it as an "
                    "Excel workbook (.xlsx) or as CSV and upload it again."
                )
            )
        if not name.endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(
                _("Please upload a CSV file (.csv) or an Excel workbook (.xlsx).")
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(too_big_message())
        return upload


def upload_form_class(spec: ImportSpec) -> type[UploadForm]:
    """The upload form with the spec's own options (e.g. the status of new offers)."""
    if spec.options_form is None:
        return UploadForm
    return type(f"{spec.resource.title()}UploadForm", (UploadForm, spec.options_form), {})


def options_from(spec: ImportSpec, cleaned_data: dict[str, Any]) -> dict[str, Any]:
    if spec.options_form is None:
        return {}
    return {name: cleaned_data.get(name) for name in spec.options_form.base_fields}


# --------------------------------------------------------------------------- downloads


def template_table(spec: ImportSpec) -> tuple[list[str], list[list[str]]]:
    """Header and example row of the template file a coordinator fills in."""
    example = spec.example_row()
    return [str(column.label) for column in spec.columns], [
        [example.get(column.key, "") for column in spec.columns]
    ]
