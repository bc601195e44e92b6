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

The modules
-----------
:mod:`.reading` (files to rows of text), :mod:`.columns` (parsing cells, vocabularies),
:mod:`.specs` (:class:`ImportSpec`, the registry, checking a file), :mod:`.runs` (the
runs as background jobs of :mod:`familienrathaus.core.jobs`: claim, progress, a lease
of :data:`STALE_AFTER`, recovery and pruning) and :mod:`.forms` (upload form, template
file). Everything is importable from ``familienrathaus.core.imports`` itself.
"""

from familienrathaus.core.imports.columns import (
    DATE_FORMATS,
    NO,
    YES,
    Column,
    Label,
    Parser,
    VocabularyLookup,
    boolean,
    choice,
    choices_list,
    date,
    decimal,
    email,
    integer,
    postcode,
    split_values,
    text,
    url,
)
from familienrathaus.core.imports.forms import (
    UploadForm,
    options_from,
    template_table,
    upload_form_class,
)
from familienrathaus.core.imports.reading import (
    MAX_BYTES,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    CellError,
    FileProblem,
    Table,
    header_key,
    read_table,
    too_big_message,
)
from familienrathaus.core.imports.runs import (
    APPLY,
    CHECK,
    RUNS,
    STALE_AFTER,
    STALE_MESSAGE,
    apply_run,
    check_run,
    confirm_import,
    discard_import,
    start_import,
)
from familienrathaus.core.imports.specs import (
    FAILED,
    KINDS,
    NEW,
    SAMPLE_ROWS,
    UNCHANGED,
    UPDATED,
    ImportSpec,
    Outcome,
    Plan,
    Row,
    RowError,
    evaluate,
    field_label,
    get_spec,
    get_spec_by_slug,
    map_columns,
    register,
    specs,
)

__all__ = [
    "APPLY",
    "CHECK",
    "DATE_FORMATS",
    "FAILED",
    "KINDS",
    "MAX_BYTES",
    "MAX_COLUMNS",
    "MAX_ROWS",
    "MAX_UNPACKED_BYTES",
    "NEW",
    "NO",
    "RUNS",
    "SAMPLE_ROWS",
    "STALE_AFTER",
    "STALE_MESSAGE",
    "UNCHANGED",
    "UPDATED",
    "YES",
    "CellError",
    "Column",
    "FileProblem",
    "ImportSpec",
    "Label",
    "Outcome",
    "Parser",
    "Plan",
    "Row",
    "RowError",
    "Table",
    "UploadForm",
    "VocabularyLookup",
    "apply_run",
    "boolean",
    "check_run",
    "choice",
    "choices_list",
    "confirm_import",
    "date",
    "decimal",
    "discard_import",
    "email",
    "evaluate",
    "field_label",
    "get_spec",
    "get_spec_by_slug",
    "header_key",
    "integer",
    "map_columns",
    "options_from",
    "postcode",
    "read_table",
    "register",
    "specs",
    "split_values",
    "start_import",
    "template_table",
    "text",
    "too_big_message",
    "upload_form_class",
    "url",
]
