"""Employers register on the public site (or a partner organisation joins as employer),
keep their details and logo, and invite the people who fill in the assessment."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.employers.models import Employer, EmployerMember
from familienrathaus.partners.models import Organisation
from tests.conftest import english_client
from tests.factories import png_upload
from tests.factories.employers import EmployerFactory, team_member

pytestmark = pytest.mark.django_db


def html(response: Any) -> str:
    return response.content.decode()


FORM = {
    "name": "Pflegedienst Sonnenschein",
    "size": "10-49",
    "sector": "health",
    "street": "Marktplatz 3",
    "postcode": "59065",
    "city": "Hamm",
    "website": "pflegedienst.example",
    "email": "info@pflegedienst.example",
    "phone": "02381 12345",
    "member_name": "Paula Personal",
    "position": "Personalleitung",
    "consent": "on",
}


def test_visitors_learn_about_the_programme_and_are_asked_to_log_in(anon_client: Client):
    body = html(anon_client.get("/arbeitgeber/"))
    assert "eight fields of action" in body
    # The sign-up leads back to the registration in the visitor's language.
    assert "/konto/signup/?next=/en/arbeitgeber/registrieren/" in body
    assert anon_client.get("/arbeitgeber/registrieren/").status_code == 302


def test_a_family_account_registers_its_employer_and_becomes_its_contact(
    family_client: Client, family_user: User
):
    response = family_client.post("/arbeitgeber/registrieren/", FORM)
    assert response.status_code == 302
    employer = Employer.objects.get(name="Pflegedienst Sonnenschein")
    assert employer.website == "https://pflegedienst.example"
    member = EmployerMember.objects.get(employer=employer)
    assert member.user == family_user and member.role == "contact"
    assert member.position == "Personalleitung"
    assert "Pflegedienst Sonnenschein" in html(family_client.get("/arbeitgeber/"))


def test_a_missing_consent_and_sector_are_named_and_the_rest_is_kept(family_client: Client):
    response = family_client.post(
        "/arbeitgeber/registrieren/", {**FORM, "consent": "", "sector": ""}
    )
    assert response.status_code == 400
    body = html(response)
    assert body.count("This field is required.") == 2
    assert 'value="Pflegedienst Sonnenschein"' in body and 'value="Paula Personal"' in body
    assert not Employer.objects.exists()


def test_a_partner_organisation_joins_as_employer(
    partner_client: Client, organisation: Organisation
):
    page = html(partner_client.get("/arbeitgeber/registrieren/"))
    assert f"?organisation={organisation.pk}" in page
    url = f"/arbeitgeber/registrieren/?organisation={organisation.pk}"
    assert f'value="{organisation.name}"' in html(partner_client.get(url))
    partner_client.post(url, {**FORM, "name": organisation.name})
    employer = Employer.objects.get(organisation=organisation)
    assert employer.name == organisation.name
    # Joining twice is refused; another organisation's id is not found.
    again = partner_client.post(url, {**FORM, "name": "Noch einmal"})
    assert "already joined" in html(again)
    other = Organisation.objects.create(name="Fremder Verein", slug="fremder-verein")
    assert (
        partner_client.get(f"/arbeitgeber/registrieren/?organisation={other.pk}").status_code == 404
    )


def test_a_contact_invites_a_colleague_who_gets_an_account_and_a_mail():
    employer = EmployerFactory(name="Stadtwerke Musterstadt")
    contact = english_client(team_member(employer))
    response = contact.post(
        f"/arbeitgeber/{employer.pk}/team/",
        {"email": "kollegin@stadtwerke.example", "name": "Karla Kollegin", "role": "assessor"},
    )
    assert response.status_code == 302
    member = EmployerMember.objects.get(
        employer=employer, user__email="kollegin@stadtwerke.example"
    )
    assert member.role == "assessor" and not member.user.has_usable_password()
    mail = OutboxMessage.objects.get(purpose="employers:team-invitation")
    assert mail.to == ["kollegin@stadtwerke.example"]
    assert "Stadtwerke Musterstadt" in mail.subject
    assert "/konto/password/reset/key/" in mail.body_text

    # The assessor sees the team but may not invite or remove anyone.
    assessor = english_client(member.user)
    assert "Invite a colleague" not in html(assessor.get(f"/arbeitgeber/{employer.pk}/team/"))
    assert assessor.post(f"/arbeitgeber/{employer.pk}/team/", {}).status_code == 404
    assert assessor.get(f"/arbeitgeber/{employer.pk}/angaben/").status_code == 404


def test_the_last_contact_person_cannot_be_removed():
    employer = EmployerFactory()
    user = team_member(employer)
    client = english_client(user)
    member = EmployerMember.objects.get(user=user)
    response = client.post(f"/arbeitgeber/team/{member.pk}/entfernen/", follow=True)
    assert "needs a contact person" in html(response)
    assert EmployerMember.objects.filter(pk=member.pk).exists()


def test_the_contact_uploads_a_logo_with_its_description():
    employer = EmployerFactory()
    client = english_client(team_member(employer))
    data = {
        "name": employer.name,
        "size": employer.size,
        "sector": employer.sector,
        "email": "personal@firma.example",
        "public_text": "Notfallbetreuung und flexible Arbeitszeiten.",
    }
    missing_alt = client.post(
        f"/arbeitgeber/{employer.pk}/angaben/", {**data, "logo": png_upload("logo.png")}
    )
    assert missing_alt.status_code == 400
    assert "Please describe the logo" in html(missing_alt)
    client.post(
        f"/arbeitgeber/{employer.pk}/angaben/",
        {**data, "logo": png_upload("logo.png"), "logo_alt": "Logo der Firma"},
    )
    employer.refresh_from_db()
    assert employer.logo.name.startswith("employers/logos/") and employer.logo_alt
    assert employer.public_text.startswith("Notfallbetreuung")
