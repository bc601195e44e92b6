"""The public list of certified employers: only valid certificates, filters by sector,
size and measure, measures as tags, schema.org Organization JSON-LD with the award, and
the employer's offers on "Balance von Familie und Arbeitswelt" linked into the guide."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.utils import timezone

from familienrathaus.employers.models import Employer, Measure, Participation
from tests.conftest import english_client
from tests.factories import OfferFactory, OrganisationFactory
from tests.factories.core import theme
from tests.factories.employers import (
    CertificateFactory,
    EmployerFactory,
    MeasureFactory,
    MeasureTemplateFactory,
    ParticipationFactory,
)

pytestmark = pytest.mark.django_db


def certified(employer: Employer, **certificate: object) -> Participation:
    participation = ParticipationFactory(employer=employer, status="certified")
    CertificateFactory(participation=participation, **certificate)
    return participation


@pytest.fixture
def hospital() -> Employer:
    partner = OrganisationFactory(name="Klinikum Musterstadt gGmbH")
    employer = EmployerFactory(
        name="Klinikum Musterstadt",
        slug="klinikum-musterstadt",
        sector=Employer.Sector.HEALTH,
        size=Employer.Size.LARGE,
        organisation=partner,
        public_text="Betriebskita mit Randzeiten für Schichtdienst.",
        website="https://klinikum.example",
    )
    participation = certified(employer)
    template = MeasureTemplateFactory(title="Notfallbetreuung für Kinder")
    MeasureFactory(participation=participation, template=template, title=template.title)
    MeasureFactory(participation=participation, title="Aufgegeben", status=Measure.Status.DROPPED)
    OfferFactory(
        organisation=partner,
        title="Ferienbetreuung für Beschäftigte",
        published=True,
        themes=[theme("Balance von Familie und Arbeitswelt")],
    )
    OfferFactory(organisation=partner, title="Rückenschule", published=True)
    return employer


def test_the_list_shows_certified_employers_and_filters(hospital: Employer) -> None:
    bakery = EmployerFactory(name="Bäckerei Korn", sector=Employer.Sector.CRAFTS)
    certified(bakery)
    expired = EmployerFactory(name="Abgelaufen AG")
    certified(
        expired,
        issued_on=dt.date(2020, 1, 1),
        valid_until=timezone.localdate() - dt.timedelta(days=1),
    )
    revoked = EmployerFactory(name="Widerrufen GmbH")
    certified(revoked, revoked_at=timezone.now())
    EmployerFactory(name="Nur angemeldet KG")

    client = english_client()
    text = client.get("/familienbewusste-arbeitgeber/").content.decode()
    assert "Klinikum Musterstadt" in text and "Bäckerei Korn" in text
    assert "Notfallbetreuung für Kinder" in text  # a measure as a tag
    assert "Aufgegeben" not in text
    for hidden in ("Abgelaufen AG", "Widerrufen GmbH", "Nur angemeldet KG"):
        assert hidden not in text

    by_sector = client.get("/familienbewusste-arbeitgeber/", {"branche": "crafts"})
    assert "Bäckerei Korn" in by_sector.content.decode()
    assert "Klinikum Musterstadt" not in by_sector.content.decode()
    template = Measure.objects.get(title="Notfallbetreuung für Kinder").template
    by_measure = client.get("/familienbewusste-arbeitgeber/", {"massnahme": template.pk})
    assert "Klinikum Musterstadt" in by_measure.content.decode()
    assert "Bäckerei Korn" not in by_measure.content.decode()
    # A filter value that does not exist filters nothing and breaks nothing.
    assert client.get("/familienbewusste-arbeitgeber/", {"groesse": "x"}).status_code == 200


def test_employer_page_with_json_ld_award_and_offers(hospital: Employer) -> None:
    page = english_client().get("/familienbewusste-arbeitgeber/klinikum-musterstadt/")
    assert page.status_code == 200
    text = page.content.decode()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert found is not None
    data = json.loads(found.group(1))
    assert data["@type"] == "Organization"
    assert data["name"] == "Klinikum Musterstadt"
    assert "FAMILIENbewusstes Unternehmen" in data["award"]
    assert hospital.certificates.get().number in data["award"]
    assert "Ferienbetreuung für Beschäftigte" in text
    assert "Rückenschule" not in text  # not on the theme
    assert "/angebote/?theme=balance-von-familie-und-arbeitswelt" in text
    assert "Betriebskita mit Randzeiten" in text


def test_an_employer_without_a_valid_certificate_has_no_public_page() -> None:
    EmployerFactory(slug="noch-nicht")
    assert english_client().get("/familienbewusste-arbeitgeber/noch-nicht/").status_code == 404
