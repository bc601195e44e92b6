"""Writes for the Kita interest: a family passes its wish for a Kita place on, the town's
Kita office takes it over.

This is not the Kita allocation: the wish (from when, how many hours, which Kitas in
order) goes to the Kita office, which registers the child in its own procedure. Each new
interest queues one mail to ``WelcomeSettings.kita_office_email`` in the same
transaction (no contact details in it: the office reads them in the list). The same
child asked for twice is kept and marked (``possible_duplicate_of``) for the office.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, recipients, tenancy
from familienrathaus.core.models import District, User
from familienrathaus.places.models import Place
from familienrathaus.welcome.models import KitaInterest, KitaPreference, Registration
from familienrathaus.welcome.selectors import kita as selectors
from familienrathaus.welcome.selectors import settings as settings_selectors

MAX_KITAS = 3
MIN_HOURS = 5
MAX_HOURS = 50


@dataclass(frozen=True)
class Wish:
    """What the family typed (already cleaned by the form)."""

    child_first_name: str
    birth_date: dt.date
    parent_names: str
    email: str
    phone: str
    postcode: str
    district: District | None
    language: str
    care_from: dt.date
    hours_per_week: int
    places: Sequence[Place]
    note: str = ""


def check(wish: Wish) -> dict[str, str]:
    """Field → message for what cannot be passed on (the form shows each at its field)."""
    errors: dict[str, str] = {}
    if wish.care_from < wish.birth_date:
        errors["care_from"] = _("Care cannot start before the child's date of birth.")
    elif wish.care_from < timezone.localdate():
        errors["care_from"] = _(
            "This date has passed. If you need care now, please give today's date."
        )
    if wish.birth_date > timezone.localdate():
        errors["birth_date"] = _("The date of birth lies in the future. Please check it.")
    if not wish.places:
        errors["kita_1"] = _("Please choose at least one Kita.")
    elif len({place.pk for place in wish.places}) != len(wish.places):
        errors["kita_2"] = _("You chose the same Kita twice. Please choose different ones.")
    if not wish.email and not wish.phone:
        errors["email"] = _("Please give an e-mail address or a phone number.")
    if not MIN_HOURS <= wish.hours_per_week <= MAX_HOURS:
        errors["hours_per_week"] = _("Please give between %(low)s and %(high)s hours.") % {
            "low": MIN_HOURS,
            "high": MAX_HOURS,
        }
    return errors


def submit(*, wish: Wish, registration: Registration | None = None) -> KitaInterest:
    """Store the wish and queue the Kita office's mail; raises ``ValidationError`` with a
    message per field when something does not fit."""
    errors = check(wish)
    if errors:
        raise ValidationError(errors)
    welcome = settings_selectors.get()
    with transaction.atomic():
        duplicate = selectors.find_duplicate(
            birth_date=wish.birth_date,
            postcode=wish.postcode,
            parent_names=wish.parent_names,
            email=wish.email,
            child_first_name=wish.child_first_name,
            registration_id=registration.pk if registration else None,
        )
        now = timezone.now()
        interest = KitaInterest(
            registration=registration,
            child_first_name=wish.child_first_name.strip(),
            birth_date=wish.birth_date,
            parent_names=wish.parent_names.strip(),
            email=wish.email.strip(),
            phone=wish.phone.strip(),
            postcode=wish.postcode.strip(),
            district=wish.district,
            language=wish.language,
            care_from=wish.care_from,
            hours_per_week=wish.hours_per_week,
            note=wish.note.strip(),
            possible_duplicate_of=duplicate,
            consent_version=welcome.consent_version,
            created_at=now,
            last_step_at=now,
        )
        interest.full_clean()
        interest.save()
        KitaPreference.objects.bulk_create(
            KitaPreference(interest=interest, place=place, rank=rank)
            for rank, place in enumerate(wish.places, start=1)
        )
        if welcome.kita_office_email:
            _queue_office_mail(interest, to=welcome.kita_office_email, places=wish.places)
    return interest


def _queue_office_mail(interest: KitaInterest, *, to: str, places: Sequence[Place]) -> None:
    """The Kita office's mail in the language of the account with that address (an
    address without one: the site's language), whoever passes the wish on; its links
    carry that language's prefix."""

    def render() -> tuple[str, str]:
        text = render_to_string(
            "welcome/kita/mail_new.txt",
            {
                "interest": interest,
                "places": places,
                "list_url": tenancy.site_url() + reverse("welcome:kita-list"),
                "detail_url": tenancy.site_url()
                + reverse("welcome:kita-detail", kwargs={"pk": interest.pk}),
            },
        )
        return recipients.split_mail(text)

    with translation.override(settings.LANGUAGE_CODE):
        recipients.queue_by_language([to], render, purpose="welcome.kita")


# ------------------------------------------------------------------ the Kita office


def set_status(*, actor: User, interest: KitaInterest, status: str) -> KitaInterest:
    """Mark an interest as taken over, withdrawn or new again (audited)."""
    if status not in KitaInterest.Status.values:
        raise ValidationError(_("Unknown status."))
    with transaction.atomic():
        locked = KitaInterest.objects.select_for_update().get(pk=interest.pk)
        if locked.status == status:
            return locked
        before = locked.status
        locked.status = status
        locked.last_step_at = timezone.now()
        locked.save(update_fields=["status", "last_step_at"])
        audit.record(
            actor=actor,
            action=f"welcome.kita.{status}",
            obj=locked,
            changes={"status": {"old": before, "new": status}},
        )
    return locked


def mark_passed(*, actor: User, interests: Sequence[KitaInterest]) -> int:
    """The Kita office took these over into its own procedure; returns how many changed."""
    changed = 0
    for interest in interests:
        if interest.status == KitaInterest.Status.NEW:
            set_status(actor=actor, interest=interest, status=KitaInterest.Status.PASSED)
            changed += 1
    return changed
