"""The data model refuses what must never be stored, even when code bypasses the forms."""

from __future__ import annotations

import re

import pytest
from django.db import IntegrityError, transaction

from familienrathaus.concerns.models import (
    Concern,
    ConcernSettings,
    Message,
    Topic,
    new_reference,
    normalise_reference,
)
from tests.factories.concerns import ConcernFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_the_seven_themenfelder_are_the_topics_and_the_emergency_numbers_are_set():
    names = list(Topic.objects.values_list("name", flat=True))

    assert len(names) == 7 and "Bildung und Betreuung" in names
    text = ConcernSettings.load().emergency_text
    for number in ("110", "112", "116 111", "0800 111 0 550", "116 016"):
        assert number in text


def test_a_reference_can_be_read_out_on_the_phone():
    codes = {new_reference() for _ in range(200)}

    assert len(codes) == 200
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    assert normalise_reference(" a7k3 qf9m ") == "A7K3-QF9M"


def test_an_anonymous_concern_cannot_hold_a_contact():
    concern = ConcernFactory(anonymous=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(email="x@example.org")


def test_an_internal_note_cannot_be_public():
    concern = ConcernFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        MessageFactory(concern=concern, kind=Message.Kind.NOTE, public=True)


def test_only_a_closed_concern_has_a_closing_time():
    concern = ConcernFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(closed_at=concern.created_at)


def test_there_is_one_settings_row_per_alliance():
    ConcernSettings.load()
    with pytest.raises(IntegrityError), transaction.atomic():
        ConcernSettings.objects.create()
