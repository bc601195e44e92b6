"""Writes of the newsletter: subscriptions (double opt-in), editions, sending, bounces."""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, jobs, outbox, slugs, tenancy
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.selectors import site_settings
from familienrathaus.newsletter import compose, consent, sending, signals, tokens
from familienrathaus.newsletter.models import Bounce, Delivery, Edition, Subscriber, Topic
from familienrathaus.newsletter.sending import BULK_PRIORITY, PURPOSE_EDITION, SEND_EDITION

logger = logging.getLogger(__name__)

PURPOSE_TEST = "newsletter.test"
BATCH = 500
# At most this many confirmation mails per address and day: the form cannot be used
# to flood somebody's mailbox.
MAILS_PER_ADDRESS_PER_DAY = 3


def hard_bounce_limit() -> int:
    return int(getattr(settings, "NEWSLETTER_HARD_BOUNCE_LIMIT", 3))


def tick_seconds() -> float:
    return float(getattr(settings, "NEWSLETTER_TICK_SECONDS", 30))


def _absolute(name: str, *args: Any) -> str:
    return tenancy.site_url() + reverse(name, args=args)


def manage_url(subscriber: Subscriber) -> str:
    """The subscriber's personal page, in the subscriber's language (``/tr/…``), whoever
    (a worker, a coordinator in German) builds the mail."""
    token = tokens.manage_token(subscriber.pk, subscriber.email)
    with outbox.in_language(subscriber.language):
        return _absolute("newsletter:manage", token)


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = tokens.manage_token(subscriber.pk, subscriber.email)
    with outbox.in_language(subscriber.language):
        return _absolute("newsletter:unsubscribe", token)


# --------------------------------------------------------------------------- subscribing


def _mail_allowed(email: str) -> bool:
    key = f"newsletter:mails:{tokens.ip_hash(email)[:32]}"
    if cache.add(key, 1, timeout=24 * 3600):
        return True
    try:
        return int(cache.incr(key)) <= MAILS_PER_ADDRESS_PER_DAY
    except ValueError:
        return True


def request_subscription(*, email: str, topics: Iterable[Topic], language: str, ip: str) -> None:
    """Answer a filled-in form. What happens depends on the address, but the person
    at the form always sees the same page, so nobody learns who is subscribed:

    - unknown, unsubscribed or disabled: a confirmation link is mailed; nothing is
      stored until it is used;
    - already subscribed: a mail with the link to the preferences is sent instead.
    """
    email = email.strip().lower()
    if not _mail_allowed(email):
        logger.info("newsletter: too many mails to one address today")
        return
    site = site_settings()
    subscriber = Subscriber.objects.filter(email=email).first()
    with translation.override(language):
        if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
            text = render_to_string(
                "newsletter/mail/already_subscribed.txt",
                {"site": site, "manage_url": manage_url(subscriber)},
            )
            purpose = "newsletter.already"
        else:
            token = tokens.confirm_token(
                {
                    "e": email,
                    "t": sorted(t.pk for t in topics),
                    "l": language,
                    "v": consent.CURRENT_VERSION,
                    "r": timezone.now().isoformat(),
                    "i": tokens.ip_hash(ip),
                }
            )
            text = render_to_string(
                "newsletter/mail/confirm.txt",
                {
                    "site": site,
                    "confirm_url": _absolute("newsletter:confirm", token),
                    "hours": tokens.confirm_max_age() // 3600,
                },
            )
            purpose = "newsletter.confirm"
    subject, _sep, body = text.strip().partition("\n")
    with transaction.atomic():
        outbox.queue_mail(
            to=[email],
            subject=subject.strip(),
            body_text=body.strip() + "\n",
            purpose=purpose,
            language=language,
        )


