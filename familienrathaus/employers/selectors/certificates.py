"""Reads about certificates: by number (the public verification), an employer's own, the
coordinators' list, and what the daily reminders are due for.

``today()`` is the town's date; every read that depends on the day takes ``today`` so
that tests (and the end-to-end test, which moves the clock) decide which day it is.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import (
    AnnualCheck,
    Certificate,
    Employer,
    EmployerMember,
)

PREFIX = "FBU"
# "FBU-2027-0007": the programme, the year of issue, a number counted per year.
NUMBER = re.compile(r"^FBU-(\d{4})-(\d{4,6})$")
EXAMPLE_NUMBER = "FBU-2027-0007"
EXPIRY_REMINDER_MONTHS = 3
ANNUAL_CHECK_NOTICE = dt.timedelta(days=30)

State = Certificate.State


def today() -> dt.date:
    return timezone.localdate()


def normalise_number(text: str) -> str | None:
    """The number as printed ("fbu 2027 7" → "FBU-2027-0007"), or None if it cannot be one."""
    cleaned = re.sub(r"[\s–—_/.]+", "-", text.strip().upper())[:30]
    parts = [part for part in cleaned.split("-") if part]
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    number = f"{PREFIX}-{parts[1]}-{int(parts[2]):04d}" if len(parts[2]) <= 6 else ""
    return number if NUMBER.match(number) else None


def by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.filter(number=number)
        .select_related("round", "employer", "participation")
        .first()
    )


@dataclass(frozen=True)
class Verification:
    """What the public verification page says: only what the certificate says."""

    number: str
    state: str  # "valid", "expired", "revoked"
    state_label: str
    employer_name: str
    round_name: str
    issued_on: dt.date
    valid_until: dt.date
    revoked_on: dt.date | None


def verify(number: str, *, on: dt.date | None = None) -> Verification | None:
    certificate = by_number(number)
    if certificate is None:
        return None
    state = certificate.status(on or today())
    return Verification(
        number=certificate.number,
        state=state,
        state_label=str(State(state).label),
        employer_name=certificate.employer_name,
        round_name=certificate.round.name,
        issued_on=certificate.issued_on,
        valid_until=certificate.valid_until,
        revoked_on=timezone.localdate(certificate.revoked_at) if certificate.revoked_at else None,
    )


def valid_q(on: dt.date) -> Q:
    """Certificates valid on ``on`` (a ``Q`` on Certificate)."""
    return Q(revoked_at__isnull=True, valid_until__gte=on)


def valid_certificates(on: dt.date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(valid_q(on))


def certificates_of(employer: Employer) -> QuerySet[Certificate]:
    return employer.certificates.select_related("round").order_by("-issued_on", "-pk")


def all_certificates(*, text: str = "", state: str = "", on: dt.date) -> QuerySet[Certificate]:
    """The coordinators' list, newest first; ``state`` filters by valid/expired/revoked."""
    rows = Certificate.objects.select_related("round", "employer").order_by("-issued_on", "-pk")
    if text:
        rows = rows.filter(Q(number__icontains=text) | Q(employer_name__icontains=text))
    if state == State.VALID:
        rows = rows.filter(valid_q(on))
    elif state == State.EXPIRED:
        rows = rows.filter(revoked_at__isnull=True, valid_until__lt=on)
    elif state == State.REVOKED:
        rows = rows.filter(revoked_at__isnull=False)
    return rows


# ------------------------------------------------------------------ people to mail


def team_emails(employer: Employer, *, contacts_only: bool = False) -> list[str]:
    """The addresses of the employer's team (active accounts); ``contacts_only``: the
    contact persons, or the whole team if it has none."""
    members = EmployerMember.objects.filter(employer=employer, user__is_active=True)
    if contacts_only:
        contacts = members.filter(role=EmployerMember.Role.CONTACT)
        if contacts.exists():
            members = contacts
    return sorted({email for email in members.values_list("user__email", flat=True) if email})


def coordinator_emails() -> list[str]:
    users = User.objects.with_role(Role.COORDINATOR, Role.ADMINISTRATOR).filter(is_active=True)
    return sorted({email for email in users.values_list("email", flat=True) if email})


# ------------------------------------------------------------------ due reminders


def expiry_horizon(on: dt.date) -> dt.date:
    """The last day whose expiry is reminded of on ``on`` (three months ahead)."""
    month = on.month - 1 + EXPIRY_REMINDER_MONTHS
    year, month = on.year + month // 12, month % 12 + 1
    day = min(on.day, _days_in_month(year, month))
    return dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return (following - dt.timedelta(days=1)).day


def due_for_expiry_reminder(on: dt.date) -> QuerySet[Certificate]:
    """Valid certificates that end within three months and were not reminded of yet."""
    return Certificate.objects.filter(
        valid_q(on), expiry_reminder_sent_on__isnull=True, valid_until__lte=expiry_horizon(on)
    ).order_by("valid_until", "pk")


def due_annual_checks(on: dt.date) -> QuerySet[AnnualCheck]:
    """Open annual checks of valid certificates due within a month, not reminded of yet."""
    return (
        AnnualCheck.objects.filter(
            done_on__isnull=True,
            reminder_sent_on__isnull=True,
            due_on__lte=on + ANNUAL_CHECK_NOTICE,
            certificate__revoked_at__isnull=True,
            certificate__valid_until__gte=on,
        )
        .select_related("certificate", "certificate__employer")
        .order_by("due_on", "pk")
    )
