"""What an app declares for an import (:class:`ImportSpec`), and checking a file against
it (``core.imports``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from familienrathaus.core.imports.columns import Column, Label
from familienrathaus.core.imports.reading import CellError, FileProblem, header_key, read_table
from familienrathaus.core.models import User

SAMPLE_ROWS = 10

NEW, UPDATED, UNCHANGED, FAILED = "new", "updated", "unchanged", "failed"
KINDS = (NEW, UPDATED, UNCHANGED, FAILED)


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
    progress: Callable[[int, int], object] | None = None,
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
