"""Writes of the partners app."""

from __future__ import annotations

from django.db import transaction

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Membership, Organisation


@transaction.atomic
def add_member(*, actor: User | None, organisation: Organisation, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    if user.role == Role.FAMILY:
        user.role = Role.PARTNER
        user.save(update_fields=["role"])
    if created:
        audit.record(
            actor=actor,
            action="membership.create",
            obj=membership,
            changes={"user": user.email, "organisation": organisation.name},
        )
    return membership
