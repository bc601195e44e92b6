"""Limits and fairness per alliance (issue 23, point 6): upload quota, newsletter
sending rate, rate limits, and a worker that serves alliances in turn."""

from __future__ import annotations

import io
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connections
from django.test import Client, RequestFactory
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception
from PIL import Image

from familienrathaus.core import fairness, outbox, ratelimit, tenancy
from familienrathaus.core.forms import SiteSettingsForm
from familienrathaus.core.models import Alliance, OutboxMessage
from familienrathaus.core.selectors import site_settings
from familienrathaus.news.models import Publication
from familienrathaus.newsletter import sending, services
from familienrathaus.newsletter.models import Delivery
from tests.conftest import alliance_client, coordinator_with_totp
from tests.factories import SubscriberFactory, UserFactory, edition_with

pytestmark = pytest.mark.django_db

KB = 1024
QUOTA_MESSAGE = "Your alliance has used up its storage space of 1\xa0MB"

# ------------------------------------------------------------------------ upload quota


def noisy_png() -> SimpleUploadedFile:
    """About 270 KB of picture that PNG cannot squeeze."""
    out = io.BytesIO()
    Image.frombytes("RGB", (300, 300), os.urandom(300 * 300 * 3)).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def set_quota(alliance: Alliance, megabytes: int) -> None:
    alliance.upload_quota_mb = megabytes
    alliance.save(update_fields=["upload_quota_mb"])


def store_brochure(kilobytes: int) -> Publication:
    """A brochure of the active alliance taking ``kilobytes`` of its storage."""
    publication = Publication(title="Broschüre")
    publication.file.save("broschuere.pdf", ContentFile(b"%PDF-" + b"x" * kilobytes * KB))
    return publication


def post_settings(client: Client, **changes: Any) -> Any:
    """The site settings form as it is, with ``changes`` (typed text and files)."""
    form = SiteSettingsForm(instance=site_settings())
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields
        and not name.startswith(("logo", "sign_video"))
        and value not in (None, "")
    }
    return client.post(
        "/en/verwaltung/einstellungen/", {**data, "logo_alt": "Logo des Bündnisses", **changes}
    )


def saved(response: Any) -> bool:
    assert response.status_code == 302, response.context["form"].errors
    return True


@pytest.fixture
def coordinator_a(fresh_cache: None) -> Client:
    alliance = tenancy.require()
    return alliance_client(alliance, coordinator_with_totp("koordination@example.org"))


def test_an_upload_over_the_quota_is_refused_next_to_the_field(coordinator_a: Client) -> None:
    set_quota(tenancy.require(), 1)
    store_brochure(900)

    response = post_settings(
        coordinator_a, alliance_name="Bündnis mit neuem Namen", logo=noisy_png()
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["logo"] and errors["logo"][0].startswith(QUOTA_MESSAGE)
    html = response.content.decode()
    assert QUOTA_MESSAGE in html
    assert 'value="Bündnis mit neuem Namen"' in html  # what was typed stays
    assert not site_settings().logo


def test_an_upload_under_the_quota_is_accepted_and_the_page_shows_the_usage(
    coordinator_a: Client,
) -> None:
    set_quota(tenancy.require(), 2)
    store_brochure(900)

    page = coordinator_a.get("/en/verwaltung/einstellungen/").content.decode()
    assert "Storage space for uploaded files: 900.0\xa0KB of 2\xa0MB used." in page

    assert saved(post_settings(coordinator_a, logo=noisy_png()))
    assert site_settings().logo
    page = coordinator_a.get("/en/verwaltung/einstellungen/").content.decode()
    assert "Storage space for uploaded files: 1.1\xa0MB of 2\xa0MB used." in page


def test_a_quota_of_zero_is_no_limit(coordinator_a: Client) -> None:
    set_quota(tenancy.require(), 0)
    store_brochure(1500)

    assert saved(post_settings(coordinator_a, logo=noisy_png()))
    page = coordinator_a.get("/en/verwaltung/einstellungen/").content.decode()
    assert "Storage space for uploaded files: 1.7\xa0MB used, no limit." in page


def test_another_alliances_files_do_not_count(
    coordinator_a: Client, second_alliance: Alliance
) -> None:
    set_quota(tenancy.require(), 1)
    store_brochure(900)  # Musterstadt is nearly full
    set_quota(second_alliance, 1)
    with tenancy.activate(second_alliance):
        client = alliance_client(second_alliance, coordinator_with_totp("b@example.org"))
        assert saved(post_settings(client, logo=noisy_png()))
        assert site_settings().logo

    response = post_settings(coordinator_a, logo=noisy_png())
    assert QUOTA_MESSAGE in response.content.decode()


# ------------------------------------------------------------------- rate limits


def test_one_alliances_exhausted_rate_limit_does_not_limit_another(
    fresh_cache: None, second_alliance: Alliance
) -> None:
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")  # the same address

    def attempt() -> bool:
        return ratelimit.allow(request, scope="login", limit=2, period_seconds=60)

    assert [attempt() for _ in range(3)] == [True, True, False]
    with tenancy.activate(second_alliance):
        assert attempt()
    assert not attempt()


# ------------------------------------------------------------- newsletter sending rate


def sent_to() -> list[str]:
    return sorted(
        address
        for message in OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT)
        for address in message.to
    )


def claim_next() -> DBTaskResult | None:
    """What django-tasks-db's worker does to take its next task (db_worker.Worker.run)."""
    tasks = DBTaskResult.objects.ready()
    with exclusive_transaction(tasks.db):
        task = tasks.get_locked()
        if task is not None:
            task.claim("test-worker")
    return task


