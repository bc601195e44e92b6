"""An alliance's dump (core.operators.transfer) into this install, under new keys.

See :mod:`familienrathaus.core.operators.transfer` for the format and the rules; this
module is the import's one write path (:func:`import_alliance`).
"""

from __future__ import annotations

import zipfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command, get_commands
from django.core.serializers.python import Deserializer
from django.db import models, transaction

from familienrathaus.core import backup, tenancy
from familienrathaus.core.models.alliance import Alliance, AllianceOwned
from familienrathaus.core.operators.transfer import (
    ACCOUNT_MODELS,
    ALLIANCE,
    NAMED_REFERENCES,
    Summary,
    TransferError,
    _file_fields,
    _foreign_keys,
    _many_to_many,
    _model,
    _user_model,
    content_models,
    folder_of,
    key,
    read_dump,
)

# Commands that rebuild the alliance's derived data (the search index) after an import.
REBUILD_COMMANDS = backup.REBUILD_COMMANDS
CHUNK = 500


def import_alliance(path: Path, *, slug: str | None = None) -> Summary:
    """Import the dump at ``path`` as a new alliance (``slug``, else the dump's)."""
    manifest, rows, archive = read_dump(path)
    try:
        backup.check_migrations(manifest)
        importer = _Importer(manifest, archive)
        try:
            with tenancy.unscoped(), transaction.atomic():
                alliance = importer.run(rows, slug=slug or manifest["alliance"])
        except BaseException:
            importer.remove_written_files()
            raise
    except backup.BackupError as exc:
        raise TransferError(str(exc)) from exc
    finally:
        archive.close()
    for command in REBUILD_COMMANDS:
        if command in get_commands():
            call_command(command, alliance=alliance.slug, verbosity=0)
    return Summary(
        slug=alliance.slug,
        rows=sum(importer.counts.values()),
        files=len(importer.written),
        path=path,
        counts=dict(importer.counts),
    )


