"""The employers' demo: two rounds as the issue describes them, made through the
services, loaded twice without doubling, and no mail to its made-up addresses."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from familienrathaus.core import calendar
from familienrathaus.core import demo as core_demo
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.employers import demo
from familienrathaus.employers.models import Certificate, Participation, Round
from familienrathaus.partners import demo as partners_demo
from tests.conftest import english_client

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_finished_and_a_running_round():
    core_demo.load()
    partners_demo.load()
    assert demo.load() > 0
    assert demo.load() == 0
    finished = Round.objects.get(slug=demo.FINISHED)
    running = Round.objects.get(slug=demo.RUNNING)
    assert finished.status == "finished" and running.status == "running"
    assert finished.participations.filter(status="certified").count() == 7
    steps = set(running.participations.values_list("status", flat=True))
    assert steps >= {"applied", "admitted", "assessing", "submitted", "evaluation"}
    assert running.participations.count() == 6
    assert running.participations.filter(follow_up=True, status="assessing").exists()
    today = timezone.localdate()
    states = [c.status(today) for c in Certificate.objects.all()]
    assert states.count("revoked") == 1 and states.count("valid") == 6
    assert (
        Certificate.objects.filter(
            revoked_at__isnull=True, valid_until__lte=today + dt.timedelta(days=90)
        ).count()
        == 1
    )
    hospitals = Participation.objects.filter(
        round=running, employer__name__contains="Krankenhaus"
    ) | Participation.objects.filter(round=running, employer__name__contains="Hospital")
    for participation in hospitals:
        assert participation.measures.filter(title__contains="Großtagespflege").exists()
    assert running.workshops.count() == 3 and running.jury.count() == 2
    for workshop in running.workshops.select_related("event"):
        assert calendar.is_working_day(timezone.localdate(workshop.event.start))
    # Each assessment was handed in within its round, before its decision.
    for participation in Participation.objects.filter(submitted_at__isnull=False):
        handed_in = timezone.localdate(participation.submitted_at)
        assert participation.round.starts_on <= handed_in < today
        if hasattr(participation, "certificate"):
            assert handed_in < participation.certificate.issued_on
    assert not OutboxMessage.objects.filter(purpose__startswith="employers:").exists()

    team = english_client(User.objects.get(email=demo.CONTACT_LOGIN))
    assert "St. Marien-Hospital" in team.get("/arbeitgeber/").content.decode()
