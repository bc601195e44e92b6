"""What the concerns app holds about a person (registered in ``core.personal_data``).

- A family's concerns: sent signed in (``Concern.user``) or with one of the account's
  e-mail addresses. The export lists each with what the family wrote and every public
  answer (internal notes are the office's working notes about the case, not the
  family's data, and the partners' own answers until they are published); files are
  named, not embedded. The erasure redacts them the way retention does (name, contact,
  account link and every text removed, files deleted; kind, topic, district, channel
  and dates kept for the reports) and closes the open ones: nobody can answer a family
  that is gone.
- Staff: the concerns assigned to or entered by a person and the messages a person
  wrote only point at the account; the erasure unlinks them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns import retention
from familienrathaus.concerns.models import Attachment, Concern, Message
from familienrathaus.core.personal_data import (
    Person,
    combine,
    not_personal,
    plain,
    references,
    register,
)


def _family_concerns(person: Person) -> QuerySet[Concern]:
    return Concern.objects.filter(Q(user=person.user) | person.email_q("email")).distinct()


def _export_family(person: Person) -> list[dict[str, Any]]:
    rows = []
    for concern in _family_concerns(person).select_related("topic", "district").order_by("pk"):
        messages = concern.messages.filter(public=True).order_by("created_at", "pk")
        rows.append(
            {
                "reference": concern.reference,
                "sent": plain(concern.created_at),
                "kind": str(concern.get_kind_display()),
                "topic": concern.topic.name if concern.topic else "",
                "district": concern.district.name if concern.district else "",
                "privacy": str(concern.get_privacy_display()),
                "channel": str(concern.get_channel_display()),
                "status": str(concern.get_status_display()),
                "name": concern.name,
                "email": concern.email,
                "phone": concern.phone,
                "text": concern.text,
                "files": [
                    str(attachment.get_kind_display())
                    for attachment in concern.attachments.filter(from_family=True)
                ],
                "messages": [
                    {
                        "written": plain(message.created_at),
                        "kind": str(message.get_kind_display()),
                        "from": message.author_label,
                        "text": message.text,
                    }
                    for message in messages
                ],
            }
        )
    return rows


def _erase_family(person: Person) -> None:
    now = timezone.now()
    for concern_id in list(_family_concerns(person).values_list("pk", flat=True)):
        Concern.objects.filter(pk=concern_id).exclude(status=Concern.Status.CLOSED).update(
            status=Concern.Status.CLOSED, closed_at=now, updated_at=now
        )
        retention.redact(concern_id, now=now, force=True)
    # Redacted earlier, or matched only by account: nothing of the person stays linked.
    _family_concerns(person).update(name="", email="", phone="", user=None)


register(
    "concerns",
    label=_("Your concerns (Anliegen)"),
    models=[Concern, Attachment],
    export=_export_family,
    erase=_erase_family,
)

_staff_concerns = references(
    Concern, ["assignee", "entered_by"], lambda c: {"concern": c.reference}
)
_staff_messages = references(
    Message,
    ["author"],
    lambda m: {"concern": m.concern.reference, "written": plain(m.created_at)},
)
_staff = combine(_staff_concerns, _staff_messages, keys=["concerns", "messages"])
register(
    "concerns_staff",
    label=_("Concerns you handled"),
    models=[Concern, Message],
    export=_staff[0],
    erase=_staff[1],
)

not_personal("concerns.topic", "the name of a topic of concerns")
not_personal("concerns.office", "an office of the administration and its public address")
