"""Columns of an import: how a cell is parsed, and vocabulary lookups (``core.imports``)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import models
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from familienrathaus.core.imports.reading import CellError, header_key

Label = str | Promise


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
