"""One alliance's data as a zip, and back: ``manage.py export_alliance`` / ``import_alliance``.

The zip (``FORMAT`` 1)::

    manifest.json   format, application version, created, the alliance's short name, the
                    applied migrations, rows per model, every file with its SHA-256, and
                    the content types and permissions by name (their ids differ per install)
    rows.jsonl      Django's JSON-lines serialisation, as core.backup writes it: the
                    Alliance row, every row of every ``AllianceOwned`` model of the
                    alliance, the accounts those rows name (its members, authors, …) with
                    their e-mail addresses and second factors
    media/…         the public files the rows' File and Image fields name
    private/…       the private ones (proofs, documents)

The search index is left out: it is derived and rebuilt after the import.

**Import** runs in one transaction and writes its files only after every row is in, so a
failure leaves neither rows nor files behind. Rows get new primary keys (the install may
hold other alliances' rows with the same ones): models go in the order of their foreign
keys, each model's rows in the order of their old keys; a foreign key, a many-to-many row
and the audit log's (object type, object id) follow the map of old to new keys; a nullable
key to a row not in yet is filled in at the end. Accounts are matched by e-mail address:
an existing account keeps its password and second factor and gets the membership; a new
one never becomes an operator (``is_superuser`` is not imported). A value that must be
unique in the whole install (a feed token, a tracking code) and is taken already gets a
new one from its field's default: secrets are not shared by two alliances. Values unique
per alliance (slugs, numbers) are kept.

:func:`canonical` reads a dump as rows without keys (references by position, files by
checksum): an export, its import elsewhere and the export of that are equal.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tempfile
import zipfile
from collections import defaultdict
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db import connections, models
from django.utils import timezone

from familienrathaus.core import backup, tenancy
from familienrathaus.core.models.alliance import Alliance, AllianceOwned
from familienrathaus.core.private_files import PrivateStorage

FORMAT = 1
APPLICATION = "familienrathaus-alliance"
MANIFEST = "manifest.json"
ROWS = "rows.jsonl"
# Derived from the rows and rebuilt after an import (core.backup.REBUILD_COMMANDS).
DERIVED = {"search.searchentry", "search.searchindexstate"}
# Rows of an account that travel with it (each has a ``user`` key).
ACCOUNT_MODELS = ("account.emailaddress", "mfa.authenticator")
# (model, object type field, object id field): references by name, not by foreign key.
NAMED_REFERENCES = [("core.auditentry", "object_type", "object_id")]
ALLIANCE = "core.alliance"


class TransferError(Exception):
    """The dump cannot be written or read; the message says why."""


@dataclass
class Summary:
    slug: str
    rows: int
    files: int
    path: Path
    counts: dict[str, int] = field(default_factory=dict)


def content_models() -> list[type[models.Model]]:
    """Every model of alliance content that is exported (the derived ones are not)."""
    return [
        model
        for model in backup.backed_up_models()
        if issubclass(model, AllianceOwned) and backup.model_key(model) not in DERIVED
    ]


def key(model: type[models.Model]) -> str:
    return backup.model_key(model)


def _user_model() -> type[models.Model]:
    return get_user_model()


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and not f.primary_key
    ]


def _many_to_many(model: type[models.Model]) -> list[models.ManyToManyField[Any, Any]]:
    return [
        f
        for f in model._meta.local_many_to_many
        if f.remote_field.through._meta.auto_created  # type: ignore[union-attr]
    ]


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def folder_of(file_field: models.FileField) -> str:
    return "private" if isinstance(file_field.storage, PrivateStorage) else "media"


# --------------------------------------------------------------------------- export


def export_alliance(alliance: Alliance, path: Path) -> Summary:
    """Write ``alliance``'s dump to ``path`` (via a temporary file next to it, mode 0600)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with (
        tenancy.unscoped(),
        tempfile.TemporaryDirectory(prefix="frh-alliance-") as tmp,
        _consistent_reads(Path(tmp)) as using,
    ):
        workdir = Path(tmp)
        exporter = _Exporter(alliance, using)
        rows_file = workdir / ROWS
        with rows_file.open("w", encoding="utf-8") as stream:
            serializers.serialize("jsonl", exporter.rows(), stream=stream)
        files = exporter.files()
        manifest = {
            "format": FORMAT,
            "application": APPLICATION,
            "version": backup.application_version(),
            "created": timezone.now().isoformat(),
            "alliance": alliance.slug,
            "migrations": backup.applied_migrations(using),
            "counts": exporter.counts,
            "files": {folder: dict(sorted(names.items())) for folder, names in files.items()},
            "content_types": {
                str(ct.pk): [ct.app_label, ct.model]
                for ct in ContentType.objects.using(using).all()
            },
            "permissions": {
                str(p.pk): [p.content_type.app_label, p.content_type.model, p.codename]
                for p in Permission.objects.using(using).select_related("content_type")
            },
        }
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)  # private from the first byte: personal data
        try:
            with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
                archive.write(rows_file, ROWS)
                for folder, names in files.items():
                    for name in names:
                        with (
                            exporter.storages[folder].open(name, "rb") as source,
                            archive.open(f"{folder}/{name}", "w") as target,
                        ):
                            shutil.copyfileobj(source, target, 1 << 20)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    partial.replace(path)
    return Summary(
        slug=alliance.slug,
        rows=sum(exporter.counts.values()),
        files=sum(len(names) for names in files.values()),
        path=path,
        counts=exporter.counts,
    )


