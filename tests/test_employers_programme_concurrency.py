"""Two coordinators (or one double click) admit applicants to a round at the same time.

The admissions run in real threads with their own database connections and real
transactions, on SQLite and on PostgreSQL. First the race is shown without the round's
lock (``capacity.unprotected``): more employers than places get in. With the lock, the
round never holds more than ``max_employers``; the others are told it is full.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from familienrathaus.core import capacity
from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import Participation
from familienrathaus.employers.services import programme
from tests.factories import UserFactory
from tests.factories.employers import ParticipationFactory, RoundFactory

pytestmark = pytest.mark.django_db(transaction=True)

PLACES = 3
APPLICANTS = 8


def _admit_all(*, protected: bool) -> list[str]:
    coordinator = UserFactory(role=Role.COORDINATOR)
    round_ = RoundFactory(max_employers=PLACES)
    applied = [
        ParticipationFactory(round=round_, status=Participation.Status.APPLIED)
        for _ in range(APPLICANTS)
    ]
    barrier = threading.Barrier(APPLICANTS)

    def one(participation: Participation) -> str:
        barrier.wait(timeout=60)
        try:
            if protected:
                programme.admit(actor=coordinator, participation=participation)
            else:
                with capacity.unprotected():
                    programme.admit(actor=coordinator, participation=participation)
        except programme.RoundFull:
            return "full"
        except capacity.CapacityBusy:
            return "busy"
        finally:
            connections.close_all()
        return "admitted"

    with ThreadPoolExecutor(max_workers=APPLICANTS) as pool:
        return list(pool.map(one, applied))


def test_without_the_lock_the_race_admits_too_many(monkeypatch):
    """The proof that the next test can fail."""
    monkeypatch.setattr(capacity, "_between_count_and_write", lambda: time.sleep(0.3))
    _admit_all(protected=False)
    assert Participation.objects.filter(status=Participation.Status.ADMITTED).count() > PLACES


def test_with_the_lock_never_more_than_the_maximum(monkeypatch):
    monkeypatch.setattr(capacity, "_between_count_and_write", lambda: time.sleep(0.3))
    results = _admit_all(protected=True)
    admitted = Participation.objects.filter(status=Participation.Status.ADMITTED).count()
    assert admitted == PLACES == results.count("admitted")
    assert set(results) <= {"admitted", "full", "busy"}
