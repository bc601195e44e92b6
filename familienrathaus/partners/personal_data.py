"""What the partners app holds about a person (registered in ``core.personal_data``):
memberships of partner staff, and contact-person entries with the person's address."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import Person, not_personal, register
from familienrathaus.partners.models import ContactPerson, Membership


def _export(person: Person) -> dict[str, Any]:
    return {
        "memberships": [
            {"organisation": m.organisation.name, "position": m.position}
            for m in Membership.objects.filter(user=person.user).select_related("organisation")
        ],
        "contact_person_entries": [
            {
                "organisation": c.organisation.name,
                "name": c.name,
                "role": c.role,
                "email": c.email,
                "phone": c.phone,
                "public": c.is_public,
            }
            for c in ContactPerson.objects.filter(person.email_q("email")).select_related(
                "organisation"
            )
        ],
    }


def _erase(person: Person) -> None:
    Membership.objects.filter(user=person.user).delete()
    ContactPerson.objects.filter(person.email_q("email")).delete()


register(
    "partners",
    label=_("Partner organisations"),
    models=[Membership, ContactPerson],
    export=_export,
    erase=_erase,
    labels={"contact_person_entries": _("entries as a contact person")},
)

not_personal("partners.organisation", "an organisation's own public contact details")
not_personal("partners.address", "an organisation's postal address")
