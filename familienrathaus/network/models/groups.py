"""Groups, their members and roles, invitations, a member's profile, handovers."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned

INVITATION_VALID_DAYS = 14


def new_token() -> str:
    """A fresh secret for links (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def invitation_expiry() -> object:
    return timezone.now() + timedelta(days=INVITATION_VALID_DAYS)


class Group(AllianceOwned):
    """A group of the alliance: Lenkungsgruppe, Kuratorium, working group, plenary …"""

    class Kind(models.TextChoices):
        STEERING = "steering", _("Steering group (Lenkungsgruppe)")
        BOARD = "board", _("Board of trustees (Kuratorium)")
        COORDINATION = "coordination", _("Coordination group (Koordinierungsgruppe)")
        WORKING = "working", _("Working group (Arbeitsgruppe)")
        PLENARY = "plenary", _("Alliance meeting of all partners (Bündnistreffen)")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("address"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKING)
    purpose = LimitedTextField(_("purpose"), max_length=TEXT_SHORT, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["name"]
        constraints = [
            # A group's address is unique within its alliance (each has its own site).
            models.UniqueConstraint(fields=["alliance", "slug"], name="network_group_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class GroupMember(AllianceOwned):
    """A person's membership of a group; the only thing that grants access to it."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        MEMBER = "member", _("member")
        GUEST = "guest", _("guest")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("representing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_memberships",
    )
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["group", "user__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="network_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.group})"


class Invitation(AllianceOwned):
    """An invitation by mail to join a group; accepted or declined by its secret link."""

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(
        _("role"), max_length=10, choices=GroupMember.Role.choices, default=GroupMember.Role.MEMBER
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("representing"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(
        _("token"), max_length=43, unique=True, default=new_token, editable=False
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("valid until"), default=invitation_expiry)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.group}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.declined_at is None
            and self.expires_at > timezone.now()
        )


class MemberProfile(AllianceOwned):
    """A workshop member's settings: how often to hear by mail, the secret feed link."""

    class Notify(models.TextChoices):
        IMMEDIATE = "immediate", _("at once")
        DAILY = "daily", _("daily digest")
        WEEKLY = "weekly", _("weekly digest")
        OFF = "off", _("no mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="network_profile",
    )
    notify = models.CharField(
        _("mail about news"), max_length=10, choices=Notify.choices, default=Notify.DAILY
    )
    feed_token = models.CharField(
        _("secret feed link"), max_length=43, unique=True, default=new_token, editable=False
    )
    last_digest_at = models.DateTimeField(_("last digest at"), null=True, blank=True)

    class Meta:
        verbose_name = _("workshop profile")
        verbose_name_plural = _("workshop profiles")

    def __str__(self) -> str:
        return str(self.user)


class Handover(AllianceOwned):
    """A coordinator's roles, groups and open tasks passed to a successor in one step."""

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handed over by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("carried out by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    summary = models.JSONField(_("summary"), default=dict, blank=True)

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.from_user} → {self.to_user}"
