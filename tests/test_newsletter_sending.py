"""Sending an edition through the outbox and the real worker to a real SMTP server."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable
from email import policy
from email.parser import BytesParser
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.newsletter import services, tokens
from familienrathaus.newsletter.models import Delivery, Edition, Subscriber
from tests.conftest import SmtpServer
from tests.factories import (
    NewsPostFactory,
    SubscriberFactory,
    TopicFactory,
    UserFactory,
    edition_with,
)

# An unsubscribe link: the address up to the token, and the signed token.
UNSUBSCRIBE_LINK = re.compile(r"(https?://[^\s\"'<>]+/infobrief/abmelden/)([^/\s\"'<>]+)/")


def unsubscribe_links(body: str) -> set[tuple[str, tuple[int, str] | None]]:
    """What each unsubscribe link in ``body`` means: its address and the subscriber its
    token names (None for a bad signature). Tokens signed a second apart differ in
    their text but mean the same."""
    return {
        (address, tokens.read_manage_token(token))
        for address, token in UNSUBSCRIBE_LINK.findall(body)
    }


def keep_raw(server: SmtpServer) -> list[Any]:
    """Record the raw messages too (the shared handler keeps only some fields)."""
    raw: list[Any] = []
    original = server.handler.handle_DATA

    async def handle_DATA(srv: Any, session: Any, envelope: Any) -> str:
        raw.append(BytesParser(policy=policy.default).parsebytes(envelope.content))
        return await original(srv, session, envelope)

    server.handler.handle_DATA = handle_DATA  # type: ignore[method-assign]
    return raw


@pytest.mark.django_db(transaction=True)
def test_edition_reaches_every_subscriber_once_with_one_click_unsubscribe(
    smtp_server: SmtpServer, run_worker: Callable[[], str], settings: Any
) -> None:
    settings.NEWSLETTER_TICK_SECONDS = 0
    raw = keep_raw(smtp_server)
    coordinator = UserFactory(role="coordinator", email="chefin@example.org")
    english = SubscriberFactory(email="en@example.org", language="en")
    SubscriberFactory(email="de@example.org")
    SubscriberFactory(email="weg@example.org", status="unsubscribed")
    SubscriberFactory(email="tot@example.org", status="disabled")
    post = NewsPostFactory(title="Neues Familienzentrum")
    edition = edition_with(subject="Infobrief Sommer", news=[post])

    services.schedule(actor=coordinator, edition=edition, at=None)
    run_worker()

    edition.refresh_from_db()
    assert edition.status == "sent"
    assert edition.sent_at is not None
    recipients = Counter(r for mail in smtp_server.received for r in mail.recipients)
    assert recipients == {"en@example.org": 1, "de@example.org": 1}
    assert Delivery.objects.filter(edition=edition).count() == 2
    assert set(
        OutboxMessage.objects.filter(purpose="newsletter.edition").values_list("status", flat=True)
    ) == {"sent"}

    to_english = next(m for m in raw if m["To"] == "en@example.org")
    assert to_english["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = "".join(str(to_english["List-Unsubscribe"]).split()).strip("<>")
    assert unsubscribe.startswith("http") and "/infobrief/abmelden/" in unsubscribe
    html = to_english.get_body(preferencelist=("html",)).get_content()
    text = to_english.get_body(preferencelist=("plain",)).get_content()
    assert "Neues Familienzentrum" in html and "Neues Familienzentrum" in text
    assert "Unsubscribe" in text  # in the subscriber's language
    # Header, text and HTML link to the same address for the same subscriber (each
    # link is signed on its own, so the tokens' text may differ by their timestamp).
    [(address, named)] = unsubscribe_links(unsubscribe)
    assert named is not None and named[0] == english.pk
    assert tokens.matches("en@example.org", named[1])
    assert unsubscribe_links(text) == {(address, named)}
    assert unsubscribe_links(html) == {(address, named)}
    assert "%%FRH" not in html + text
    assert "<img" not in html  # no tracking pixel

    # The unsubscribe link in the header works without a session (RFC 8058).
    client = Client(enforce_csrf_checks=True)
    path = unsubscribe.split("8000", 1)[1]
    response = client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    english.refresh_from_db()
    assert english.status == "unsubscribed"

    # The edition is in the public archive.
    archive = Client().get(edition.get_absolute_url())
    assert "Neues Familienzentrum" in archive.content.decode()

    # Running the supervisor again adds nobody: deliveries are unique.
    assert services._queue_deliveries(edition) == 0
    with pytest.raises(IntegrityError), transaction.atomic():
        Delivery.objects.create(
            edition=edition, subscriber=Subscriber.objects.get(email="de@example.org")
        )


@pytest.mark.django_db(transaction=True)
def test_topics_choose_the_recipients(
    smtp_server: SmtpServer, run_worker: Callable[[], str], settings: Any
) -> None:
    settings.NEWSLETTER_TICK_SECONDS = 0
    holidays = TopicFactory(name="Ferien", slug="ferien")
    wants = SubscriberFactory(email="ferien@example.org")
    wants.topics.set([holidays])
    SubscriberFactory(email="anderes@example.org")
    edition = edition_with(subject="Nur Ferien")
    edition.topics.set([holidays])
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    run_worker()
    assert [r for m in smtp_server.received for r in m.recipients] == ["ferien@example.org"]


@pytest.mark.django_db
def test_a_worker_dying_mid_batch_leaves_no_partial_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    for number in range(3):
        SubscriberFactory(email=f"s{number}@example.org")
    edition = edition_with()
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    real = services.outbox.queue_bulk

    def dying(*args: Any, **kwargs: Any) -> list[OutboxMessage]:
        real(*args, **kwargs)  # the messages are written, their deliveries not yet
        raise SystemExit("killed")

    monkeypatch.setattr(services.outbox, "queue_bulk", dying)
    with pytest.raises(SystemExit):
        services.supervise(edition.pk, edition.tick_token)
    assert Delivery.objects.count() == 0
    assert not OutboxMessage.objects.filter(purpose="newsletter.edition").exists()
    monkeypatch.setattr(services.outbox, "queue_bulk", real)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)  # the next tick goes on
    assert Delivery.objects.count() == 3
    assert OutboxMessage.objects.filter(purpose="newsletter.edition").count() == 3


@pytest.mark.django_db
def test_progress_page_shows_status_per_recipient(coordinator_client: Client) -> None:
    for number in range(2):
        SubscriberFactory(email=f"p{number}@example.org")
    edition = edition_with()
    coordinator_client.post(
        f"/verwaltung/infobrief/ausgaben/{edition.pk}/senden/", {"confirm": "1", "recipients": "2"}
    )
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    progress = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/fortschritt/")
    data = progress.json()
    assert data["status"] == "sending"
    assert data["expected"] == 2 and data["queued"] == 2 and data["sent"] == 0
    OutboxMessage.objects.filter(purpose="newsletter.edition").update(status="sent")
    page = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/").content.decode()
    assert 'value="100"' in page


@pytest.mark.django_db
def test_hard_bounces_disable_an_address(coordinator_client: Client) -> None:
    subscriber = SubscriberFactory(email="voll@example.org")
    dsn = (
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; voll@example.org\nAction: failed\nStatus: 5.1.1\n\n"
        "Final-Recipient: rfc822; unbekannt@example.org\nAction: failed\nStatus: 5.1.1\n"
    )
    for _ in range(2):
        coordinator_client.post(
            "/verwaltung/infobrief/bounces/", {"email": "voll@example.org", "kind": "hard"}
        )
    subscriber.refresh_from_db()
    assert subscriber.hard_bounces == 2 and subscriber.status == "active"
    upload = io.BytesIO(dsn.encode())
    upload.name = "bounce.eml"
    response = coordinator_client.post("/verwaltung/infobrief/bounces/import/", {"file": upload})
    assert response.status_code == 302
    subscriber.refresh_from_db()
    assert subscriber.hard_bounces == 3
    assert subscriber.status == "disabled"
    # Disabled addresses get no more editions.
    assert not services.recipients(edition_with()).filter(pk=subscriber.pk).exists()

    soft = SubscriberFactory(email="soft@example.org")
    listing = io.BytesIO(b"E-Mail;Art\nsoft@example.org;soft\n")
    listing.name = "bounces.csv"
    coordinator_client.post("/verwaltung/infobrief/bounces/import/", {"file": listing})
    soft.refresh_from_db()
    assert soft.hard_bounces == 0 and soft.bounces.get().kind == "soft"


@pytest.mark.django_db
def test_export_carries_the_consent_proof(coordinator_client: Client) -> None:
    SubscriberFactory(email="beweis@example.org", consent_version="2026-11", ip_hash="ab" * 32)
    response = coordinator_client.get("/verwaltung/infobrief/abonnenten/?format=csv")
    content = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content), delimiter=";"))
    assert rows[0][:3] == ["E-mail", "Status", "Language"]
    assert "Consent given at" in rows[0] and "Wording version" in rows[0]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["E-mail"] == "beweis@example.org"
    assert row["Wording version"] == "2026-11"
    assert row["Confirmed at"]


@pytest.mark.django_db
def test_deletion_on_request_is_audit_logged_without_the_address(
    coordinator_client: Client,
) -> None:
    subscriber = SubscriberFactory(email="loeschen@example.org")
    response = coordinator_client.post(
        f"/verwaltung/infobrief/abonnenten/{subscriber.pk}/loeschen/"
    )
    assert response.status_code == 302
    assert not Subscriber.objects.filter(email="loeschen@example.org").exists()
    entry = AuditEntry.objects.get(action="newsletter.subscriber_delete")
    assert "loeschen@example.org" not in str(entry.object_repr) + str(entry.changes)


@pytest.mark.django_db
def test_deletion_on_request_also_erases_the_address_from_the_outbox(
    coordinator_client: Client, settings: Any
) -> None:
    settings.NEWSLETTER_TICK_SECONDS = 0
    subscriber = SubscriberFactory(email="loeschen@example.org")
    SubscriberFactory(email="bleibt@example.org")
    services.request_subscription(email="loeschen@example.org", topics=[], language="de", ip="")
    edition = edition_with(subject="Infobrief Winter")
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)  # queues both mails; none sent yet
    assert OutboxMessage.objects.filter(to=["loeschen@example.org"]).count() == 2

    coordinator_client.post(f"/verwaltung/infobrief/abonnenten/{subscriber.pk}/loeschen/")

    assert not [m for m in OutboxMessage.objects.all() if "loeschen@example.org" in m.to]
    # The other family still gets the edition, which is complete without the deleted one.
    [left] = Delivery.objects.filter(edition=edition).select_related("message")
    assert left.message is not None and left.message.to == ["bleibt@example.org"]
    recipients = coordinator_client.get(
        f"/verwaltung/infobrief/ausgaben/{edition.pk}/?format=csv"
    ).content.decode("utf-8-sig")
    assert "loeschen@example.org" not in recipients


@pytest.mark.django_db
def test_editions_being_sent_cannot_be_changed(coordinator_client: Client) -> None:
    edition = edition_with(subject="Läuft")
    Edition.objects.filter(pk=edition.pk).update(status="sending")
    coordinator_client.post(
        f"/verwaltung/infobrief/ausgaben/{edition.pk}/",
        {"subject": "Geändert", "rate_per_minute": 0},
    )
    edition.refresh_from_db()
    assert edition.subject == "Läuft"


@pytest.mark.django_db
def test_mails_people_wait_for_overtake_the_newsletter() -> None:
    from django_tasks_db.models import DBTaskResult

    from familienrathaus.core import outbox

    SubscriberFactory(email="viele@example.org")
    edition = edition_with()
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    confirmation = outbox.queue_mail(
        to=["neu@example.org"], subject="Bitte bestätigen", body_text="x"
    )
    ready = DBTaskResult.objects.filter(task_path="familienrathaus.core.tasks.deliver_message")
    first = ready.ready().order_by(*DBTaskResult._meta.ordering).first()
    assert first is not None and first.args_kwargs["args"] == [confirmation.pk]


@pytest.mark.django_db
def test_rate_spreads_the_mails_and_status_per_recipient_is_exported(
    coordinator_client: Client,
) -> None:
    for number in range(3):
        SubscriberFactory(email=f"r{number}@example.org")
    edition = edition_with(rate_per_minute=60)
    services.schedule(actor=UserFactory(role="coordinator"), edition=edition, at=None)
    edition.refresh_from_db()
    services.supervise(edition.pk, edition.tick_token)
    times = [
        d.message.next_attempt_at
        for d in Delivery.objects.filter(edition=edition).order_by("position")
        if d.message is not None
    ]
    assert [(b - a).total_seconds() for a, b in itertools.pairwise(times)] == [1.0, 1.0]

    first = Delivery.objects.get(edition=edition, position=0).message
    assert first is not None
    OutboxMessage.objects.filter(pk=first.pk).update(status="failed", last_error="550 unknown")
    page = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/").content.decode()
    assert "550 unknown" in page
    export = coordinator_client.get(f"/verwaltung/infobrief/ausgaben/{edition.pk}/?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["E-mail", "Status"]
    assert sorted(r[0] for r in rows[1:]) == ["r0@example.org", "r1@example.org", "r2@example.org"]
    assert rows[1][:2] == ["r0@example.org", "failed"]
