"""Two people act on one concern in the same moment.

The requests run in real threads, each with its own database connection and real
transactions (``transaction=True``), through the test client and the views, on SQLite
and on PostgreSQL. First the race is shown without the row lock
(``capacity.unprotected``); then with it.

- A partner answers while the coordinator passes the concern to another partner: with
  the lock, either the answer came first (and the hand-over follows it) or the partner
  is refused; never an answer of a partner who no longer held the concern.
- The same answer sent twice at once (a double click): stored once, mailed once, both
  requests end normally. The second request waits for the row lock and then finds the
  first one's message by its submission key (on SQLite writers are serialised anyway;
  on PostgreSQL the lock is what keeps the second from running into the unique key).
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connections
from django.test import Client

from familienrathaus.concerns import permissions
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.concerns.services import desk as desk_services
from familienrathaus.core import capacity
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.partners.services import add_member
from tests.factories import TOTP_SECRET, OrganisationFactory, UserFactory
from tests.factories.concerns import ConcernFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARTNER_THREAD = "partner-answer"


def _run(*jobs: tuple[str, Callable[[], int]], protected: bool) -> list[int]:
    barrier = threading.Barrier(len(jobs))

    def one(job: tuple[str, Callable[[], int]]) -> int:
        name, call = job
        threading.current_thread().name = name
        barrier.wait(timeout=30)
        try:
            if protected:
                return call()
            with capacity.unprotected():
                return call()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(one, jobs))


def _coordinator() -> Any:
    user = UserFactory(role=Role.COORDINATOR)
    TOTP.activate(user, TOTP_SECRET)  # coordinators without a second factor are sent to set one up
    return user


def _client(user: Any) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def _setting() -> tuple[Concern, Client, Client, Any]:
    first, second = OrganisationFactory(name="Wohnbau Nord"), OrganisationFactory(name="Caritas")
    partner = UserFactory(role=Role.PARTNER)
    add_member(actor=None, organisation=first, user=partner)
    coordinator = _coordinator()
    concern = ConcernFactory(organisation=first, status=Concern.Status.IN_PROGRESS)
    return concern, _client(partner), _client(coordinator), second


def _race(concern: Concern, partner: Client, desk: Client, second: Any, *, protected: bool) -> None:
    answer = {
        "text": "Wir haben eine Wohnung.",
        "to": "family",
        "submission_key": str(uuid.uuid4()),
    }

    def answer_it() -> int:
        return partner.post(f"/verwaltung/anliegen/partner/{concern.pk}/", answer).status_code

    def pass_it() -> int:
        time.sleep(0.15)  # the partner is already at work
        return desk.post(
            f"/verwaltung/anliegen/{concern.pk}/weitergabe/", {"to": f"partner-{second.pk}"}
        ).status_code

    statuses = _run(("partner", answer_it), ("desk", pass_it), protected=protected)
    assert statuses == [302, 302]  # nobody sees a server error


def _slow_partner(seconds: float) -> Callable[..., None]:
    def wait(*_args: Any) -> None:
        if threading.current_thread().name == "partner":
            time.sleep(seconds)

    return wait


def test_without_the_lock_a_partner_answers_a_concern_it_no_longer_holds(monkeypatch):
    """The proof that the test below can fail: the partner checked a stale row, the
    coordinator passed the concern on meanwhile, and the answer lands after the hand-over."""
    concern, partner, desk, second = _setting()
    monkeypatch.setattr(desk_services, "_between_read_and_write", _slow_partner(0.6))
    _race(concern, partner, desk, second, protected=False)

    concern.refresh_from_db()
    handover = concern.messages.get(kind=Message.Kind.PASSED)
    answer = concern.messages.get(kind=Message.Kind.PARTNER)
    assert concern.organisation == second
    assert answer.pk > handover.pk  # answered by "Wohnbau Nord" after it went to Caritas
    assert concern.status == Concern.Status.ANSWERED


def test_with_the_lock_the_concern_ends_in_one_consistent_state(monkeypatch):
    concern, partner, desk, second = _setting()
    original = permissions.can_answer

    def slow_check(user: Any, checked: Concern) -> bool:
        _slow_partner(0.6)()
        return original(user, checked)

    monkeypatch.setattr(permissions, "can_answer", slow_check)
    _race(concern, partner, desk, second, protected=True)

    concern.refresh_from_db()
    assert concern.organisation == second
    handover = concern.messages.get(kind=Message.Kind.PASSED)
    answers = list(concern.messages.filter(kind=Message.Kind.PARTNER))
    # The partner held the lock first: its answer is stored before the hand-over, and
    # the concern is "in progress" with the new partner.
    assert [a.pk < handover.pk for a in answers] == [True]
    assert concern.status == Concern.Status.IN_PROGRESS


def test_with_the_lock_a_hand_over_first_refuses_the_partner(monkeypatch):
    concern, partner, desk, second = _setting()
    original = desk_services.locked_concern

    def desk_first(concern_id: int) -> Any:
        if threading.current_thread().name == "partner":
            time.sleep(0.5)
        return original(concern_id)

    monkeypatch.setattr(desk_services, "locked_concern", desk_first)
    monkeypatch.setattr("familienrathaus.concerns.services.passing.locked_concern", desk_first)
    answer = {"text": "Zu spät.", "to": "family", "submission_key": str(uuid.uuid4())}

    def answer_it() -> int:
        return partner.post(f"/verwaltung/anliegen/partner/{concern.pk}/", answer).status_code

    def pass_it() -> int:
        return desk.post(
            f"/verwaltung/anliegen/{concern.pk}/weitergabe/", {"to": f"partner-{second.pk}"}
        ).status_code

    statuses = _run(("partner", answer_it), ("desk", pass_it), protected=True)
    assert statuses == [302, 302]  # the partner is sent back to its list with a message
    assert not concern.messages.filter(kind=Message.Kind.PARTNER).exists()


def _double_click(protected: bool) -> tuple[list[int], Concern]:
    coordinator = _coordinator()
    concern = ConcernFactory()
    clients = [_client(coordinator), _client(coordinator)]
    data = {"text": "Danke, wir kümmern uns.", "submission_key": str(uuid.uuid4())}

    def send(index: int) -> Callable[[], int]:
        return lambda: (
            clients[index].post(f"/verwaltung/anliegen/{concern.pk}/antwort/", data).status_code
        )

    return _run(("one", send(0)), ("two", send(1)), protected=protected), concern


def test_with_the_lock_a_double_click_stores_one_answer_and_mails_once():
    statuses, concern = _double_click(protected=True)
    assert statuses == [302, 302]
    assert concern.messages.filter(kind=Message.Kind.REPLY).count() == 1
    assert OutboxMessage.objects.filter(purpose="concerns.update").count() == 1
