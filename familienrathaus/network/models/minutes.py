"""Minutes of a meeting: sections, comments, addenda, and the decisions taken."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.limits import TEXT_ARTICLE, TEXT_NOTE, TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.network.models.groups import Group
from familienrathaus.network.models.meetings import AgendaItem, Meeting


class Minutes(AllianceOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    meeting = models.OneToOneField(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-meeting__starts_at"]

    def __str__(self) -> str:
        return str(self.meeting)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED


class MinutesSection(AllianceOwned):
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="sections"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_sections",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    body = LimitedTextField(_("text"), max_length=TEXT_ARTICLE, blank=True)

    class Meta:
        verbose_name = _("minutes section")
        verbose_name_plural = _("minutes sections")
        ordering = ["minutes", "position", "pk"]

    def __str__(self) -> str:
        return self.heading


class MinutesComment(AllianceOwned):
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="comments"
    )
    section = models.ForeignKey(
        MinutesSection,
        verbose_name=pgettext_lazy("minutes", "section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_minutes_comments",
    )
    text = LimitedTextField(_("comment"), max_length=TEXT_NOTE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Addendum(AllianceOwned):
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="addenda"
    )
    text = LimitedTextField(_("addendum"), max_length=TEXT_SHORT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_addenda",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("addendum")
        verbose_name_plural = _("addenda")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class Decision(AllianceOwned):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="decisions"
    )
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("minutes"), on_delete=models.CASCADE, related_name="decisions"
    )
    section = models.ForeignKey(
        MinutesSection,
        verbose_name=pgettext_lazy("minutes", "section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    text = LimitedTextField(_("decision"), max_length=TEXT_SHORT)
    decided_on = models.DateField(_("decided on"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "minutes", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]