class ConfirmationError(Exception):
    """The link expired or was changed."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def confirm(*, token: str) -> Subscriber:
    try:
        data = tokens.read_confirm_token(token)
    except signing.SignatureExpired:
        raise ConfirmationError(expired=True) from None
    except signing.BadSignature:
        raise ConfirmationError(expired=False) from None
    email = str(data["e"])
    language = str(data.get("l") or "de")
    site = site_settings()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is not None and subscriber.status == Subscriber.Status.ACTIVE:
            return subscriber  # the link was used twice: nothing changes
        if subscriber is None:
            subscriber = Subscriber(email=email)
        subscriber.language = language
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.source = Subscriber.Source.FORM
        subscriber.consent_requested_at = datetime.fromisoformat(str(data["r"]))
        subscriber.consent_version = str(data["v"])
        subscriber.consent_text = consent.wording(
            str(data["v"]), alliance_name=site.alliance_name, language=language
        )
        subscriber.ip_hash = str(data.get("i", ""))
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.hard_bounces = 0
        subscriber.full_clean()
        subscriber.save()
        subscriber.topics.set(Topic.objects.filter(pk__in=data.get("t") or []))
        audit.record(
            actor=None,
            action="newsletter.subscribe",
            obj=subscriber,
            changes={"consent_version": {"before": None, "after": subscriber.consent_version}},
        )
    return subscriber


def subscriber_from_token(token: str) -> Subscriber | None:
    found = tokens.read_manage_token(token)
    if found is None:
        return None
    pk, address_hash = found
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not tokens.matches(subscriber.email, address_hash):
        return None
    return subscriber


def update_preferences(
    *, subscriber: Subscriber, topics: Iterable[Topic], language: str
) -> Subscriber:
    with transaction.atomic():
        before = {"language": subscriber.language}
        subscriber.language = language
        subscriber.full_clean()
        subscriber.save(update_fields=["language"])
        subscriber.topics.set(list(topics))
        audit.record(
            actor=None,
            action="newsletter.preferences",
            obj=subscriber,
            changes=audit.diff(before, {"language": language}),
        )
    return subscriber


def unsubscribe(*, subscriber: Subscriber, actor: User | None = None) -> bool:
    """Unsubscribe (idempotent); True if the address was subscribed until now."""
    with transaction.atomic():
        changed = Subscriber.objects.filter(
            pk=subscriber.pk, status=Subscriber.Status.ACTIVE
        ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        if changed:
            audit.record(actor=actor, action="newsletter.unsubscribe", obj=subscriber)
    subscriber.refresh_from_db()
    return bool(changed)


def delete_subscriber(*, actor: User, subscriber: Subscriber) -> None:
    """Erase an address on request: the subscriber, its deliveries and the newsletter's
    mails to it in the outbox (one still waiting is not sent any more). The audit log
    keeps only that it happened."""
    with transaction.atomic():
        audit.record(actor=actor, action="newsletter.subscriber_delete", obj=subscriber)
        deliveries = Delivery.objects.filter(subscriber=subscriber)
        OutboxMessage.objects.filter(
            Q(pk__in=deliveries.values("message_id"))
            | Q(purpose__startswith="newsletter.", to=[subscriber.email])
        ).delete()
        deliveries.delete()
        subscriber.delete()


# --------------------------------------------------------------------------- bounces


def record_bounce(
    *, actor: User | None, subscriber: Subscriber, kind: str, source: str, note: str = ""
) -> Subscriber:
    with transaction.atomic():
        bounce = Bounce(subscriber=subscriber, kind=kind, source=source, note=note[:300])
        bounce.full_clean()
        bounce.save()
        locked = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if kind == Bounce.Kind.HARD:
            locked.hard_bounces += 1
            if (
                locked.hard_bounces >= hard_bounce_limit()
                and locked.status == Subscriber.Status.ACTIVE
            ):
                locked.status = Subscriber.Status.DISABLED
                audit.record(actor=actor, action="newsletter.disable_after_bounces", obj=locked)
            locked.save(update_fields=["hard_bounces", "status"])
        audit.record(
            actor=actor,
            action="newsletter.bounce",
            obj=locked,
            changes={"kind": {"before": None, "after": kind}},
        )
    return locked


@dataclass
class BounceImport:
    recorded: int = 0
    unknown: int = 0
    disabled: int = 0


_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")


def _bounced_addresses(content: str) -> list[tuple[str, str]]:
    """(address, kind) from a DSN (RFC 3464) or a CSV/text list of addresses."""
    if re.search(r"(?im)^Final-Recipient:", content):
        found: list[tuple[str, str]] = []
        for part in re.split(r"(?im)^(?=Final-Recipient:)", content)[1:]:
            recipient = _EMAIL.search(part.split("\n", 1)[0])
            status = re.search(r"(?im)^Status:\s*([245])\.", part)
            action = re.search(r"(?im)^Action:\s*(\w+)", part)
            if recipient is None:
                continue
            hard = (status is not None and status.group(1) == "5") or (
                action is not None and action.group(1).lower() == "failed"
            )
            found.append((recipient.group(0).lower(), "hard" if hard else "soft"))
        return found
    rows: list[tuple[str, str]] = []
    for row in csv.reader(io.StringIO(content), delimiter=";" if ";" in content else ","):
        cells = [cell.strip() for cell in row]
        address = next((cell for cell in cells if _EMAIL.fullmatch(cell)), "")
        if not address:
            continue
        kind = "soft" if any(cell.strip().lower() in {"soft", "weich"} for cell in row) else "hard"
        rows.append((address.lower(), kind))
    return rows


def import_bounces(*, actor: User, content: bytes, source: str) -> BounceImport:
    text = content.decode("utf-8-sig", errors="replace")
    result = BounceImport()
    with transaction.atomic():
        for address, kind in _bounced_addresses(text):
            subscriber = Subscriber.objects.filter(email=address).first()
            if subscriber is None:
                result.unknown += 1
                continue
            before = subscriber.status
            after = record_bounce(actor=actor, subscriber=subscriber, kind=kind, source=source)
            result.recorded += 1
            if before != after.status and after.status == Subscriber.Status.DISABLED:
                result.disabled += 1
    return result


# --------------------------------------------------------------------------- editions

EDITION_FIELDS = [
    "subject",
    "intro",
    "events_from",
    "events_until",
    "include_holidays",
    "rate_per_minute",
]


def save_edition(
    *,
    actor: User,
    edition: Edition | None,
    values: dict[str, Any],
    news: Iterable[Any] = (),
    offers: Iterable[Any] = (),
    topics: Iterable[Topic] = (),
) -> Edition:
    with transaction.atomic():
        if edition is None:
            edition = Edition(created_by=actor)
            before: dict[str, Any] = {}
        else:
            edition = Edition.objects.select_for_update().get(pk=edition.pk)
            if edition.status not in {Edition.Status.DRAFT, Edition.Status.SCHEDULED}:
                raise ValidationError(_("An edition that is being sent cannot be changed."))
            before = audit.snapshot(edition, EDITION_FIELDS)
        for name in EDITION_FIELDS:
            if name in values:
                setattr(edition, name, values[name])
        if not edition.slug:
            edition.slug = slugs.unique_slug(Edition, edition.subject, fallback="infobrief")
        edition.full_clean()
        edition.save()
        edition.news.set(list(news))
        edition.offers.set(list(offers))
        edition.topics.set(list(topics))
        audit.record(
            actor=actor,
            action="newsletter.edition_save",
            obj=edition,
            changes=audit.diff(before, audit.snapshot(edition, EDITION_FIELDS)),
        )
    return edition


def send_test(*, actor: User, edition: Edition, language: str = "") -> OutboxMessage:
    """The edition as subscribers of ``language`` (default: the coordinator's) get it,
    to the coordinator's own address."""
    language = outbox.language_code(language or actor.language)
    # The archive page of an unsent edition does not exist for the public: the test
    # mail's "read in the browser" link is a signed, expiring preview link instead.
    preview = reverse(
        "newsletter:preview_link", args=[tokens.preview_token(edition.pk, edition.slug)]
    )
    html, text = compose.render_mail(edition, language, web_url=preview)
    manage = _absolute("newsletter:subscribe")
    with transaction.atomic():
        message = outbox.queue_mail(
            to=[actor.email],
            subject=f"[Test] {compose.subject(edition, language)}",
            body_text=compose.personalise(text, manage_url=manage, unsubscribe_url=manage),
            body_html=compose.personalise(html, manage_url=manage, unsubscribe_url=manage),
            purpose=PURPOSE_TEST,
            language=language,
        )
        audit.record(actor=actor, action="newsletter.test_send", obj=edition)
    return message


def schedule(*, actor: User, edition: Edition, at: datetime | None) -> Edition:
    """Send at ``at`` (None: now). The worker's supervising task does the rest."""
    when = at or timezone.now()
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.status not in {Edition.Status.DRAFT, Edition.Status.SCHEDULED}:
            raise ValidationError(_("This edition is already being sent."))
        locked.status = Edition.Status.SCHEDULED
        locked.scheduled_at = when
        locked.tick_token = secrets.token_hex(16)
        locked.save(update_fields=["status", "scheduled_at", "tick_token", "updated_at"])
        jobs.enqueue(
            SEND_EDITION, locked.pk, locked.tick_token, run_after=when, priority=BULK_PRIORITY
        )
        audit.record(
            actor=actor,
            action="newsletter.schedule",
            obj=locked,
            changes={"scheduled_at": {"before": None, "after": when.isoformat()}},
        )
    return locked


def unschedule(*, actor: User, edition: Edition) -> Edition:
    with transaction.atomic():
        changed = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.DRAFT, scheduled_at=None, tick_token=""
        )
        if not changed:
            raise ValidationError(
                _("Only a scheduled edition that has not started can be stopped.")
            )
        audit.record(actor=actor, action="newsletter.unschedule", obj=edition)
    edition.refresh_from_db()
    return edition


