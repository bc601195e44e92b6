"""Reduction proofs are private files (issue 13, points 2 and 3).

A proof is parsed as a PDF (an HTML page behind ``%PDF-`` is refused), stored outside
the public media folder under a random ``.pdf`` name, and served only to its family and
the coordinators, as a download with ``nosniff``; ``PRIVATE_MEDIA_ACCEL`` hands the
sending to the proxy.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from config import settings as project_settings
from familienrathaus.core import uploads
from familienrathaus.core.models import User
from familienrathaus.holidays.models import ReductionClaim
from tests.factories import PeriodFactory, UserFactory
from tests.factories.documents import pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db

HTML_AS_PDF = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n"


@pytest.fixture
def period() -> Any:
    period = PeriodFactory()
    period.reduction_kinds.create(name="Bildung und Teilhabe", percent=100, needs_proof=True)
    return period


def claim_url(period: Any) -> str:
    return f"/ferienspass/{period.slug}/ermaessigung/"


def send_proof(client: Client, period: Any, upload: SimpleUploadedFile) -> Any:
    kind = period.reduction_kinds.get()
    return client.post(claim_url(period), {"kind": kind.pk, "proof": upload})


def test_html_behind_pdf_magic_bytes_is_refused_next_to_the_field(
    family_client: Client, period: Any
) -> None:
    upload = SimpleUploadedFile("bescheid.html", HTML_AS_PDF, content_type="application/pdf")
    response = send_proof(family_client, period, upload)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["proof"] == ["Please upload a PDF document."]
    # The chosen reduction is still selected: nothing else typed is lost.
    assert str(form["kind"].value()) == str(period.reduction_kinds.get().pk)
    assert not ReductionClaim.objects.exists()
    assert not list(Path(settings.MEDIA_ROOT).rglob("bescheid*"))


def test_a_real_pdf_is_stored_privately_under_a_random_name(
    family_client: Client, period: Any, anon_client: Client
) -> None:
    media = Path(settings.MEDIA_ROOT)
    public_before = set(media.rglob("*"))  # other tests' brochures and guides may be there
    response = send_proof(family_client, period, pdf_upload("Bescheid Jobcenter.html"))
    assert response.status_code == 302

    claim = ReductionClaim.objects.get()
    name = claim.proof.name
    assert name.startswith("holidays/proofs/") and name.endswith(".pdf")
    assert "Bescheid" not in name and "Jobcenter" not in name and len(Path(name).stem) == 32
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / name
    assert stored.read_bytes().startswith(b"%PDF-")
    assert not Path(settings.PRIVATE_MEDIA_ROOT).is_relative_to(settings.MEDIA_ROOT)
    assert set(media.rglob("*")) == public_before, "nothing of the upload in public media"
    # Under /media/ it does not exist, neither under its own name nor the family's.
    assert anon_client.get(f"/media/{name}").status_code == 404
    assert anon_client.get("/media/holidays/proofs/Bescheid%20Jobcenter.html").status_code == 404


def test_private_root_is_outside_media_by_default() -> None:
    assert Path(project_settings.PRIVATE_MEDIA_ROOT).name == "private"
    media = Path(project_settings.MEDIA_ROOT).resolve()
    assert not Path(project_settings.PRIVATE_MEDIA_ROOT).resolve().is_relative_to(media)


@pytest.fixture
def claim(family_user: User, period: Any) -> ReductionClaim:
    client = Client()
    client.force_login(family_user)
    assert send_proof(client, period, pdf_upload()).status_code == 302
    return ReductionClaim.objects.get()


def proof_url(claim: ReductionClaim) -> str:
    return f"/ferienspass/ermaessigung/{claim.pk}/nachweis/"


def test_anonymous_visitors_and_other_families_do_not_get_the_proof(
    claim: ReductionClaim, anon_client: Client, client_for: Any, partner_user: User
) -> None:
    anonymous = anon_client.get(proof_url(claim))
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    other_family = client_for(UserFactory(email="andere@example.org"))
    assert other_family.get(proof_url(claim)).status_code in {403, 404}
    assert client_for(partner_user).get(proof_url(claim)).status_code in {403, 404}
    backoffice = f"/verwaltung/ferienspass/ermaessigungen/{claim.pk}/nachweis/"
    assert other_family.get(backoffice).status_code in {403, 404}


def downloaded(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def test_the_family_and_a_coordinator_get_it_as_a_pdf_download(
    claim: ReductionClaim, family_client: Client, coordinator_client: Client
) -> None:
    for client, url in (
        (family_client, proof_url(claim)),
        (coordinator_client, proof_url(claim)),
        (coordinator_client, f"/verwaltung/ferienspass/ermaessigungen/{claim.pk}/nachweis/"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="nachweis-{claim.pk}.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert downloaded(response).startswith(b"%PDF-")


def test_the_proxy_sends_the_file_with_x_accel_redirect(
    claim: ReductionClaim, family_client: Client, settings: Any
) -> None:
    settings.PRIVATE_MEDIA_ACCEL = "x-accel"
    response = family_client.get(proof_url(claim))
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-private/{claim.proof.name}"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content == b""

    settings.PRIVATE_MEDIA_ACCEL = "x-sendfile"
    response = family_client.get(proof_url(claim))
    assert response["X-Sendfile"] == str(Path(settings.PRIVATE_MEDIA_ROOT) / claim.proof.name)
    assert "X-Accel-Redirect" not in response


def test_the_proof_file_goes_with_the_account(
    claim: ReductionClaim, family_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / claim.proof.name
    assert stored.exists()
    family_user.set_password("ein-langes-Passwort-1")
    family_user.save()
    client = Client()
    client.force_login(family_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/konto/loeschen/", {"password": "ein-langes-Passwort-1"})
    assert response.status_code == 302
    assert not ReductionClaim.objects.exists()
    assert not stored.exists()


def test_offer_attachments_and_brochures_get_our_pdf_name() -> None:
    cleaned = uploads.clean_pdf(
        SimpleUploadedFile("Flyer <Sommer>.html", pdf_bytes(), content_type="text/html")
    )
    assert cleaned.name == "flyer-sommer.pdf"
    with pytest.raises(uploads.ValidationError):
        uploads.clean_pdf(SimpleUploadedFile("flyer.pdf", HTML_AS_PDF))


def test_the_migration_moves_public_proofs_to_private_storage(
    family_user: User, period: Any
) -> None:
    migration = importlib.import_module(
        "familienrathaus.holidays.migrations.0005_private_reduction_proofs"
    )
    public_name = default_storage.save("holidays/proofs/Bescheid.pdf", ContentFile(pdf_bytes()))
    claim = ReductionClaim.objects.create(
        period=period, family=family_user, kind=period.reduction_kinds.get()
    )
    ReductionClaim.objects.filter(pk=claim.pk).update(proof=public_name)

    migration.move_to_private_storage(apps, None)

    claim.refresh_from_db()
    assert not default_storage.exists(public_name)
    assert claim.proof.name.startswith("holidays/proofs/") and "Bescheid" not in claim.proof.name
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / claim.proof.name
    assert stored.read_bytes().startswith(b"%PDF-")
