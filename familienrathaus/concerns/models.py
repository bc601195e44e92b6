"""Concerns ("Anliegen"): a family's question, suggestion, complaint or request for help.

One ticket per concern. The family follows it through an unguessable status link
(``tracking_token``) or the short ``reference`` code; the coordination desk routes it to
a partner organisation or an office of the administration. Every change a family may
see is a public :class:`Message`; internal notes are messages with ``public=False``.

The names here are the shared data model of issue 16 (``/work/SPEC_CONCERNS.md``):
writes go through ``services/intake.py`` and ``services/desk.py``.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import private_files
from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned

# A reference the family can read out on the phone: no 0/O, 1/I/L.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8  # shown as "A7K3-QF9M"

EMERGENCY_TEXT = (
    "Polizei: 110\n"
    "Feuerwehr und Rettungsdienst: 112\n"
    "Kinder- und Jugendtelefon (Nummer gegen Kummer): 116 111\n"
    "Elterntelefon: 0800 111 0 550\n"
    "Hilfetelefon Gewalt gegen Frauen: 116 016"
)


def new_reference() -> str:
    """A fresh short code such as ``"A7K3-QF9M"`` (31⁸ possibilities)."""
    raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalise_reference(value: str) -> str:
    """What a family typed (``"a7k3 qf9m"``, ``"A7K3QF9M"``) in the stored form."""
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    # People read an O for a 0 and an I/L for a 1; the alphabet has neither.
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == REFERENCE_LENGTH else raw


def new_tracking_token() -> str:
    """The secret part of the status link (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


def _choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> Any:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__in": [value for value, _label in choices.choices]}), name=name
    )


