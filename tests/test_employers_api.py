"""The public API: the list of certified employers and the verification by number
(malformed or unknown numbers: 404 with a message, nothing else)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from familienrathaus.employers.models import Employer
from tests.factories.employers import CertificateFactory, EmployerFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def test_list_and_verification() -> None:
    employer = EmployerFactory(name="Stadtwerke", sector=Employer.Sector.PUBLIC)
    CertificateFactory(
        number="FBU-2027-0003",
        participation=ParticipationFactory(employer=employer, status="certified"),
    )
    gone = EmployerFactory(name="Abgelaufen AG")
    CertificateFactory(
        number="FBU-2020-0001",
        participation=ParticipationFactory(employer=gone, status="certified"),
        issued_on=dt.date(2020, 1, 1),
        valid_until=dt.date(2022, 12, 31),
    )
    client = Client()
    listed = client.get("/api/v1/employers/").json()
    assert [row["name"] for row in listed] == ["Stadtwerke"]
    assert listed[0]["certificate"] == "FBU-2027-0003"
    assert client.get("/api/v1/employers/", {"sector": "crafts"}).json() == []

    valid = client.get("/api/v1/employers/certificates/FBU-2027-0003").json()
    assert valid["status"] == "valid" and valid["employer"] == "Stadtwerke"
    assert (
        valid["valid_until"]
        == CertificateFactory._meta.model.objects.get(
            number="FBU-2027-0003"
        ).valid_until.isoformat()
    )
    assert set(valid) == {
        "number",
        "status",
        "status_label",
        "employer",
        "round",
        "issued_on",
        "valid_until",
        "verification_url",
    }
    assert client.get("/api/v1/employers/certificates/FBU-2020-0001").json()["status"] == "expired"


def test_malformed_and_unknown_numbers() -> None:
    client = Client(headers={"accept-language": "en"})
    malformed = client.get("/api/v1/employers/certificates/%3Cscript%3E")
    assert malformed.status_code == 404
    assert "not a certificate number" in malformed.json()["detail"]
    unknown = client.get("/api/v1/employers/certificates/FBU-2027-9999")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "There is no certificate with the number FBU-2027-9999."}