def recipients(edition: Edition) -> QuerySet[Subscriber]:
    subscribers = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    topic_ids = list(edition.topics.values_list("pk", flat=True))
    if topic_ids:
        subscribers = subscribers.filter(topics__in=topic_ids).distinct()
    return subscribers


OPEN_STATES = [OutboxMessage.Status.QUEUED, OutboxMessage.Status.SENDING]


def supervise(edition_id: int, token: str) -> str:
    """One tick of sending an edition; see :mod:`familienrathaus.newsletter.tasks`."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None or not token or edition.tick_token != token:
        return "stale"
    if edition.status not in {Edition.Status.SCHEDULED, Edition.Status.SENDING}:
        return "done"
    now = timezone.now()
    if edition.scheduled_at and edition.scheduled_at > now + timedelta(seconds=1):
        # Too early (a clock apart?): come back then; a second task with the same
        # token is harmless, only one of them wins the token below.
        jobs.enqueue(
            SEND_EDITION, edition.pk, token, run_after=edition.scheduled_at, priority=BULK_PRIORITY
        )
        return "early"
    # Hand the chain on first: if this worker dies below, the next tick still runs.
    next_token = secrets.token_hex(16)
    with transaction.atomic():
        # updated_at is the chain's heartbeat (newsletter.sending.EDITION recovers a
        # chain whose tick died before handing on).
        won = Edition.objects.filter(pk=edition.pk, tick_token=token).update(
            tick_token=next_token, updated_at=timezone.now()
        )
        if not won:
            return "stale"
        # Without a time it goes behind every mail already waiting (those come last).
        after = now + timedelta(seconds=tick_seconds()) if tick_seconds() > 0 else None
        jobs.enqueue(SEND_EDITION, edition.pk, next_token, run_after=after, priority=BULK_PRIORITY)
    if edition.status == Edition.Status.SCHEDULED:
        _start(edition)
        edition.refresh_from_db()
    outbox.recover_stale()
    queued = _queue_deliveries(edition)
    if queued:
        with transaction.atomic():
            sending.start_batches(edition)
    else:
        sending.restart_stalled(edition)
    if _finished(edition):
        with transaction.atomic():
            finished = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SENDING).update(
                status=Edition.Status.SENT, sent_at=timezone.now(), tick_token=""
            )
            if finished:  # only the tick that marked it sent tells the listeners
                signals.edition_sent.send(
                    sender=Edition, edition=Edition.objects.get(pk=edition.pk)
                )
        return "sent"
    return f"queued {queued}"


def _start(edition: Edition) -> None:
    # Per language: [html, text, subject] (the translation's, or the German edition's).
    bodies = {
        code: [*compose.render_mail(edition, code), compose.subject(edition, code)]
        for code, _name in settings.LANGUAGES
    }
    with transaction.atomic():
        started = Edition.objects.filter(pk=edition.pk, status=Edition.Status.SCHEDULED).update(
            status=Edition.Status.SENDING,
            started_at=timezone.now(),
            mail_bodies=bodies,
            html_snapshot=compose.render_web(edition),
        )
        if started:  # the archive page of each translation, as sent
            for version in edition.translations.all():
                version.html_snapshot = compose.render_web(edition, version.language)
                version.save(update_fields=["html_snapshot", "updated_at"])


def _queue_deliveries(edition: Edition) -> int:
    """Create the missing deliveries, each with its outbox message, in batches.

    Each batch is one transaction: a worker killed in the middle leaves whole
    batches only, and the unique (edition, subscriber) constraint means a
    subscriber can never get a second delivery, whoever runs the next tick.
    """
    bodies: dict[str, list[str]] = edition.mail_bodies
    default = bodies.get(settings.LANGUAGE_CODE) or next(iter(bodies.values()))
    interval = 60.0 / edition.rate_per_minute if edition.rate_per_minute else 0.0
    started = edition.started_at or timezone.now()
    total = 0
    while True:
        batch = list(
            recipients(edition)
            .exclude(deliveries__edition=edition)
            .order_by("pk")
            .only("id", "email", "language")[:BATCH]
        )
        if not batch:
            return total
        position = Delivery.objects.filter(edition=edition).count()
        mails = []
        for offset, subscriber in enumerate(batch):
            body = bodies.get(subscriber.language) or default
            html, text = body[0], body[1]
            manage = manage_url(subscriber)
            unsubscribe = unsubscribe_url(subscriber)
            mails.append(
                outbox.Mail(
                    to=[subscriber.email],
                    subject=body[2] if len(body) > 2 else edition.subject,
                    body_text=compose.personalise(
                        text, manage_url=manage, unsubscribe_url=unsubscribe
                    ),
                    body_html=compose.personalise(
                        html, manage_url=manage, unsubscribe_url=unsubscribe
                    ),
                    send_after=(
                        started + timedelta(seconds=(position + offset) * interval)
                        if interval
                        else None
                    ),
                    headers=list_headers(unsubscribe),
                    language=subscriber.language,
                )
            )
        try:
            with transaction.atomic():
                # No task per message: batch tasks send them (newsletter.sending).
                messages = outbox.queue_bulk(mails, purpose=PURPOSE_EDITION)
                pairs = zip(batch, messages, strict=True)
                Delivery.objects.bulk_create(
                    Delivery(edition=edition, subscriber=subscriber, message=message, position=n)
                    for n, (subscriber, message) in enumerate(pairs, start=position)
                )
        except IntegrityError:
            logger.warning("edition %s: a batch met existing deliveries; retrying", edition.pk)
            continue
        total += len(batch)


def _finished(edition: Edition) -> bool:
    # The cheap question first: while mails wait, the edition is not finished.
    if Delivery.objects.filter(edition=edition, message__status__in=OPEN_STATES).exists():
        return False
    return not recipients(edition).exclude(deliveries__edition=edition).exists()


def list_headers(unsubscribe: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers of a subscriber's mail: one-click unsubscribe.

    Stored with each outbox message when the edition is queued, so that sending needs
    no query per mail."""
    return {
        "List-Unsubscribe": f"<{unsubscribe}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        "List-Id": f"Familien-Infobrief <infobrief.{outbox.message_id_domain()}>",
        "Precedence": "bulk",
    }


def create_topic(*, actor: User | None, name: str) -> Topic:
    with transaction.atomic():
        topic = Topic(name=name, slug=slugs.unique_slug(Topic, name, fallback="thema"))
        topic.full_clean()
        topic.save()
        audit.record(actor=actor, action="newsletter.topic_create", obj=topic)
    return topic
