"""`manage.py backup` and `manage.py restore`: a round trip into an empty install.

The source is the test database (with the demo alliance for the round trip) and some
public and private files; the target is a second install (a fresh database of the same
kind, migrated, with its own media folders), run as separate processes the way an
operator would. On the PostgreSQL run of the suite both databases are PostgreSQL.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from familienrathaus.core import backup
from tests.conftest import database_url
from tests.databases import fresh_database
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

BASE_DIR = Path(__file__).resolve().parent.parent
COUNTS = (
    "import json; from familienrathaus.core import backup; "
    "print(json.dumps(backup.row_counts('default')))"
)
CREATE_USER = (
    "from familienrathaus.core import tenancy\n"
    "from familienrathaus.core.models import User\n"
    "with tenancy.activate(tenancy.first()):\n"
    "    User.objects.create_user(email='schon-da@example.org', password='x-Y-z-123456')\n"
)
SEARCH = (
    "from django.test import Client; c = Client(HTTP_HOST='localhost', HTTP_ACCEPT_LANGUAGE='de'); "
    "r = c.get('/angebote/', {'q': 'Familie'}); "
    "print(r.status_code, r.content.count(b'/angebote/'))"
)


def hashes(root: Path) -> dict[str, str]:
    return {name: backup.sha256(path) for name, path in backup.files_under(root)}


class Install:
    """A second install: its own database and folders, driven through manage.py."""

    def __init__(self, directory: Path, database_url: str) -> None:
        self.media_root = directory / "media"
        self.private_root = directory / "private"
        self.env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "FRH_")) and key != "DATABASE_URL"
        }
        self.env.update(
            {
                "DATABASE_URL": database_url,
                "FRH_VAR_DIR": str(directory),
                "FRH_MEDIA_ROOT": str(self.media_root),
                "FRH_PRIVATE_ROOT": str(self.private_root),
            }
        )

    def manage(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if check:
            assert result.returncode == 0, result.stdout + result.stderr
        return result

    def counts(self) -> dict[str, int]:
        result = self.manage("shell", "--verbosity=0", "--command", COUNTS)
        counts: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
        return counts


@pytest.fixture
def source(tmp_path):
    """The test database as an install, with public and private files."""
    install = Install(tmp_path / "source", database_url())
    UserFactory(email="familie@example.org")
    files = {
        install.media_root / "news" / "bild.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)),
        install.media_root / "guide" / "wegweiser 2027.pdf": b"%PDF-1.7 guide",
        install.private_root / "holidays" / "proofs" / "3f2a.pdf": b"%PDF-1.4 Bescheid",
        install.private_root / "ä-folder" / "nachweis.pdf": b"%PDF-1.4 " + os.urandom(64),
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return install


@pytest.fixture
def target(tmp_path):
    with fresh_database(tmp_path, "restore") as url:
        install = Install(tmp_path / "target", url)
        install.manage("migrate", "--no-input", "--verbosity=0")
        install.manage("createcachetable")
        yield install


def test_a_backup_restores_into_an_empty_install_with_every_row_and_file(source, target, tmp_path):
    call_command("load_demo", stdout=io.StringIO())
    archive = tmp_path / "backup.tar.gz"
    source.manage("backup", str(archive))
    source_counts = backup.row_counts("default")
    source_counts.pop("sessions.session", None)

    result = target.manage("restore", str(archive))

    assert "Restored" in result.stdout
    target_counts = target.counts()
    # When each alliance's search index last changed: the rebuild after a restore
    # writes these markers anew for every alliance and kind.
    source_counts.pop("search.searchindexstate", None)
    target_counts.pop("search.searchindexstate", None)
    assert source_counts["core.user"] > 10
    assert source_counts["offers.offer"] > 100
    assert target_counts == source_counts
    assert hashes(target.media_root) == hashes(source.media_root)
    assert hashes(target.private_root) == hashes(source.private_root)
    assert len(hashes(target.private_root)) == 2
    # The restored site answers: the start page and a search in the rebuilt index.
    page = target.manage("shell", "--verbosity=0", "--command", SEARCH)
    status, links = page.stdout.split()[-2:]
    assert status == "200"
    assert int(links) > 3

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
    assert names[:2] == ["manifest.json", "database.jsonl"]
    assert "private/holidays/proofs/3f2a.pdf" in names
    assert manifest["format"] == 1
    assert manifest["version"]
    assert manifest["created"]
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["offers.offer"] == source_counts["offers.offer"]
    assert set(manifest["files"]) == {"media", "private"}
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data: owner only"


def test_restore_refuses_a_damaged_archive_and_an_install_with_data_unless_forced(
    source, target, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    source.manage("backup", str(archive))
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            content = original.extractfile(member).read()
            if member.name == "private/holidays/proofs/3f2a.pdf":
                content = b"%PDF-1.4 changed"
                member.size = len(content)
            copy.addfile(member, io.BytesIO(content))

    result = target.manage("restore", str(damaged), check=False)

    assert result.returncode != 0
    assert "damaged" in result.stderr
    assert target.counts()["core.user"] == 0
    assert not hashes(target.private_root)

    target.manage("shell", "--command", CREATE_USER)
    (target.media_root / "old.txt").parent.mkdir(parents=True, exist_ok=True)
    (target.media_root / "old.txt").write_text("from before")

    refused = target.manage("restore", str(archive), check=False)

    assert refused.returncode != 0
    assert "not empty" in refused.stderr
    assert "1 user account" in refused.stderr
    assert (target.media_root / "old.txt").exists()

    target.manage("restore", "--force", str(archive))

    assert not (target.media_root / "old.txt").exists()
    counts = target.counts()
    assert counts["core.user"] == backup.row_counts("default")["core.user"]
    assert hashes(target.private_root) == hashes(source.private_root)