class _Importer:
    def __init__(self, manifest: dict[str, Any], archive: zipfile.ZipFile) -> None:
        self.manifest = manifest
        self.archive = archive
        # model label → old key → new key
        self.map: dict[str, dict[Any, Any]] = defaultdict(dict)
        self.counts: dict[str, int] = defaultdict(int)
        self.new_users: set[int] = set()  # old keys of accounts created here
        self.written: list[tuple[Any, str]] = []  # (storage, name) of files written
        self.saved_files: dict[tuple[str, str], str] = {}
        # (model, new key, attname, target label, old target key), filled in at the end
        self.later: list[tuple[type[models.Model], Any, str, str, Any]] = []
        self.m2m: list[tuple[models.ManyToManyField[Any, Any], Any, list[Any]]] = []
        self.named: list[tuple[type[models.Model], Any, str, str, Any]] = []

    # ------------------------------------------------------------------ the steps

    def run(self, rows: list[dict[str, Any]], *, slug: str) -> Alliance:
        by_model: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            by_model[row["model"]].append(row)
        for label, model_rows in by_model.items():
            model_rows.sort(key=lambda row: row["pk"])
            if label != ALLIANCE and _model(label) is None:
                raise TransferError(f"The dump holds rows of {label}, unknown here.")
        alliance = self._alliance(by_model.get(ALLIANCE, []), slug)
        user_model = _user_model()
        if not issubclass(user_model, AllianceOwned):
            self._accounts(by_model.get(key(user_model), []))
            for label in ACCOUNT_MODELS:
                model = _model(label)
                if model is not None:
                    self._account_rows(model, by_model.get(label, []))
        for model in dependency_order(content_models()):
            self._content(model, by_model.get(key(model), []))
        self._fill_in_later()
        self._many_to_many()
        self._named_references()
        self._check_counts()
        return alliance

    def _alliance(self, rows: list[dict[str, Any]], slug: str) -> Alliance:
        if len(rows) != 1:
            raise TransferError("The dump holds no alliance row.")
        if Alliance.objects.filter(slug=slug).exists():
            raise TransferError(
                f"This install has an alliance {slug!r} already; import it under another "
                "short name (--slug)."
            )
        fields = dict(rows[0]["fields"])
        fields["slug"] = slug
        fields["is_active"] = True
        if fields.get("domain") and Alliance.objects.filter(domain=fields["domain"]).exists():
            fields["domain"] = None  # another alliance here answers to it
        alliance = self._deserialise(Alliance, fields)
        alliance.full_clean(exclude=["created_at"])
        models.Model.save_base(alliance, raw=True)
        self.map[ALLIANCE][rows[0]["pk"]] = alliance.pk
        self.counts[ALLIANCE] = 1
        return alliance

    def _accounts(self, rows: list[dict[str, Any]]) -> None:
        user_model = _user_model()
        label = key(user_model)
        manager = user_model._base_manager
        for row in rows:
            email = str(row["fields"]["email"]).lower()
            existing = manager.filter(email__iexact=email).values_list("pk", flat=True).first()
            self.counts[label] += 1
            if existing is not None:
                self.map[label][row["pk"]] = existing
                continue
            fields = dict(row["fields"])
            fields["is_superuser"] = False  # an operator elsewhere is none here
            fields.pop("groups", None)  # unused (roles live on the memberships)
            permissions = fields.pop("user_permissions", [])
            user = self._deserialise(user_model, fields)
            models.Model.save_base(user, raw=True)
            self.map[label][row["pk"]] = user.pk
            self.new_users.add(row["pk"])
            if permissions:
                user.user_permissions.set([self._permission(old) for old in permissions])

    def _account_rows(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        """An existing account keeps its own addresses and second factors."""
        user_label = key(_user_model())
        for row in rows:
            self.counts[key(model)] += 1
            if row["fields"]["user"] not in self.new_users:
                continue
            fields = dict(row["fields"])
            fields["user"] = self.map[user_label][fields["user"]]
            obj = self._deserialise(model, fields)
            models.Model.save_base(obj, raw=True)
            self.map[key(model)][row["pk"]] = obj.pk

    def _content(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        label = key(model)
        keys = _foreign_keys(model)
        many = {f.name: f for f in _many_to_many(model)}
        files = _file_fields(model)
        self._renew_taken_values(model, rows)
        for row in rows:
            fields = dict(row["fields"])
            pending: list[tuple[str, str, Any]] = []
            for fk in keys:
                old = fields.get(fk.name)
                if old is None:
                    continue
                target = key(fk.related_model)
                new = self._mapped(target, old)
                if new is None:
                    if not fk.null:
                        raise TransferError(
                            f"{label}.{fk.name} of row {row['pk']} refers to {target} "
                            f"{old}, which is not in the dump."
                        )
                    pending.append((fk.attname, target, old))
                fields[fk.name] = new
            m2m_values = {name: fields.pop(name, []) for name in many}
            for file_field in files:
                if fields.get(file_field.name):
                    fields[file_field.name] = self._file(file_field, fields[file_field.name])
            obj = self._deserialise(model, fields)
            models.Model.save_base(obj, raw=True)
            self.map[label][row["pk"]] = obj.pk
            self.counts[label] += 1
            for attname, target, old in pending:
                self.later.append((model, obj.pk, attname, target, old))
            for name, values in m2m_values.items():
                if values:
                    self.m2m.append((many[name], obj.pk, values))
            for model_label, type_field, id_field in NAMED_REFERENCES:
                if label == model_label and str(fields.get(id_field) or "").isdigit():
                    self.named.append(
                        (model, obj.pk, id_field, str(fields[type_field]), fields[id_field])
                    )
            self._generic_references(model, obj.pk, row["fields"])

    def _fill_in_later(self) -> None:
        for model, pk, attname, target, old in self.later:
            new = self._mapped(target, old)
            if new is None:
                raise TransferError(f"{key(model)}.{attname} refers to {target} {old}: missing.")
            model._base_manager.filter(pk=pk).update(**{attname: new})

    def _many_to_many(self) -> None:
        rows: dict[Any, list[models.Model]] = defaultdict(list)
        for m2m, pk, values in self.m2m:
            through: Any = m2m.remote_field.through
            target = key(m2m.related_model)
            for old in values:
                new = self._mapped(target, old)
                if new is None:
                    raise TransferError(f"{m2m.model._meta.label}.{m2m.name}: {target} {old}?")
                rows[through].append(
                    through(
                        **{
                            f"{m2m.m2m_field_name()}_id": pk,
                            f"{m2m.m2m_reverse_field_name()}_id": new,
                        }
                    )
                )
        for through, objs in rows.items():
            through._base_manager.bulk_create(objs, batch_size=CHUNK)

    def _generic_references(
        self, model: type[models.Model], pk: Any, fields: dict[str, Any]
    ) -> None:
        """A generic relation (content type + object id) follows the map like a key."""
        for generic in model._meta.private_fields:
            if not isinstance(generic, GenericForeignKey):
                continue
            old_type, old_id = fields.get(generic.ct_field), fields.get(generic.fk_field)
            if old_type is not None and str(old_id or "").isdigit():
                app_label, name = self.manifest["content_types"][str(old_type)]
                self.named.append((model, pk, generic.fk_field, f"{app_label}.{name}", old_id))

    def _named_references(self) -> None:
        for model, pk, id_field, target, old in self.named:
            new = self.map.get(target, {}).get(int(old))
            if new is not None:
                value = new if isinstance(old, int) else str(new)
                model._base_manager.filter(pk=pk).update(**{id_field: value})

    def _check_counts(self) -> None:
        expected: dict[str, int] = self.manifest["counts"]
        wrong = {
            label: (count, self.counts.get(label, 0))
            for label, count in expected.items()
            if self.counts.get(label, 0) != count
        }
        if wrong:
            raise TransferError(f"Rows per model differ after the import (dump, here): {wrong}")

    # ------------------------------------------------------------------ helpers

    def _deserialise(self, model: type[models.Model], fields: dict[str, Any]) -> Any:
        data = {"model": key(model), "pk": None, "fields": fields}
        (deserialised,) = list(Deserializer([data]))
        return deserialised.object

    def _mapped(self, target: str, old: Any) -> Any:
        if target == "contenttypes.contenttype":
            app_label, model = self.manifest["content_types"][str(old)]
            return ContentType.objects.get_by_natural_key(app_label, model).pk
        if target == "auth.permission":
            return self._permission(old)
        if target == "auth.group":
            return None  # unused: roles live on the memberships
        return self.map.get(target, {}).get(old)

    def _permission(self, old: Any) -> int:
        app_label, model, codename = self.manifest["permissions"][str(old)]
        return int(Permission.objects.get_by_natural_key(codename, app_label, model).pk)

    def _renew_taken_values(self, model: type[models.Model], rows: list[dict[str, Any]]) -> None:
        """A value unique in the whole install that is taken here gets a new one."""
        for unique in model._meta.concrete_fields:
            if not unique.unique or unique.primary_key or unique.is_relation:
                continue
            values = [row["fields"].get(unique.name) for row in rows]
            taken: set[Any] = set()
            for start in range(0, len(values), CHUNK):
                chunk = [value for value in values[start : start + CHUNK] if value is not None]
                taken.update(
                    model._base_manager.filter(**{f"{unique.name}__in": chunk}).values_list(
                        unique.name, flat=True
                    )
                )
            if not taken:
                continue
            if not callable(unique.default):
                raise TransferError(
                    f"{key(model)}.{unique.name}: {sorted(map(str, taken))[:3]} exist in this "
                    "install already and cannot be renewed."
                )
            for row in rows:
                if row["fields"].get(unique.name) in taken:
                    row["fields"][unique.name] = unique.get_default()

    def _file(self, file_field: models.FileField, name: str) -> str:
        folder = folder_of(file_field)
        if (folder, name) in self.saved_files:
            return self.saved_files[(folder, name)]
        try:
            content = self.archive.read(f"{folder}/{name}")
        except KeyError as exc:
            raise TransferError(f"{folder}/{name} is named by a row but missing.") from exc
        storage = file_field.storage
        saved = storage.save(name, ContentFile(content))
        self.written.append((storage, saved))
        self.saved_files[(folder, name)] = saved
        return saved

    def remove_written_files(self) -> None:
        for storage, name in self.written:
            storage.delete(name)


def dependency_order(content: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models so that each comes after those its keys point to; in a cycle, the
    first model whose required (non-null) keys are all satisfied goes first."""
    remaining = list(content)
    included = set(remaining)
    done: set[type[models.Model]] = set()
    order: list[type[models.Model]] = []

    def targets(model: type[models.Model], required: bool) -> set[Any]:
        return {
            fk.related_model
            for fk in _foreign_keys(model)
            if fk.related_model in included
            and fk.related_model is not model
            and not (required and fk.null)
        }

    while remaining:
        ready = [m for m in remaining if targets(m, required=False) <= done]
        if not ready:
            ready = [m for m in remaining if targets(m, required=True) <= done][:1]
        if not ready:
            names = ", ".join(key(m) for m in remaining)
            raise TransferError(f"Required keys go round in a circle among: {names}.")
        for model in ready:
            order.append(model)
            done.add(model)
            remaining.remove(model)
    return order
