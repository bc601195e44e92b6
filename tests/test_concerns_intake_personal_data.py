"""A family's concerns are part of its data export and go with its account deletion
(by account and by e-mail address); the numbers for the reports stay."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from familienrathaus.concerns.models import Attachment, Concern, Message
from familienrathaus.concerns.services import intake
from familienrathaus.core import uploads
from tests.factories import UserFactory, png_upload
from tests.factories.concerns import ConcernFactory, MessageFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Kita-Platz-2026!"


@pytest.fixture
def family() -> dict[str, Any]:
    user = UserFactory(email="mia@example.org", name="Mia Muster", password=PASSWORD)
    client = Client()
    client.force_login(user)
    signed_in = ConcernFactory(user=user, email="", name="Mia", text="Frage aus dem Konto")
    by_mail = ConcernFactory(email="MIA@example.org", text="Frage ohne Anmeldung")
    intake.add_information(
        concern=by_mail,
        text="Foto vom Spielplatz",
        uploads=[intake.Upload(content=uploads.clean_image(png_upload()), kind="image")],
    )
    MessageFactory(concern=by_mail, text="Unsere Antwort an Mia")
    MessageFactory(concern=by_mail, kind="note", public=False, text="interne Notiz")
    someone_else = ConcernFactory(email="other@example.org", text="Fremdes Anliegen")
    return {
        "user": user,
        "client": client,
        "signed_in": signed_in,
        "by_mail": by_mail,
        "other": someone_else,
    }


def test_the_export_lists_the_family_s_concerns_with_the_public_answers(family: dict) -> None:
    data = json.loads(family["client"].get("/konto/meine-daten/").content)

    concerns = {row["reference"]: row for row in data["concerns"]}
    assert set(concerns) == {family["signed_in"].reference, family["by_mail"].reference}
    by_mail = concerns[family["by_mail"].reference]
    assert by_mail["text"] == "Frage ohne Anmeldung"
    texts = [message["text"] for message in by_mail["messages"]]
    assert "Unsere Antwort an Mia" in texts and "Foto vom Spielplatz" in texts
    assert "interne Notiz" not in texts


def test_deleting_the_account_redacts_the_family_s_concerns_and_keeps_the_numbers(
    family: dict, django_capture_on_commit_callbacks: Any
) -> None:
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / Attachment.objects.get().file.name
    assert stored.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = family["client"].post("/konto/loeschen/", {"password": PASSWORD})

    assert response.status_code == 302
    assert Concern.objects.count() == 3  # still counted in the reports
    for key in ("signed_in", "by_mail"):
        concern = Concern.objects.get(pk=family[key].pk)
        assert (concern.name, concern.email, concern.user_id) == ("", "", None)
        assert "Frage" not in concern.text
        assert concern.redacted_at is not None and concern.status == Concern.Status.CLOSED
    assert not Attachment.objects.exists() and not stored.exists()
    assert not Message.objects.filter(text__contains="Mia").exists()
    other = Concern.objects.get(pk=family["other"].pk)
    assert other.text == "Fremdes Anliegen" and other.email == "other@example.org"
