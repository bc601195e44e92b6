"""Reads of the partners app."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from familienrathaus.core.models import User
from familienrathaus.core.permissions import AnyUser
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation


def organisations_of(user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def _filtered(
    organisations: QuerySet[Organisation], *, kind: str = "", q: str = ""
) -> QuerySet[Organisation]:
    if kind:
        organisations = organisations.filter(kind=kind)
    for word in q.split()[:8]:
        organisations = organisations.filter(Q(name__icontains=word))
    return organisations


def public_organisations(*, kind: str = "", q: str = "") -> QuerySet[Organisation]:
    """The organisations shown to everybody, with their addresses for the list."""
    organisations = Organisation.objects.filter(is_public=True).prefetch_related(
        Prefetch("addresses", queryset=Address.objects.select_related("district"))
    )
    return _filtered(organisations, kind=kind, q=q).order_by("name")


def organisation_by_slug(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def public_contacts(organisation: Organisation) -> QuerySet[ContactPerson]:
    """Only the contact persons who agreed to be shown."""
    return organisation.contacts.filter(is_public=True).order_by("name")


def addresses(organisation: Organisation) -> QuerySet[Address]:
    return organisation.addresses.select_related("district").order_by("pk")


def published_offers(organisation: Organisation) -> QuerySet[Any]:
    return organisation.offers.filter(status="published").order_by("title")


def backoffice_organisations(
    user: AnyUser,
    *,
    kind: str = "",
    q: str = "",
    is_public: bool | None = None,
    is_trusted: bool | None = None,
) -> QuerySet[Organisation]:
    """All organisations for coordinators; only their own for partner staff."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if user.is_coordinator:
        organisations = Organisation.objects.all()
    else:
        organisations = Organisation.objects.filter(memberships__user_id=user.pk)
    organisations = _filtered(organisations, kind=kind, q=q)
    if is_public is not None:
        organisations = organisations.filter(is_public=is_public)
    if is_trusted is not None:
        organisations = organisations.filter(is_trusted=is_trusted)
    return organisations.prefetch_related("addresses", "memberships").order_by("name")


def members(organisation: Organisation) -> QuerySet[Membership]:
    return organisation.memberships.select_related("user").order_by("user__email")