def _consistent_reads(workdir: Path) -> Any:
    """core.backup's snapshot; inside a transaction already (a test, the deletion's
    caller), that transaction's reads (SQLite's backup cannot copy a database with
    uncommitted writes of the same connection)."""
    if connections["default"].in_atomic_block:
        return nullcontext("default")
    return backup.consistent_reads(workdir)


class _Exporter:
    def __init__(self, alliance: Alliance, using: str) -> None:
        self.alliance = alliance
        self.using = using
        self.counts: dict[str, int] = {}
        self.storages: dict[str, Any] = {}
        self.user_ids: set[int] = set()

    def _content(self, model: type[models.Model]) -> models.QuerySet[Any]:
        return model._base_manager.using(self.using).filter(alliance=self.alliance).order_by("pk")

    def _referenced_users(self) -> set[int]:
        user_model = _user_model()
        ids: set[int] = set()
        for model in content_models():
            names = [f.attname for f in _foreign_keys(model) if f.related_model is user_model]
            for values in self._content(model).values_list(*names) if names else []:
                ids.update(value for value in values if value is not None)
            for m2m in _many_to_many(model):
                if m2m.related_model is user_model:
                    through: Any = m2m.remote_field.through
                    ids.update(
                        through._base_manager.using(self.using)
                        .filter(**{f"{m2m.m2m_field_name()}__alliance": self.alliance})
                        .values_list(f"{m2m.m2m_reverse_field_name()}_id", flat=True)
                    )
        return ids

    def rows(self) -> Iterator[models.Model]:
        yield Alliance.objects.using(self.using).get(pk=self.alliance.pk)
        self.counts[ALLIANCE] = 1
        user_model = _user_model()
        if not issubclass(user_model, AllianceOwned):
            self.user_ids = self._referenced_users()
            users = user_model._base_manager.using(self.using).filter(pk__in=self.user_ids)
            yield from self._counted(user_model, users.order_by("pk"))
            for label in ACCOUNT_MODELS:
                model = _model(label)
                if model is not None:
                    owned = model._base_manager.using(self.using).filter(user__in=self.user_ids)
                    yield from self._counted(model, owned.order_by("pk"))
        for model in content_models():
            yield from self._counted(model, self._content(model))

    def _counted(
        self, model: type[models.Model], queryset: models.QuerySet[Any]
    ) -> Iterator[models.Model]:
        count = 0
        for row in queryset.iterator(chunk_size=2000):
            count += 1
            yield row
        self.counts[key(model)] = count

    def files(self) -> dict[str, dict[str, str]]:
        """{folder: {name: sha256}} of every file a row of the alliance names."""
        found: dict[str, dict[str, str]] = {"media": {}, "private": {}}
        for model in content_models():
            fields = _file_fields(model)
            if not fields:
                continue
            for values in self._content(model).values_list(*(f.attname for f in fields)):
                for file_field, name in zip(fields, values, strict=True):
                    if not name:
                        continue
                    folder = folder_of(file_field)
                    storage = self.storages.setdefault(folder, file_field.storage)
                    if name in found[folder]:
                        continue
                    if not storage.exists(name):
                        raise TransferError(
                            f"{key(model)}.{file_field.name} names {name!r}, which is missing."
                        )
                    with storage.open(name, "rb") as handle:
                        found[folder][name] = _sha256(handle)
        return found


