"""Reads of the coordination desk: the inbox, a concern's timeline, what partners and
offices see, and what the daily tasks find due.

Order of the inbox: urgent concerns first, then open before closed, then by the next
due date (the first answer while none was given, else the closing), oldest first.
Merged duplicates are not in the inbox; their messages and attachments appear on the
concern they were merged into.

What a *holder* (a partner or an office the concern is passed to) sees of the timeline:
everything the family sees, the family's own messages, and the hand-over and answers
since the concern was last passed on — never the desk's internal notes, never what
was written while someone else held it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from familienrathaus.concerns import dues
from familienrathaus.concerns.models import (
    AnswerTemplate,
    Attachment,
    Concern,
    Message,
    Office,
    Topic,
)
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.core.permissions import AnyUser
from familienrathaus.partners.models import Membership, Organisation

Status = Concern.Status
OPEN = [Status.RECEIVED, Status.IN_PROGRESS, Status.ANSWERED]
# Status filter values besides the statuses themselves.
ALL_OPEN = "open"
ALL = "all"
HOLDER_KINDS = [Message.Kind.PASSED, Message.Kind.PARTNER, Message.Kind.OFFICE]
FAMILY_KINDS = [Message.Kind.FAMILY, Message.Kind.REOPENED]


def _base() -> QuerySet[Concern]:
    return Concern.objects.select_related("topic", "district", "assignee", "organisation", "office")


def overdue_q(today: dt.date) -> Q:
    """Open and past a due date: no first answer after its day, or not closed after its."""
    first = Q(first_answer_at__isnull=True, first_answer_due__lt=today)
    close = Q(close_due__lt=today)
    return Q(status__in=OPEN) & (first | close)


def _ordered(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    return concerns.annotate(
        urgent_rank=Case(
            When(priority=Concern.Priority.URGENT, status__in=OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        closed_rank=Case(When(status=Status.CLOSED, then=Value(1)), default=Value(0)),
        next_due=Case(
            When(first_answer_at__isnull=True, then="first_answer_due"),
            default="close_due",
        ),
    ).order_by("urgent_rank", "closed_rank", Coalesce("next_due", "created_at__date"), "pk")


@dataclass(frozen=True)
class InboxFilter:
    status: str = ALL_OPEN
    topic: int | None = None
    district: int | None = None
    assignee: str = ""  # "" any, "me", "none", or a user's pk as text
    overdue: bool = False
    kind: str = ""
    query: str = ""


def inbox(
    filters: InboxFilter, *, user: AnyUser, today: dt.date | None = None
) -> QuerySet[Concern]:
    """The desk's list of concerns for the filters (coordinators only: check first)."""
    today = today or dues.today()
    concerns = _base().filter(merged_into__isnull=True)
    if filters.status == ALL_OPEN:
        concerns = concerns.filter(status__in=OPEN)
    elif filters.status in Status.values:
        concerns = concerns.filter(status=filters.status)
    if filters.topic:
        concerns = concerns.filter(topic_id=filters.topic)
    if filters.district:
        concerns = concerns.filter(district_id=filters.district)
    if filters.kind in Concern.Kind.values:
        concerns = concerns.filter(kind=filters.kind)
    if filters.assignee == "me":
        concerns = concerns.filter(assignee_id=user.pk)
    elif filters.assignee == "none":
        concerns = concerns.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        concerns = concerns.filter(assignee_id=int(filters.assignee))
    if filters.overdue:
        concerns = concerns.filter(overdue_q(today))
    query = filters.query.strip()
    if query:
        concerns = concerns.filter(
            Q(reference__iexact=query)
            | Q(reference__iexact=query.replace(" ", "-"))
            | Q(text__icontains=query)
            | Q(name__icontains=query)
        )
    return _ordered(concerns)


def counts(*, today: dt.date | None = None) -> dict[str, int]:
    """Open, urgent and overdue concerns (the inbox's headline)."""
    today = today or dues.today()
    live = Concern.objects.filter(merged_into__isnull=True, status__in=OPEN)
    return {
        "open": live.count(),
        "urgent": live.filter(priority=Concern.Priority.URGENT).count(),
        "overdue": live.filter(overdue_q(today)).count(),
        "unassigned": live.filter(assignee__isnull=True).count(),
    }


def partner_concerns(user: AnyUser) -> QuerySet[Concern]:
    """Concerns passed right now to an organisation the user works for."""
    if not (user.is_authenticated and user.is_active and user.is_partner_staff):
        return Concern.objects.none()
    member = Membership.objects.filter(user_id=user.pk, organisation_id=OuterRef("organisation_id"))
    return _ordered(
        _base().filter(Exists(member), merged_into__isnull=True, redacted_at__isnull=True)
    )


