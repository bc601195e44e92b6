"""The holiday programme (Ferienspaß): periods, activities, occasions, children, bookings.

A :class:`Period` is one holiday (e.g. "Sommerferien 2027") with its phases and rules.
Partners submit :class:`Activity` records (reviewed like offers, core/review.py); each
activity has one or more :class:`Occasion` rows, the bookable units with places, ages
and fees, and each occasion has one or more :class:`OccasionDate` rows (a single day,
several days, or one row spanning a trip with nights).

Families keep their children (:class:`Child`) in their account and book them onto
occasions (:class:`Booking`). The occasion is the capacity *pool* (core/capacity.py):
confirmed bookings and places held for someone (``offered``) take places; the waiting
list is the ``waitlisted`` bookings in the order of ``queued_at`` then ``id``.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import limits, private_files
from familienrathaus.core.review.models import ReviewedContent
from familienrathaus.partners.models import Organisation


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class Period(models.Model):
    """One holiday programme with its phases and rules."""

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
    slug = models.SlugField(_("short name in addresses"), max_length=150, unique=True)
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


class ReductionKind(models.Model):
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
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
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
    image = models.ImageField(_("image"), upload_to="holidays/images/", blank=True)
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

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("holidays:activity", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.image and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Please describe the image for blind people.")})


class Occasion(models.Model):
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


class OccasionDate(models.Model):
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


class Child(models.Model):
    """A child in a family account. Health notes and the emergency contact are
    special-category data: stored only with consent, seen only by the organisers of the
    child's occasions during the period, deleted a set number of days after it."""

    family = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("family account"),
        on_delete=models.CASCADE,
        related_name="holiday_children",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), validators=[limits.validate_date])
    health_notes = limits.LimitedTextField(
        _("health and allergy notes"), blank=True, max_length=limits.TEXT_NOTE
    )
    emergency_contact = models.CharField(
        _("emergency contact"), max_length=300, blank=True, help_text=_("Name and phone number")
    )
    sensitive_consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    sensitive_deleted_at = models.DateTimeField(_("health notes deleted"), null=True, blank=True)
    feed_token = models.CharField(max_length=64, unique=True, default=_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["first_name", "pk"]
        constraints = [
            limits.date_range_constraint("birth_date", "holidays_child_birth_date_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        super().clean()
        if (self.health_notes.strip() or self.emergency_contact.strip()) and not (
            self.sensitive_consent_at
        ):
            raise ValidationError(
                {"health_notes": _("Health notes can only be stored with your consent.")}
            )
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth is in the future.")})

    @property
    def has_sensitive_data(self) -> bool:
        return bool(self.health_notes or self.emergency_contact)


class Booking(models.Model):
    """A child on an occasion: a place, a place held for it, or a place on the waiting list.

    ``confirmed`` and ``offered`` take places; ``waitlisted`` bookings form the waiting
    list in the order of ``queued_at`` then ``id`` (the position is computed, never
    stored); ``offered`` holds a freed place until ``offer_expires_at``.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waiting list")
        OFFERED = "offered", _("place offered")
        # "storniert": the family or the office cancelled the booking ("abgesagt" is
        # for an occasion that does not take place).
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")

    class Source(models.TextChoices):
        BOOKING = "booking", _("booked")
        LOTTERY = "lottery", _("lottery")
        COORDINATOR = "coordinator", _("by the coordination")

    TAKES_PLACE = (Status.CONFIRMED, Status.OFFERED)
    ACTIVE = (Status.CONFIRMED, Status.OFFERED, Status.WAITLISTED)

    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="bookings")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, db_index=True)
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.BOOKING
    )
    fee = models.DecimalField(
        _("fee"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[limits.not_negative],
    )
    created_at = models.DateTimeField(_("booked"), default=timezone.now)
    queued_at = models.DateTimeField(_("in the queue since"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("place held until"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["occasion", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "occasion"],
                condition=~Q(status="cancelled"),
                name="holidays_booking_one_active_per_child",
            ),
            limits.not_negative_constraint("fee", "holidays_booking_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.child} – {self.occasion_id} ({self.status})"


class ReductionClaim(models.Model):
    """A family's claim to a reduction in a period, with proof checked by a coordinator."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for the check")
        APPROVED = "approved", pgettext_lazy("reduction", "approved")
        REJECTED = "rejected", _("rejected")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="reduction_claims")
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="holiday_reductions"
    )
    kind = models.ForeignKey(ReductionKind, on_delete=models.PROTECT, related_name="claims")
    # Private: outside MEDIA_ROOT under a random name, served by views.family.reduction_proof.
    proof = private_files.PrivateFileField(_("proof (PDF)"), folder="holidays/proofs", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("claimed reduction")
        verbose_name_plural = _("claimed reductions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "family", "kind"], name="holidays_reduction_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.family})"


class Invoice(models.Model):
    """What a family owes for a period; lines and reductions frozen when it is issued.

    An issued invoice never changes (the cash office has booked it). Places confirmed
    after it go on a *supplementary* invoice; an invoiced place cancelled afterwards (by
    the family within the deadline, or with its occasion) is given back on a *credit
    note* with a negative total. Each line names its ``booking`` (fee per booking) or
    its ``child`` (flat pass), so that nothing is invoiced or credited twice.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PAID = "paid", _("paid")
        CANCELLED = "cancelled", pgettext_lazy("booking", "cancelled")  # "storniert"

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        SUPPLEMENT = "supplement", _("supplementary invoice")
        CREDIT = "credit", _("credit note")

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="invoices")
    # Kept for the accounts when the family deletes its account (payer as issued).
    family = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="holiday_invoices",
    )
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_email = models.EmailField(_("e-mail of the payer"), blank=True)
    number = models.CharField(_("number"), max_length=30, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    lines = models.JSONField(default=list)
    total = models.DecimalField(_("total"), max_digits=10, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    paid_amount = models.DecimalField(
        _("paid"), max_digits=10, decimal_places=2, default=Decimal("0")
    )
    paid_at = models.DateTimeField(_("paid on"), null=True, blank=True)
    # Set when issued: the invoice date plus the site's days to pay, on a working day.
    due_on = models.DateField(_("due on"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class InvoiceCounter(models.Model):
    """The last invoice number of a year. Issuing locks this row
    (``core.capacity.locked``) for the transaction that writes the invoice, so numbers
    are unique and without gaps per year, however many coordinators issue at once."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invoice number counter")
        verbose_name_plural = _("invoice number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


# Payments, statement imports and reminders live in their own module; importing it here
# registers them with the app.
from familienrathaus.holidays.payment_models import (  # noqa: E402, F401
    InvoiceReminder,
    Payment,
    PaymentImport,
)
