"""Backup and restore of a whole install: the database, the public and the private media.

``manage.py backup FILE`` writes one ``.tar.gz`` archive::

    manifest.json     format, application version, created, database vendor, the applied
                      migrations, rows per model, files per folder with their SHA-256
    database.jsonl    every row of every model (Django's JSON-lines serialisation)
    media/...         the public uploads (MEDIA_ROOT)
    private/...       the private files (PRIVATE_MEDIA_ROOT)

``manage.py restore FILE`` puts such an archive into an install of the same version.

Why Django's serialisation and not pg_dump or a copy of the SQLite file: one format and
one code path for SQLite and PostgreSQL, so a backup made on SQLite restores into
PostgreSQL (moving a small install to a bigger server), no client binaries of the right
major version are needed next to a remote PostgreSQL server, and the archive is
readable. Primary keys are kept (links, numbers and references stay valid); content types
and permissions travel along, so nothing is looked up by natural key. What is not a model
(the search index, the cache table) is rebuilt or starts empty; sessions are left out,
so everybody logs in again after a restore.

A backup is consistent while the site runs: on SQLite it first takes a snapshot with
SQLite's online backup API (writers wait only for the page copy) and serialises that
snapshot; on PostgreSQL it reads inside one ``REPEATABLE READ`` transaction.

A restore runs in one transaction: it empties the tables, loads the rows, checks every
foreign key and the row counts of the manifest, and only then commits; the files follow.
It refuses an install with data (a user account or an uploaded file) unless forced, and
an install whose applied migrations differ from the backup's.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command, get_commands
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from familienrathaus.core import tenancy

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE = "database.jsonl"
# Archive folder → the setting naming the folder on disk.
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
SNAPSHOT_ALIAS = "backup_snapshot"
# Commands that rebuild what is derived from the rows and not kept in the archive.
REBUILD_COMMANDS = ["reindex_offers", "reindex_network"]


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


@dataclass
class Summary:
    rows: int
    files: dict[str, int]
    path: Path


# --------------------------------------------------------------------------- shared


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete model with a table of its own; sessions are not kept."""
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model is not Session
    ]


def model_key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def folder_root(folder: str) -> Path:
    return Path(getattr(settings, FOLDERS[folder]))


def applied_migrations(using: str) -> list[list[str]]:
    recorder = MigrationRecorder(connections[using])
    return sorted([app, name] for app, name in recorder.applied_migrations())


@tenancy.unscoped()
def row_counts(using: str) -> dict[str, int]:
    return {
        model_key(model): model._default_manager.using(using).count()
        for model in backed_up_models()
    }


def application_version() -> str:
    try:
        return metadata.version("familienrathaus")
    except metadata.PackageNotFoundError:
        return "unknown"


def files_under(root: Path) -> Iterator[tuple[str, Path]]:
    """(relative POSIX name, path) of every regular file under ``root``, sorted."""
    if not root.is_dir():
        return
    for directory, subdirectories, names in os.walk(root):
        subdirectories.sort()
        for name in sorted(names):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(root).as_posix(), path


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------- backup


@contextmanager
def consistent_reads(workdir: Path) -> Iterator[str]:
    """A database alias whose reads all see one moment of the database."""
    connection = connections["default"]
    if connection.vendor == "sqlite":
        snapshot = workdir / "snapshot.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(snapshot)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        connections.settings[SNAPSHOT_ALIAS] = {**connection.settings_dict, "NAME": str(snapshot)}
        try:
            yield SNAPSHOT_ALIAS
        finally:
            connections[SNAPSHOT_ALIAS].close()
            del connections[SNAPSHOT_ALIAS]
            del connections.settings[SNAPSHOT_ALIAS]
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield "default"


def _rows(using: str) -> Iterator[models.Model]:
    for model in backed_up_models():
        yield from model._default_manager.using(using).order_by("pk").iterator(chunk_size=2000)


@tenancy.unscoped()  # the whole install: every alliance's rows
def create_backup(path: Path) -> Summary:
    """Write the archive to ``path`` (via a temporary file next to it)."""
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="frh-backup-") as tmp:
        workdir = Path(tmp)
        dump = workdir / DATABASE
        with consistent_reads(workdir) as using:
            vendor = connections["default"].vendor
            counts = row_counts(using)
            migrations = applied_migrations(using)
            with dump.open("w", encoding="utf-8") as stream:
                serializers.serialize("jsonl", _rows(using), stream=stream)
        files: dict[str, dict[str, str]] = {
            folder: {name: sha256(file) for name, file in files_under(folder_root(folder))}
            for folder in FOLDERS
        }
        manifest = {
            "format": FORMAT,
            "application": "familienrathaus",
            "version": application_version(),
            "created": timezone.now().isoformat(),
            "database_vendor": vendor,
            "migrations": migrations,
            "counts": counts,
            "files": files,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE, recursive=False)
            for folder in FOLDERS:
                root = folder_root(folder)
                for name in files[folder]:
                    archive.add(root / name, arcname=f"{folder}/{name}", recursive=False)
        partial.chmod(0o600)
        partial.replace(path)
    return Summary(
        rows=sum(counts.values()),
        files={folder: len(names) for folder, names in files.items()},
        path=path,
    )


