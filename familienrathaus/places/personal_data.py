"""What the map holds about a person (registered in ``core.personal_data``): Notinsel
entries whose contact person is the person (by address) or that the person entered."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, not_personal, register
from familienrathaus.places.models import Notinsel


def _export(person: Person) -> list[dict[str, Any]]:
    rows = Notinsel.objects.filter(person.email_q("contact_email") | Q(created_by=person.user))
    return [
        {
            "business": n.business_name,
            "contact_name": n.contact_name if person.has_email(n.contact_email) else "",
            "contact_email": n.contact_email if person.has_email(n.contact_email) else "",
            "contact_phone": n.contact_phone if person.has_email(n.contact_email) else "",
            "status": n.status,
            "entered_by_you": n.created_by_id == person.user.pk,
        }
        for n in rows
    ]


def _erase(person: Person) -> None:
    """The business stays a Notinsel; its contact person's details are removed (the
    coordinators see the entry without a contact and ask the business again)."""
    Notinsel.objects.filter(person.email_q("contact_email")).update(
        contact_name="", contact_email="", contact_phone=""
    )
    Notinsel.objects.filter(created_by=person.user).update(created_by=None)


register(
    "notinseln",
    label=_("Notinseln"),
    models=[Notinsel],
    export=_export,
    erase=_erase,
)

not_personal("places.place", "public places on the map (their own public contact details)")
not_personal("places.placekind", "the name of a kind of place")
not_personal("places.openingexception", "a public note on a place's opening hours")
