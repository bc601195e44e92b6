"""Passing a concern on (to a partner organisation, to an office, back to the desk), the
holders' answers, publishing an answer to the family, and merging duplicates.

The locking and the double-submission rule are those of :mod:`.desk` (read its
docstring): every step locks the concern's row and checks again on the fresh row.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.concerns import office_links, permissions
from familienrathaus.concerns.models import Concern, Message, Office
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import intake
from familienrathaus.concerns.services.desk import (
    DESK_LABEL,
    NotAllowed,
    add_message,
    existing,
    in_family_language,
    locked_concern,
    mail_staff,
    publish_effects,
    staff_language,
    touch,
)
from familienrathaus.core import audit, tenancy
from familienrathaus.core.models import User
from familienrathaus.partners.models import Organisation

Status = Concern.Status
Kind = Message.Kind


def office_url(concern: Concern, office: Office) -> str:
    token = office_links.make_token(concern.pk, office.pk)
    return tenancy.site_url() + reverse("concerns:office", kwargs={"token": token})


def pass_on(
    *,
    actor: User,
    concern: Concern,
    organisation: Organisation | None = None,
    office: Office | None = None,
    note: str = "",
) -> Concern:
    """Hand the concern to a partner organisation or an office, or (neither given) take
    it back to the desk. The previous holder loses access at once; the new one is mailed
    (an office with its signed link); the family reads that it is being worked on."""
    if organisation is not None and office is not None:
        raise ValidationError(_("Pass a concern to a partner or to an office, not both."))
    if office is not None and not office.active:
        raise ValidationError({"office": _("This office is no longer active.")})
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        if fresh.status == Status.CLOSED or fresh.merged_into_id is not None:
            raise NotAllowed
        # Passing to the same holder again sends a fresh mail (an office gets a new
        # link); the family has nothing new to read.
        same = (fresh.organisation_id, fresh.office_id) == (
            organisation.pk if organisation else None,
            office.pk if office else None,
        )
        fresh.organisation, fresh.office = organisation, office
        holder = organisation or office
        if holder is not None and fresh.status in {Status.RECEIVED, Status.ANSWERED}:
            fresh.status = Status.IN_PROGRESS
        touch(fresh, "organisation", "office", "status")
        with staff_language():
            label = str(holder) if holder is not None else _("back to the coordination office")
        add_message(fresh, kind=Kind.PASSED, text=note, public=False, author=actor, label=label)
        audit.record(
            actor=actor,
            action="concerns.pass_on",
            obj=fresh,
            changes={
                "organisation": organisation.pk if organisation else None,
                "office": office.pk if office else None,
            },
        )
        if holder is not None and not same:
            with in_family_language(fresh):
                text = _(
                    "We have passed your concern on to %(holder)s, who will look after it. "
                    "You will hear from us here."
                ) % {"holder": holder}
            status_message = add_message(
                fresh, kind=Kind.STATUS, text=text, public=True, author=actor, label=DESK_LABEL
            )
            intake.notify_family(fresh, status_message)
        _mail_holder(fresh, note=note)
    return fresh


def _mail_holder(concern: Concern, *, note: str) -> None:
    # Each person in the language of their account (an office: the site's language).
    if concern.organisation is not None:
        mail_staff(
            selectors.staff_emails(concern.organisation),
            lambda: (
                _("A concern was passed on to you: %(reference)s")
                % {"reference": concern.reference}
            ),
            "concerns/mail/passed_partner.txt",
            concern,
            purpose="concerns.passed_partner",
            context={"note": note, "url": partial(partner_url, concern)},
        )
    elif concern.office is not None:
        mail_staff(
            [concern.office.email],
            lambda: (
                _("A concern for your office: %(reference)s") % {"reference": concern.reference}
            ),
            "concerns/mail/passed_office.txt",
            concern,
            purpose="concerns.passed_office",
            context={
                "note": note,
                "url": partial(office_url, concern, concern.office),
                "days": office_links.valid_days(),
            },
        )


def partner_url(concern: Concern) -> str:
    return tenancy.site_url() + reverse("concerns:partner-detail", args=[concern.pk])


# --------------------------------------------------------------------------- holders answer


def partner_answer(
    *,
    actor: User,
    concern: Concern,
    text: str,
    to_family: bool,
    submission_key: uuid.UUID | None,
) -> Message:
    """A partner's answer: to the desk (internal), or straight to the family.

    Refused (:class:`NotAllowed`) when, on the locked row, the concern is no longer
    passed to the partner's organisation or no longer open."""
    with locked_concern(concern.pk) as fresh:
        if (done := existing(submission_key)) is not None:
            return done
        if not permissions.can_answer(actor, fresh) or permissions.is_coordinator(actor):
            raise NotAllowed
        organisation = fresh.organisation
        message = add_message(
            fresh,
            kind=Kind.PARTNER,
            text=text,
            public=to_family,
            author=actor,
            label=str(organisation),
            key=submission_key,
        )
        _after_holder_answer(fresh, message)
        audit.record(actor=actor, action="concerns.partner_answer", obj=fresh)
    return message


