"""Reads for the family's side: the status page, the reference lookup, "Meine Anliegen".

What a family sees of its concern is decided here: the status in plain words, with
whom it is (never an internal detail), the public messages only, and the files the
family sent or that came with a public reply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns.models import (
    Attachment,
    Concern,
    ConcernSettings,
    Message,
    Topic,
    normalise_reference,
)
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import District, User
from familienrathaus.postcards.models import Postcard

Status = Concern.Status

# The steps a family sees, in order.
STEPS: list[tuple[str, Promise]] = [
    (Status.RECEIVED, _("Received")),
    (Status.IN_PROGRESS, _("In progress")),
    (Status.ANSWERED, _("Answered")),
    (Status.CLOSED, _("Closed")),
]

EXPLANATIONS: dict[str, Promise] = {
    Status.RECEIVED: _(
        "We have received your concern. It will be read by the coordination office."
    ),
    Status.IN_PROGRESS: _("Someone is working on your concern."),
    Status.ANSWERED: _(
        "You have an answer. If it does not help you, please tell us below: "
        "then we will look at it again."
    ),
    Status.CLOSED: _("Your concern is closed. If something is still open, please tell us below."),
}


def settings() -> ConcernSettings:
    return ConcernSettings.load()


@dataclass(frozen=True)
class EmergencyLine:
    label: str
    number: str
    tel: str  # digits for a tel: link, empty when the line holds no number


_NUMBER = re.compile(r"\+?\d[\d /-]{1,20}\d\s*$")


def emergency_lines(text: str | None = None) -> list[EmergencyLine]:
    """The coordinators' emergency note as lines; a number at the end of a line becomes
    a ``tel:`` link ("Elterntelefon: 0800 111 0 550")."""
    lines = []
    for raw in (text if text is not None else settings().emergency_text).splitlines():
        line = raw.strip()
        if not line:
            continue
        match = _NUMBER.search(line)
        if match is None:
            lines.append(EmergencyLine(label=line, number="", tel=""))
            continue
        number = match.group(0).strip()
        label = line[: match.start()].strip().rstrip(":").strip()
        tel = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        lines.append(EmergencyLine(label=label, number=number, tel=tel))
    return lines


def active_topics() -> QuerySet[Topic]:
    return Topic.objects.filter(active=True)


def active_topic(pk: int | None) -> Topic | None:
    return active_topics().filter(pk=pk).first() if pk else None


def district(pk: int | None) -> District | None:
    return District.objects.filter(pk=pk).first() if pk else None


def by_token(token: str) -> Concern | None:
    """The concern of a status link, or None (also for a malformed token)."""
    if not token or len(token) > 64:
        return None
    return (
        Concern.objects.select_related("topic", "district", "organisation", "office", "merged_into")
        .filter(tracking_token=token)
        .first()
    )


def by_reference(reference: str) -> Concern | None:
    """The concern of a typed reference code (case, spaces and dashes do not matter)."""
    code = normalise_reference(reference)
    if not code or len(code) > 12:
        return None
    return Concern.objects.filter(reference=code).first()


def shown(concern: Concern) -> Concern:
    """The concern whose *state* a family sees: the one it was merged into, if any.

    Only the state (status, with whom): texts, messages and files a family sees are
    always those of its own concern, never another family's. The desk copies its
    replies to merged duplicates (``services/desk.publish_effects``)."""
    return concern.merged_into or concern


def whereabouts(concern: Concern) -> Promise | str:
    """With whom the concern is, in words a family understands."""
    if concern.status in {Status.ANSWERED, Status.CLOSED}:
        return ""
    if concern.office_id is not None and concern.office is not None:
        return _("with an office of the town administration: %(office)s") % {
            "office": concern.office.name
        }
    if concern.organisation_id is not None:
        return _("with a partner of the alliance who knows about the matter")
    if concern.status == Status.IN_PROGRESS:
        return _("with the coordination office")
    return ""


@dataclass(frozen=True)
class Step:
    label: Promise
    done: bool
    current: bool


def steps(concern: Concern) -> list[Step]:
    keys = [key for key, _label in STEPS]
    index = keys.index(concern.status) if concern.status in keys else 0
    return [
        Step(label=label, done=i < index, current=i == index)
        for i, (_key, label) in enumerate(STEPS)
    ]


def public_messages(concern: Concern) -> list[Message]:
    """What the family reads: the public messages of its own concern, oldest first,
    with their visible files. Internal notes never; nothing of merged duplicates (their
    families' additions are theirs)."""
    files = Attachment.objects.filter(Q(from_family=True) | Q(message__public=True))
    return list(
        Message.objects.filter(concern=concern, public=True)
        .exclude(kind__in=[Message.Kind.NOTE, Message.Kind.PASSED])
        .prefetch_related(Prefetch("attachments", queryset=files))
        .order_by("created_at", "pk")
    )


def first_files(concern: Concern) -> list[Attachment]:
    """The files sent with the concern itself (not with a later message)."""
    return list(concern.attachments.filter(message__isnull=True, from_family=True))


def visible_attachment(concern: Concern, attachment_id: int) -> Attachment | None:
    """A file the family may download from its status page."""
    return (
        Attachment.objects.filter(
            Q(from_family=True) | Q(message__public=True),
            concern=concern,
            pk=attachment_id,
        )
        .select_related("concern")
        .first()
    )


@dataclass(frozen=True)
class PostcardEntry:
    postcard: Postcard
    target: str  # the page to set on the card so that it leads here
    leads_here: bool
    concerns: int


def postcard_target(card: Postcard) -> str:
    """The page that makes a card lead to the form, counted as coming through it (the
    German address: a visitor's browser leads on to their language)."""
    return unprefixed(reverse("concerns:submit")) + "?" + urlencode({"karte": card.code})


def postcard_entries() -> list[PostcardEntry]:
    """The QR postcards, with the page that makes each one lead to the form (and count
    the concerns that came through it)."""
    entries = []
    cards = Postcard.objects.annotate(received=Count("concerns")).order_by("headline", "pk")
    for card in cards:
        target = postcard_target(card)
        entries.append(
            PostcardEntry(
                postcard=card,
                target=target,
                leads_here=card.target_path == target,
                concerns=card.received,
            )
        )
    return entries


def family_concerns(user: User) -> QuerySet[Concern]:
    """The concerns of a family's account: sent signed in, or with its address."""
    verified = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    emails = [user.email, *verified]
    query = Q(user=user)
    for address in {e.lower() for e in emails if e}:
        query |= Q(email__iexact=address)
    return Concern.objects.filter(query).select_related("topic").order_by("-created_at", "-pk")
