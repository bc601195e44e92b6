"""Reads of the core app."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone, translation

from familienrathaus.core.models import (
    AccessibilityFeedback,
    AllianceMembership,
    ApiToken,
    AuditEntry,
    LegalPage,
    OutboxMessage,
    SiteSettings,
    User,
)
from familienrathaus.core.models.users import Role


def site_settings() -> SiteSettings:
    settings, _ = SiteSettings.objects.get_or_create()
    return settings


def legal_page(kind: str) -> LegalPage | None:
    return LegalPage.objects.filter(kind=kind).first()


def legal_pages() -> QuerySet[LegalPage]:
    return LegalPage.objects.all()


# The pages whose German text is the binding one (the others are plain German pages).
BINDING_LEGAL_PAGES = ("impressum", "datenschutz", "barrierefreiheit")


def legal_page_translation(page: LegalPage | None, kind: str) -> dict[str, Any]:
    """What a legal page shows in the current language besides its German text.

    In a language other than German, an Impressum, privacy or accessibility statement
    shows its summary written in that language (if any; never the German one), then
    the note that the German version is binding, then the German text (``lang="de"``).
    """
    language = (translation.get_language() or "de").split("-")[0]
    if kind not in BINDING_LEGAL_PAGES or language == "de":
        return {"binding_note": False, "summary": "", "german_dir": ""}
    summary = getattr(page, f"summary_{language}", "") if page is not None else ""
    # On a right-to-left page the German text keeps its own direction.
    german_dir = "ltr" if translation.get_language_bidi() else ""
    return {"binding_note": True, "summary": summary or "", "german_dir": german_dir}


def coordinator_emails() -> list[str]:
    configured = site_settings().notification_email
    if configured:
        return [configured]
    return list(
        User.objects.with_role(Role.COORDINATOR, Role.ADMINISTRATOR)
        .filter(is_active=True)
        .values_list("email", flat=True)
    )


# The alliance's team: who runs its site and back office.
TEAM_ROLES = (Role.COORDINATOR, Role.ADMINISTRATOR)


def team_memberships() -> QuerySet[AllianceMembership]:
    """The active alliance's coordinators and administrators, with their accounts."""
    return (
        AllianceMembership.objects.filter(role__in=TEAM_ROLES)
        .select_related("user")
        .order_by("-role", "user__name", "user__email")
    )


def member_counts() -> dict[str, int]:
    """How many partner staff and families the active alliance has (counts only)."""
    counts = dict.fromkeys((Role.PARTNER, Role.FAMILY), 0)
    rows = (
        AllianceMembership.objects.filter(role__in=counts)
        .values_list("role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts.update(dict(rows))
    return {"partner": counts[Role.PARTNER], "family": counts[Role.FAMILY]}


def audit_entries(
    *,
    actor: str = "",
    object_type: str = "",
    action: str = "",
    text: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.all()
    if actor:
        entries = entries.filter(
            Q(actor_label__icontains=actor)
            | Q(actor__email__icontains=actor)
            | Q(actor__name__icontains=actor)
        )
    if object_type:
        entries = entries.filter(object_type=object_type)
    if action:
        entries = entries.filter(action=action)
    if text:
        entries = entries.filter(Q(object_repr__icontains=text) | Q(action__icontains=text))
    tz = timezone.get_current_timezone()
    if since:
        entries = entries.filter(created_at__gte=datetime.combine(since, time.min, tzinfo=tz))
    if until:
        entries = entries.filter(created_at__lte=datetime.combine(until, time.max, tzinfo=tz))
    return entries


def audit_filter_choices() -> dict[str, list[str]]:
    return {
        "object_types": list(
            AuditEntry.objects.order_by("object_type")
            .values_list("object_type", flat=True)
            .distinct()
        ),
        "actions": list(
            AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
        ),
    }


def outbox_messages(*, status: str = "") -> QuerySet[OutboxMessage]:
    messages = OutboxMessage.objects.all()
    if status:
        messages = messages.filter(status=status)
    return messages


def outbox_counts() -> dict[str, Any]:
    return {
        status: OutboxMessage.objects.filter(status=status).count()
        for status in OutboxMessage.Status.values
    }


def accessibility_feedback() -> QuerySet[AccessibilityFeedback]:
    return AccessibilityFeedback.objects.all()


def api_tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def user_for_api_key(key: str) -> User | None:
    """The active user a personal API token belongs to, or None."""
    digest = hashlib.sha256(key.encode()).hexdigest()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=digest, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    # Updating on every request would turn each API read into a write.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