def _sha256(handle: Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _model(label: str) -> type[models.Model] | None:
    from django.apps import apps

    try:
        return apps.get_model(label)
    except LookupError:
        return None


# --------------------------------------------------------------------------- reading a dump


def read_dump(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]], zipfile.ZipFile]:
    if not path.is_file():
        raise TransferError(f"{path} does not exist.")
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise TransferError(f"{path} is not a zip file.") from exc
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except KeyError as exc:
        archive.close()
        raise TransferError("The file is not an alliance dump (no manifest.json).") from exc
    if manifest.get("application") != APPLICATION or manifest.get("format") != FORMAT:
        archive.close()
        raise TransferError(
            f"Unknown dump format {manifest.get('format')!r}: this version reads format {FORMAT}."
        )
    for name in archive.namelist():
        safe = PurePosixPath(name)
        if safe.is_absolute() or ".." in safe.parts:
            archive.close()
            raise TransferError(f"Refusing the dump: unsafe file name {name!r}.")
    with archive.open(ROWS) as handle:
        rows = [json.loads(line) for line in io.TextIOWrapper(handle, "utf-8") if line.strip()]
    return manifest, rows, archive


def canonical(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The dump's rows per model without keys: a reference is the target's model and
    position (accounts: their e-mail address), a file its SHA-256; rows in key order."""
    manifest, rows, archive = read_dump(path)
    archive.close()
    checksums = {
        (folder, name): digest
        for folder, names in manifest["files"].items()
        for name, digest in names.items()
    }
    user_label = key(_user_model())
    position: dict[tuple[str, Any], Any] = {}
    per_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        per_model[row["model"]].append(row)
    for label, model_rows in per_model.items():
        for index, row in enumerate(sorted(model_rows, key=lambda r: r["pk"])):
            ident = row["fields"].get("email") if label == user_label else index
            position[(label, row["pk"])] = [label, ident]
    result: dict[str, list[dict[str, Any]]] = {}
    for label, model_rows in sorted(per_model.items()):
        model = _model(label)
        assert model is not None
        refs = {f.name: key(f.related_model) for f in _foreign_keys(model)}
        refs.update({f.name: key(f.related_model) for f in _many_to_many(model)})
        files = {f.name: folder_of(f) for f in _file_fields(model)}
        result[label] = []
        for row in sorted(model_rows, key=lambda r: r["pk"]):
            fields = dict(row["fields"])
            for name, target in refs.items():
                value = fields.get(name)
                if target == ALLIANCE or name not in fields:
                    fields.pop(name, None)
                elif isinstance(value, list):
                    fields[name] = sorted(_named(manifest, position, target, v) for v in value)
                elif value is not None:
                    fields[name] = _named(manifest, position, target, value)
            for name, folder in files.items():
                if fields.get(name):
                    fields[name] = checksums[(folder, fields[name])]
            for model_label, type_field, id_field in NAMED_REFERENCES:
                if label == model_label and fields.get(id_field, "").isdigit():
                    target = str(fields[type_field])
                    fields[id_field] = position.get(
                        (target, int(fields[id_field])), fields[id_field]
                    )
            if label == ALLIANCE:
                fields.pop("slug", None)
            result[label].append(fields)
    return result


def _named(
    manifest: dict[str, Any], position: dict[tuple[str, Any], Any], target: str, value: Any
) -> Any:
    if target == "auth.permission":
        return manifest["permissions"].get(str(value), value)
    if target == "contenttypes.contenttype":
        return manifest["content_types"].get(str(value), value)
    return position.get((target, value), [target, value])
