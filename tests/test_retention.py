"""``manage.py prune_old_data``: old import runs, guide builds and task results go."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from familienrathaus.core.models import ImportRun
from familienrathaus.core.tasks import check_import
from familienrathaus.guide.models import GuideBuild
from tests.factories import theme

pytestmark = pytest.mark.django_db

OLD = timedelta(days=31)
RECENT = timedelta(days=29)


def prune(*args: str) -> str:
    out = StringIO()
    call_command("prune_old_data", *args, stdout=out)
    return out.getvalue()


def import_run(status: str, age: timedelta, name: str) -> ImportRun:
    run = ImportRun.objects.create(
        resource="partners", file_name=name, content=b"Name;Art\nVerein A;Verein", status=status
    )
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - age)
    return run


def guide_build(status: str, age: timedelta, **fields) -> GuideBuild:
    build = GuideBuild.objects.create(status=status, **fields)
    if status == GuideBuild.Status.DONE:
        build.file.save(f"test-{build.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    when = timezone.now() - age
    GuideBuild.objects.filter(pk=build.pk).update(created_at=when, finished_at=when)
    build.refresh_from_db()
    return build


def task_result(age: timedelta | None) -> DBTaskResult:
    result = check_import.enqueue(0)
    if age is not None:
        when = timezone.now() - age
        DBTaskResult.objects.filter(pk=result.id).update(
            status="SUCCESSFUL", started_at=when, finished_at=when
        )
    return DBTaskResult.objects.get(pk=result.id)


@pytest.fixture
def data(db):
    health = theme("gesundheit")
    items = {
        "old_done_run": import_run(ImportRun.Status.DONE, OLD, "alt-fertig.csv"),
        "old_invalid_run": import_run(ImportRun.Status.INVALID, OLD, "alt-fehler.csv"),
        "old_ready_run": import_run(ImportRun.Status.READY, OLD, "alt-liegen-geblieben.csv"),
        "old_queued_run": import_run(ImportRun.Status.QUEUED, OLD, "alt-wartet.csv"),
        "recent_run": import_run(ImportRun.Status.DONE, RECENT, "neu.csv"),
        # The whole guide: two old builds; the newer one is still what /wegweiser.pdf serves.
        "oldest_all": guide_build(GuideBuild.Status.DONE, timedelta(days=60), scope="all"),
        "newest_all": guide_build(GuideBuild.Status.DONE, OLD, scope="all"),
        "old_failed": guide_build(GuideBuild.Status.FAILED, OLD, scope="all"),
        "old_theme": guide_build(
            GuideBuild.Status.DONE, timedelta(days=90), scope="theme", theme=health
        ),
        "newer_theme": guide_build(
            GuideBuild.Status.DONE, timedelta(days=40), scope="theme", theme=health
        ),
        "recent_theme": guide_build(GuideBuild.Status.FAILED, RECENT, scope="theme", theme=health),
        "old_task": task_result(OLD),
        "recent_task": task_result(RECENT),
        "waiting_task": task_result(None),
    }
    return items


def exists(obj) -> bool:
    return type(obj).objects.filter(pk=obj.pk).exists()


def test_prune_deletes_exactly_the_old_items_and_their_files(data, anon_client):
    old_files = [data["oldest_all"].file.name, data["old_theme"].file.name]
    kept_files = [data["newest_all"].file.name, data["newer_theme"].file.name]
    assert all(default_storage.exists(name) for name in old_files + kept_files)

    out = prune()

    deleted = ["old_done_run", "old_invalid_run", "old_ready_run"]
    deleted += ["oldest_all", "old_failed", "old_theme", "old_task"]
    assert [name for name in deleted if exists(data[name])] == []
    kept = [name for name in data if name not in deleted]
    assert [name for name in kept if not exists(data[name])] == []
    assert not any(default_storage.exists(name) for name in old_files)
    assert all(default_storage.exists(name) for name in kept_files)
    assert "Deleted 3 import run(s)." in out
    assert "alt-fertig.csv" in out
    assert "Deleted 3 guide build(s) and 2 PDF file(s)." in out
    assert "Deleted 1 task result(s)" in out
    # The public downloads still work.
    assert anon_client.get(reverse("guide:public")).status_code == 200
    assert anon_client.get(reverse("guide:public_theme", args=["gesundheit"])).status_code == 200


def test_dry_run_shows_what_would_go_and_deletes_nothing(data):
    files = [build.file.name or "" for build in GuideBuild.objects.exclude(file="")]

    out = prune("--dry-run")

    assert [name for name in data if not exists(data[name])] == []
    assert all(default_storage.exists(name) for name in files)
    assert "Would delete 3 import run(s)." in out
    assert "alt-liegen-geblieben.csv" in out
    assert "Would delete 3 guide build(s) and 2 PDF file(s)." in out
    assert "Would delete 1 task result(s)" in out


def test_nothing_old_nothing_deleted(db):
    run = import_run(ImportRun.Status.DONE, RECENT, "neu.csv")
    build = guide_build(GuideBuild.Status.DONE, timedelta(days=1), scope="all")

    out = prune()

    assert exists(run) and exists(build)
    assert "Deleted 0 import run(s)." in out
    assert "Deleted 0 guide build(s) and 0 PDF file(s)." in out
