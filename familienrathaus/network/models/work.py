"""Tasks, folders and documents with versions, and the feed (posts and comments)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import private_files
from familienrathaus.core.limits import TEXT_NOTE, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.network.models.groups import Group
from familienrathaus.network.models.meetings import Meeting
from familienrathaus.network.models.minutes import Minutes


class Task(AllianceOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("title"), max_length=300)
    description = LimitedTextField(_("description"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_tasks",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    minutes = models.ForeignKey(
        Minutes,
        verbose_name=_("minutes"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("meeting"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
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
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    reminder_sent_on = models.DateField(_("reminder sent on"), null=True, blank=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = [models.F("due_on").asc(nulls_last=True), "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.OPEN, self.Status.IN_PROGRESS}


class Folder(AllianceOwned):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="folders"
    )
    name = models.CharField(_("name"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent folder"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("folder")
        verbose_name_plural = _("folders")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(AllianceOwned):
    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="documents"
    )
    folder = models.ForeignKey(
        Folder,
        verbose_name=_("folder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class DocumentVersion(AllianceOwned):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    file = private_files.PrivateFileField(_("file"), folder="network")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    text = models.TextField(_("extracted text"), blank=True)
    preview = private_files.PrivateFileField(_("preview"), folder="network-previews", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_uploads",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="network_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"


class Post(AllianceOwned):
    class Kind(models.TextChoices):
        POST = "post", _("post")
        MEETING = "meeting", _("meeting")
        MINUTES = "minutes", _("minutes")
        DECISION = "decision", _("decision")
        DOCUMENT = "document", _("document")
        TASK = "task", _("task")
        EDITION = "edition", _("Infobrief edition")

    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="posts",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POST)
    title = models.CharField(_("title"), max_length=300)
    # An automatic entry's sentence ("Minutes approved: %(meeting)s") and its values:
    # each reader gets it in their language (``shown_title``); ``title`` keeps it in
    # German, for search and for entries written before these fields.
    title_msgid = models.CharField(max_length=300, blank=True, editable=False)
    title_params = models.JSONField(default=dict, blank=True, editable=False)
    text = LimitedTextField(_("text"), blank=True)
    text_msgid = models.CharField(max_length=300, blank=True, editable=False)
    text_params = models.JSONField(default=dict, blank=True, editable=False)
    url = models.CharField(_("link"), max_length=500, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_posts",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    source_key = models.CharField(_("source"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One automatic entry per event, also when two workers record it at once.
            models.UniqueConstraint(
                fields=["source_key"],
                condition=~models.Q(source_key=""),
                name="network_post_one_entry_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_title(self) -> str:
        """The title in the active language: an automatic entry's sentence translated
        now, a member's own title (or an old entry's) as written."""
        return _sentence(self.title_msgid, self.title_params, self.title)

    @property
    def shown_text(self) -> str:
        """The text in the active language, like :attr:`shown_title` (a meeting's
        "%(date)s at %(time)s")."""
        return _sentence(self.text_msgid, self.text_params, self.text)


def _sentence(msgid: str, params: dict[str, object], written: str) -> str:
    if not msgid:
        return written
    try:
        return gettext(msgid) % params
    except (KeyError, TypeError, ValueError):
        return written


class Comment(AllianceOwned):
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="network_comments",
    )
    text = LimitedTextField(_("comment"), max_length=TEXT_NOTE)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
