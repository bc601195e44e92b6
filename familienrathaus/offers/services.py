"""Writes of the offers app. Views and API endpoints call these and nothing else."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, review, selectors, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.recipients import queue_by_language, split_mail
from familienrathaus.offers import content as offer_content
from familienrathaus.offers import permissions, search
from familienrathaus.offers.models import Offer, OfferNotice, OfferReminder
from familienrathaus.offers.selectors import offers_due_for_confirmation
from familienrathaus.offers.workflow import WORKFLOW
from familienrathaus.partners.models import Organisation

# The yearly confirmation: remind after a year without confirmation, at most every 30 days.
REMIND_AFTER = timedelta(days=365)
REMIND_AGAIN_AFTER = timedelta(days=30)


def _reindex(offer: Offer) -> None:
    search.reindex(offer)


# ------------------------------------------------------------------------- content


@transaction.atomic
def create_offer(*, actor: User, organisation: Organisation, content: dict[str, Any]) -> Offer:
    """A new draft. ``content`` as in :mod:`familienrathaus.offers.content`; new
    uploads as rows ``{"upload": file, "alt_text"/"title": …}``."""
    if not permissions.can_create_offer_for(actor, organisation):
        raise PermissionDenied
    offer = Offer(organisation=organisation, created_by=actor, status=Offer.Status.DRAFT)
    values = {key: value for key, value in content.items() if key not in {"images", "attachments"}}
    offer.title = values.get("title", "")
    offer.slug = offer_content.unique_slug(offer.title)
    offer_content.apply_content(offer, values)
    uploads = offer_content.store_uploads(
        offer,
        {key: content[key] for key in ("images", "attachments") if key in content},
        pending=False,
    )
    offer_content.apply_content(offer, uploads)
    audit.record(
        actor=actor,
        action="offer.create",
        obj=offer,
        changes={"organisation": {"before": None, "after": organisation.name}},
    )
    _reindex(offer)
    return offer


@transaction.atomic
def update_offer(
    *, actor: User, offer: Offer, content: dict[str, Any]
) -> Literal["saved", "proposed"]:
    """Save changes. For a published offer of a partner that is not trusted, the
    changes become a proposal for review and the published version stays online.

    ``content`` may be partial (the API's PATCH): missing keys keep their values.
    Returns "saved" or "proposed".
    """
    offer = Offer.objects.select_for_update().select_related("organisation").get(pk=offer.pk)
    if not permissions.can_edit_offer_content(actor, offer):
        raise PermissionDenied
    previous = offer.pending_changes or {}
    if permissions.changes_need_review(actor, offer):
        values = {**offer_content.working_content(offer), **content}
        values = offer_content.store_uploads(offer, values, pending=True)
        offer_content.discard_uploads(offer, previous.get("values") or {}, keep=values)
        review.propose_changes(WORKFLOW, offer, values, actor=actor)
        return "proposed"
    if previous:
        # The form starts from the proposal; a direct save includes it.
        content = {**offer_content.working_content(offer), **content}
    content = offer_content.store_uploads(offer, content, pending=False)
    changes = offer_content.apply_content(offer, content)
    if previous:
        offer.pending_changes = None
        offer.save(update_fields=["pending_changes"])
        offer_content.discard_uploads(offer, previous.get("values") or {})
    if changes or previous:
        audit.record(actor=actor, action="offer.update", obj=offer, changes=changes)
    _reindex(offer)
    return "saved"


# ------------------------------------------------------------------------- workflow


def change_status(*, actor: User, offer: Offer, action: str, comment: str = "") -> Offer:
    """Any step of the review (see core.review.STEPS), through the one write path."""
    return review.act(WORKFLOW, offer, actor=actor, step=action, comment=comment)


# --------------------------------------------------------------------- confirmation


@transaction.atomic
def confirm_offers(*, actor: User, offers: list[Offer]) -> int:
    """ "Still correct": the partner checked these published offers today."""
    now = timezone.now()
    confirmed = 0
    for offer in offers:
        if offer.status != Offer.Status.PUBLISHED or not permissions.can_change_offer(actor, offer):
            raise PermissionDenied
        before = offer.confirmed_at
        offer.confirmed_at = now
        offer.save(update_fields=["confirmed_at"])
        audit.record(
            actor=actor,
            action="offer.confirm",
            obj=offer,
            changes=audit.diff({"confirmed_at": before}, {"confirmed_at": now}),
        )
        confirmed += 1
    return confirmed


def send_confirmation_reminders(*, now: datetime | None = None) -> int:
    """Queue one reminder per partner whose published offers were not confirmed for a
    year, unless that partner got one in the last 30 days. Returns the number queued."""
    now = now or timezone.now()
    due = offers_due_for_confirmation(now=now, older_than=REMIND_AFTER)
    organisation_ids = set(due.values_list("organisation_id", flat=True))
    last_sent = dict(
        OfferReminder.objects.filter(organisation_id__in=organisation_ids)
        .values("organisation_id")
        .annotate(last=Max("sent_at"))
        .values_list("organisation_id", "last")
    )
    sent = 0
    for organisation in Organisation.objects.filter(pk__in=organisation_ids).order_by("name"):
        last = last_sent.get(organisation.pk)
        if last is not None and last > now - REMIND_AGAIN_AFTER:
            continue
        sent += _remind(organisation, list(due.filter(organisation=organisation)), now=now)
    return sent


@transaction.atomic
def _remind(organisation: Organisation, offers: list[Offer], *, now: datetime) -> int:
    # Locked, so that two runs at the same time cannot both mail this partner.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    if OfferReminder.objects.filter(
        organisation=organisation, sent_at__gt=now - REMIND_AGAIN_AFTER
    ).exists():
        return 0
    recipients = sorted(set(offers[0].organisation.staff_emails())) if offers else []
    if not recipients:
        return 0

    def render() -> tuple[str, str]:
        text = render_to_string(
            "offers/mail/confirm_reminder.txt",
            {
                "organisation": organisation,
                "offers": offers,
                "url": tenancy.site_url() + reverse("offers:confirm"),
                "site": selectors.site_settings(),
            },
        )
        return split_mail(text)

    queue_by_language(recipients, render, purpose="offer.reminder")
    reminder = OfferReminder(
        organisation=organisation, sent_at=now, recipients=recipients, offer_count=len(offers)
    )
    reminder.full_clean()
    reminder.save()
    audit.record(actor=None, action="offer.reminder", obj=organisation)
    return 1


# -------------------------------------------------------------------------- notices


@transaction.atomic
def submit_notice(*, offer: Offer, message: str, email: str = "") -> OfferNotice:
    """ "Angabe veraltet?": store the visitor's notice and tell the coordinators."""
    notice = OfferNotice(offer=offer, message=message, email=email)
    notice.full_clean()
    notice.save()
    recipients = selectors.coordinator_emails()
    if recipients:

        def render() -> tuple[str, str]:
            subject = _("Out of date? A notice about “%(title)s”") % {"title": offer.title}
            body = render_to_string(
                "offers/mail/notice.txt",
                {
                    "notice": notice,
                    "offer": offer,
                    "url": tenancy.site_url() + offer.get_absolute_url(),
                    "list_url": tenancy.site_url() + reverse("offers:notices"),
                    "site": selectors.site_settings(),
                },
            )
            return subject, body

        queue_by_language(
            recipients, render, purpose="offer.notice", reply_to=[email] if email else []
        )
    return notice


@transaction.atomic
def mark_notice_handled(*, actor: User, notice: OfferNotice) -> None:
    notice.handled = True
    notice.save(update_fields=["handled"])
    audit.record(actor=actor, action="offer_notice.handled", obj=notice)
