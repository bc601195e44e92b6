"""Spam: a hundred concerns from one address in a minute are slowed down, and a real
family's concern is not lost (neither one from elsewhere nor one from the same address)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from familienrathaus.concerns.models import Concern
from tests.factories.concerns import seeded_topic
from tests.language_client import LanguageClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

ROBOT = "203.0.113.9"
FAMILY = "198.51.100.20"


def form(text: str, **changes: Any) -> dict[str, Any]:
    data = {
        "kind": "complaint",
        "topic": str(seeded_topic().pk),
        "text": text,
        "privacy": "anonymous",
        "website": "",
    }
    data.update(changes)
    return data


def test_a_hundred_submissions_in_a_minute_are_slowed_down_and_a_family_gets_through():
    robot = Client(REMOTE_ADDR=ROBOT)
    answers = [robot.post("/anliegen/", form(f"Werbung {n}")).status_code for n in range(100)]

    stored = Concern.objects.count()
    assert answers.count(302) == stored
    assert stored <= 3  # the minute's allowance, not a hundred
    assert answers[-1] == 429

    family = Client(REMOTE_ADDR=FAMILY)
    response = family.post("/anliegen/", form("Der Spielplatz an der Schule ist kaputt."))

    assert response.status_code == 302
    assert Concern.objects.filter(text="Der Spielplatz an der Schule ist kaputt.").exists()


def test_a_family_behind_the_same_address_keeps_everything_it_typed_and_can_send_later():
    robot = Client(REMOTE_ADDR=ROBOT)
    for n in range(10):
        robot.post("/anliegen/", form(f"Werbung {n}"))
    family = LanguageClient("en", REMOTE_ADDR=ROBOT)
    text = "Unsere Tochter bekommt keinen Kitaplatz, was können wir tun?"

    slowed = family.post("/anliegen/", form(text, privacy="office_only", email="mia@example.org"))

    assert slowed.status_code == 429
    page = slowed.content.decode()
    assert text in page and 'value="mia@example.org"' in page
    assert "Please wait a minute and send again" in page
    assert not Concern.objects.filter(text=text).exists()


def test_robots_that_fill_in_the_hidden_field_store_nothing():
    robot = Client(REMOTE_ADDR=ROBOT)

    response = robot.post("/anliegen/", form("Billige Uhren", website="https://spam.example"))

    assert response.status_code == 302
    assert not Concern.objects.exists()