# --------------------------------------------------------------------------- restore


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("The file is not a Familienrathaus backup (no manifest.json).") from exc
    handle = archive.extractfile(member)
    if handle is None:
        raise BackupError("manifest.json in the archive is not a file.")
    manifest: dict[str, Any] = json.loads(handle.read())
    if manifest.get("application") != "familienrathaus" or manifest.get("format") != FORMAT:
        raise BackupError(
            f"Unknown backup format {manifest.get('format')!r}: this version reads format {FORMAT}."
        )
    return manifest


@tenancy.unscoped()
def data_in_install() -> list[str]:
    """What this install already holds (empty: what a fresh `migrate` leaves)."""
    found = []
    users = get_user_model()._default_manager.count()
    if users:
        found.append(f"{users} user account(s)")
    for folder in FOLDERS:
        count = sum(1 for _ in files_under(folder_root(folder)))
        if count:
            found.append(f"{count} file(s) in {folder_root(folder)}")
    return found


def check_migrations(manifest: dict[str, Any]) -> None:
    backup = {tuple(item) for item in manifest["migrations"]}
    here = {tuple(item) for item in applied_migrations("default")}
    if backup == here:
        return
    only_backup = sorted(backup - here)[:5]
    only_here = sorted(here - backup)[:5]
    raise BackupError(
        "The backup was made with other migrations than this install has "
        f"(backup version {manifest.get('version')}). Check out that version and run "
        "`manage.py migrate`, restore, then update as usual. "
        f"Only in the backup: {only_backup or 'none'}; only here: {only_here or 'none'}."
    )


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Refusing the archive: unsafe file name {name!r}.")
    return path


@tenancy.unscoped()
def restore_backup(path: Path, *, force: bool = False) -> Summary:
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    with (
        tarfile.open(path, "r:gz") as archive,
        tempfile.TemporaryDirectory(prefix="frh-restore-") as tmp,
    ):
        manifest = read_manifest(archive)
        check_migrations(manifest)
        found = data_in_install()
        if found and not force:
            raise BackupError(
                "This install is not empty ("
                + ", ".join(found)
                + "). Restore into a freshly migrated install, or pass --force to replace "
                "its data and files with the backup's."
            )
        members = {member.name: member for member in archive.getmembers()}
        if DATABASE not in members:
            raise BackupError("The archive has no database.jsonl.")
        for name, member in members.items():
            _safe_name(name)
            if not (member.isfile() or member.isdir()):
                raise BackupError(f"Refusing the archive: {name!r} is not a regular file.")
        workdir = Path(tmp)
        # Files first: a damaged archive is found before anything here changes.
        restored = _stage_files(archive, members, manifest, workdir)
        archive.extract(members[DATABASE], workdir, filter="data")
        _load_database(workdir / DATABASE, manifest)
        _swap_files(workdir)
    cache.clear()
    for command in REBUILD_COMMANDS:
        if command in get_commands():
            call_command(command, verbosity=0, stdout=io.StringIO())
    return Summary(rows=sum(manifest["counts"].values()), files=restored, path=path)


def _load_database(dump: Path, manifest: dict[str, Any]) -> None:
    expected: dict[str, int] = manifest["counts"]
    with transaction.atomic():
        # Empties every table (also what the migrations seeded: the backup has it).
        call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
        call_command("loaddata", str(dump), verbosity=0)
        ContentType.objects.clear_cache()
        counts = row_counts("default")
        wrong = {
            key: (expected.get(key, 0), counts.get(key, 0))
            for key in sorted(set(expected) | set(counts))
            if expected.get(key, 0) != counts.get(key, 0)
        }
        if wrong:
            raise BackupError(f"Rows per model differ after loading (expected, found): {wrong}")


def _stage_files(
    archive: tarfile.TarFile,
    members: dict[str, tarfile.TarInfo],
    manifest: dict[str, Any],
    workdir: Path,
) -> dict[str, int]:
    """Extract each folder's files into ``workdir/<folder>`` and check their SHA-256."""
    staged: dict[str, int] = {}
    for folder in FOLDERS:
        expected: dict[str, str] = manifest["files"].get(folder, {})
        (workdir / folder).mkdir()
        for name, digest in expected.items():
            member = members.get(f"{folder}/{name}")
            if member is None:
                raise BackupError(f"{folder}/{name} is named in the manifest but missing.")
            archive.extract(member, workdir, filter="data")
            if sha256(workdir / folder / _safe_name(name)) != digest:
                raise BackupError(f"{folder}/{name} is damaged (its SHA-256 differs).")
        staged[folder] = len(expected)
    return staged


def _swap_files(workdir: Path) -> None:
    """Replace the content of each media folder with the staged files."""
    for folder in FOLDERS:
        root = folder_root(folder)
        if root.exists():
            for child in root.iterdir():
                if child.is_dir() and not child.is_symlink():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        root.mkdir(parents=True, exist_ok=True)
        for child in (workdir / folder).iterdir():
            shutil.move(str(child), root / child.name)