def office_answer(
    *,
    concern: Concern,
    office_id: int,
    text: str,
    to_family: bool,
    submission_key: uuid.UUID | None,
) -> Message:
    """An office's answer through its signed link (already verified by the view)."""
    with locked_concern(concern.pk) as fresh:
        if (done := existing(submission_key)) is not None:
            return done
        if not permissions.office_may_open(fresh, office_id):
            raise NotAllowed
        message = add_message(
            fresh,
            kind=Kind.OFFICE,
            text=text,
            public=to_family,
            author=None,
            label=str(fresh.office),
            key=submission_key,
        )
        _after_holder_answer(fresh, message)
        audit.record(actor=None, action="concerns.office_answer", obj=fresh)
    return message


def _after_holder_answer(concern: Concern, message: Message) -> None:
    if message.public:
        publish_effects(concern, message)
    else:
        touch(concern)
    emails = (
        [concern.assignee.email]
        if concern.assignee is not None and concern.assignee.is_active
        else [user.email for user in selectors.coordinators()]
    )
    mail_staff(
        emails,
        lambda: (
            _("New answer from %(holder)s on %(reference)s")
            % {"holder": message.author_label, "reference": concern.reference}
        ),
        "concerns/mail/holder_answered.txt",
        concern,
        purpose="concerns.holder_answered",
        context={"message": message},
    )


def publish(*, actor: User, concern: Concern, message_id: int) -> Message:
    """The desk sends a partner's or office's internal answer on to the family."""
    with locked_concern(concern.pk) as fresh:
        if not permissions.can_manage(actor, fresh) or not permissions.can_answer(actor, fresh):
            raise NotAllowed
        message = selectors.partner_answer(fresh, message_id)
        if message is None:
            raise NotAllowed
        message.public = True
        message.save(update_fields=["public"])
        publish_effects(fresh, message)
        audit.record(actor=actor, action="concerns.publish", obj=fresh)
    return message


# --------------------------------------------------------------------------- duplicates


def merge(*, actor: User, duplicate: Concern, target: Concern) -> Concern:
    """Merge ``duplicate`` into ``target``: the duplicate is closed and its family told
    where it went; its messages and files show on the target, and the target's replies
    reach its family too."""
    if duplicate.pk == target.pk:
        raise ValidationError({"target": _("A concern cannot be merged into itself.")})
    first, second = sorted([duplicate.pk, target.pk])
    with transaction.atomic(), locked_concern(first) as one, locked_concern(second) as two:
        fresh, into = (one, two) if one.pk == duplicate.pk else (two, one)
        if not permissions.can_manage(actor, fresh):
            raise NotAllowed
        if fresh.merged_into_id is not None or fresh.merged.exists():
            raise ValidationError({"target": _("This concern is already merged.")})
        if into.merged_into_id is not None or into.redacted_at is not None:
            raise ValidationError(
                {"target": _("That concern was itself merged; choose the one it went into.")}
            )
        fresh.merged_into = into
        fresh.status = Status.CLOSED
        fresh.closed_at = timezone.now()
        fresh.organisation = fresh.office = None
        touch(fresh, "merged_into", "status", "closed_at", "organisation", "office")
        with in_family_language(fresh):
            text = _(
                "Another family has raised the same matter, so we are handling both together. "
                "Your concern is closed here; you will receive our answer to it all the same."
            )
        message = add_message(
            fresh, kind=Kind.STATUS, text=text, public=True, author=actor, label=DESK_LABEL
        )
        intake.notify_family(fresh, message)
        with staff_language():
            note = _("%(reference)s was merged into this concern.") % {"reference": fresh.reference}
        add_message(into, kind=Kind.NOTE, text=note, public=False, author=actor)
        touch(into)
        audit.record(
            actor=actor, action="concerns.merge", obj=fresh, changes={"merged_into": into.pk}
        )
    return fresh
