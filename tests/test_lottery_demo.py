"""The lottery's demo data: a programme in its wish phase that a coordinator can run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from familienrathaus.holidays.models import Period
from familienrathaus.lottery import demo, services
from familienrathaus.lottery.models import PriorityGroup, Run, Wish
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_wish_phase_loads_once_and_runs() -> None:
    call_command("load_demo", stdout=io.StringIO())
    period = Period.objects.get(slug=demo.PERIOD_SLUG)
    assert services.wish_phase_open(period)
    assert Wish.objects.filter(period=period).count() > 20
    assert PriorityGroup.objects.filter(period=period).count() == 2
    assert demo.load() == 0
    coordinator = UserFactory(role="coordinator")
    run = services.start_run(actor=coordinator, period=period, seed=1)
    assert services.execute_run(run.pk) == Run.Status.DONE
    run.refresh_from_db()
    assert run.summary["violations"] == []
    assert run.summary["figures"]["placed"] > 0
