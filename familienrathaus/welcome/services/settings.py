"""Changing the welcome's settings: a new consent text starts a new version (every
registration keeps the version its family agreed to); every change is audited."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from familienrathaus.core import audit, translated
from familienrathaus.core.models import User
from familienrathaus.welcome.models import WelcomeSettings

AUDITED = [
    "postcodes",
    "town_name",
    "moved_in_months",
    "age_limit_months",
    "grant_enabled",
    "grant_amount",
    "proof_required",
    "consent_version",
    "kita_deadline_months",
    "kita_registration_url",
    "kita_office_email",
    "followup_ages",
    "retention_months",
    "payment_retention_years",
]


def update(
    *,
    actor: User,
    values: dict[str, Any],
    kita_office_users: Iterable[User] | None = None,
) -> WelcomeSettings:
    """Save ``values`` into the settings row; bump the consent version when its text
    changed; set the Kita office's accounts when given."""
    with transaction.atomic():
        row, _created = WelcomeSettings.objects.select_for_update().get_or_create()
        before = audit.snapshot(row, AUDITED)
        # The German text is the one consented to; its translations do not count.
        old_text = translated.stored(row, "consent_text").strip()
        for name, value in values.items():
            setattr(row, name, value)
        if translated.stored(row, "consent_text").strip() != old_text:
            row.consent_version += 1
        row.full_clean()
        row.save()
        changes = audit.diff(before, audit.snapshot(row, AUDITED))
        if kita_office_users is not None:
            new = {u.pk for u in kita_office_users}
            old = set(row.kita_office_users.values_list("pk", flat=True))
            if new != old:
                row.kita_office_users.set(list(new))
                changes["kita_office_users"] = {"old": sorted(old), "new": sorted(new)}
        if changes:
            audit.record(actor=actor, action="welcome.settings.changed", obj=row, changes=changes)
    return row


def seed_alliance() -> None:
    """What a new alliance starts the welcome with (core.tenancy.create): its settings
    row with the defaults, so the money lock of its payments has a row to lock."""
    WelcomeSettings.objects.get_or_create()
