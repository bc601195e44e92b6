"""What the newsletter holds about a person (registered in ``core.personal_data``): the
subscription of one of the account's addresses, with its consent record, topics and
bounces; and the editions a coordinator created."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, not_personal, references, register
from familienrathaus.newsletter.models import Bounce, Delivery, Edition, Subscriber


def _export(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "email": s.email,
            "status": s.status,
            "language": s.language,
            "topics": [t.name for t in s.topics.all()],
            "source": s.source,
            "subscribed": s.created_at,
            "consent_given": s.consent_requested_at,
            "consent_text": s.consent_text,
            "confirmed": s.confirmed_at,
            "unsubscribed": s.unsubscribed_at,
            "editions_received": s.deliveries.count(),
            "bounces": [{"kind": b.kind, "when": b.created_at} for b in s.bounces.all()],
        }
        for s in Subscriber.objects.filter(person.email_q("email"))
    ]


def _erase(person: Person) -> None:
    """The subscription goes with its bounces; the editions' delivery rows lose it."""
    Subscriber.objects.filter(person.email_q("email")).delete()


register(
    "newsletter",
    label=_("Newsletter subscription"),
    models=[Subscriber, Bounce, Delivery],
    export=_export,
    erase=_erase,
)

_editions = references(Edition, ["created_by"], lambda e: {"edition": e.subject})
register(
    "newsletter_editions",
    label=_("Newsletter editions you created"),
    models=[Edition],
    export=_editions[0],
    erase=_editions[1],
)

not_personal("newsletter.topic", "the name of a newsletter topic")
