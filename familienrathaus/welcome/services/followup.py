"""Follow-up mails: at the ages the coordinator chose (``WelcomeSettings.followup_ages``,
e.g. 3 months, 1 year, 3 years) a short mail, in the family's language, with what is
due and what the town offers at that age.

Double opt-in, as for the Infobrief: asking stores a *pending* :class:`FollowUp` and
mails a confirmation link; only a confirmed (active) one gets mails. The link works
for :data:`CONFIRM_DAYS` days; the confirmation page asks for a click (a POST), so a
mail scanner that opens links confirms nothing.

Each age is mailed once: the :class:`FollowUpSent` row (unique per follow-up and age)
is written in the same transaction as the outbox message, so two workers running the
daily task at once, or a run repeated after a crash, queue the mail once. An age whose
day lies more than :data:`LATE_DAYS` days back is skipped (a family that subscribes
at 14 months does not get the 3-month mail).

Every mail carries a one-click unsubscribe (RFC 2369/8058 ``List-Unsubscribe`` with
``List-Unsubscribe-Post``) and the same link in its text.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.core import outbox, tenancy
from familienrathaus.core.models import District
from familienrathaus.welcome import timeline
from familienrathaus.welcome.models import FollowUp, FollowUpSent, Registration
from familienrathaus.welcome.selectors import guide as guide_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors

logger = logging.getLogger(__name__)

CONFIRM_DAYS = 7
LATE_DAYS = 31
DUE_AHEAD_DAYS = 92  # a mail lists what falls due in the next three months


def _absolute(name: str, **kwargs: str) -> str:
    return tenancy.site_url() + reverse(name, kwargs=kwargs)


def confirm_url(followup: FollowUp) -> str:
    return _absolute("welcome:followup-confirm", token=followup.token)


def unsubscribe_url(followup: FollowUp) -> str:
    return _absolute("welcome:followup-unsubscribe", token=followup.token)


def guide_url(followup: FollowUp) -> str:
    if followup.registration is None:
        return ""
    return _absolute("welcome:guide", token=followup.registration.guide_token)


def list_headers(followup: FollowUp) -> dict[str, str]:
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(followup)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _language(code: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return code if code in codes else settings.LANGUAGE_CODE


def _queue(followup: FollowUp, template: str, context: dict[str, object], purpose: str) -> None:
    with translation.override(_language(followup.language)):
        text = render_to_string(template, {"followup": followup, **context})
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[followup.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=purpose,
        headers=list_headers(followup) if purpose == "welcome.followup" else None,
        language=_language(followup.language),
    )


# ------------------------------------------------------------------ opting in and out


def request(
    *,
    email: str,
    language: str,
    birth_date: dt.date,
    child_first_name: str = "",
    district: District | None = None,
    registration: Registration | None = None,
) -> FollowUp:
    """Ask for follow-up mails: a pending row and a confirmation mail (an active one
    only takes the new address and language, no mail)."""
    email = email.strip().lower()
    now = timezone.now()
    with transaction.atomic():
        followup = None
        if registration is not None:
            followup = (
                FollowUp.objects.select_for_update().filter(registration=registration).first()
            )
        if followup is None:
            followup = FollowUp(registration=registration, token=secrets.token_urlsafe(32))
        was_active = followup.status == FollowUp.Status.ACTIVE and followup.email == email
        followup.email = email
        followup.language = _language(language)
        followup.birth_date = birth_date
        followup.child_first_name = child_first_name
        followup.district = district
        followup.consent_version = settings_selectors.get().consent_version
        if not was_active:
            followup.status = FollowUp.Status.PENDING
            followup.confirmed_at = None
            followup.ended_at = None
            followup.created_at = now
        followup.full_clean()
        followup.save()
        if not was_active:
            _queue(
                followup,
                "welcome/mail/followup_confirm.txt",
                {"confirm_url": confirm_url(followup), "days": CONFIRM_DAYS},
                "welcome.followup.confirm",
            )
    return followup


def request_for_registration(registration: Registration, *, email: str = "") -> FollowUp | None:
    """Follow-up mails for a registered family (to its own address unless another is
    given); None when there is no address to write to."""
    address = email or registration.email
    if not address:
        return None
    return request(
        email=address,
        language=registration.language,
        birth_date=registration.birth_date,
        child_first_name=registration.child_first_name,
        district=registration.district,
        registration=registration,
    )


def by_token(token: str) -> FollowUp | None:
    if not token or len(token) > 64:
        return None
    return FollowUp.objects.select_related("registration").filter(token=token).first()


def can_confirm(followup: FollowUp, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return followup.status == FollowUp.Status.PENDING and followup.created_at >= now - dt.timedelta(
        days=CONFIRM_DAYS
    )


def confirm(followup: FollowUp) -> bool:
    """Pending → active; False if the link is too old or the mails were ended."""
    if followup.status == FollowUp.Status.ACTIVE:
        return True
    if not can_confirm(followup):
        return False
    updated = FollowUp.objects.filter(pk=followup.pk, status=FollowUp.Status.PENDING).update(
        status=FollowUp.Status.ACTIVE, confirmed_at=timezone.now()
    )
    return bool(updated)


def unsubscribe(followup: FollowUp) -> None:
    """No more mails (one click; doing it twice changes nothing)."""
    FollowUp.objects.filter(pk=followup.pk).exclude(status=FollowUp.Status.ENDED).update(
        status=FollowUp.Status.ENDED, ended_at=timezone.now()
    )


# ------------------------------------------------------------------ the mails


def due_ages(followup: FollowUp, today: dt.date, ages: list[int], sent: set[int]) -> list[int]:
    """Ages whose day has come (at most :data:`LATE_DAYS` ago) and that were not mailed."""
    result = []
    for age in ages:
        day = timeline.months_after(followup.birth_date, age)
        if age not in sent and day <= today <= day + dt.timedelta(days=LATE_DAYS):
            result.append(age)
    return result


def due_soon(items: list[timeline.Item], today: dt.date) -> list[timeline.Item]:
    """What a mail lists: what is due or may still be caught up today (a check-up past
    its window but within its tolerance), and what starts in the next three months."""
    ahead = timeline.between(items, today, today + dt.timedelta(days=DUE_AHEAD_DAYS))
    keys = {item.key for item in [*timeline.due(items, today), *ahead]}
    return [item for item in items if item.key in keys]


def send_due(*, today: dt.date | None = None) -> int:
    """Queue the mails that are due today; the number queued."""
    today = today or timezone.localdate()
    ages = settings_selectors.get().followup_age_list
    if not ages:
        return 0
    oldest = timeline.months_after(today, -(max(ages) + 2))
    queued = 0
    active = (
        FollowUp.objects.filter(status=FollowUp.Status.ACTIVE, birth_date__gte=oldest)
        .select_related("registration", "district")
        .prefetch_related("sent")
    )
    for followup in active.iterator(chunk_size=200):
        sent = {row.age_months for row in followup.sent.all()}
        for age in due_ages(followup, today, ages, sent):
            if send_age(followup, age, today=today):
                queued += 1
    return queued


def send_age(followup: FollowUp, age: int, *, today: dt.date) -> bool:
    """Record and queue the mail for one age; False if it was recorded already."""
    try:
        with transaction.atomic():
            FollowUpSent.objects.create(followup=followup, age_months=age, sent_at=timezone.now())
            with translation.override(_language(followup.language)):
                guide = guide_selectors.guide(
                    birth_date=followup.birth_date,
                    child_first_name=followup.child_first_name,
                    district=followup.district,
                    today=today,
                )
                soon = due_soon([step.item for step in guide.steps], today)
                _queue(
                    followup,
                    "welcome/mail/followup.txt",
                    {
                        "age": age,
                        "today": today,
                        "years": age // 12,
                        "guide": guide,
                        "soon": soon,
                        "links": guide_selectors.links(),
                        "site_url": tenancy.site_url(),
                        "guide_url": guide_url(followup),
                        "unsubscribe_url": unsubscribe_url(followup),
                    },
                    "welcome.followup",
                )
    except IntegrityError:
        logger.info("welcome follow-up %s: age %s was mailed already", followup.pk, age)
        return False
    return True
