"""The Familien-Infobrief: subscribers with their consent, editions, deliveries, bounces."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits
from familienrathaus.core.models.alliance import AllianceOwned


class Topic(AllianceOwned):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name"), max_length=120)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="newsletter_topic_name"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="newsletter_topic_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Subscriber(AllianceOwned):
    """One address. It only receives editions once confirmed (double opt-in).

    The consent proof: when the subscription was asked for, the wording (text and
    version) the person agreed to, when the confirmation link was used, and a keyed
    hash of the IP address (never the address itself).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        ACTIVE = "active", _("subscribed")
        UNSUBSCRIBED = "unsubscribed", _("unsubscribed")
        DISABLED = "disabled", _("disabled after bounces")

    class Source(models.TextChoices):
        FORM = "form", _("subscription form")
        IMPORT = "import", _("import")

    # One address per alliance: the same person may read the Infobrief of two alliances.
    email = models.EmailField(_("e-mail"), max_length=254)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="de"
    )
    topics = models.ManyToManyField(
        Topic, verbose_name=_("topics"), related_name="subscribers", blank=True
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.FORM
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    consent_requested_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("wording version"), max_length=40, blank=True)
    consent_text = models.TextField(_("wording agreed to"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    ip_hash = models.CharField(
        _("keyed hash of the IP address"), max_length=64, blank=True, editable=False
    )
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    hard_bounces = models.PositiveSmallIntegerField(_("hard bounces"), default=0)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "email"], name="newsletter_subscriber_email"
            ),
        ]

    def __str__(self) -> str:
        # Not the address: this text lands in the audit log, which outlives a deletion.
        return f"Subscriber #{self.pk}"


class Edition(AllianceOwned):
    """One issue of the newsletter, composed from blocks."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SCHEDULED = "scheduled", _("scheduled")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    subject = models.CharField(_("subject"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    intro = limits.LimitedTextField(_("introduction"), blank=True, help_text=_("Markdown."))
    news = models.ManyToManyField(
        "news.NewsPost", verbose_name=_("news posts"), blank=True, related_name="+"
    )
    offers = models.ManyToManyField(
        "offers.Offer", verbose_name=_("offers"), blank=True, related_name="+"
    )
    events_from = models.DateField(
        _("events from"), null=True, blank=True, validators=[limits.validate_date]
    )
    events_until = models.DateField(
        _("events until"), null=True, blank=True, validators=[limits.validate_date]
    )
    include_holidays = models.BooleanField(_("dates of the holiday programme"), default=False)
    topics = models.ManyToManyField(
        Topic,
        verbose_name=_("only for subscribers of these topics"),
        blank=True,
        related_name="editions",
        help_text=_("Leave empty to send to everybody."),
    )
    rate_per_minute = models.PositiveIntegerField(
        _("messages per minute"),
        default=600,
        help_text=_("How fast the worker hands the mails to the mail server; 0: no limit."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Fixed when sending starts, so the archive shows what was sent.
    html_snapshot = models.TextField(blank=True)
    # The mail per language, rendered once when sending starts: {"de": [html, text]}.
    mail_bodies = models.JSONField(default=dict, blank=True)
    # The token of the one supervising task chain (see tasks.send_edition).
    tick_token = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["-sent_at", "-created_at", "-id"]
        constraints = [
            limits.ordered_constraint(
                "events_from", "events_until", "newsletter_edition_events_ordered"
            ),
            limits.date_range_constraint("events_from", "newsletter_edition_events_from_sane"),
            limits.date_range_constraint("events_until", "newsletter_edition_events_until_sane"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="newsletter_edition_slug"),
        ]

    def __str__(self) -> str:
        return self.subject

    def get_absolute_url(self) -> str:
        return reverse("newsletter:archive_detail", kwargs={"slug": self.slug})


def translation_languages() -> list[tuple[str, Any]]:
    """The languages an edition can be translated into: all but German."""
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


class EditionTranslation(AllianceOwned):
    """The edition in another language, linked to the German one and written by a
    coordinator: subject and introduction. Subscribers of that language get it, everyone
    else the German edition. The blocks (news, events, offers, holiday dates, surveys)
    are the edition's, shown in that language where their texts are translated."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10, choices=translation_languages())
    subject = models.CharField(_("subject"), max_length=200)
    intro = limits.LimitedTextField(_("introduction"), blank=True, help_text=_("Markdown."))
    # Fixed when sending starts, like the edition's: the archive page in that language.
    html_snapshot = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        ordering = ["edition", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "language"], name="newsletter_one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} ({self.language})"


class Delivery(AllianceOwned):
    """One edition to one subscriber: created exactly once, with its outbox message."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    message = models.OneToOneField(
        "core.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="newsletter_one_delivery_per_subscriber"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition_id} → {self.subscriber_id}"


class Bounce(AllianceOwned):
    class Kind(models.TextChoices):
        HARD = "hard", _("hard (address does not exist)")
        SOFT = "soft", _("soft (temporary)")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="bounces")
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices, default=Kind.HARD)
    source = models.CharField(_("source"), max_length=20, default="manual")
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} bounce of subscriber #{self.subscriber_id}"
