"""Programmes, reduction kinds, activities, occasions and their dates."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images, limits
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.core.review.models import ReviewedContent
from familienrathaus.partners.models import Organisation


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class Period(AllianceOwned):
    """One holiday programme with its phases and rules."""

    objects: ClassVar[models.Manager[Period]]

    class Phase(models.TextChoices):
        PREPARATION = "preparation", _("in preparation")
        SUBMISSION = "submission", _("partners submit activities")
        WISHES = "wishes", _("wish phase")
        ALLOCATION = "allocation", _("places are being allocated")
        BEFORE_BOOKING = "before_booking", _("booking opens soon")
        BOOKING = "booking", _("booking open")
        RUNNING = "running", _("running")
        CLOSED = "closed", pgettext_lazy("programme phase", "closed")
        ARCHIVED = "archived", _("archived")

    class FeeModel(models.TextChoices):
        PER_BOOKING = "per_booking", _("a fee per booking")
        FLAT = "flat", _("one flat pass per child")

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("short name in addresses"), max_length=150)
    description = limits.LimitedTextField(_("description"), blank=True, help_text=_("Markdown"))
    holiday_start = models.DateField(
        _("first day of the holidays"), validators=[limits.validate_date]
    )
    holiday_end = models.DateField(_("last day of the holidays"), validators=[limits.validate_date])
    submission_start = models.DateTimeField(_("partners submit from"), null=True, blank=True)
    submission_end = models.DateTimeField(_("partners submit until"), null=True, blank=True)
    wish_start = models.DateTimeField(_("wish phase from"), null=True, blank=True)
    wish_end = models.DateTimeField(_("wish phase until"), null=True, blank=True)
    booking_opens = models.DateTimeField(_("booking opens"), validators=[limits.validate_date])
    booking_closes = models.DateTimeField(_("booking closes"), null=True, blank=True)
    is_archived = models.BooleanField(_("archived"), default=False)

    # Rules.
    places_per_child = models.PositiveSmallIntegerField(
        _("places per child"),
        null=True,
        blank=True,
        help_text=_("How many occasions one child may book. Empty: no limit."),
    )
    one_per_day = models.BooleanField(_("one activity per day"), default=False)
    travel_minutes = models.PositiveSmallIntegerField(
        _("travel time between activities (minutes)"), default=0
    )
    wishes_per_child = models.PositiveSmallIntegerField(
        _("wishes per child"), default=5, validators=[MinValueValidator(1)]
    )
    fee_model = models.CharField(
        _("fee model"), max_length=20, choices=FeeModel.choices, default=FeeModel.PER_BOOKING
    )
    flat_fee = models.DecimalField(
        _("flat pass per child"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[limits.not_negative],
    )
    cancellation_days = models.PositiveSmallIntegerField(
        _("cancellation up to days before"),
        default=3,
        help_text=_("Families may cancel up to this many days before an occasion's first day."),
    )
    hold_hours = models.PositiveSmallIntegerField(
        _("hours a freed place is held"), default=48, validators=[MinValueValidator(1)]
    )
    minimum_check_days = models.PositiveSmallIntegerField(
        _("check the minimum days before"),
        default=7,
        help_text=_("Occasions below their minimum this many days before the start are flagged."),
    )
    sensitive_data_days = models.PositiveSmallIntegerField(
        _("delete health notes days after the end"), default=14
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("holiday programme")
        verbose_name_plural = _("holiday programmes")
        ordering = ["-holiday_start"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="holidays_period_slug"),
            limits.not_negative_constraint("flat_fee", "holidays_period_flat_fee_not_negative"),
            limits.ordered_constraint(
                "holiday_start", "holiday_end", "holidays_period_ends_after_start"
            ),
            limits.date_range_constraint("holiday_start", "holidays_period_start_sane"),
            limits.date_range_constraint("holiday_end", "holidays_period_end_sane"),
            limits.date_range_constraint(
                "booking_opens", "holidays_period_booking_opens_sane", moment=True
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("holidays:period", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.holiday_start and self.holiday_end and self.holiday_end < self.holiday_start:
            raise ValidationError({"holiday_end": _("The holidays cannot end before they start.")})
        if self.wish_start and self.wish_end and self.wish_end <= self.wish_start:
            raise ValidationError({"wish_end": _("The wish phase must end after it starts.")})
        if self.wish_end and self.booking_opens and self.booking_opens < self.wish_end:
            raise ValidationError(
                {"booking_opens": _("Booking can only open after the wish phase.")}
            )

    def check_dates(self, spans: list[tuple[datetime, datetime]]) -> None:
        """Refuse dates of an occasion outside the holidays (first to last day).

        Refused, not only warned: the clash and age checks, the brochure's weeks and the
        families' plans all count on the holidays; a trip that really starts on the
        Saturday before asks the coordination to widen the programme's dates."""
        if not self.holiday_start or not self.holiday_end:
            return
        outside = [
            (start, end)
            for start, end in spans
            if timezone.localdate(start) < self.holiday_start
            or timezone.localdate(end) > self.holiday_end
        ]
        if outside:
            raise ValidationError(
                _(
                    "The dates must lie within the holidays of “%(programme)s”, "
                    "%(first)s to %(last)s."
                ),
                code="outside_programme",
                params={
                    "programme": self.name,
                    "first": f"{self.holiday_start:%d.%m.%Y}",
                    "last": f"{self.holiday_end:%d.%m.%Y}",
                },
            )

    def phase_at(self, moment: datetime | None = None) -> str:
        """The phase at ``moment`` (default: now), from the dates."""
        now = moment or timezone.now()
        today = timezone.localdate(now)
        if self.is_archived:
            return self.Phase.ARCHIVED
        if today > self.holiday_end:
            return self.Phase.CLOSED
        if today >= self.holiday_start:
            return self.Phase.RUNNING
        if self.wish_start and self.wish_end and self.wish_start <= now < self.wish_end:
            return self.Phase.WISHES
        if now >= self.booking_opens:
            if self.booking_closes and now >= self.booking_closes:
                return self.Phase.CLOSED
            return self.Phase.BOOKING
        if self.wish_end and now >= self.wish_end:
            return self.Phase.ALLOCATION
        if (
            self.submission_start
            and self.submission_start <= now
            and (self.submission_end is None or now < self.submission_end)
        ):
            return self.Phase.SUBMISSION
        if self.submission_end and now >= self.submission_end:
            return self.Phase.BEFORE_BOOKING
        return self.Phase.PREPARATION

    @property
    def phase(self) -> str:
        return self.phase_at()

    def get_phase_display(self) -> str:
        return str(self.Phase(self.phase).label)

    @property
    def is_booking_open(self) -> bool:
        """Booking is open from ``booking_opens`` until ``booking_closes`` (if set) or
        the end of the holidays: remaining places can be booked while the programme runs."""
        phase = self.phase
        if phase == self.Phase.BOOKING:
            return True
        return phase == self.Phase.RUNNING and (
            self.booking_closes is None or timezone.now() < self.booking_closes
        )

    @property
    def is_visible(self) -> bool:
        return not self.is_archived

    @property
    def sensitive_data_until(self) -> date:
        return self.holiday_end + timedelta(days=self.sensitive_data_days)


