"""Meetings of a group: agenda, replies, attendance."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, LimitedTextField, ordered_constraint
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.network.models.groups import Group


def new_uid() -> str:
    """The iCal UID of a meeting; stays the same when the meeting moves."""
    return f"{uuid.uuid4()}@familienrathaus-werkstatt"


class Meeting(AllianceOwned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    description = LimitedTextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    uid = models.CharField(_("calendar UID"), max_length=255, unique=True, default=new_uid)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    public_event = models.ForeignKey(
        "events.Event",
        verbose_name=_("public event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_meetings",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]
        constraints = [
            ordered_constraint("starts_at", "ends_at", "network_meeting_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaItem(AllianceOwned):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = LimitedTextField(_("notes"), max_length=TEXT_NOTE, blank=True)
    minutes_planned = models.PositiveSmallIntegerField(_("minutes planned"), null=True, blank=True)
    task = models.ForeignKey(
        "network.Task",
        verbose_name=_("task"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    documents = models.ManyToManyField(
        "network.Document", verbose_name=_("attachments"), blank=True, related_name="agenda_items"
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Reply(AllianceOwned):
    class Answer(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        MAYBE = "maybe", _("maybe")
        DELEGATE = "delegate", _("someone else from my organisation")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="replies"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="network_replies",
    )
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    delegate_name = models.CharField(_("delegate's name"), max_length=150, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="network_reply_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_answer_display()}"


class Attendance(AllianceOwned):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_attendance",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_attendance",
    )
    name = models.CharField(_("name"), max_length=150)
    present = models.BooleanField(_("present"), default=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="network_attendance_once"),
        ]

    def __str__(self) -> str:
        return self.name
