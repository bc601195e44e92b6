"""The import flow: who may import, which files are refused, all or nothing, background."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from familienrathaus.core import imports
from familienrathaus.core.models import AuditEntry, ImportRun
from familienrathaus.offers.models import Offer
from familienrathaus.partners.imports import PartnerImport
from familienrathaus.partners.models import Organisation
from tests.factories import (
    OrganisationFactory,
    confirm,
    csv_bytes,
    latest_run,
    read_xlsx,
    upload,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

PARTNERS = [["Name", "Art"], ["Verein A", "Verein"], ["Verein B", "Verein"]]


def import_urls(run: ImportRun) -> list[tuple[str, str]]:
    return [
        ("get", reverse("core:import_index")),
        ("get", reverse("core:import_upload", args=["partner"])),
        ("post", reverse("core:import_upload", args=["angebote"])),
        ("get", reverse("core:import_template", args=["partner", "csv"])),
        ("get", reverse("core:import_run", args=[run.pk])),
        ("get", reverse("core:import_progress", args=[run.pk])),
        ("get", reverse("core:import_errors", args=[run.pk])),
        ("post", reverse("core:import_confirm", args=[run.pk])),
        ("post", reverse("core:import_discard", args=[run.pk])),
    ]


@pytest.fixture
def ready_run(coordinator) -> ImportRun:
    return ImportRun.objects.create(
        resource="partners",
        file_name="partner.csv",
        content=csv_bytes(PARTNERS),
        status=ImportRun.Status.READY,
        created_by=coordinator,
    )


@pytest.mark.parametrize("who", ["partner_client", "family_client"])
def test_partner_staff_and_families_are_refused_everywhere(request, who, ready_run):
    client = request.getfixturevalue(who)

    for method, url in import_urls(ready_run):
        response = getattr(client, method)(url)
        assert response.status_code == 403, url

    ready_run.refresh_from_db()
    assert ready_run.status == ImportRun.Status.READY
    assert not Organisation.objects.filter(name="Verein A").exists()


def test_anonymous_visitors_are_sent_to_the_login(anon_client, ready_run):
    for method, url in import_urls(ready_run):
        response = getattr(anon_client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login"))


def test_coordinators_without_second_factor_are_sent_to_set_it_up(
    client_for, coordinator_without_totp, ready_run
):
    client = client_for(coordinator_without_totp)
    for method, url in import_urls(ready_run):
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


def test_coordinators_find_the_import_tile_and_the_pages(coordinator_client):
    dashboard = coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:import_index") in dashboard

    index = coordinator_client.get(reverse("core:import_index")).content.decode()
    assert reverse("core:import_upload", args=["partner"]) in index
    assert reverse("core:import_upload", args=["angebote"]) in index

    page = coordinator_client.get(reverse("core:import_upload", args=["angebote"]))
    content = page.content.decode()
    assert "Template as Excel workbook (.xlsx)" in content
    assert "New offers" in content  # the choice: drafts or published
    assert "Themenfelder, Themenfeld, Thema" in content  # the column names understood


def test_partner_staff_do_not_see_the_tile(partner_client):
    dashboard = partner_client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:import_index") not in dashboard


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("slug", ["partner", "angebote"])
@pytest.mark.usefixtures("immediate_tasks")
def test_the_template_has_every_column_and_imports_as_it_is(coordinator_client, slug, file_format):
    OrganisationFactory(name="Familienzentrum Sonnenblume")
    spec = imports.get_spec_by_slug(slug)
    assert spec is not None
    response = coordinator_client.get(reverse("core:import_template", args=[slug, file_format]))
    assert response.status_code == 200
    if file_format == "csv":
        header = response.content.decode("utf-8-sig").splitlines()[0].split(";")
    else:
        header = read_xlsx(response.content)[0]
    with translation.override("en"):  # the coordinator reads the site in English
        assert header == [str(column.label) for column in spec.columns]

    page = upload(
        coordinator_client, slug, response.content, f"vorlage.{file_format}", status="draft"
    )

    assert page.context["errors"] == []
    assert page.context["counts"]["failed"] == 0
    assert page.context["counts"]["new"] + page.context["counts"]["updated"] == 1


# --------------------------------------------------------------------------- refused files


@pytest.mark.usefixtures("immediate_tasks")
def test_a_file_over_5_mb_is_refused_with_a_message(coordinator_client):
    big = csv_bytes(PARTNERS) + b"x" * (5 * 1024 * 1024)

    page = upload(coordinator_client, "partner", big)

    assert "The file is larger than 5 MB" in page.content.decode()
    assert not ImportRun.objects.exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_more_than_5000_rows_are_refused_with_a_message(coordinator_client):
    rows = [["Name"]] + [[f"Verein {n}"] for n in range(5_001)]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert (
        "The file has more than 5,000 rows. Please split it into several files."
        in page.content.decode()
    )
    assert latest_run().status == ImportRun.Status.FAILED
    assert not Organisation.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("alt.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "old Excel format (.xls)"),
        ("bild.png", b"\x89PNG\r\n", "Please upload a CSV file (.csv) or an Excel workbook"),
    ],
)
@pytest.mark.usefixtures("immediate_tasks")
def test_unsupported_files_are_refused_by_the_form(coordinator_client, name, content, message):
    page = upload(coordinator_client, "partner", content, name)

    assert message in page.content.decode()
    assert not ImportRun.objects.exists()


def opendocument() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("daten.csv", b"\x00\x01\x02binary\x00" * 20, "neither a CSV file nor an Excel"),
        ("tabelle.xlsx", opendocument(), "not an Excel workbook (.xlsx)"),
        ("kaputt.xlsx", b"PK\x03\x04 broken", "could not be read as an Excel workbook"),
        ("leer.csv", b"\xef\xbb\xbf\r\n", "The file is empty."),
        ("nur-kopf.csv", csv_bytes([["Name", "Art"]]), "no rows below them"),
        (
            "falsch.csv",
            csv_bytes([["Titel", "Art"], ["A", "Verein"]]),
            "lacks these columns: „Name“",
        ),
        (
            "doppelt.csv",
            csv_bytes([["Name", "Organisation"], ["A", "B"]]),
            "The columns “Name” and “Organisation” both mean “Name”.",
        ),
    ],
)
@pytest.mark.usefixtures("immediate_tasks")
def test_unreadable_files_fail_the_check_with_a_message(coordinator_client, name, content, message):
    page = upload(coordinator_client, "partner", content, name)

    assert message in page.content.decode()
    run = latest_run()
    assert run.status == ImportRun.Status.FAILED
    assert bytes(run.content) == b""  # nothing more will be done with the file
    assert "Upload a corrected file" in page.content.decode()


@pytest.mark.usefixtures("immediate_tasks")
def test_unknown_columns_are_ignored_and_named(coordinator_client):
    rows = [["Name", "Bemerkung intern"], ["Verein A", "anrufen"]]

    page = upload(coordinator_client, "partner", csv_bytes(rows))

    assert page.context["counts"]["new"] == 1
    assert "These columns are unknown and were ignored: „Bemerkung intern“" in (
        page.content.decode()
    )


# --------------------------------------------------------------------------- all or nothing


@pytest.mark.usefixtures("immediate_tasks")
def test_a_failure_while_saving_the_third_row_leaves_nothing_behind(
    coordinator_client, monkeypatch
):
    rows = [["Name"], ["Verein A"], ["Verein B"], ["Verein C"], ["Verein D"]]
    upload(coordinator_client, "partner", csv_bytes(rows))
    run = latest_run()
    assert run.status == ImportRun.Status.READY

    saved: list[str] = []
    original = PartnerImport.save

    def failing_save(self, plan, *, context, actor):
        if len(saved) == 2:
            raise RuntimeError("disk full")
        saved.append(plan.label)
        return original(self, plan, context=context, actor=actor)

    monkeypatch.setattr(PartnerImport, "save", failing_save)
    page = confirm(coordinator_client, run)

    assert saved == ["Verein A", "Verein B"]  # two rows were saved before the failure …
    assert not Organisation.objects.exists()  # … and rolled back with it
    assert not AuditEntry.objects.filter(action="import.partners").exists()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert "Saving row 4 failed with an unexpected error. Nothing was imported." in (
        page.content.decode()
    )


@pytest.mark.usefixtures("immediate_tasks")
def test_rows_that_no_longer_fit_at_import_time_stop_the_import(coordinator_client):
    partner = OrganisationFactory(name="Kita Regenbogen", slug="kita-regenbogen")
    rows = [
        ["Partner", "Titel", "Kurzbeschreibung", "Thema"],
        ["Kita Regenbogen", "Krabbelgruppe", "Kurz", "Gesundheit"],
        ["Kita Regenbogen", "Elterncafé", "Kurz", "Gesundheit"],
    ]
    upload(coordinator_client, "angebote", csv_bytes(rows), status="draft")
    run = latest_run()
    assert run.status == ImportRun.Status.READY
    partner.delete()  # meanwhile, someone removes the partner

    page = confirm(coordinator_client, run)

    run.refresh_from_db()
    assert run.status == ImportRun.Status.INVALID
    assert "the stored data has changed" in page.content.decode()
    assert len(page.context["errors"]) == 2
    assert not Offer.objects.exists()


@pytest.mark.usefixtures("immediate_tasks")
def test_a_run_is_imported_only_once(coordinator_client):
    upload(coordinator_client, "partner", csv_bytes(PARTNERS))
    run = latest_run()

    confirm(coordinator_client, run)
    again = confirm(coordinator_client, run)

    assert "This file cannot be imported (any more)." in again.content.decode()
    assert Organisation.objects.count() == 2
    assert AuditEntry.objects.filter(action="import.partners").count() == 1
    run.refresh_from_db()
    assert bytes(run.content) == b""  # the file is not kept after the import


@pytest.mark.usefixtures("immediate_tasks")
def test_a_checked_file_can_be_discarded(coordinator_client):
    upload(coordinator_client, "partner", csv_bytes(PARTNERS))
    run = latest_run()

    page = coordinator_client.post(reverse("core:import_discard", args=[run.pk]), follow=True)

    assert "The file was discarded. Nothing was imported." in page.content.decode()
    run.refresh_from_db()
    assert run.status == ImportRun.Status.DISCARDED
    assert "This file cannot be imported" in confirm(coordinator_client, run).content.decode()
    assert not Organisation.objects.exists()


# --------------------------------------------------------------------------- background


@pytest.mark.django_db(transaction=True)
def test_check_and_import_run_in_the_background_worker(coordinator_client, run_worker):
    page = upload(coordinator_client, "partner", xlsx_bytes(PARTNERS), "partner.xlsx")

    # Nothing has been checked yet: the page shows that it waits, and how to refresh.
    run = latest_run()
    assert run.status == ImportRun.Status.QUEUED
    content = page.content.decode()
    assert "The file waits to be checked." in content
    assert reverse("core:import_progress", args=[run.pk]) in content
    progress = coordinator_client.get(reverse("core:import_progress", args=[run.pk])).json()
    assert progress["running"] is True
    assert progress["status"] == "queued"

    run_worker()

    progress = coordinator_client.get(reverse("core:import_progress", args=[run.pk])).json()
    assert progress == {
        "status": "ready",
        "running": False,
        "done": 2,
        "total": 2,
        "text": "",
    }
    page = coordinator_client.get(reverse("core:import_run", args=[run.pk]))
    assert page.context["counts"]["new"] == 2

    page = confirm(coordinator_client, run)
    assert "The rows are being saved." in page.content.decode()
    assert not Organisation.objects.exists()

    run_worker()

    run.refresh_from_db()
    assert run.status == ImportRun.Status.DONE
    assert set(Organisation.objects.values_list("name", flat=True)) == {"Verein A", "Verein B"}


@pytest.mark.usefixtures("immediate_tasks")
def test_the_recent_imports_are_listed(coordinator_client):
    upload(coordinator_client, "partner", csv_bytes(PARTNERS), "meine-partner.csv")

    index = coordinator_client.get(reverse("core:import_index")).content.decode()

    assert "meine-partner.csv" in index
    assert "ready to import" in index


def test_upload_form_names_a_missing_file(coordinator_client):
    page = coordinator_client.post(
        reverse("core:import_upload", args=["partner"]),
        {"file": SimpleUploadedFile("x.csv", b"")},
    )
    assert page.status_code == 200
    assert "The submitted file is empty." in page.content.decode()
