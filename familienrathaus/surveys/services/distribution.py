"""Writes of the ways to a survey: named channels (a link and a QR code each) and
one-time invitation codes.

Codes are drawn at random from an alphabet without 0/O and 1/I/L. A code carries
nothing but the survey and whether it was used: no time, no link to an answer.
"""

from __future__ import annotations

from django.db import transaction

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.surveys.models import Channel, InvitationCode, Survey
from familienrathaus.surveys.models.survey import new_code

MAX_CODES_AT_ONCE = 5000


@transaction.atomic
def add_channel(*, actor: User, survey: Survey, name: str, paper: bool = False) -> Channel:
    channel = Channel(survey=survey, name=name.strip(), paper=paper)
    channel.full_clean()
    channel.save()
    audit.record(
        actor=actor,
        action="survey.channel.create",
        obj=channel,
        changes={"survey": survey.pk, "name": channel.name},
    )
    return channel


@transaction.atomic
def delete_channel(*, actor: User, channel: Channel) -> bool:
    """Delete a channel nobody has answered through yet; False otherwise. The plain
    link's channel (the first one that is not paper) and paper channels stay: the
    family's pages and the paper entry count their answers there."""
    if channel.paper or channel.responses.exists() or channel == direct_channel(channel.survey):
        return False
    audit.record(
        actor=actor,
        action="survey.channel.delete",
        obj=channel,
        changes={"survey": channel.survey_id, "name": channel.name},
    )
    channel.delete()
    return True


def direct_channel(survey: Survey) -> Channel | None:
    return survey.channels.filter(paper=False).order_by("created_at", "pk").first()


def generate_codes(*, actor: User, survey: Survey, count: int) -> list[InvitationCode]:
    """``count`` new one-time codes for ``survey`` (1 … 5000), in the order created."""
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValueError(count)
    with transaction.atomic():
        created: list[InvitationCode] = []
        while len(created) < count:
            wanted = {new_code() for _i in range(count - len(created))}
            taken = set(
                InvitationCode.objects.filter(code__in=wanted).values_list("code", flat=True)
            )
            rows = [InvitationCode(survey=survey, code=code) for code in sorted(wanted - taken)]
            InvitationCode.objects.bulk_create(rows)
            created.extend(rows)
        audit.record(
            actor=actor, action="survey.codes.create", obj=survey, changes={"count": count}
        )
    return list(
        InvitationCode.objects.filter(
            survey=survey, code__in=[row.code for row in created]
        ).order_by("pk")
    )
