"""A survey, and the ways a family reaches it: channels (links, QR codes) and codes."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits, tenancy
from familienrathaus.core.models.alliance import AllianceOwned

# Invitation codes avoid characters that are easily mixed up on paper: 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_KEEP_DAYS = 3650


def new_token() -> str:
    """A channel's random token for links (``?k=``): unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(9)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))


class Survey(AllianceOwned):
    objects: ClassVar[models.Manager[Survey]]

    class Access(models.TextChoices):
        ANONYMOUS = "anonymous", _("anonymous")
        CODES = "codes", _("with invitation codes")
        SIGNED_IN = "signed_in", _("signed in")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    if TYPE_CHECKING:  # the per-language columns of django-modeltranslation
        title_de: str
        title_en: str
        intro_de: str
        intro_en: str
        privacy_text_de: str
        privacy_text_en: str
        thanks_text_de: str
        thanks_text_en: str

    title = models.CharField(_("title"), max_length=200)
    intro = limits.LimitedTextField(
        _("introduction"),
        blank=True,
        max_length=limits.TEXT_SHORT,
        help_text=_("Shown on the first page: what the survey is about and how long it takes."),
    )
    privacy_text = limits.LimitedTextField(
        _("data protection"),
        blank=True,
        max_length=limits.TEXT_SHORT,
        help_text=_("Who reads the answers, what happens with them and when they are deleted."),
    )
    thanks_text = limits.LimitedTextField(
        _("thank-you text"),
        blank=True,
        max_length=limits.TEXT_NOTE,
        help_text=_("Shown after the last page."),
    )
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    access = models.CharField(
        _("access"), max_length=12, choices=Access.choices, default=Access.ANONYMOUS
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(
        _("opens at"), null=True, blank=True, validators=[limits.validate_date]
    )
    closes_at = models.DateTimeField(
        _("closes at"), null=True, blank=True, validators=[limits.validate_date]
    )
    max_answers = models.PositiveIntegerField(
        _("limit of answers"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text=_("Empty: no limit."),
    )
    public_results = models.BooleanField(
        _("public results"),
        default=False,
        help_text=_("Show the results of the chosen questions on a public page after the close."),
    )
    keep_answers_days = models.PositiveIntegerField(
        _("keep answers for (days)"),
        default=365,
        validators=[MaxValueValidator(MAX_KEEP_DAYS)],
        help_text=_("After the close the single answers are deleted; the counted results stay."),
    )
    answers_deleted_on = models.DateField(_("answers deleted on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at", "-pk"]
        constraints = [
            limits.ordered_constraint(
                "opens_at", "closes_at", "survey_opens_before_close", strict=True
            ),
            limits.date_range_constraint("opens_at", "survey_opens_at_sane", moment=True),
            limits.date_range_constraint("closes_at", "survey_closes_at_sane", moment=True),
            limits.at_most_constraint("keep_answers_days", MAX_KEEP_DAYS, "survey_keep_days_sane"),
            models.CheckConstraint(
                condition=Q(max_answers__gte=1) | Q(max_answers__isnull=True),
                name="survey_max_answers_positive",
                violation_error_message=_("A limit of answers is at least 1."),
            ),
            models.UniqueConstraint(fields=["alliance", "slug"], name="surveys_survey_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", kwargs={"slug": self.slug})

    def state(self, now: datetime | None = None) -> str:
        """ "draft", "upcoming", "open" or "closed" (the limit of answers is not a state)."""
        if self.status != self.Status.PUBLISHED:
            return "draft"
        now = now or timezone.now()
        if self.opens_at and now < self.opens_at:
            return "upcoming"
        if self.closes_at and now >= self.closes_at:
            return "closed"
        return "open"

    def is_open(self, now: datetime | None = None) -> bool:
        return self.state(now) == "open"


class Channel(AllianceOwned):
    """A way to the survey with its own link (``?k=<token>``) and QR code; answers count
    per channel. ``paper``: answers a professional entered from a paper questionnaire."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(_("name"), max_length=120)
    token = models.SlugField(_("token"), max_length=40, unique=True, default=new_token)
    paper = models.BooleanField(_("entered from paper"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "name"],
                name="unique_channel_name_per_survey",
                violation_error_message=_("This survey already has a channel of this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def path(self) -> str:
        # The printed link and QR code are the same whoever looks at them: the town's
        # default language (unprefixed); families switch the language on the page.
        with translation.override(settings.LANGUAGE_CODE):
            return f"{self.survey.get_absolute_url()}?k={self.token}"

    @property
    def url(self) -> str:
        return tenancy.site_url() + self.path


class InvitationCode(AllianceOwned):
    """A one-time code. Deliberately without a time and without a link to the answer."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(
        _("code"),
        max_length=12,
        unique=True,
        default=new_code,
        validators=[RegexValidator(f"^[{CODE_ALPHABET}]+$")],
    )
    used = models.BooleanField(_("used"), default=False)

    class Meta:
        verbose_name = _("invitation code")
        verbose_name_plural = _("invitation codes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code
