"""Certificates: the public verification (valid, expired, revoked; a malformed or
unknown number gets a clear answer and nothing else), revocation with a reason (audited),
the team's PDF and seal, and the daily reminders (each sent once)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlsplit

import pypdfium2 as pdfium
import pytest
import zxingcpp
from django.test import Client

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.employers.models import Certificate
from familienrathaus.employers.selectors import certificates as selectors
from familienrathaus.employers.services import certificates as services
from tests.conftest import english_client
from tests.factories.employers import (
    AnnualCheckFactory,
    CertificateFactory,
    EmployerFactory,
    ParticipationFactory,
    team_member,
)
from tests.factories.guide import pdf_info, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate() -> Certificate:
    employer = EmployerFactory(name="Stadtwerke Musterstadt")
    team_member(employer, email="personal@stadtwerke.example")
    return CertificateFactory(
        number="FBU-2027-0007",
        participation=ParticipationFactory(employer=employer, status="certified"),
        issued_on=dt.date(2027, 6, 15),
        valid_until=dt.date(2030, 6, 14),
    )


def _on(monkeypatch: pytest.MonkeyPatch, day: dt.date) -> None:
    monkeypatch.setattr(selectors, "today", lambda: day)


def test_verification_says_valid_then_expired(
    client: Client, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, dt.date(2028, 1, 1))
    page = english_client().get("/zertifikat/FBU-2027-0007/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Valid" in text and "Stadtwerke Musterstadt" in text and "2030" in text
    assert "personal@stadtwerke.example" not in text  # nothing the certificate does not say

    _on(monkeypatch, dt.date(2030, 6, 15))
    text = english_client().get("/zertifikat/FBU-2027-0007/").content.decode()
    assert "Expired" in text and "no longer valid" in text


def test_malformed_and_unknown_numbers_get_a_clear_answer() -> None:
    client = english_client()
    malformed = client.get("/zertifikat/hallo-welt/")
    assert malformed.status_code == 404
    assert "Not a certificate number" in malformed.content.decode()
    unknown = client.get("/zertifikat/FBU-2027-0999/")
    assert unknown.status_code == 404
    assert "There is no certificate with the number FBU-2027-0999" in unknown.content.decode()
    # Typed as people type it: it is tidied and looked up.
    tidy = client.get("/zertifikat/fbu-2027-7/")
    assert tidy.status_code == 302 and tidy["Location"] == "/zertifikat/FBU-2027-0007/"
    lookup = client.get("/zertifikat/", {"nummer": "FBU 2027 7"})
    assert lookup["Location"] == "/zertifikat/FBU-2027-0007/"
    wrong = client.get("/zertifikat/", {"nummer": "12345"})
    assert "A number looks like FBU-2027-0007" in wrong.content.decode()
    assert 'value="12345"' in wrong.content.decode()


def test_coordinator_revokes_with_a_reason(
    coordinator_client: Client, certificate: Certificate
) -> None:
    url = f"/verwaltung/arbeitgeber/zertifikate/{certificate.number}/widerruf/"
    assert Client().get(f"/zertifikat/{certificate.number}/siegel.svg").status_code == 200
    refused = coordinator_client.post(url, {"reason": ""})
    assert refused.status_code == 422
    certificate.refresh_from_db()
    assert certificate.revoked_at is None

    coordinator_client.post(url, {"reason": "Maßnahmen nicht umgesetzt."})
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None
    entry = AuditEntry.objects.get(action="employers.certificate.revoke")
    assert entry.changes == {"reason": "Maßnahmen nicht umgesetzt."}
    mail = OutboxMessage.objects.get(purpose="employers.certificate.revoked")
    assert mail.to == ["personal@stadtwerke.example"]
    page = english_client().get(f"/zertifikat/{certificate.number}/")
    assert "Revoked" in page.content.decode()
    assert "Maßnahmen nicht umgesetzt" not in page.content.decode()  # the reason stays inside
    assert Client().get(f"/zertifikat/{certificate.number}/siegel.svg").status_code == 404
    assert Client().get(f"/zertifikat/{certificate.number}/siegel.png").status_code == 404


def test_only_coordinators_revoke(certificate: Certificate) -> None:
    team = english_client(certificate.employer.members.get().user)
    url = f"/verwaltung/arbeitgeber/zertifikate/{certificate.number}/widerruf/"
    assert team.post(url, {"reason": "x"}).status_code == 403
    certificate.refresh_from_db()
    assert certificate.revoked_at is None


def test_team_downloads_the_certificate_and_the_seal(
    certificate: Certificate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _on(monkeypatch, dt.date(2028, 1, 1))
    team = english_client(certificate.employer.members.get().user)
    page = team.get(f"/arbeitgeber/zertifikate/{certificate.number}/")
    assert page.status_code == 200
    assert "/zertifikat/FBU-2027-0007/siegel.svg" in page.content.decode()
    pdf = team.get(f"/arbeitgeber/zertifikate/{certificate.number}/zertifikat.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content, tmp_path)
    assert "Stadtwerke Musterstadt" in text
    assert "FBU-2027-0007" in text
    assert "/zertifikat/FBU-2027-0007/" in text
    assert "14. Juni 2030" in text
    assert pdf_info(pdf.content, tmp_path).get("Pages") == "1"
    # A phone's camera reads the QR code on the printed page and lands on the verification.
    page_image = pdfium.PdfDocument(pdf.content)[0].render(scale=3).to_pil()
    codes = [code.text for code in zxingcpp.read_barcodes(page_image)]
    assert len(codes) == 1 and codes[0].endswith("/zertifikat/FBU-2027-0007/")
    assert Client().get(urlsplit(codes[0]).path).status_code == 200

    svg = Client().get(f"/zertifikat/{certificate.number}/siegel.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<title" in svg.content and b"FAMILIEN" in svg.content
    png = Client().get(f"/zertifikat/{certificate.number}/siegel.png")
    assert png.content.startswith(b"\x89PNG")

    stranger = english_client(team_member(EmployerFactory()))
    assert stranger.get(f"/arbeitgeber/zertifikate/{certificate.number}/").status_code == 404
    assert (
        stranger.get(f"/arbeitgeber/zertifikate/{certificate.number}/zertifikat.pdf").status_code
        == 404
    )


def test_expiry_reminder_is_sent_once_three_months_ahead(certificate: Certificate) -> None:
    assert services.send_expiry_reminders(on=dt.date(2030, 3, 13)) == 0  # too early
    assert services.send_expiry_reminders(on=dt.date(2030, 3, 14)) == 1
    assert services.send_expiry_reminders(on=dt.date(2030, 3, 15)) == 0
    mail = OutboxMessage.objects.get(purpose="employers.certificate.expiry")
    assert mail.to == ["personal@stadtwerke.example"]
    assert "FBU-2027-0007" in mail.subject


def test_annual_check_reminder_is_sent_once(certificate: Certificate) -> None:
    AnnualCheckFactory(certificate=certificate, due_on=dt.date(2028, 6, 15))
    AnnualCheckFactory(
        certificate=certificate, due_on=dt.date(2028, 6, 15), done_on=dt.date(2028, 5, 1)
    )
    assert services.send_annual_check_reminders(on=dt.date(2028, 5, 1)) == 0
    assert services.send_annual_check_reminders(on=dt.date(2028, 5, 16)) == 1
    assert services.send_annual_check_reminders(on=dt.date(2028, 5, 17)) == 0
    mail = OutboxMessage.objects.get(purpose="employers.annual_check")
    assert "personal@stadtwerke.example" in mail.to
    assert f"/arbeitgeber/teilnahmen/{certificate.participation_id}/jahrespruefung/" in (
        mail.body_text
    )


def test_a_leap_day_certificate_ends_the_day_before_its_anniversary() -> None:
    assert services.validity_end(dt.date(2028, 2, 29), 3) == dt.date(2031, 2, 27)
    assert selectors.normalise_number(" fbu–2027–12 ") == "FBU-2027-0012"
    assert selectors.normalise_number("FBU-27-1") is None


def test_coordinators_download_the_list_of_certificates(
    coordinator_client: Client, certificate: Certificate
) -> None:
    page = coordinator_client.get("/verwaltung/arbeitgeber/zertifikate/", {"status": "valid"})
    assert certificate.number in page.content.decode()
    download = coordinator_client.get("/verwaltung/arbeitgeber/zertifikate/", {"format": "csv"})
    lines = download.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Number;Employer;Round")
    assert lines[1].startswith("FBU-2027-0007;Stadtwerke Musterstadt;")
    revoked = coordinator_client.get("/verwaltung/arbeitgeber/zertifikate/", {"status": "revoked"})
    assert certificate.number not in revoked.content.decode()
