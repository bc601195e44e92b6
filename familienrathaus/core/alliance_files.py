"""The files an alliance's rows reference: what its upload quota counts (core.quota)
and what the operators export and delete with it.

Every ``FileField`` (pictures, PDFs, private files) of every ``AllianceOwned`` model is
walked with one query per field, across all alliances on purpose (``tenancy.unscoped``)
but filtered by the alliance, so it works for any alliance, active or not. Generated
derivatives (picture renditions) are not counted: they are rebuilt from the originals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.apps import apps
from django.core.files.storage import Storage
from django.db import models

from familienrathaus.core import tenancy
from familienrathaus.core.models.alliance import Alliance, AllianceOwned


def file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    """(model, field) for every file field of an alliance's content."""
    return [
        (model, field)
        for model in apps.get_models()
        if issubclass(model, AllianceOwned)
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


@dataclass(frozen=True)
class StoredFile:
    """One file in storage: ``storage.open(name)``, ``storage.size(name)``."""

    storage: Storage
    name: str


def files_by_alliance(alliance: Alliance | None = None) -> dict[int, list[StoredFile]]:
    """Every stored file the rows reference, per alliance id, each once even when several
    rows share it: of one ``alliance``, or of all at once (the operators' list). Read as a
    whole: the caller's code never runs unscoped."""
    found: dict[int, dict[tuple[int, str], StoredFile]] = defaultdict(dict)
    with tenancy.unscoped():
        for model, field in file_fields():
            rows = model._default_manager.all()
            if alliance is not None:
                rows = rows.filter(alliance=alliance)
            names = (
                rows.exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list("alliance_id", field.name)
                .distinct()
            )
            for alliance_id, name in names.iterator(chunk_size=2000):
                found[alliance_id].setdefault(
                    (id(field.storage), name), StoredFile(field.storage, str(name))
                )
    return {pk: list(stored.values()) for pk, stored in found.items()}


def files(alliance: Alliance) -> list[StoredFile]:
    """Every stored file the alliance's rows reference, each once."""
    return files_by_alliance(alliance).get(alliance.pk, [])


def size(file: StoredFile) -> int:
    """The file's bytes in storage; a missing file counts 0."""
    try:
        return int(file.storage.size(file.name))
    except (OSError, NotImplementedError):
        return 0


def usage_bytes(alliance: Alliance) -> int:
    """The bytes of all the alliance's files in storage."""
    return sum(size(file) for file in files(alliance))
