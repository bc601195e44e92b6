"""Certificates: issue one when the decision is "certified", revoke one (with a reason,
audited), and the daily reminders before expiry and of the annual checks.

Numbers ("FBU-2027-0007") are counted per year of issue. The next free number is
computed inside the decision's transaction; the unique constraint is the guard, and a
collision (two decisions in the same instant) takes the following number.

Each reminder is sent once: the certificate (or annual check) row is locked, checked
again, and marked as reminded in the same transaction that queues the mail, so two
workers running the daily task at once send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, numbering, tenancy
from familienrathaus.core import recipients as recipients_
from familienrathaus.core.models import User
from familienrathaus.employers.models import AnnualCheck, Certificate, Participation
from familienrathaus.employers.selectors import certificates as selectors

logger = logging.getLogger(__name__)

NUMBER_ATTEMPTS = 5


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def validity_end(issued_on: dt.date, years: int) -> dt.date:
    """The last day of validity: ``years`` after issue, minus one day."""
    return add_years(issued_on, years) - dt.timedelta(days=1)


def next_number(year: int) -> str:
    return numbering.next_yearly(Certificate.objects.all(), "number", selectors.PREFIX, year)


def issue(participation: Participation, *, actor: User | None, on: dt.date) -> Certificate:
    """The certificate of a certified participation, with its annual checks. Call inside
    the decision's transaction."""
    existing = Certificate.objects.filter(participation=participation).first()
    if existing is not None:
        return existing
    round_ = participation.round
    years = round_.certificate_years
    for _attempt in range(NUMBER_ATTEMPTS):
        certificate = Certificate(
            number=next_number(on.year),
            participation=participation,
            employer=participation.employer,
            round=round_,
            employer_name=participation.employer.name,
            issued_on=on,
            valid_until=validity_end(on, years),
            signed_by=round_.signed_by,
        )
        certificate.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            continue
        break
    else:
        raise RuntimeError("No free certificate number after several attempts.")
    AnnualCheck.objects.bulk_create(
        AnnualCheck(certificate=certificate, due_on=add_years(on, year)) for year in range(1, years)
    )
    audit.record(
        actor=actor,
        action="employers.certificate.issue",
        obj=certificate,
        changes={"valid_until": certificate.valid_until.isoformat()},
    )
    return certificate


def revoke(certificate: Certificate, *, actor: User, reason: str) -> Certificate:
    """Revoke a certificate; the reason is required and goes into the audit log. The team
    is told by mail."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please give the reason for the revocation.")})
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise ValidationError(_("This certificate has already been revoked."))
        locked.revoked_at = timezone.now()
        locked.revoked_reason = reason
        locked.revoked_by = actor
        locked.full_clean()
        locked.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])
        audit.record(
            actor=actor,
            action="employers.certificate.revoke",
            obj=locked,
            changes={"reason": reason},
        )
        mail_team(
            locked,
            subject=lambda: (
                _("Your certificate %(number)s has been revoked") % {"number": locked.number}
            ),
            template="employers/mail/revoked.txt",
            purpose="employers.certificate.revoked",
            context={"reason": reason},
        )
    return locked


# ------------------------------------------------------------------ mails


def team_url(certificate: Certificate) -> str:
    return tenancy.site_url() + reverse("employers:team-certificate", args=[certificate.number])


def verify_url(number: str) -> str:
    return tenancy.site_url() + reverse("employers:verify", args=[number])


def mail_team(
    certificate: Certificate,
    *,
    subject: Callable[[], str],
    template: str,
    purpose: str,
    context: dict[str, Any] | None = None,
    contacts_only: bool = False,
    extra: Sequence[str] = (),
) -> int:
    """Queue the mail about the certificate to the employer's team, each person in their
    account's language (an address without one in the site's language); 1 when queued
    (0 without recipients). ``subject()`` and callables in ``context`` are evaluated
    in the recipient's language."""
    recipients = sorted(
        set(selectors.team_emails(certificate.employer, contacts_only=contacts_only))
        | {address for address in extra if address}
    )
    if not recipients:
        return 0

    def render() -> tuple[str, str]:
        # Each team member in their account's language (links with its prefix).
        body = render_to_string(
            template,
            {
                "certificate": certificate,
                "valid_until": formats.date_format(certificate.valid_until, "DATE_FORMAT"),
                "url": team_url(certificate),
                "verify_url": verify_url(certificate.number),
                **{k: v() if callable(v) else v for k, v in (context or {}).items()},
            },
        )
        return subject(), body

    # An address without an account: the site's language, as before.
    with translation.override(settings.LANGUAGE_CODE):
        recipients_.queue_by_language(recipients, render, purpose=purpose)
    return 1


# Evaluated in each recipient's language (see mail_team).
def _expiry_subject(certificate: Certificate) -> str:
    return _("Your certificate %(number)s ends on %(date)s") % {
        "number": certificate.number,
        "date": formats.date_format(certificate.valid_until, "DATE_FORMAT"),
    }


def _annual_check_subject(check: AnnualCheck) -> str:
    return _("Annual check of your measures due on %(date)s") % {
        "date": formats.date_format(check.due_on, "DATE_FORMAT")
    }


def _annual_check_url(certificate: Certificate) -> str:
    return tenancy.site_url() + reverse(
        "employers:annual-check", args=[certificate.participation_id]
    )


def send_expiry_reminders(*, on: dt.date | None = None) -> int:
    """Remind each team three months before its certificate ends; the number reminded."""
    on = on or selectors.today()
    sent = 0
    for candidate in selectors.due_for_expiry_reminder(on):
        with transaction.atomic():
            certificate = Certificate.objects.select_for_update().get(pk=candidate.pk)
            if not selectors.due_for_expiry_reminder(on).filter(pk=certificate.pk).exists():
                continue
            mail_team(
                certificate,
                subject=partial(_expiry_subject, certificate),
                template="employers/mail/expiry_reminder.txt",
                purpose="employers.certificate.expiry",
                contacts_only=True,
            )
            Certificate.objects.filter(pk=certificate.pk).update(expiry_reminder_sent_on=on)
            sent += 1
    logger.info("employers: %s expiry reminders sent", sent)
    return sent


def send_annual_check_reminders(*, on: dt.date | None = None) -> int:
    """Remind each team of its annual check a month before it is due (the coordinators
    in copy); the number of checks reminded of."""
    on = on or selectors.today()
    sent = 0
    for candidate in selectors.due_annual_checks(on):
        with transaction.atomic():
            check = AnnualCheck.objects.select_for_update().get(pk=candidate.pk)
            if not selectors.due_annual_checks(on).filter(pk=check.pk).exists():
                continue
            certificate = check.certificate
            mail_team(
                certificate,
                subject=partial(_annual_check_subject, check),
                template="employers/mail/annual_check.txt",
                purpose="employers.annual_check",
                context={
                    "check": check,
                    "due": partial(formats.date_format, check.due_on, "DATE_FORMAT"),
                    "check_url": partial(_annual_check_url, certificate),
                },
                contacts_only=True,
                extra=selectors.coordinator_emails(),
            )
            AnnualCheck.objects.filter(pk=check.pk).update(reminder_sent_on=on)
            sent += 1
    logger.info("employers: %s annual check reminders sent", sent)
    return sent