class ReductionKind(AllianceOwned):
    """A kind of reduced fee, e.g. Familienpass, Bildung und Teilhabe, third child free."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reduction_kinds")
    name = models.CharField(_("name"), max_length=120)
    description = limits.LimitedTextField(
        _("what counts as proof"), blank=True, max_length=limits.TEXT_NOTE
    )
    percent = models.PositiveSmallIntegerField(
        _("reduction in percent"), default=100, validators=[MaxValueValidator(100)]
    )
    from_nth_child = models.PositiveSmallIntegerField(
        _("from the nth child on"),
        null=True,
        blank=True,
        help_text=_("E.g. 3 for 'third child free'. Empty: for every child of the family."),
    )
    needs_proof = models.BooleanField(_("proof needed"), default=True)

    class Meta:
        verbose_name = _("kind of reduction")
        verbose_name_plural = _("kinds of reduction")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Activity(ReviewedContent):
    """What a partner offers in a period; reviewed like offers (core/review.py)."""

    objects: ClassVar[models.Manager[Activity]]

    class Category(models.TextChoices):
        SPORT = "sport", _("Sport and games")
        CREATIVE = "creative", _("Arts and crafts")
        NATURE = "nature", _("Nature and animals")
        SCIENCE = "science", _("Science and technology")
        CULTURE = "culture", _("Music, theatre and culture")
        COOKING = "cooking", _("Cooking and baking")
        TRIP = "trip", _("Trips and outings")
        CARE = "care", _("Holiday care")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="activities")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="holiday_activities",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    summary = models.CharField(_("short summary"), max_length=300)
    description = limits.LimitedTextField(_("description"), blank=True, help_text=_("Markdown"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    what_to_bring = limits.LimitedTextField(
        _("what to bring"), blank=True, max_length=limits.TEXT_NOTE
    )
    meeting_point = models.CharField(_("meeting point"), max_length=300, blank=True)
    accessibility = limits.LimitedTextField(
        _("accessibility"), blank=True, max_length=limits.TEXT_NOTE
    )
    image = images.PictureField(
        _("image"),
        upload_to="holidays/images/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = images.size_field()
    image_height = images.size_field()
    image_alt = models.CharField(_("alternative text of the image"), max_length=250, blank=True)
    contact_email = models.EmailField(_("e-mail for questions"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("holiday activity")
        verbose_name_plural = _("holiday activities")
        ordering = ["title"]
        indexes = [models.Index(fields=["period", "status"])]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="holidays_activity_slug")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("holidays:activity", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Please describe the image for blind people.")})


class Occasion(AllianceOwned):
    """One bookable run of an activity: its dates, places, ages and fees (the pool)."""

    class AgeRule(models.TextChoices):
        EXACT = "exact", _("exact age on the first day")
        SCHOOL_YEAR = "school_year", _("by school year (age on 30 September)")
        BIRTH_YEAR = "birth_year", _("by birth year")

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="occasions")
    note = models.CharField(_("note"), max_length=200, blank=True)
    min_places = models.PositiveSmallIntegerField(_("minimum participants"), default=0)
    max_places = models.PositiveSmallIntegerField(
        _("number of places"), validators=[MinValueValidator(1)], default=10
    )
    age_rule = models.CharField(
        _("age rule"), max_length=20, choices=AgeRule.choices, default=AgeRule.EXACT
    )
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_YOUTH_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("up to age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_YOUTH_AGE)]
    )
    age_tolerance_months = models.PositiveSmallIntegerField(
        _("age tolerance (months)"), default=0, validators=[MaxValueValidator(24)]
    )
    fee = models.DecimalField(
        _("fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[limits.not_negative],
    )
    reduced_fee = models.DecimalField(
        _("reduced fee"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[limits.not_negative],
    )
    helpers_needed = models.PositiveSmallIntegerField(_("helpers needed"), default=0)
    below_minimum_at = models.DateTimeField(_("flagged below minimum"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = limits.LimitedTextField(
        _("reason for the cancellation"), blank=True, max_length=limits.TEXT_NOTE
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("occasion")
        verbose_name_plural = _("occasions")
        ordering = ["activity__title", "pk"]
        constraints = [
            limits.not_negative_constraint("fee", "holidays_occasion_fee_not_negative"),
            limits.not_negative_constraint(
                "reduced_fee", "holidays_occasion_reduced_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(max_places__gte=1),
                name="holidays_occasion_has_places",
                violation_error_message=_("An occasion needs at least one place."),
            ),
            limits.ordered_constraint(
                "min_places", "max_places", "holidays_occasion_minimum_within_places"
            ),
            limits.at_most_constraint(
                "age_min", limits.MAX_YOUTH_AGE, "holidays_occasion_age_min_sane"
            ),
            limits.at_most_constraint(
                "age_max", limits.MAX_YOUTH_AGE, "holidays_occasion_age_max_sane"
            ),
            limits.ordered_constraint("age_min", "age_max", "holidays_occasion_ages_ordered"),
        ]

    def __str__(self) -> str:
        first = self.first_start
        return f"{self.activity.title} ({first:%d.%m.%Y})" if first else self.activity.title

    def clean(self) -> None:
        super().clean()
        if self.min_places and self.max_places and self.min_places > self.max_places:
            raise ValidationError({"min_places": _("The minimum cannot be more than the places.")})
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age cannot be below the lower age.")})

    def _dates(self) -> list[OccasionDate]:
        return list(self.dates.all())

    @property
    def first_start(self) -> datetime | None:
        dates = self._dates()
        return min((d.starts for d in dates), default=None)

    @property
    def last_end(self) -> datetime | None:
        dates = self._dates()
        return max((d.ends for d in dates), default=None)

    @property
    def first_day(self) -> date | None:
        start = self.first_start
        return timezone.localdate(start) if start else None

    @property
    def nights(self) -> int:
        return sum(
            (timezone.localdate(d.ends) - timezone.localdate(d.starts)).days for d in self._dates()
        )

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class OccasionDate(AllianceOwned):
    """A stretch of time of an occasion: one day, or several days with nights (a trip)."""

    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="dates")
    starts = models.DateTimeField(_("starts"), validators=[limits.validate_date])
    ends = models.DateTimeField(_("ends"), validators=[limits.validate_date])

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["starts"]
        indexes = [models.Index(fields=["starts"])]
        constraints = [
            limits.ordered_constraint(
                "starts", "ends", "holidays_occasiondate_ends_after_start", strict=True
            ),
            limits.date_range_constraint("starts", "holidays_occasiondate_sane", moment=True),
            limits.date_range_constraint("ends", "holidays_occasiondate_end_sane", moment=True),
        ]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.starts):%d.%m.%Y %H:%M}"

    def clean(self) -> None:
        super().clean()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("The end must be after the start.")})
        if self.starts and self.ends and self.occasion_id:
            period = self.occasion.activity.period
            try:
                period.check_dates([(self.starts, self.ends)])
            except ValidationError as error:
                raise ValidationError({"starts": error}) from error
