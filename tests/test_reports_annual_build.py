"""The annual report's PDF: built in the background, recovered when its worker stops,
downloadable by coordinators only, published as a brochure and taken off again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core.models.users import Role
from familienrathaus.core.tasks import recover_jobs
from familienrathaus.news.models import Publication
from familienrathaus.reports import annual_pdf, tasks
from familienrathaus.reports.models import AnnualReport
from familienrathaus.reports.selectors import annual as selectors
from tests.factories import OfferFactory, UserFactory, pdf_info, pdf_text

YEAR = timezone.localdate().year
PDF = b"%PDF-1.7\n% a built annual report\n%%EOF\n"


def year_url(name: str = "reports:annual-year") -> str:
    return reverse(name, args=[YEAR])


def built(**fields) -> AnnualReport:
    """A report whose PDF was built (without rendering one)."""
    report = AnnualReport.objects.create(
        year=YEAR, status=AnnualReport.Status.DONE, progress=100, built_at=timezone.now(), **fields
    )
    report.pdf.save("jahresbericht.pdf", ContentFile(PDF))
    return report


@pytest.fixture(autouse=True)
def _data(db, tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MEDIA_ROOT = tmp_path / "media"
    OfferFactory(published=True)


@pytest.fixture
def fake_pdf(monkeypatch):
    """Render the figures and the HTML, but skip WeasyPrint's layout (slow)."""
    pages = []

    def render(report, *, on_progress=None):
        pages.append(annual_pdf.html(report, on_progress=on_progress))
        return PDF

    monkeypatch.setattr(annual_pdf, "render", render)
    return pages


def test_save_and_build_queues_the_pdf_and_the_worker_builds_it(coordinator_client, fake_pdf):
    response = coordinator_client.post(
        year_url(), {"foreword": "Ein Jahr voller Begegnungen.", "action": "build"}
    )
    assert response["Location"] == f"{year_url()}#annual-pdf"  # where the progress shows
    report = AnnualReport.objects.get(year=YEAR)
    assert report.status == AnnualReport.Status.QUEUED
    assert report.texts == {"foreword": "Ein Jahr voller Begegnungen."}

    page = coordinator_client.get(year_url()).content.decode()
    assert f'data-progress-url="{year_url("reports:annual-status")}"' in page
    assert "frh/progress.js" in page
    state = coordinator_client.get(year_url("reports:annual-status")).json()
    assert (state["status"], state["running"]) == ("queued", True)
    # A second build is refused while the first one waits; the texts are saved all the same.
    response = coordinator_client.post(
        year_url(), {"foreword": "Neu geschrieben.", "action": "build"}
    )
    assert "already being built" in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).texts == {"foreword": "Neu geschrieben."}

    tasks.build_annual_report.call(report.pk)

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DONE
    assert report.progress == 100 and report.built_at is not None
    assert "Neu geschrieben." in fake_pdf[0]
    state = coordinator_client.get(year_url("reports:annual-status")).json()
    assert (state["status"], state["running"]) == ("done", False)
    response = coordinator_client.get(year_url("reports:annual-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF

    tasks.build_annual_report.call(report.pk)  # a task run twice builds once
    assert AnnualReport.objects.get(pk=report.pk).pdf.name == report.pdf.name


def test_a_build_whose_worker_stopped_is_shown_as_failed(coordinator_client):
    report = AnnualReport.objects.create(year=YEAR, status=AnnualReport.Status.RUNNING)
    AnnualReport.objects.filter(pk=report.pk).update(
        heartbeat_at=timezone.now() - timedelta(hours=1)
    )
    coordinator_client.get(year_url())
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReport.Status.RUNNING

    recover_jobs.call()  # the worker's periodic recovery (core.jobs)

    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    page = coordinator_client.get(year_url()).content.decode()
    assert "The background worker stopped before the PDF was finished" in page
    assert coordinator_client.get(year_url("reports:annual-pdf")).status_code == 404
    # … and can be built again.
    coordinator_client.post(year_url(), {"action": "build"})
    assert AnnualReport.objects.get(pk=report.pk).status == AnnualReport.Status.QUEUED


def test_a_failing_build_keeps_its_message(coordinator_client, monkeypatch):
    def broken(report, *, on_progress=None):
        raise RuntimeError("Schriftart nicht gefunden")

    monkeypatch.setattr(annual_pdf, "render", broken)
    coordinator_client.post(year_url(), {"action": "build"})
    report = AnnualReport.objects.get(year=YEAR)
    with pytest.raises(RuntimeError):
        tasks.build_annual_report.call(report.pk)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert "Schriftart nicht gefunden" in coordinator_client.get(year_url()).content.decode()


def test_the_pdf_is_tagged_and_has_every_section(coordinator, tmp_path):
    report = AnnualReport.objects.create(
        year=YEAR, texts={"foreword": "Liebe Leserinnen und Leser,", "events": "Viele Feste."}
    )
    content = annual_pdf.render(report)
    info = pdf_info(content, tmp_path)
    assert info["Tagged"] == "yes"
    assert f"{YEAR}" in info["Title"]
    text = " ".join(pdf_text(content, tmp_path).split())
    for _key, title in selectors.sections_outline():
        assert title in text, title
    assert "Liebe Leserinnen und Leser," in text
    assert "Viele Feste." in text
    assert "Offers online at the end of the year by theme" in text or "Angebote" in text


def test_publishing_lists_the_pdf_with_the_brochures_and_unpublishing_removes_it(
    coordinator_client, client
):
    built()
    response = coordinator_client.post(year_url("reports:annual-publish"))
    assert response.status_code == 302
    report = AnnualReport.objects.get(year=YEAR)
    publication = report.publication
    assert publication is not None and publication.is_public
    assert str(YEAR) in publication.title
    public = client.get(reverse("news:publications")).content.decode()
    assert publication.title in public
    served = client.get(publication.get_absolute_url())
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == PDF
    page = coordinator_client.get(year_url()).content.decode()
    assert publication.get_absolute_url() in page
    assert "data-outdated" not in page
    # Built again: the site keeps the old PDF until the new one is published in its place.
    AnnualReport.objects.filter(pk=report.pk).update(built_at=timezone.now() + timedelta(minutes=1))
    assert "data-outdated" in coordinator_client.get(year_url()).content.decode()
    coordinator_client.post(year_url("reports:annual-publish"))
    report.refresh_from_db()
    assert Publication.objects.get() == report.publication != publication
    publication = report.publication

    coordinator_client.post(year_url("reports:annual-unpublish"))
    report.refresh_from_db()
    assert report.publication is None
    assert not Publication.objects.exists()
    assert publication.title not in client.get(reverse("news:publications")).content.decode()


def test_an_unbuilt_report_cannot_be_published(coordinator_client):
    AnnualReport.objects.create(year=YEAR)
    response = coordinator_client.post(year_url("reports:annual-publish"), follow=True)
    assert "Please build the PDF first." in response.content.decode()
    assert not Publication.objects.exists()


@pytest.mark.parametrize("role", [Role.FAMILY, Role.PARTNER])
def test_the_pdf_is_for_coordinators_only(client, role):
    built()
    assert client.get(year_url("reports:annual-pdf")).status_code == 302  # to the login
    client.force_login(UserFactory(role=role))
    assert client.get(year_url("reports:annual-pdf")).status_code == 404
    assert client.post(year_url("reports:annual-unpublish")).status_code == 404