def test_a_newsletter_goes_out_at_the_alliances_rate_and_a_confirmation_goes_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    alliance = tenancy.require()
    alliance.mails_per_hour = 4
    alliance.save(update_fields=["mails_per_hour"])
    readers = [f"leser{number:02}@example.org" for number in range(12)]
    for address in readers:
        SubscriberFactory(email=address)
    edition = edition_with()
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    confirmation = outbox.queue_mail(
        to=["familie@example.org"], subject="Ihre Buchung", body_text="Bis bald!"
    )

    with fairness.serving_in_turn():
        first = claim_next()
    assert first is not None and first.args_kwargs["args"] == [confirmation.pk]
    assert outbox.deliver(confirmation.pk) == "sent"

    start = timezone.now()
    sent = []
    for hours in (0, 0.99, 1.01, 1.99, 2.01, 6):
        at = start + timedelta(hours=hours)
        monkeypatch.setattr(timezone, "now", lambda at=at: at)
        sending.send_batch(edition.pk)
        sent.append(Delivery.objects.filter(edition=edition, message__status="sent").count())

    assert sent == [4, 4, 8, 8, 12, 12]
    assert sent_to() == sorted([*readers, "familie@example.org"])  # each exactly once


def test_without_a_rate_a_newsletter_goes_out_at_once() -> None:
    alliance = tenancy.require()
    alliance.mails_per_hour = 0
    alliance.save(update_fields=["mails_per_hour"])
    for number in range(5):
        SubscriberFactory(email=f"leser{number}@example.org")
    edition = edition_with()
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)

    sending.send_batch(edition.pk)

    assert len(sent_to()) == 5


# ------------------------------------------------------------------ the fair worker


def position_of_the_second_alliance(second_alliance: Alliance) -> int:
    """Musterstadt queues 40 mails (a booking rush), then Beispieldorf one: at which
    claim of the worker does Beispieldorf's come?"""
    for number in range(40):
        outbox.queue_mail(to=[f"buchung{number}@example.org"], subject="Buchung", body_text="x")
    with tenancy.activate(second_alliance):
        outbox.queue_mail(to=["dorf@example.org"], subject="Buchung", body_text="x")
    for claims in range(1, 100):
        task = claim_next()
        assert task is not None
        if task.args_kwargs["kwargs"].get(tenancy.ALLIANCE_KWARG) == second_alliance.pk:
            return claims
    raise AssertionError("never claimed")


def test_the_worker_serves_a_second_alliance_within_the_next_claims(
    second_alliance: Alliance,
) -> None:
    with fairness.serving_in_turn():
        assert position_of_the_second_alliance(second_alliance) <= 2


def test_the_queues_own_order_would_keep_it_waiting_behind_the_rush(
    second_alliance: Alliance,
) -> None:
    """Why the turns are needed: the library alone serves the first alliance's 40 first."""
    assert position_of_the_second_alliance(second_alliance) > 40


def test_alliances_take_turns_and_mails_people_wait_for_go_before_bulk(
    second_alliance: Alliance,
) -> None:
    third = tenancy.create(slug="nachbarort", name="Bündnis Nachbarort")
    for alliance, count in ((tenancy.require(), 6), (second_alliance, 3), (third, 1)):
        with tenancy.activate(alliance):
            for number in range(count):
                outbox.queue_mail(
                    to=[f"{number}@{alliance.slug}.example"], subject="x", body_text="x"
                )
    with tenancy.activate(third):  # bulk work (a newsletter batch) waits for all of them
        outbox.queue_mail(to=["bulk@example.org"], subject="x", body_text="x", priority=-10)

    order = []
    with fairness.serving_in_turn():
        while (task := claim_next()) is not None:
            alliance_id = task.args_kwargs["kwargs"][tenancy.ALLIANCE_KWARG]
            order.append((alliance_id, task.priority))

    a, b, c = tenancy.require().pk, second_alliance.pk, third.pk
    assert [alliance for alliance, _priority in order[:7]] == [a, b, c, a, b, a, b]
    assert order[-1] == (c, -10) and len(order) == 11


@pytest.mark.django_db(transaction=True)
def test_workers_claiming_in_turn_at_once_take_each_task_exactly_once(
    second_alliance: Alliance,
) -> None:
    """Four workers take their tasks in turn at the same moment (real threads, each its
    own connection and transactions): every task is claimed, none twice."""
    for number in range(24):
        outbox.queue_mail(to=[f"stadt{number}@example.org"], subject="x", body_text="x")
    with tenancy.activate(second_alliance):
        for number in range(8):
            outbox.queue_mail(to=[f"dorf{number}@example.org"], subject="x", body_text="x")
    expected = set(DBTaskResult.objects.ready().values_list("pk", flat=True))
    barrier = threading.Barrier(4)

    def worker(name: str) -> list[str]:
        turns = fairness.Turns()
        claimed = []
        barrier.wait(timeout=60)
        try:
            while True:
                tasks = DBTaskResult.objects.ready()
                try:
                    with exclusive_transaction(tasks.db):
                        task = turns.next_task(tasks)
                        if task is not None:
                            task.claim(name)
                except OperationalError as exc:  # SQLite: the database is locked; again
                    if not is_locked_database_exception(exc):
                        raise
                    continue
                if task is None:
                    return claimed
                claimed.append(str(task.pk))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(worker, ["w1", "w2", "w3", "w4"]))

    everything = [pk for claimed in results for pk in claimed]
    assert len(everything) == len(set(everything)) == len(expected)
    assert {str(pk) for pk in expected} == set(everything)
    assert all(
        len(ids) == 1
        for ids in DBTaskResult.objects.filter(pk__in=expected).values_list("worker_ids", flat=True)
    )
