"""vCard 4.0 (RFC 6350) download of a partner's public contact persons."""

from __future__ import annotations

import pytest
from django.urls import reverse

from familienrathaus.partners import vcard
from tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def vcard_url(contact) -> str:
    return reverse("partners:contact_vcard", args=[contact.organisation.slug, contact.pk])


def unfold(text: str) -> list[str]:
    """Undo RFC 6350 line folding: CRLF followed by one space joins two lines."""
    return text.replace("\r\n ", "").split("\r\n")


def test_a_public_contact_downloads_as_a_vcard_4(anon_client):
    organisation = OrganisationFactory(
        name="Caritas; Beratung, Hilfe", website="https://caritas.example.org"
    )
    AddressFactory(organisation=organisation, street="Kirchstraße 12", postcode="12345")
    contact = ContactPersonFactory(
        organisation=organisation,
        name="Monika Brandt",
        role="Leitung, Familienberatung",
        email="brandt@caritas.example.org",
        phone="01234 5678-10",
    )

    response = anon_client.get(vcard_url(contact))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="monika-brandt.vcf"'
    text = response.content.decode("utf-8")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    lines = unfold(text)
    assert "FN:Monika Brandt" in lines
    assert "ORG:Caritas\\; Beratung\\, Hilfe" in lines
    assert "TITLE:Leitung\\, Familienberatung" in lines
    assert "EMAIL;TYPE=work:brandt@caritas.example.org" in lines
    assert "TEL;VALUE=text;TYPE=work,voice:01234 5678-10" in lines
    assert "ADR;TYPE=work:;;Kirchstraße 12;Musterstadt;;12345;" in lines
    assert "URL:https://caritas.example.org" in lines


def test_every_line_ends_with_crlf_and_no_bare_line_feed_occurs():
    contact = ContactPersonFactory(role="Zeile eins\nZeile zwei")

    text = vcard.contact_vcard(contact)

    assert "\n" not in text.replace("\r\n", "")
    assert "\r" not in text.replace("\r\n", "")
    assert "TITLE:Zeile eins\\nZeile zwei\r\n" in text


def test_backslash_comma_and_semicolon_are_escaped():
    assert vcard.escape("a\\b,c;d") == "a\\\\b\\,c\\;d"


def test_long_lines_are_folded_at_75_octets_without_splitting_a_character():
    contact = ContactPersonFactory(
        name="Anna-Lena Müller-Lüdenscheidt-Öztürk-Großherzogin von Überlingen " * 2
    )

    text = vcard.contact_vcard(contact)

    physical = text.split("\r\n")
    assert max(len(line.encode("utf-8")) for line in physical) <= 75
    assert any(line.startswith(" ") for line in physical)  # it was folded
    folded = [line for line in physical if line.startswith(" ")]
    assert all(not line.startswith("  ") for line in folded)
    # Each physical line is valid UTF-8 by itself: no character was cut in two.
    for line in physical:
        line.encode("utf-8").decode("utf-8")
    assert f"FN:{contact.name}" in unfold(text)


def test_a_contact_who_did_not_agree_is_not_downloadable(anon_client):
    contact = ContactPersonFactory(is_public=False)

    assert anon_client.get(vcard_url(contact)).status_code == 404


def test_a_contact_is_not_reachable_through_another_organisations_address(anon_client):
    contact = ContactPersonFactory()
    other = OrganisationFactory()

    url = reverse("partners:contact_vcard", args=[other.slug, contact.pk])

    assert anon_client.get(url).status_code == 404


def test_contacts_of_a_hidden_organisation_are_not_downloadable(anon_client):
    contact = ContactPersonFactory(organisation=OrganisationFactory(is_public=False))

    assert anon_client.get(vcard_url(contact)).status_code == 404
