"""Text that exists only in German (written by a coordinator) inside a page of another
language is marked as German, and on a right-to-left page it runs left to right, so its
full stop stays at its end (issue 20)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tests.factories.welcome import welcome_settings

pytestmark = pytest.mark.django_db

PROOF = "Geburtsurkunde im Rathaus vorlegen."


def _landing(client: Client, prefix: str) -> str:
    welcome_settings(grant_enabled=True, proof_required=PROOF)
    return client.get(f"{prefix}/babybegruessung/").content.decode()


def test_a_required_proof_in_german_runs_left_to_right_on_an_arabic_page(client: Client) -> None:
    html = _landing(client, "/ar")
    assert f'<span lang="de" dir="ltr">{PROOF}</span>' in html


def test_the_same_proof_is_marked_german_on_a_turkish_page(client: Client) -> None:
    html = _landing(client, "/tr")
    assert f'<span lang="de">{PROOF}</span>' in html


def test_a_german_page_shows_the_proof_as_it_is(client: Client) -> None:
    with translation.override("de"):
        html = _landing(client, "")
    assert PROOF in html
    assert f">{PROOF}</span>" not in html
