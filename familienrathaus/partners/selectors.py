"""Reads of the partners app."""

from __future__ import annotations

from django.db.models import QuerySet

from familienrathaus.core.models import User
from familienrathaus.partners.models import Organisation


def organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")
