"""Reads of registrations, and the access helpers views of every part use to fetch a
row *and* check the user may see it; anything else answers 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from familienrathaus.core.permissions import AnyUser
from familienrathaus.welcome import permissions
from familienrathaus.welcome.models import Registration


def get_registration_or_404(user: AnyUser, pk: int) -> Registration:
    """The registration, for a coordinator; 404 for everyone else."""
    if not permissions.can_manage(user):
        raise Http404
    return get_object_or_404(
        Registration.objects.select_related("district", "slot", "possible_duplicate_of"), pk=pk
    )


def by_token_or_404(token: str) -> Registration:
    """The family's registration by its secret guide link; 404 for an unknown token."""
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(
        Registration.objects.select_related("district", "slot"), guide_token=token
    )


def by_reference(reference: str) -> Registration | None:
    return Registration.objects.filter(reference=reference).first()


def same_child_candidates(
    *, birth_date: date, postcode: str, exclude_pk: int | None = None
) -> QuerySet[Registration]:
    """Registrations with the same birth date and postcode (the duplicate search's index),
    oldest first; declined ones included (the coordinator decides)."""
    qs = Registration.objects.filter(birth_date=birth_date, postcode=postcode.strip())
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("created_at", "pk")


def possible_duplicates() -> QuerySet[Registration]:
    """Registrations flagged as possibly the same child, not yet cleared."""
    return Registration.objects.filter(
        Q(possible_duplicate_of__isnull=False) & Q(duplicate_cleared=False)
    ).select_related("possible_duplicate_of")
