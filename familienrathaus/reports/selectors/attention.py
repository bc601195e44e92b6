"""What needs a coordinator's attention today ("Heute zu tun"), each with a count and a
link to where it is dealt with.

It reuses what the apps already count: the review queues of the shared review workflow
(``Workflow.queue()``, as each queue page lists them), the concerns desk's overdue count,
the holiday programme's minimum check, the employers' certificate validity, the welcome's
grants waiting for payment, and the notices apps put on the back office's dashboard
(:func:`familienrathaus.core.backoffice.notices_for`). Each item is shown only to someone
who may act on it (the app's own permission), and only when there is something to do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familienrathaus.concerns import permissions as concern_permissions
from familienrathaus.concerns.selectors import desk as concern_desk
from familienrathaus.core import backoffice
from familienrathaus.core.permissions import AnyUser
from familienrathaus.core.review import Workflow
from familienrathaus.employers import permissions as employer_permissions
from familienrathaus.employers.models import Certificate
from familienrathaus.employers.selectors import certificates as certificate_selectors
from familienrathaus.events.workflow import WORKFLOW as EVENTS
from familienrathaus.holidays import permissions as holiday_permissions
from familienrathaus.holidays import selectors as holiday_selectors
from familienrathaus.holidays.models import Activity, Occasion, OccasionDate
from familienrathaus.holidays.workflow import WORKFLOW as HOLIDAYS
from familienrathaus.ideas.workflow import WORKFLOW as IDEAS
from familienrathaus.news.workflow import WORKFLOW as NEWS
from familienrathaus.offers.workflow import WORKFLOW as OFFERS
from familienrathaus.welcome import permissions as welcome_permissions
from familienrathaus.welcome.selectors import payments as welcome_payments

REVIEWED: tuple[Workflow, ...] = (OFFERS, EVENTS, HOLIDAYS, NEWS, IDEAS)
EXPIRY_DAYS = 90
# Occasions starting within this many days are looked at; each programme's own
# "check the minimum days before" decides which of them are "shortly before the start".
LOOK_AHEAD_DAYS = 60


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    url: str
    link_text: str
    count: int | None = None  # None for an app's notice that has no count


def _reviews(user: AnyUser) -> list[Item]:
    items = []
    for workflow in REVIEWED:
        if not workflow.is_reviewer(user):
            continue
        waiting = workflow.queue().count()
        if not waiting:
            continue
        nouns = workflow.model._meta.verbose_name_plural
        items.append(
            Item(
                key=f"review-{workflow.name}",
                text=_("%(nouns)s waiting for review: %(count)s")
                % {"count": waiting, "nouns": capfirst(nouns)},
                url=reverse(workflow.queue_url),
                link_text=_("Review"),
                count=waiting,
            )
        )
    return items


def _concerns(user: AnyUser, on: dt.date) -> list[Item]:
    if not concern_permissions.can_use_desk(user):
        return []
    overdue = concern_desk.counts(today=on)["overdue"]
    if not overdue:
        return []
    return [
        Item(
            key="concerns-overdue",
            text=ngettext(
                "%(count)s concern is overdue (first answer or closing).",
                "%(count)s concerns are overdue (first answer or closing).",
                overdue,
            )
            % {"count": overdue},
            url=reverse("concerns:desk-overdue"),
            link_text=_("Overdue concerns"),
            count=overdue,
        )
    ]


def below_minimum_soon(*, now: dt.datetime | None = None) -> list[Occasion]:
    """Occasions (not cancelled, of published activities) that start within their
    programme's "check the minimum" days and have fewer participants than their minimum
    (or were flagged by the minimum check), first start first."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=LOOK_AHEAD_DAYS)
    # Only occasions with a date ahead get their bookings counted (not the whole season).
    upcoming = OccasionDate.objects.filter(starts__gte=now, starts__lte=horizon).values(
        "occasion_id"
    )
    candidates = (
        holiday_selectors.with_counts(
            Occasion.objects.filter(
                pk__in=upcoming,
                activity__status=Activity.Status.PUBLISHED,
                cancelled_at__isnull=True,
            )
        )
        .filter(starts__gte=now, starts__lte=horizon)
        .filter(Q(below_minimum_at__isnull=False) | Q(min_places__gt=F("taken")))
        .select_related("activity__period")
        .order_by("starts", "pk")
    )
    found = []
    for occasion in candidates:
        period = occasion.activity.period
        if occasion.starts > now + dt.timedelta(days=period.minimum_check_days):
            continue
        opened = holiday_selectors.has_booking_opened(period)
        if holiday_selectors.is_below_minimum(occasion, booking_opened=opened):
            found.append(occasion)
    return found


def _holidays(user: AnyUser) -> list[Item]:
    if not holiday_permissions.can_run_programme(user):
        return []
    below = len(below_minimum_soon())
    if not below:
        return []
    return [
        Item(
            key="holidays-below-minimum",
            text=ngettext(
                "%(count)s holiday activity starts soon below its minimum of participants.",
                "%(count)s holiday activities start soon below their minimum of participants.",
                below,
            )
            % {"count": below},
            url=reverse("holidays:dashboard"),
            link_text=_("Holiday programme"),
            count=below,
        )
    ]


def expiring_certificates(on: dt.date) -> int:
    """Valid certificates whose validity ends within :data:`EXPIRY_DAYS` days."""
    return Certificate.objects.filter(
        certificate_selectors.valid_q(on), valid_until__lte=on + dt.timedelta(days=EXPIRY_DAYS)
    ).count()


def _employers(user: AnyUser, on: dt.date) -> list[Item]:
    if not employer_permissions.can_manage(user):
        return []
    expiring = expiring_certificates(on)
    if not expiring:
        return []
    return [
        Item(
            key="certificates-expiring",
            text=ngettext(
                "%(count)s employer certificate expires within 90 days.",
                "%(count)s employer certificates expire within 90 days.",
                expiring,
            )
            % {"count": expiring},
            url=reverse("employers:certificates") + "?status=valid",
            link_text=_("Certificates"),
            count=expiring,
        )
    ]


def grants_to_pay() -> int:
    """Approved welcome grants not paid yet: transfers not in a file, and cash payments."""
    transfers = welcome_payments.waiting_for_transfer()["count"]
    return int(transfers) + welcome_payments.approved_for_cash().count()


def _welcome(user: AnyUser) -> list[Item]:
    if not welcome_permissions.can_manage_payments(user):
        return []
    waiting = grants_to_pay()
    if not waiting:
        return []
    return [
        Item(
            key="welcome-grants",
            text=ngettext(
                "%(count)s welcome grant is approved and waits to be paid.",
                "%(count)s welcome grants are approved and wait to be paid.",
                waiting,
            )
            % {"count": waiting},
            url=reverse("welcome:payments"),
            link_text=_("Payments of the grant"),
            count=waiting,
        )
    ]


def _notices(user: AnyUser) -> list[Item]:
    return [
        Item(
            key=f"notice-{number}",
            text=str(notice.text),
            url=notice.url,
            link_text=str(notice.link_text or notice.url),
        )
        for number, notice in enumerate(backoffice.notices_for(user), start=1)
    ]


def for_user(user: AnyUser, *, on: dt.date | None = None) -> list[Item]:
    """Today's items for ``user``: reviews, overdue concerns, occasions below their
    minimum, expiring certificates, grants to pay, then the apps' notices."""
    on = on or timezone.localdate()
    return [
        *_reviews(user),
        *_concerns(user, on),
        *_holidays(user),
        *_employers(user, on),
        *_welcome(user),
        *_notices(user),
    ]
