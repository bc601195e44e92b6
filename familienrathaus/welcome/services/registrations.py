"""Registering a newborn: online by the parents, or recorded by staff from a visit, a
phone call or a paper form.

:func:`register` stores the registration with its reference number ("BB-2026-0042"),
the family's secret link, the consent version it agreed to, the grant request (when
asked for and offered) and the duplicate mark (:mod:`~familienrathaus.welcome.duplicates`),
and queues the confirmation mail in the family's language, all in one transaction.

The eligibility rules (postcode of the town, age limit, moved in in time) are checked by
the forms with a message next to the field (:func:`eligibility_errors`); the service
checks them again so that no other caller can bypass them.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, numbering, outbox, tenancy
from familienrathaus.core.models import User
from familienrathaus.welcome import duplicates
from familienrathaus.welcome.models import Grant, Registration, WelcomeSettings
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import followup

# What a registration form hands over (all other fields are set here).
FIELDS = (
    "child_first_name",
    "birth_date",
    "first_born",
    "parent_names",
    "street",
    "postcode",
    "town",
    "district",
    "lived_here_at_birth",
    "moved_in_on",
    "language",
    "email",
    "phone",
    "delivery",
    "wants_grant",
    "payout",
    "account_holder",
    "iban",
    "bic",
    "wants_followup",
    "staff_note",
)


# --------------------------------------------------------------------------- rules


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; the last day of a too-short month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def eligibility_errors(
    values: dict[str, Any], *, rules: WelcomeSettings, today: date | None = None
) -> dict[str, str]:
    """Messages by field name for values that break the town's rules (empty: fine)."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    birth_date: date | None = values.get("birth_date")
    if birth_date is not None:
        if birth_date > today:
            errors["birth_date"] = _(
                "The date of birth lies in the future. Please check it; you can register "
                "your child after the birth."
            )
        elif add_months(birth_date, rules.age_limit_months) < today:
            errors["birth_date"] = _(
                "Children can be registered up to the age of %(months)s months. Your child is "
                "older: please contact the family office if you have questions."
            ) % {"months": rules.age_limit_months}
    postcode = (values.get("postcode") or "").strip()
    allowed = rules.postcode_list
    if postcode and allowed and postcode not in allowed:
        errors["postcode"] = _(
            "This postcode is not in %(town)s (%(postcodes)s). The welcome is for families "
            "who live in the town."
        ) % {"town": settings_selectors.town_name(rules), "postcodes": ", ".join(allowed)}
    if not values.get("lived_here_at_birth", True):
        moved_in_on: date | None = values.get("moved_in_on")
        if moved_in_on is None:
            errors["moved_in_on"] = _("Please give the date you moved into the town.")
        elif moved_in_on > today:
            errors["moved_in_on"] = _("The date you moved in lies in the future.")
        elif birth_date is not None and moved_in_on > add_months(birth_date, rules.moved_in_months):
            errors["moved_in_on"] = _(
                "The welcome is for families who lived in the town at the birth or moved in "
                "within %(months)s months after it."
            ) % {"months": rules.moved_in_months}
    return errors


# --------------------------------------------------------------------------- numbers, links


def _next_reference(year: int) -> str:
    return numbering.next_yearly(Registration.objects.all(), "reference", "BB", year)


def guide_url(registration: Registration) -> str:
    """The family's guide (absolute), or "" while the guide is not built."""
    try:
        path = reverse("welcome:guide", kwargs={"token": registration.guide_token})
    except NoReverseMatch:
        return ""
    return tenancy.site_url() + path


def slot_url(registration: Registration) -> str:
    """The appointment choice (absolute) for a pick-up or a visit, else ""."""
    if not registration.wants_appointment:
        return ""
    try:
        path = reverse("welcome:slot-choice", kwargs={"token": registration.guide_token})
    except NoReverseMatch:
        return ""
    return tenancy.site_url() + path


# --------------------------------------------------------------------------- registering


def register(
    *,
    values: dict[str, Any],
    channel: str = Registration.Channel.ONLINE,
    user: User | None = None,
    recorded_by: User | None = None,
) -> Registration:
    """Store a registration (see the module's docstring) and return it.

    ``values`` holds :data:`FIELDS` (missing ones take the model's default).
    ``user``: the account of a parent registering while logged in; ``recorded_by``: the
    staff member recording a visit, a call or a paper form.
    """
    rules = settings_selectors.get()
    errors = eligibility_errors(values, rules=rules)
    if not (values.get("email") or values.get("phone")):
        errors["email"] = _("Please give an e-mail address or a phone number.")
    if errors:
        raise ValidationError(errors)
    data = {name: values[name] for name in FIELDS if name in values}
    if data.get("lived_here_at_birth", True):
        data["moved_in_on"] = None
    wants_grant = bool(data.get("wants_grant")) and rules.grant_enabled
    data["wants_grant"] = wants_grant
    if not wants_grant:
        data.update(payout="", account_holder="", iban="", bic="")
    elif data.get("payout") != Registration.Payout.TRANSFER:
        data.update(account_holder="", iban="", bic="")
    now = timezone.now()
    registration = Registration(
        **data,
        channel=channel,
        user=user if user is not None and user.is_authenticated else None,
        recorded_by=recorded_by,
        consent_version=rules.consent_version,
        consented_at=now,
        guide_token=secrets.token_urlsafe(32),
        package_version=(
            Registration.PackageVersion.FIRST
            if data.get("first_born", True)
            else Registration.PackageVersion.SIBLING
        ),
        package_language=data.get("language") or settings.LANGUAGE_CODE,
        last_step_at=now,
        created_at=now,
    )
    with transaction.atomic():
        registration.possible_duplicate_of = duplicates.find_duplicate(registration)
        for _attempt in range(5):
            registration.reference = _next_reference(timezone.localdate().year)
            registration.full_clean(exclude=["reference", "guide_token"])
            try:
                with transaction.atomic():
                    registration.save()
                break
            except IntegrityError:  # another registration took the number just now
                registration.pk = None
                continue
        else:  # pragma: no cover - five collisions in a row
            raise ValidationError(_("Many families are registering just now. Please send again."))
        if wants_grant:
            Grant.objects.create(registration=registration, amount=rules.grant_amount)
        if recorded_by is not None:
            audit.record(
                actor=recorded_by,
                action="welcome.registration.recorded",
                obj=registration,
                changes={"channel": channel},
            )
        if registration.email:
            _queue_confirmation(registration)
            if registration.wants_followup:  # double opt-in: a confirmation link is mailed
                followup.request_for_registration(registration)
    return registration


def _queue_confirmation(registration: Registration) -> None:
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        text = render_to_string(
            "welcome/public/mail_confirmation.txt",
            {
                "registration": registration,
                "guide_url": guide_url(registration),
                "slot_url": slot_url(registration),
                "town": settings_selectors.town_name(),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[registration.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose="welcome.confirmation",
        language=registration.language,
    )
