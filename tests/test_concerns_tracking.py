"""A family follows its concern by the status link or its reference code: where it
stands in plain words, the public answers only, adding information, "did not help"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.concerns.models import Attachment, Concern, Message
from familienrathaus.concerns.services import intake
from familienrathaus.core import uploads
from familienrathaus.core.models import OutboxMessage
from tests.factories import OrganisationFactory, png_upload
from tests.factories.concerns import ConcernFactory, MessageFactory, OfficeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def status_page(client: Client, concern: Concern) -> str:
    response = client.get(f"/anliegen/status/{concern.tracking_token}/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "same-origin"  # "no-referrer" breaks its forms
    return response.content.decode()


def test_a_new_concern_reads_received_with_its_text(anon_client: Client):
    concern = ConcernFactory(text="Die Ampel am Kindergarten ist zu kurz grün.")

    page = status_page(anon_client, concern)

    assert concern.reference in page
    assert "Die Ampel am Kindergarten ist zu kurz grün." in page
    assert '<li class="" aria-current="step">Received' in page
    assert "No answer yet." in page


def test_the_family_sees_public_replies_and_never_internal_notes(anon_client: Client):
    concern = ConcernFactory(status=Concern.Status.ANSWERED)
    MessageFactory(concern=concern, kind="note", public=False, text="Vater wirkt aufgebracht")
    MessageFactory(concern=concern, kind="passed", public=False, text="An Wohnungsbau gegeben")
    MessageFactory(concern=concern, kind="partner", public=False, text="Entwurf des Partners")
    MessageFactory(concern=concern, kind="reply", text="Die Krabbelgruppe trifft sich dienstags.")

    page = status_page(anon_client, concern)

    assert "Die Krabbelgruppe trifft sich dienstags." in page
    for internal in ("Vater wirkt aufgebracht", "An Wohnungsbau gegeben", "Entwurf des Partners"):
        assert internal not in page
    assert "You have an answer." in page


@pytest.mark.parametrize(
    ("holder", "expected"),
    [
        ("partner", "with a partner of the alliance"),
        ("office", "with an office of the town administration: Jugendamt"),
        ("desk", "with the coordination office"),
    ],
)
def test_in_progress_says_with_whom_in_plain_words(anon_client: Client, holder: str, expected: str):
    partner = OrganisationFactory(name="Musterstädter Wohnungsbau")
    concern = ConcernFactory(
        status=Concern.Status.IN_PROGRESS,
        organisation=partner if holder == "partner" else None,
        office=OfficeFactory(name="Jugendamt") if holder == "office" else None,
    )

    page = status_page(anon_client, concern)

    assert expected in page
    assert "Musterstädter Wohnungsbau" not in page  # which partner is the desk's business


def test_the_status_words_are_german_for_a_german_family():
    concern = ConcernFactory(status=Concern.Status.IN_PROGRESS, organisation=OrganisationFactory())
    client = Client(headers={"accept-language": "de"})

    page = client.get(f"/anliegen/status/{concern.tracking_token}/").content.decode()

    assert "In Bearbeitung" in page
    assert "bei einem Partner des Bündnisses" in page


def test_a_wrong_link_shows_how_to_find_the_concern(anon_client: Client):
    ConcernFactory()

    response = anon_client.get("/anliegen/status/nicht-der-richtige-schluessel/")

    assert response.status_code == 404
    assert 'href="/anliegen/status/"' in response.content.decode()


def test_the_family_adds_information_and_a_photo(anon_client: Client):
    concern = ConcernFactory()
    url = f"/anliegen/status/{concern.tracking_token}/"

    response = anon_client.post(
        url,
        {"action": "add", "add-text": "Es betrifft auch den Spielplatz.", "add-file": png_upload()},
    )

    assert response.status_code == 302
    message = Message.objects.get(concern=concern, kind="family")
    assert message.public and message.text == "Es betrifft auch den Spielplatz."
    attachment = Attachment.objects.get(message=message)
    page = status_page(anon_client, concern)
    assert "Es betrifft auch den Spielplatz." in page
    download = anon_client.get(f"{url}datei/{attachment.pk}/")
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]


def test_an_empty_addition_is_refused_at_the_field(anon_client: Client):
    concern = ConcernFactory()

    response = anon_client.post(
        f"/anliegen/status/{concern.tracking_token}/", {"action": "add", "add-text": ""}
    )

    assert response.status_code == 400
    assert "Please write what you would like to add." in response.content.decode()
    assert not Message.objects.exists()


def test_a_file_of_another_concern_cannot_be_fetched_with_my_link(anon_client: Client):
    mine = ConcernFactory()
    other = ConcernFactory()
    intake.add_information(
        concern=other,
        text="Foto",
        uploads=[intake.Upload(content=_png(), kind="image")],
    )
    foreign = Attachment.objects.get(concern=other)

    response = anon_client.get(f"/anliegen/status/{mine.tracking_token}/datei/{foreign.pk}/")

    assert response.status_code == 404


def _png() -> Any:
    return uploads.clean_image(png_upload())


def test_a_staff_file_without_a_public_reply_stays_internal(anon_client: Client):
    concern = ConcernFactory()
    note = MessageFactory(concern=concern, kind="note", public=False, text="intern")
    staff_file = Attachment.objects.create(
        concern=concern, message=note, file=_png(), kind="image", from_family=False
    )

    response = anon_client.get(f"/anliegen/status/{concern.tracking_token}/datei/{staff_file.pk}/")

    assert response.status_code == 404


def test_this_did_not_help_reopens_an_answered_concern(anon_client: Client):
    concern = ConcernFactory(status=Concern.Status.ANSWERED, assignee=None)
    MessageFactory(concern=concern, text="Bitte wenden Sie sich an die Kita.")

    response = anon_client.post(
        f"/anliegen/status/{concern.tracking_token}/",
        {"action": "reopen", "reopen-text": "Die Kita ist seit Wochen geschlossen."},
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == Concern.Status.RECEIVED
    assert Message.objects.filter(concern=concern, kind="reopened", public=True).exists()
    page = status_page(anon_client, concern)
    assert "Die Kita ist seit Wochen geschlossen." in page
    assert "You told us this did not help" in page


def test_a_closed_concern_reopens_in_progress_when_someone_holds_it(anon_client: Client):
    now = timezone.now()
    concern = ConcernFactory(
        status=Concern.Status.CLOSED, closed_at=now, organisation=OrganisationFactory()
    )

    anon_client.post(f"/anliegen/status/{concern.tracking_token}/", {"action": "reopen"})

    concern.refresh_from_db()
    assert concern.status == Concern.Status.IN_PROGRESS and concern.closed_at is None
    assert concern.updated_at > now


def test_a_closed_concern_takes_no_additions(anon_client: Client):
    concern = ConcernFactory(status=Concern.Status.CLOSED, closed_at=timezone.now())

    page = status_page(anon_client, concern)
    assert 'name="add-text"' not in page
    anon_client.post(
        f"/anliegen/status/{concern.tracking_token}/", {"action": "add", "add-text": "x"}
    )

    assert not Message.objects.filter(kind="family").exists()


def test_a_received_concern_cannot_be_reopened(anon_client: Client):
    concern = ConcernFactory()

    page = status_page(anon_client, concern)
    assert 'value="reopen"' not in page
    anon_client.post(f"/anliegen/status/{concern.tracking_token}/", {"action": "reopen"})

    assert not Message.objects.filter(kind="reopened").exists()


def test_a_merged_duplicate_shows_the_other_s_state_but_only_its_own_texts(anon_client: Client):
    main = ConcernFactory(status=Concern.Status.ANSWERED, text="Text der Familie A")
    MessageFactory(concern=main, kind="family", text="Ergänzung der Familie A")
    MessageFactory(concern=main, text="Antwort an Familie A")
    duplicate = ConcernFactory(
        merged_into=main,
        status=Concern.Status.CLOSED,
        closed_at=timezone.now(),
        text="Text der Familie B",
    )
    MessageFactory(concern=duplicate, text="Der Zebrastreifen kommt im Mai.")  # the desk's copy
    MessageFactory(concern=duplicate, kind="family", text="Ergänzung der Familie B")

    page_b = status_page(anon_client, duplicate)
    page_a = status_page(anon_client, main)

    assert "Text der Familie B" in page_b and "Der Zebrastreifen kommt im Mai." in page_b
    assert '<li class="" aria-current="step">Answered' in page_b  # the state of the other
    assert "we handle both together" in page_b
    for other in ("Text der Familie A", "Ergänzung der Familie A", "Antwort an Familie A"):
        assert other not in page_b
    assert "Ergänzung der Familie B" not in page_a and "Text der Familie B" not in page_a


def test_did_not_help_on_a_merged_duplicate_reopens_the_concern_it_went_into(
    anon_client: Client,
):
    main = ConcernFactory(status=Concern.Status.ANSWERED)
    duplicate = ConcernFactory(
        merged_into=main, status=Concern.Status.CLOSED, closed_at=timezone.now()
    )

    anon_client.post(
        f"/anliegen/status/{duplicate.tracking_token}/",
        {"action": "reopen", "reopen-text": "Bei uns ist es noch nicht gelöst."},
    )

    main.refresh_from_db()
    duplicate.refresh_from_db()
    assert main.status == Concern.Status.RECEIVED
    assert duplicate.status == Concern.Status.CLOSED and duplicate.merged_into == main
    message = Message.objects.get(kind="reopened")
    assert message.concern == duplicate
    assert "Bei uns ist es noch nicht gelöst." in status_page(anon_client, duplicate)


def test_the_reference_code_leads_to_the_status_page(anon_client: Client):
    concern = ConcernFactory()
    typed = concern.reference.lower().replace("-", " ")

    response = anon_client.post("/anliegen/status/", {"reference": typed})

    assert response.status_code == 302
    assert response["Location"] == f"/anliegen/status/{concern.tracking_token}/"


def test_an_unknown_reference_code_is_marked_at_the_field(anon_client: Client):
    response = anon_client.post("/anliegen/status/", {"reference": "ZZZZ-ZZZZ"})

    assert response.status_code == 404
    page = response.content.decode()
    assert "We found no concern with this code." in page
    assert 'value="ZZZZ-ZZZZ"' in page


def test_guessing_reference_codes_is_slowed_down(anon_client: Client):
    for _attempt in range(25):
        response = anon_client.post("/anliegen/status/", {"reference": "ZZZZ-ZZZZ"})

    assert response.status_code == 429


# --------------------------------------------------------------------------- mail


def test_every_public_change_is_mailed_to_the_family():
    concern = ConcernFactory(email="familie@example.org")
    reply = MessageFactory(concern=concern, text="Wir haben mit der Schule gesprochen.")

    assert intake.notify_family(concern, reply) is True

    mail = OutboxMessage.objects.get(purpose="concerns.update")
    assert mail.to == ["familie@example.org"]
    assert concern.reference in mail.subject
    assert "Wir haben mit der Schule gesprochen." in mail.body_text
    assert f"/anliegen/status/{concern.tracking_token}/" in mail.body_text


def test_no_mail_for_an_internal_note_or_without_an_address():
    concern = ConcernFactory(email="familie@example.org")
    note = MessageFactory(concern=concern, kind="note", public=False, text="intern")
    anonymous = ConcernFactory(anonymous=True)

    assert intake.notify_family(concern, note) is False
    assert intake.notify_family(anonymous, "Ihr Anliegen ist beantwortet.") is False
    assert not OutboxMessage.objects.filter(purpose="concerns.update").exists()


def test_the_mail_speaks_the_family_s_language():
    concern = ConcernFactory(language="de", status=Concern.Status.ANSWERED)

    intake.notify_family(concern, "Antwort")

    mail = OutboxMessage.objects.get(purpose="concerns.update")
    assert mail.subject.startswith("Neues zu Ihrem Anliegen")
    assert "Status: beantwortet." in mail.body_text


def test_too_many_additions_are_slowed_down_and_the_text_is_kept(anon_client: Client):
    concern = ConcernFactory()
    url = f"/anliegen/status/{concern.tracking_token}/"
    for n in range(30):
        anon_client.post(url, {"action": "add", "add-text": f"Nachtrag {n}"})

    response = anon_client.post(url, {"action": "add", "add-text": "Noch eine wichtige Sache"})

    assert response.status_code == 429
    assert "Noch eine wichtige Sache" in response.content.decode()
    assert Message.objects.filter(kind="family").count() == 30
