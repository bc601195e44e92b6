"""Reads of the newsletter."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import get_language_info

from familienrathaus.core.models import OutboxMessage
from familienrathaus.newsletter import services
from familienrathaus.newsletter.models import (
    Delivery,
    Edition,
    EditionTranslation,
    Subscriber,
    Topic,
    translation_languages,
)

S = OutboxMessage.Status


def topics() -> QuerySet[Topic]:
    return Topic.objects.all()


def sent_editions() -> QuerySet[Edition]:
    return Edition.objects.filter(status=Edition.Status.SENT).order_by("-sent_at", "-id")


def readable_editions() -> QuerySet[Edition]:
    """Editions whose page anyone may read: sent, or being sent (the first
    recipients follow "read in the browser" while the rest still wait)."""
    return Edition.objects.filter(status__in=[Edition.Status.SENT, Edition.Status.SENDING])


def editions() -> QuerySet[Edition]:
    return Edition.objects.order_by("-created_at", "-id")


def subscriber_counts() -> dict[str, int]:
    counts = dict(
        Subscriber.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Subscriber.Status.values}


def subscribers(*, status: str = "", query: str = "") -> QuerySet[Subscriber]:
    found = Subscriber.objects.prefetch_related("topics").order_by("email")
    if status:
        found = found.filter(status=status)
    if query:
        found = found.filter(email__icontains=query.strip())
    return found


def progress(edition: Edition) -> dict[str, Any]:
    """Per-recipient status of an edition, summed up for the back office."""
    counts = Delivery.objects.filter(edition=edition).aggregate(
        total=Count("id"),
        queued=Count("id", filter=Q(message__status=S.QUEUED)),
        sending=Count("id", filter=Q(message__status=S.SENDING)),
        sent=Count("id", filter=Q(message__status=S.SENT)),
        failed=Count("id", filter=Q(message__status=S.FAILED)),
        uncertain=Count("id", filter=Q(message__status=S.UNCERTAIN)),
        retrying=Count("id", filter=Q(message__status=S.QUEUED, message__attempts__gt=0)),
    )
    if edition.status in {Edition.Status.SENT, Edition.Status.SENDING}:
        expected = max(
            counts["total"],
            counts["total"]
            + services.recipients(edition).exclude(deliveries__edition=edition).count(),
        )
    else:
        expected = services.recipients(edition).count()
    done = counts["sent"] + counts["failed"] + counts["uncertain"]
    counts["expected"] = expected
    counts["percent"] = int(100 * done / expected) if expected else 0
    return counts


def deliveries(edition: Edition) -> QuerySet[Delivery]:
    return (
        Delivery.objects.filter(edition=edition)
        .select_related("subscriber", "message")
        .order_by("position")
    )


def translations(edition: Edition) -> list[dict[str, Any]]:
    """Each language an edition can be translated into (in its own name), with the
    translation written so far or None."""
    written = {version.language: version for version in edition.translations.all()}
    return [
        {"code": code, "name": get_language_info(code)["name_local"], "version": written.get(code)}
        for code, _name in translation_languages()
    ]


def in_language(editions: list[Edition], language: str | None) -> list[Edition]:
    """The editions with the subject of their translation into ``language`` (one query)."""
    subjects = dict(
        EditionTranslation.objects.filter(edition__in=editions, language=language).values_list(
            "edition_id", "subject"
        )
    )
    for edition in editions:
        edition.subject = subjects.get(edition.pk, edition.subject)
    return editions
