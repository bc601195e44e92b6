"""Publications: uploaded PDFs and generated ones from other apps, with language and size."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from familienrathaus.core.models import AuditEntry
from familienrathaus.news import publications
from familienrathaus.news.models import Publication
from tests.factories import PeriodFactory
from tests.factories.documents import pdf_upload

pytestmark = pytest.mark.django_db


def pdf(size: int = 2048) -> SimpleUploadedFile:
    return pdf_upload("broschuere.pdf", size)


def test_uploaded_brochure_is_listed_with_language_and_size(
    coordinator_client: Client, anon_client: Client
) -> None:
    response = coordinator_client.post(
        "/verwaltung/neuigkeiten/broschueren/",
        {"title": "Ratgeber Elternzeit", "description": "", "language": "en", "file": pdf(2048)},
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.size_bytes == 2048
    page = anon_client.get("/broschueren/").content.decode()
    assert "Ratgeber Elternzeit" in page
    assert "English" in page
    assert "2.0\xa0KB" in page
    download = anon_client.get(publication.get_absolute_url())
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_file_that_is_no_pdf_is_refused(coordinator_client: Client) -> None:
    fake = SimpleUploadedFile("flyer.pdf", b"<html>nope</html>", content_type="application/pdf")
    response = coordinator_client.post(
        "/verwaltung/neuigkeiten/broschueren/",
        {"title": "Falsch", "language": "de", "file": fake},
    )
    assert response.status_code == 200
    assert "Please upload a PDF document." in response.content.decode()
    assert not Publication.objects.exists()


def test_deleting_a_brochure_is_audit_logged(coordinator_client: Client) -> None:
    coordinator_client.post(
        "/verwaltung/neuigkeiten/broschueren/",
        {"title": "Alt", "language": "de", "file": pdf()},
    )
    publication = Publication.objects.get()
    coordinator_client.post(f"/verwaltung/neuigkeiten/broschueren/{publication.pk}/loeschen/")
    assert not Publication.objects.exists()
    assert AuditEntry.objects.filter(action="publication.delete").exists()


def test_other_apps_register_generated_publications(anon_client: Client) -> None:
    publications.register(
        "test-holidays",
        lambda: [
            publications.GeneratedPublication(
                title="Ferienspaß-Heft",
                url="/ferien/heft.pdf",
                language="de",
                size_bytes=3 * 1024**2,
            )
        ],
    )
    try:
        page = anon_client.get("/broschueren/").content.decode()
    finally:
        publications._providers.pop("test-holidays")
    assert "Ferienspaß-Heft" in page
    assert "3.0\xa0MB" in page
    assert "German" in page


def test_partners_cannot_upload_brochures(partner_client: Client) -> None:
    assert partner_client.get("/verwaltung/neuigkeiten/broschueren/").status_code == 403


def test_holiday_brochure_is_listed(anon_client: Client) -> None:
    from datetime import date, timedelta

    from django.utils import timezone

    PeriodFactory(
        name="Herbstferien 2027",
        slug="herbst-2027",
        holiday_start=date(2027, 10, 4),
        holiday_end=date(2027, 10, 15),
        booking_opens=timezone.now() + timedelta(days=30),
    )
    page = anon_client.get("/broschueren/").content.decode()
    assert "Holiday programme: Herbstferien 2027" in page
    assert "/ferienspass/herbst-2027/broschuere.pdf" in page
    assert re.search(r"PDF, [\d.]+\xa0KB", page)