class Topic(AllianceOwned):
    """What a concern is about; seeded from the alliance's seven Themenfelder."""

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Position in lists"), default=0)
    active = models.BooleanField(_("offered in the form"), default=True)
    first_answer_days = models.PositiveSmallIntegerField(
        _("first answer within (working days)"), default=10
    )
    closing_days = models.PositiveSmallIntegerField(_("closed within (working days)"), default=20)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="concerns_topic_name"),
            models.CheckConstraint(
                condition=Q(first_answer_days__gte=1, first_answer_days__lte=250),
                name="concerns_topic_first_answer_days_range",
            ),
            models.CheckConstraint(
                condition=Q(closing_days__gte=models.F("first_answer_days"), closing_days__lte=250),
                name="concerns_topic_closing_after_first_answer",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Office(AllianceOwned):
    """An office of the administration a concern can be passed on to (e.g. the Jugendamt)."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ConcernSettings(AllianceOwned):
    """The alliance's one row of settings coordinators edit: emergency numbers, retention."""

    emergency_text = LimitedTextField(
        _("emergency numbers"),
        max_length=TEXT_NOTE,
        default=EMERGENCY_TEXT,
        help_text=_("Shown above the form: whom to call in an emergency. One number per line."),
    )
    redact_after_days = models.PositiveIntegerField(
        _("redact closed concerns after (days)"), default=365
    )
    delete_after_days = models.PositiveIntegerField(
        _("delete redacted concerns after (days)"), default=730
    )

    class Meta:
        verbose_name = _("concern settings")
        verbose_name_plural = _("concern settings")
        constraints = [
            models.UniqueConstraint(fields=["alliance"], name="concerns_concernsettings_alliance"),
            models.CheckConstraint(
                condition=Q(redact_after_days__gte=1, delete_after_days__gte=1),
                name="concerns_settings_positive_periods",
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    @classmethod
    def load(cls) -> ConcernSettings:
        """The active alliance's settings row, created with the defaults when missing."""
        obj, _created = cls.objects.get_or_create()
        return obj


class ConcernKind(models.TextChoices):
    QUESTION = "question", _("question")
    SUGGESTION = "suggestion", _("suggestion")
    COMPLAINT = "complaint", _("complaint")
    HELP = "help", _("request for help")


class ConcernPrivacy(models.TextChoices):
    NAMED = "named", _("with my name")
    OFFICE_ONLY = "office_only", _("my name only for the coordination office")
    ANONYMOUS = "anonymous", _("anonymous")


class ConcernChannel(models.TextChoices):
    FORM = "form", _("form on the website")
    POSTCARD = "postcard", _("postcard (QR code)")
    ACCOUNT = "account", _("family account")
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("visit")
    API = "api", _("API")


class ConcernStatus(models.TextChoices):
    RECEIVED = "received", _("received")
    IN_PROGRESS = "in_progress", pgettext_lazy("concern status", "in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", pgettext_lazy("concern status", "closed")


class ConcernPriority(models.TextChoices):
    NORMAL = "normal", _("normal")
    URGENT = "urgent", _("urgent")


class Concern(AllianceOwned):
    Kind = ConcernKind
    Privacy = ConcernPrivacy
    Channel = ConcernChannel
    Status = ConcernStatus
    Priority = ConcernPriority

    reference = models.CharField(_("reference"), max_length=12, default=new_reference)
    tracking_token = models.CharField(
        _("tracking token"), max_length=43, unique=True, default=new_tracking_token, editable=False
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    topic = models.ForeignKey(
        Topic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concerns",
    )
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = LimitedTextField(_("your concern"), max_length=TEXT_SHORT)
    privacy = models.CharField(
        _("who may see your name"),
        max_length=12,
        choices=Privacy.choices,
        default=Privacy.OFFICE_ONLY,
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True, default="")
    channel = models.CharField(
        pgettext_lazy("concern", "channel"),
        max_length=10,
        choices=Channel.choices,
        default=Channel.FORM,
    )
    postcard = models.ForeignKey(
        "postcards.Postcard",
        verbose_name=_("postcard"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_concerns",
    )
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("passed on to partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("passed on to office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="concerns",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged",
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("last change"), default=timezone.now)
    first_answer_at = models.DateTimeField(_("first answer"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    redacted_at = models.DateTimeField(_("redacted"), null=True, blank=True)
    first_answer_due = models.DateField(_("first answer due"), null=True, blank=True)
    close_due = models.DateField(_("closing due"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("reminder sent"), null=True, blank=True)
    interim_notice_sent_on = models.DateField(_("interim notice sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="concerns_status_created"),
            models.Index(fields=["email"], name="concerns_email"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "reference"], name="concerns_concern_reference"
            ),
            _choices_constraint("kind", ConcernKind, "concerns_concern_kind_valid"),
            _choices_constraint("privacy", ConcernPrivacy, "concerns_concern_privacy_valid"),
            _choices_constraint("channel", ConcernChannel, "concerns_concern_channel_valid"),
            _choices_constraint("status", ConcernStatus, "concerns_concern_status_valid"),
            _choices_constraint("priority", ConcernPriority, "concerns_concern_priority_valid"),
            # Anonymous means anonymous: no contact is stored at all.
            models.CheckConstraint(
                condition=~Q(privacy="anonymous") | Q(name="", email="", phone=""),
                name="concerns_concern_anonymous_has_no_contact",
            ),
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="concerns_concern_not_merged_into_itself",
            ),
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_at__isnull=True),
                name="concerns_concern_closed_at_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return self.privacy == self.Privacy.ANONYMOUS


class MessageKind(models.TextChoices):
    REPLY = "reply", _("reply to the family")
    NOTE = "note", _("internal note")
    FAMILY = "family", _("information from the family")
    REOPENED = "reopened", _("the family says this did not help")
    STATUS = "status", _("status change")
    PASSED = "passed", _("passed on")
    PARTNER = "partner", _("answer of the partner")
    OFFICE = "office", _("answer of the office")
    INTERIM = "interim", _("interim notice")


class Message(AllianceOwned):
    """One entry in a concern's history; ``public`` ones are what the family reads."""

    Kind = MessageKind

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="messages"
    )
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    public = models.BooleanField(_("the family sees it"), default=False)
    text = LimitedTextField(_("text"), max_length=TEXT_SHORT, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_label = models.CharField(_("from"), max_length=200, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            _choices_constraint("kind", MessageKind, "concerns_message_kind_valid"),
            # Internal kinds never reach the family by accident.
            models.CheckConstraint(
                condition=~Q(kind__in=["note", "passed"]) | Q(public=False),
                name="concerns_message_internal_kinds_not_public",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.get_kind_display()}"


class AttachmentKind(models.TextChoices):
    IMAGE = "image", _("photo")
    PDF = "pdf", _("PDF")


class Attachment(AllianceOwned):
    """A photo or PDF sent with a concern (by the family or by staff)."""

    Kind = AttachmentKind

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="attachments"
    )
    message = models.ForeignKey(
        Message,
        verbose_name=_("message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    file = private_files.PrivateFileField(_("file"), folder="concerns")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    from_family = models.BooleanField(_("sent by the family"), default=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["added_at", "pk"]
        constraints = [
            _choices_constraint("kind", AttachmentKind, "concerns_attachment_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.concern_id}: {self.get_kind_display()}"


class AnswerTemplate(AllianceOwned):
    """A reply coordinators reuse; the ``interim`` one is sent when a target time passes."""

    title = models.CharField(_("title"), max_length=120)
    text = LimitedTextField(_("text"), max_length=TEXT_SHORT)
    interim = models.BooleanField(_("interim notice"), default=False)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "interim"],
                condition=Q(interim=True),
                name="concerns_one_interim_template",
            ),
        ]

    def __str__(self) -> str:
        return self.title
