"""The files an alliance's rows reference: what its upload quota counts (core.quota)
and what the operators export and delete with it.

Every ``FileField`` (pictures, PDFs, private files) of every ``AllianceOwned`` model is
walked with one query per field, across all alliances on purpose (``tenancy.unscoped``)
but filtered by the alliance, so it works for any alliance, active or not. Generated
derivatives (picture renditions) are not counted: they are rebuilt from the originals.
"""

from __future__ import annotations

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


def files(alliance: Alliance) -> list[StoredFile]:
    """Every stored file the alliance's rows reference, each once even when several rows
    share it (read as a whole: the caller's code never runs unscoped)."""
    found: dict[tuple[int, str], StoredFile] = {}
    with tenancy.unscoped():
        for model, field in file_fields():
            names = (
                model._default_manager.filter(alliance=alliance)
                .exclude(**{field.name: ""})
                .exclude(**{f"{field.name}__isnull": True})
                .values_list(field.name, flat=True)
                .distinct()
            )
            for name in names:
                found.setdefault((id(field.storage), name), StoredFile(field.storage, str(name)))
    return list(found.values())


def usage_bytes(alliance: Alliance) -> int:
    """The bytes of all the alliance's files in storage (a missing file counts 0)."""
    total = 0
    for file in files(alliance):
        try:
            total += file.storage.size(file.name)
        except (OSError, NotImplementedError):
            continue
    return total
