"""What the offers app holds about a person (registered in ``core.personal_data``):
notices about out-of-date offers sent with the person's address ("offer feedback"),
reminder mails to partner staff, and offers the person created."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, not_personal, references, register
from familienrathaus.offers.models import Offer, OfferNotice, OfferReminder


def _reminders(person: Person) -> list[OfferReminder]:
    query = Q(pk__in=[])
    for address in person.emails:
        query |= Q(recipients__icontains=address)
    return [
        r
        for r in OfferReminder.objects.filter(query).select_related("organisation")
        if any(person.has_email(a) for a in r.recipients)
    ]


def _export_feedback(person: Person) -> dict[str, Any]:
    return {
        "notices": [
            {"offer": n.offer.title, "message": n.message, "email": n.email, "sent": n.created_at}
            for n in OfferNotice.objects.filter(person.email_q("email")).select_related("offer")
        ],
        "reminders_received": [
            {"organisation": r.organisation.name, "sent": r.sent_at} for r in _reminders(person)
        ],
    }


def _erase_feedback(person: Person) -> None:
    OfferNotice.objects.filter(person.email_q("email")).delete()
    for reminder in _reminders(person):
        reminder.recipients = [a for a in reminder.recipients if not person.has_email(a)]
        reminder.save(update_fields=["recipients"])


register(
    "offer_feedback",
    label=_("Notices about offers"),
    models=[OfferNotice, OfferReminder],
    export=_export_feedback,
    erase=_erase_feedback,
    labels={"reminders_received": _("reminders you received")},
)

_created = references(Offer, ["created_by"], lambda o: {"offer": o.title, "created": o.created_at})
register(
    "offers_created",
    label=_("Offers you entered"),
    models=[Offer],
    export=_created[0],
    erase=_created[1],
)

not_personal("offers.offertime", "opening-time notes of an offer")
not_personal("offers.offerlocation", "the address where an offer takes place")
