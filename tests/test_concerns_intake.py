"""A family sends a concern on the public form, without an account: what it sees before
sending, what is stored, what comes back when something is wrong."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Attachment, Concern
from familienrathaus.core.models import OutboxMessage
from tests.factories import DistrictFactory, PostcardFactory, pdf_upload, png_upload
from tests.factories.concerns import seeded_topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "kind": "question",
        "topic": str(seeded_topic().pk),
        "district": "",
        "text": "Gibt es im Stadtteil eine Krabbelgruppe am Nachmittag?",
        "privacy": "office_only",
        "name": "Aylin Demir",
        "email": "aylin@example.org",
        "phone": "",
        "website": "",
    }
    data.update(changes)
    return data


def test_the_form_explains_the_privacy_levels_and_the_emergency_numbers(anon_client: Client):
    response = anon_client.get("/anliegen/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not for emergencies" in page
    for number in ("110", "112", "116 111", "0800 111 0 550", "116 016"):
        assert number in page
    assert 'href="tel:08001110550"' in page
    assert "partners and offices get your concern without them" in page
    assert "so they can contact you directly" in page
    assert "only with the reference code and the status link" in page
    # "name only for the coordination office" is chosen unless the family changes it
    assert re.search(r'value="office_only"[^>]*checked', page)


def test_a_family_sends_a_concern_with_a_photo_and_gets_its_code(anon_client: Client):
    district = DistrictFactory(name="Südstadt")
    data = form(district=str(district.pk), file=png_upload("spielplatz.png"))

    response = anon_client.post("/anliegen/", data)

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/anliegen/danke/{concern.tracking_token}/"
    assert (concern.kind, concern.privacy, concern.channel) == ("question", "office_only", "form")
    assert concern.district == district and concern.status == "received"
    assert concern.first_answer_due is not None and concern.close_due is not None
    attachment = Attachment.objects.get(concern=concern)
    assert attachment.kind == "image" and attachment.from_family
    assert "spielplatz" not in attachment.file.name  # stored under a random name

    receipt = anon_client.get(response["Location"])
    page = receipt.content.decode()
    assert concern.reference in page
    assert f"/anliegen/status/{concern.tracking_token}/" in page
    assert receipt["Cache-Control"] == "private, no-store"

    mail = OutboxMessage.objects.get(purpose="concerns.receipt")
    assert mail.to == ["aylin@example.org"]
    assert concern.reference in mail.subject
    assert f"/anliegen/status/{concern.tracking_token}/" in mail.body_text


def test_an_anonymous_concern_keeps_no_contact_and_sends_no_mail(anon_client: Client):
    response = anon_client.post("/anliegen/", form(privacy="anonymous", phone="0170 1234567"))

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert (concern.name, concern.email, concern.phone) == ("", "", "")
    assert not OutboxMessage.objects.exists()
    page = anon_client.get(response["Location"]).content.decode()
    assert "only way to read our answer" in page


def test_a_pdf_is_accepted(anon_client: Client):
    anon_client.post("/anliegen/", form(kind="complaint", file=pdf_upload("bescheid.pdf")))

    assert Attachment.objects.get().kind == "pdf"


def test_bad_input_is_marked_at_the_field_and_nothing_typed_is_lost(anon_client: Client):
    data = form(email="aylin(at)example", text="Mein langer Text über die Kita.")
    data["file"] = png_upload()

    response = anon_client.post("/anliegen/", data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Enter a valid email address." in page
    assert 'aria-invalid="true"' in page
    assert "Mein langer Text über die Kita." in page
    assert 'value="Aylin Demir"' in page
    assert "Please choose your photo or PDF again." in page
    assert not Concern.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused_next_to_the_field(anon_client: Client):
    data = form(file=png_upload("virus.png"))
    data["file"].file.write(b"")  # keep the name, replace the content below
    data["file"] = type(data["file"])("virus.png", b"MZ\x90\x00 not an image", "image/png")

    response = anon_client.post("/anliegen/", data)

    assert response.status_code == 400
    assert "Please upload a picture in PNG, JPEG or WebP format." in response.content.decode()
    assert not Concern.objects.exists()


def test_without_contact_the_family_is_asked_for_one_or_to_choose_anonymous(anon_client: Client):
    response = anon_client.post("/anliegen/", form(name="", email="", phone=""))

    assert response.status_code == 400
    assert "or choose “anonymous”" in response.content.decode()


def test_the_honeypot_stores_nothing_but_looks_like_success(anon_client: Client):
    response = anon_client.post("/anliegen/", form(website="http://spam.example"))

    assert response.status_code == 302 and response["Location"] == "/anliegen/danke/"
    assert not Concern.objects.exists()


def test_a_postcard_presets_the_channel(anon_client: Client):
    card = PostcardFactory(code="praxis-mitte", headline="Kurzer Draht zum Rat")

    page = anon_client.get("/anliegen/?karte=praxis-mitte").content.decode()
    assert "Kurzer Draht zum Rat" in page
    anon_client.post("/anliegen/", form(karte="praxis-mitte"))

    concern = Concern.objects.get()
    assert concern.channel == "postcard" and concern.postcard == card


def test_an_unknown_postcard_code_is_just_the_form(anon_client: Client):
    anon_client.post("/anliegen/", form(karte="gibt-es-nicht"))

    concern = Concern.objects.get()
    assert concern.channel == "form" and concern.postcard is None


def test_a_signed_in_family_finds_its_details_filled_in_and_its_concerns_listed(
    family_client: Client, family_user: Any
):
    page = family_client.get("/anliegen/").content.decode()
    assert f'value="{family_user.email}"' in page

    family_client.post("/anliegen/", form(email=family_user.email, name=family_user.name))
    concern = Concern.objects.get()
    assert concern.channel == "account" and concern.user == family_user

    mine = family_client.get("/anliegen/meine/").content.decode()
    assert concern.reference in mine and f"/anliegen/status/{concern.tracking_token}/" in mine


def test_my_concerns_shows_only_my_own(family_client: Client, family_user: Any):
    anon = Client()
    anon.post("/anliegen/", form(email="someone-else@example.org"))
    other = Concern.objects.get()

    mine = family_client.get("/anliegen/meine/").content.decode()

    assert other.reference not in mine
    assert "You have not sent a concern yet." in mine


def test_my_concerns_needs_a_login(anon_client: Client):
    response = anon_client.get("/anliegen/meine/")

    assert response.status_code == 302 and "/konto/" in response["Location"]


def test_the_form_is_german_in_sie_form():
    page = Client(headers={"accept-language": "de"}).get("/anliegen/").content.decode()

    assert "Nicht für Notfälle" in page
    assert "Ihr Anliegen" in page


def test_my_concerns_is_listed_in_the_account(family_client: Client):
    page = family_client.get("/konto/uebersicht/").content.decode()

    assert 'href="/anliegen/meine/"' in page
