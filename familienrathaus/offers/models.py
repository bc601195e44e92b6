from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images, limits
from familienrathaus.core.models import Audience, District, Language, PostalAddress, Theme
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.core.review.models import ReviewedContent
from familienrathaus.partners.models import Organisation


class Offer(ReviewedContent):
    """An offer of a partner in the Familienwegweiser (the family guide)."""

    objects: ClassVar[models.Manager[Offer]]

    class Cost(models.TextChoices):
        FREE = "free", _("free of charge")
        FEE = "fee", _("with a fee")
        REDUCED = "reduced", _("reduced fee possible")

    class Accessibility(models.TextChoices):
        STEP_FREE = "step_free", _("step-free access")
        ACCESSIBLE_TOILET = "toilet", _("accessible toilet")
        SIGN_LANGUAGE = "sign_language", _("sign language on request")
        EASY_LANGUAGE = "easy_language", _("easy language")
        HEARING_LOOP = "hearing_loop", _("hearing loop")
        CHILD_CARE = "child_care", _("child care during the offer")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="offers",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    summary = models.CharField(_("short summary"), max_length=300)
    description = limits.LimitedTextField(_("description"), blank=True, help_text=_("Markdown"))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), related_name="offers")
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audiences"), related_name="offers", blank=True
    )
    districts = models.ManyToManyField(
        District, verbose_name=_("districts"), related_name="offers", blank=True
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="offers", blank=True
    )
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("up to age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_AGE)]
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("about the cost"), max_length=300, blank=True)
    accessibility = models.JSONField(_("accessibility"), default=list, blank=True)
    online_url = models.URLField(_("online"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    times_note = models.CharField(_("about the times"), max_length=300, blank=True)
    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, validators=[limits.validate_date]
    )
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[limits.validate_date]
    )

    confirmed_at = models.DateTimeField(
        _("last confirmed"), null=True, blank=True, help_text=_("When the partner last checked it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "organisation"])]
        constraints = [
            limits.at_most_constraint("age_min", limits.MAX_AGE, "offers_offer_age_min_sane"),
            limits.at_most_constraint("age_max", limits.MAX_AGE, "offers_offer_age_max_sane"),
            limits.ordered_constraint("age_min", "age_max", "offers_offer_ages_ordered"),
            limits.ordered_constraint("valid_from", "valid_until", "offers_offer_valid_ordered"),
            limits.date_range_constraint("valid_from", "offers_offer_valid_from_sane"),
            limits.date_range_constraint("valid_until", "offers_offer_valid_until_sane"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="offers_offer_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("offers:detail", kwargs={"slug": self.slug})


class OfferTime(AllianceOwned):
    """A regular time, e.g. every Tuesday 9–11."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="times")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(pgettext_lazy("start time", "from"))
    closes = models.TimeField(_("until"))
    note = models.CharField(_("note"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("time")
        verbose_name_plural = _("times")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OfferLocation(PostalAddress):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations")

    class Meta:
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        ordering = ["pk"]


class OfferImage(AllianceOwned):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="images")
    image = images.PictureField(
        _("image"),
        upload_to="offers/images/",
        width_field="image_width",
        height_field="image_height",
    )
    image_width = images.size_field()
    image_height = images.size_field()
    alt_text = models.CharField(_("alternative text"), max_length=250)
    # Uploaded with changes to a published offer that wait for review: not shown yet.
    is_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.alt_text


class OfferAttachment(AllianceOwned):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("PDF file"), upload_to="offers/attachments/")
    title = models.CharField(_("title"), max_length=200)
    # Uploaded with changes to a published offer that wait for review: not shown yet.
    is_pending = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class OfferNotice(AllianceOwned):
    """ "Angabe veraltet?": a visitor tells the coordinators that an offer is out of date."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="notices")
    message = limits.LimitedTextField(_("What is out of date?"), max_length=limits.TEXT_NOTE)
    email = models.EmailField(
        _("Your e-mail address"),
        blank=True,
        help_text=_("Only if you would like an answer. We use it for nothing else."),
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("notice about an offer")
        verbose_name_plural = _("notices about offers")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.offer}: {self.message[:40]}"


class OfferReminder(AllianceOwned):
    """One yearly reminder mail to a partner to confirm its offers (so none goes twice)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offer_reminders"
    )
    sent_at = models.DateTimeField(_("sent"), default=timezone.now, db_index=True)
    recipients = models.JSONField(default=list)
    offer_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reminder to confirm offers")
        verbose_name_plural = _("reminders to confirm offers")
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.sent_at:%Y-%m-%d})"