def visible_to(user: AnyUser) -> QuerySet[Concern]:
    """Every concern the user may read (coordinators: all; partner staff: passed to them)."""
    if user.is_authenticated and user.is_active and user.is_coordinator:
        return _ordered(_base())
    return partner_concerns(user)


def concern(pk: int) -> Concern | None:
    return _base().filter(pk=pk).first()


def by_reference(reference: str) -> Concern | None:
    return Concern.objects.filter(reference__iexact=reference.strip()).first()


def last_handover(concern: Concern) -> Message | None:
    """The latest "passed on" entry: where the current holder's part of the timeline starts."""
    return concern.messages.filter(kind=Message.Kind.PASSED).order_by("-created_at", "-pk").first()


def timeline(concern: Concern, *, whole: bool) -> list[Message]:
    """The concern's messages, oldest first, with those of duplicates merged into it.

    ``whole``: everything (the desk). Otherwise what a holder sees (see the module)."""
    ids = [concern.pk, *concern.merged.values_list("pk", flat=True)]
    messages = Message.objects.filter(concern_id__in=ids).select_related("author", "concern")
    if not whole:
        visible = Q(public=True) | Q(kind__in=FAMILY_KINDS)
        handover = last_handover(concern)
        since = Q(created_at__gte=handover.created_at) if handover is not None else Q()
        visible |= Q(concern_id=concern.pk, kind__in=HOLDER_KINDS) & since
        messages = messages.filter(visible).exclude(kind=Message.Kind.NOTE)
    return list(messages.order_by("created_at", "pk"))


def attachments(concern: Concern) -> QuerySet[Attachment]:
    """The concern's files and those of duplicates merged into it."""
    ids = [concern.pk, *concern.merged.values_list("pk", flat=True)]
    return Attachment.objects.filter(concern_id__in=ids).order_by("added_at", "pk")


def attachment_of(concern: Concern, attachment_id: int) -> Attachment | None:
    return attachments(concern).filter(pk=attachment_id).first()


def partner_answer(concern: Concern, message_id: int) -> Message | None:
    """An internal answer of a partner or office that the desk may publish."""
    return concern.messages.filter(
        pk=message_id, kind__in=[Message.Kind.PARTNER, Message.Kind.OFFICE], public=False
    ).first()


def message_by_key(key: uuid.UUID | None) -> Message | None:
    return Message.objects.filter(submission_key=key).first() if key else None


# --------------------------------------------------------------------------- people, lists


def coordinators() -> QuerySet[User]:
    return (
        User.objects.with_role(Role.COORDINATOR, Role.ADMINISTRATOR)
        .filter(is_active=True)
        .order_by("name", "email")
    )


def staff_emails(organisation: Organisation) -> list[str]:
    """Whom a partner organisation is mailed at: its active staff, else its address."""
    emails = list(
        User.objects.with_role(Role.PARTNER)
        .filter(is_active=True, memberships__organisation=organisation)
        .values_list("email", flat=True)
    )
    return emails or ([organisation.email] if organisation.email else [])


def organisations() -> QuerySet[Organisation]:
    return Organisation.objects.order_by("name")


def offices(*, active_only: bool = False) -> QuerySet[Office]:
    offices = Office.objects.order_by("name")
    return offices.filter(active=True) if active_only else offices


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "name")


def answer_templates() -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.order_by("-interim", "title")


def interim_template() -> AnswerTemplate | None:
    return AnswerTemplate.objects.filter(interim=True).first()


# --------------------------------------------------------------------------- daily tasks


def next_due(concern: Concern) -> dt.date | None:
    """The due date the desk works towards now."""
    return concern.first_answer_due if concern.first_answer_at is None else concern.close_due


def due_for_reminder(today: dt.date) -> QuerySet[Concern]:
    """Open concerns whose next due date has come and whose holder was not yet reminded
    of it (at most one reminder per due date)."""
    live = _base().filter(status__in=OPEN, merged_into__isnull=True, redacted_at__isnull=True)
    first = Q(first_answer_at__isnull=True, first_answer_due__lte=today) & (
        Q(reminder_sent_on__isnull=True) | Q(reminder_sent_on__lt=F("first_answer_due"))
    )
    close = Q(first_answer_at__isnull=False, close_due__lte=today) & (
        Q(reminder_sent_on__isnull=True) | Q(reminder_sent_on__lt=F("close_due"))
    )
    return live.filter(first | close).order_by("pk")


def due_for_interim_notice(today: dt.date) -> QuerySet[Concern]:
    """Open concerns past their first-answer day without an answer or an interim notice."""
    return Concern.objects.filter(
        status__in=OPEN,
        merged_into__isnull=True,
        redacted_at__isnull=True,
        first_answer_at__isnull=True,
        first_answer_due__lt=today,
        interim_notice_sent_on__isnull=True,
    ).order_by("pk")
