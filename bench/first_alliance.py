"""The alliance a bench measures: the install's first (core.tenancy), the one on the
plain address the benches' clients ask. Call :func:`activate` once the database is
migrated; the alliance stays active for the rest of the process (this thread)."""

from __future__ import annotations

from contextlib import ExitStack

_active = ExitStack()


def activate() -> None:
    from familienrathaus.core import tenancy

    alliance = tenancy.first()
    assert alliance is not None, "the migrations made no alliance"
    _active.enter_context(tenancy.activate(alliance))
