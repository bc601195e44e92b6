"""The printed Familienwegweiser: coordinators build it in the background and download it."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import AuditEntry
from familienrathaus.core.models.users import Role
from familienrathaus.core.tasks import recover_jobs
from familienrathaus.guide import permissions, printing, tasks
from familienrathaus.guide.models import GuideBuild
from familienrathaus.offers.models import Offer
from tests.factories import (
    EARLY_HELP,
    EDUCATION,
    HEALTH,
    OfferFactory,
    UserFactory,
    audience,
    pdf_images,
    pdf_info,
    pdf_objects,
    pdf_text,
    theme,
)

BUILDS = reverse("guide:builds")


def start(client, **data):
    return client.post(BUILDS, {"scope": "all", "theme": "", "audience": "", **data})


def download(client, build: GuideBuild) -> bytes:
    response = client.get(reverse("guide:build_file", args=[build.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


# --------------------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.FAMILY, False),
        (Role.PARTNER, False),
        (Role.COORDINATOR, True),
        (Role.ADMINISTRATOR, True),
    ],
)
@pytest.mark.django_db
def test_only_coordinators_may_build_the_guide(role, allowed):
    assert permissions.can_build_guide(UserFactory(role=role)) is allowed


@pytest.mark.django_db
def test_partner_staff_and_families_can_neither_see_nor_start_builds(
    partner_client, family_client, anon_client
):
    for client in (partner_client, family_client):
        assert client.get(BUILDS).status_code == 403
        assert start(client).status_code == 403
    response = anon_client.get(BUILDS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert start(anon_client).status_code == 302
    assert not GuideBuild.objects.exists()


@pytest.mark.django_db
def test_partner_staff_cannot_download_a_finished_build(coordinator, partner_client):
    OfferFactory(in_guide=True, title="Stillcafé am Markt")
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(build.pk)
    assert partner_client.get(reverse("guide:build_file", args=[build.pk])).status_code == 403
    assert partner_client.get(reverse("guide:build", args=[build.pk])).status_code == 403


@pytest.mark.django_db
def test_the_back_office_shows_coordinators_the_guide_tile(coordinator_client, partner_client):
    assert BUILDS in coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert BUILDS not in partner_client.get(reverse("core:dashboard")).content.decode()


# --------------------------------------------------------------------------- building


@pytest.mark.django_db(transaction=True)
def test_coordinator_builds_the_whole_guide_through_the_worker(
    coordinator, client_for, run_worker, tmp_path
):
    client = client_for(coordinator)
    OfferFactory(in_guide=True, title="Stillberatung im Storchennest", themes=[theme(HEALTH)])
    OfferFactory(
        in_guide=True,
        title="Hausaufgabenhilfe Lernwerkstatt",
        themes=[theme(EDUCATION), theme(HEALTH)],
    )
    OfferFactory(in_guide=True, title="Entwurf Geheimes Angebot", status=Offer.Status.DRAFT)

    response = start(client)
    build = GuideBuild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("guide:build", args=[build.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Waiting for the worker" in page
    assert "Refresh status" in page
    assert build.status == GuideBuild.Status.QUEUED

    run_worker()

    build.refresh_from_db()
    assert build.status == GuideBuild.Status.DONE, build.error
    assert build.progress == 100
    assert build.offer_count == 2
    page = client.get(reverse("guide:build", args=[build.pk])).content.decode()
    assert "Download PDF" in page
    assert "Refresh status" not in page

    content = download(client, build)
    assert content.startswith(b"%PDF-")
    text = pdf_text(content, tmp_path)
    assert "Stillberatung im Storchennest" in text
    assert "Hausaufgabenhilfe Lernwerkstatt" in text
    assert "Entwurf Geheimes Angebot" not in text
    # Each entry names its partner, and so does the index of partners at the end.
    partner = Offer.objects.get(title="Stillberatung im Storchennest").organisation.name
    assert text.count(partner) == 2
    info = pdf_info(content, tmp_path)
    assert info["Tagged"] == "yes"
    assert int(info["Pages"]) == build.page_count
    with translation.override(build.language):  # the guide is printed in its own language
        assert info["Title"].startswith(build.title)
    assert AuditEntry.objects.filter(action="guide_build.request", actor=coordinator).exists()


@pytest.mark.django_db
def test_every_entry_has_a_qr_code_with_alt_text_and_its_address(coordinator, tmp_path):
    OfferFactory(in_guide=True, title="Familienpatenschaft Nord", slug="familienpatenschaft-nord")
    OfferFactory(in_guide=True, title="Familienpatenschaft Süd", slug="familienpatenschaft-sued")
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator, language="en")
    tasks.build_guide.call(build.pk)
    build.refresh_from_db()
    content = build.file.read()

    # The address the QR code holds is printed under the entry as well: in an English
    # guide it leads to the English page.
    text = pdf_text(content, tmp_path)
    assert "http://127.0.0.1:8000/en/angebote/familienpatenschaft-nord/" in text
    qr_codes = [image for image in pdf_images(content, tmp_path) if image[0] == image[1]]
    assert len(qr_codes) == 2
    objects = pdf_objects(content)
    assert "/Alt (QR code: link to Familienpatenschaft Nord)" in objects
    assert "/Lang (en)" in objects


@pytest.mark.django_db
def test_a_theme_guide_contains_only_that_theme(coordinator_client, tmp_path):
    OfferFactory(in_guide=True, title="Rückenschule für Eltern", themes=[theme(HEALTH)])
    OfferFactory(in_guide=True, title="Lesepaten Stadtbibliothek", themes=[theme(EDUCATION)])
    OfferFactory(
        in_guide=True, title="Babyschwimmen Hallenbad", themes=[theme(EDUCATION), theme(HEALTH)]
    )

    start(coordinator_client, scope="theme", theme=theme(HEALTH).pk)
    build = GuideBuild.objects.get()
    assert build.scope_name == "Gesundheit"
    tasks.build_guide.call(build.pk)

    text = pdf_text(download(coordinator_client, GuideBuild.objects.get()), tmp_path)
    assert "Rückenschule für Eltern" in text
    assert "Babyschwimmen Hallenbad" in text
    assert "Lesepaten Stadtbibliothek" not in text
    assert "Bildung und Betreuung" not in text


@pytest.mark.django_db
def test_an_audience_guide_contains_only_offers_for_that_audience(coordinator_client, tmp_path):
    OfferFactory(in_guide=True, title="Hebammensprechstunde", audiences=[audience(EARLY_HELP)])
    OfferFactory(in_guide=True, title="Seniorentanz im Park", audiences=[audience("seniorinnen")])

    start(coordinator_client, scope="audience", audience=audience(EARLY_HELP).pk)
    build = GuideBuild.objects.get()
    tasks.build_guide.call(build.pk)

    text = pdf_text(download(coordinator_client, build), tmp_path)
    assert "Hebammensprechstunde" in text
    assert "Seniorentanz im Park" not in text
    assert "Frühe Hilfen" in text  # in the title on the cover


@pytest.mark.django_db
def test_the_status_page_shows_progress_while_the_guide_is_built(coordinator_client, monkeypatch):
    OfferFactory(in_guide=True, title="Elterncafé Regenbogen")
    start(coordinator_client)
    build = GuideBuild.objects.get()
    page = coordinator_client.get(reverse("guide:build", args=[build.pk])).content.decode()
    status_url = reverse("guide:build_status", args=[build.pk])
    assert f'data-progress-url="{status_url}"' in page
    assert "frh/progress.js" in page
    seen: list[dict] = []

    real_write = printing.Renderer.write

    def write_and_look(renderer, documents):
        # What a coordinator sees while the worker is about to write the file.
        seen.append(coordinator_client.get(status_url).json())
        return real_write(renderer, documents)

    monkeypatch.setattr(printing.Renderer, "write", write_and_look)
    tasks.build_guide.call(build.pk)

    assert seen[0]["running"] is True
    assert (seen[0]["done"], seen[0]["total"]) == (88, 100)
    assert seen[0]["text"] == "Being built: Writing the PDF file"
    done = coordinator_client.get(status_url)
    assert done["Cache-Control"] == "no-store"
    assert done.json() | {"text": ""} == {
        "status": "done",
        "running": False,
        "done": 100,
        "total": 100,
        "text": "",
    }
    page = coordinator_client.get(reverse("guide:build", args=[build.pk])).content.decode()
    assert 'value="100"' in page
    assert "data-progress-url" not in page and "frh/progress.js" not in page


@pytest.mark.django_db
def test_a_failed_build_is_recorded_with_its_message(coordinator_client, monkeypatch):
    OfferFactory(in_guide=True)
    start(coordinator_client)
    build = GuideBuild.objects.get()

    def broken(*args, **kwargs):
        raise RuntimeError("Schriftart nicht gefunden")

    monkeypatch.setattr(printing.Renderer, "layout", broken)
    with pytest.raises(RuntimeError):
        tasks.build_guide.call(build.pk)

    build.refresh_from_db()
    assert build.status == GuideBuild.Status.FAILED
    assert build.error == "RuntimeError: Schriftart nicht gefunden"
    assert not build.file
    page = coordinator_client.get(reverse("guide:build", args=[build.pk])).content.decode()
    assert "The guide could not be built" in page
    assert "Schriftart nicht gefunden" in page
    assert coordinator_client.get(reverse("guide:build_file", args=[build.pk])).status_code == 404
    assert coordinator_client.get(reverse("guide:public")).status_code == 404


@pytest.mark.django_db
def test_a_build_whose_worker_stopped_is_shown_as_failed(coordinator_client, coordinator):
    build = GuideBuild.objects.create(
        scope="all",
        status=GuideBuild.Status.RUNNING,
        started_at=timezone.now() - timedelta(hours=1),
        requested_by=coordinator,
    )
    GuideBuild.objects.filter(pk=build.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    page = coordinator_client.get(reverse("guide:build", args=[build.pk])).content.decode()
    build.refresh_from_db()
    assert build.status == GuideBuild.Status.RUNNING  # a page view changes nothing

    recover_jobs.call()  # the worker's periodic recovery (core.jobs)

    page = coordinator_client.get(reverse("guide:build", args=[build.pk])).content.decode()
    build.refresh_from_db()
    assert build.status == GuideBuild.Status.FAILED
    assert "The background worker stopped" in page


@pytest.mark.django_db
def test_a_task_that_runs_twice_builds_once(coordinator):
    OfferFactory(in_guide=True)
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(build.pk)
    build.refresh_from_db()
    first_file = build.file.name
    tasks.build_guide.call(build.pk)
    build.refresh_from_db()
    assert build.file.name == first_file
    assert build.status == GuideBuild.Status.DONE


@pytest.mark.django_db
def test_the_same_guide_is_not_queued_twice(coordinator_client):
    start(coordinator_client)
    response = start(coordinator_client)
    assert response.status_code == 200
    assert "already being built" in response.content.decode()
    assert GuideBuild.objects.count() == 1
    # Another guide may be queued meanwhile.
    assert start(coordinator_client, scope="theme", theme=theme(HEALTH).pk).status_code == 302
    assert GuideBuild.objects.count() == 2


@pytest.mark.django_db
def test_a_theme_guide_without_a_theme_is_refused_at_the_field(coordinator_client):
    response = start(coordinator_client, scope="theme")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Choose the theme to print." in content
    assert 'aria-invalid="true"' in content
    assert '<option value="theme" selected>' in content
    assert not GuideBuild.objects.exists()


@pytest.mark.django_db
def test_the_list_of_builds_can_be_downloaded(coordinator_client, coordinator):
    GuideBuild.objects.create(scope="all", requested_by=coordinator)
    response = coordinator_client.get(BUILDS + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert content.splitlines()[0].startswith("Requested;Guide;Status")
    assert "koordination@example.org" in content


# --------------------------------------------------------------------------- public files


@pytest.mark.django_db
def test_the_public_gets_the_newest_finished_guide(anon_client, coordinator, tmp_path):
    assert anon_client.get("/wegweiser.pdf").status_code == 404
    OfferFactory(in_guide=True, title="Erstes Angebot im Wegweiser")
    old = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(old.pk)
    OfferFactory(in_guide=True, title="Zweites Angebot im Wegweiser")
    new = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(new.pk)
    GuideBuild.objects.create(scope="all", requested_by=coordinator)  # queued, not done

    response = anon_client.get("/wegweiser.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(b"".join(response.streaming_content), tmp_path)
    assert "Zweites Angebot im Wegweiser" in text


@pytest.mark.django_db
def test_the_public_gets_theme_guides_that_were_built(anon_client, coordinator, tmp_path):
    OfferFactory(in_guide=True, title="Kinderarzt-Sprechstunde", themes=[theme(HEALTH)])
    build = GuideBuild.objects.create(
        scope="theme", theme=theme(HEALTH), scope_name="Gesundheit", requested_by=coordinator
    )
    tasks.build_guide.call(build.pk)

    response = anon_client.get("/wegweiser/thema/gesundheit.pdf")
    assert response.status_code == 200
    assert "Kinderarzt-Sprechstunde" in pdf_text(b"".join(response.streaming_content), tmp_path)
    assert anon_client.get(f"/wegweiser/thema/{EDUCATION}.pdf").status_code == 404
    assert anon_client.get("/wegweiser.pdf").status_code == 404


@pytest.mark.django_db
def test_the_back_office_lists_the_public_addresses(coordinator_client, coordinator):
    OfferFactory(in_guide=True)
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(build.pk)
    content = coordinator_client.get(BUILDS).content.decode()
    assert "http://testserver/wegweiser.pdf" in content


# --------------------------------------------------------------------------- printing


def test_print_documents_fetch_only_the_sites_own_files():
    content, headers = printing.local_file(printing.BASE_URL + "static/guide/print.css")
    assert b"@page" in content
    assert headers["Content-Type"] == "text/css"
    for url in (
        "https://example.org/static/guide/print.css",
        "http://print.invalid/static/guide/print.css",
        printing.BASE_URL + "etc/passwd",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            printing.local_file(url)
    with pytest.raises(Exception):  # noqa: B017  refused by the finders' safe_join
        printing.local_file(printing.BASE_URL + "static/../../config/settings.py")


@pytest.mark.django_db
def test_the_cover_shows_the_alliances_logo_from_its_uploads(coordinator, tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (60, 30), (11, 83, 148)).save(buffer, format="PNG")
    site = core_selectors.site_settings()
    site.logo.save("logo.png", ContentFile(buffer.getvalue()))
    site.logo_alt = "Logo des Bündnisses: ein Haus mit Herz"
    site.save()
    OfferFactory(in_guide=True)
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator)
    tasks.build_guide.call(build.pk)
    build.refresh_from_db()
    content = build.file.read()
    assert (60, 30) in pdf_images(content, tmp_path)
    assert "Logo des Bündnisses: ein Haus mit Herz" in pdf_objects(content)


@pytest.mark.django_db
def test_the_demo_queues_one_build_of_the_whole_guide():
    from familienrathaus.core import demo as core_demo
    from familienrathaus.guide import demo

    core_demo.load()
    assert demo.load() == 1
    assert demo.load() == 0
    assert GuideBuild.objects.get().status == GuideBuild.Status.QUEUED


@pytest.mark.django_db
def test_contents_cross_references_and_index_name_the_right_pages(coordinator, tmp_path):
    for number in range(12):
        OfferFactory(
            in_guide=True, title=f"Gesundheitsangebot {number:02d}", themes=[theme(HEALTH)]
        )
    OfferFactory(
        in_guide=True, title="Schulsozialarbeit Mitte", themes=[theme(EDUCATION), theme(HEALTH)]
    )
    build = GuideBuild.objects.create(scope="all", requested_by=coordinator, language="en")
    tasks.build_guide.call(build.pk)
    build.refresh_from_db()
    path = tmp_path / "guide.pdf"
    path.write_bytes(build.file.read())

    def page_text(number: int) -> str:
        return subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(path), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout

    contents = page_text(2)
    pages = {
        name: int(re.findall(rf"{name}\s+(\d+)", contents)[0])
        for name in ("Bildung und Betreuung", "Gesundheit", "Index of partners")
    }
    assert "Bildung und Betreuung" in page_text(pages["Bildung und Betreuung"])
    assert "Gesundheit" in page_text(pages["Gesundheit"]).splitlines()[0]
    assert pages["Index of partners"] == build.page_count
    # Printed once, under its first theme; the other theme refers to its page.
    text = pdf_text(path.read_bytes(), tmp_path)
    assert text.count("Schulsozialarbeit Mitte") == 2
    reference = re.search(r"Schulsozialarbeit Mitte, page (\d+)", text)
    assert reference is not None
    assert "Schulsozialarbeit Mitte" in page_text(int(reference.group(1)))
    assert int(reference.group(1)) < pages["Gesundheit"]
    # The index lists each page of a partner's entries.
    index = page_text(build.page_count)
    partner = Offer.objects.get(title="Schulsozialarbeit Mitte").organisation.name
    listed = re.search(rf"{partner}: ([\d, ]+)", index)
    assert listed is not None
    assert listed.group(1).strip() == str(int(reference.group(1)))
