"""The event calendar: events (single or a series), their occurrences and registrations.

An :class:`Event` carries the content and, for a series, the recurrence *rule*
(RRULE semantics). The rule is expanded into :class:`Occurrence` rows
(``events.recurrence``): one row per date, keyed by its original start (the iCalendar
RECURRENCE-ID). A single occurrence can be moved, cancelled or edited by changing its
row; the feeds turn that back into EXDATE and RECURRENCE-ID overrides. Occurrences are
the pools of :mod:`familienrathaus.core.capacity`: registrations belong to one.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images, limits
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.core.review.models import ReviewedContent
from familienrathaus.core.selectors import site_settings
from familienrathaus.partners.models import Organisation


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    CANCELLED = "cancelled", _("cancelled")
    POSTPONED = "postponed", _("postponed")


class Event(ReviewedContent):
    objects: ClassVar[models.Manager[Event]]

    class Frequency(models.TextChoices):
        NONE = "", _("once")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly on a weekday (e.g. every first Tuesday)")

    class Cost(models.TextChoices):
        FREE = "free", _("free of charge")
        FEE = "fee", _("with a fee")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="events",
        null=True,
        blank=True,
        help_text=_("Empty: the alliance's own event (Familienbüro)."),
    )
    # Ours is a UUID; an imported event keeps its calendar's UID, and two alliances may
    # import the same calendar: unique per alliance.
    uid = models.CharField(max_length=255, editable=False)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    summary = models.CharField(_("short summary"), max_length=300, blank=True)
    description = limits.LimitedTextField(_("description"), blank=True, help_text=_("Markdown"))

    start = models.DateTimeField(_("start"), validators=[limits.validate_date])
    end = models.DateTimeField(_("end"), validators=[limits.validate_date])
    all_day = models.BooleanField(_("all day"), default=False)

    frequency = models.CharField(
        _("repeats"), max_length=10, choices=Frequency.choices, default="", blank=True
    )
    interval = models.PositiveSmallIntegerField(
        _("every n weeks or months"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
    )
    week_of_month = models.SmallIntegerField(
        _("which week of the month"),
        null=True,
        blank=True,
        choices=[
            (1, _("first")),
            (2, _("second")),
            (3, _("third")),
            (4, _("fourth")),
            (-1, _("last")),
        ],
        help_text=_("For monthly series: e.g. “first” for every first Tuesday."),
    )
    repeat_until = models.DateField(
        _("repeat until"), null=True, blank=True, validators=[limits.validate_date]
    )
    repeat_count = models.PositiveSmallIntegerField(
        _("number of dates"), null=True, blank=True, validators=[MaxValueValidator(500)]
    )
    pause_from = models.DateField(_("pause from"), null=True, blank=True)
    pause_until = models.DateField(_("pause until"), null=True, blank=True)

    venue_name = models.CharField(_("venue"), max_length=150, blank=True)
    room = models.CharField(_("room"), max_length=100, blank=True)
    street = models.CharField(_("street and number"), max_length=150, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=100, blank=True)
    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("For hybrid or online events.")
    )
    online_for_registered_only = models.BooleanField(
        _("show the online link only to registered participants"), default=False
    )

    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), related_name="events", blank=True
    )
    audiences = models.ManyToManyField(
        Audience, verbose_name=_("audiences"), related_name="events", blank=True
    )
    languages = models.ManyToManyField(
        Language, verbose_name=_("languages"), related_name="events", blank=True
    )
    age_min = models.PositiveSmallIntegerField(
        _("from age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_AGE)]
    )
    age_max = models.PositiveSmallIntegerField(
        _("up to age"), null=True, blank=True, validators=[MaxValueValidator(limits.MAX_AGE)]
    )
    cost = models.CharField(_("cost"), max_length=10, choices=Cost.choices, default=Cost.FREE)
    price = models.DecimalField(
        _("price in euros"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[limits.not_negative],
    )
    cost_note = models.CharField(_("about the cost"), max_length=300, blank=True)
    accessibility = models.CharField(
        _("accessibility"),
        max_length=300,
        blank=True,
        help_text=_("E.g. step-free access, sign-language interpreting on request."),
    )
    image = images.PictureField(
        _("image"),
        upload_to="events/images/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = images.size_field()
    image_height = images.size_field()
    image_alt = models.CharField(_("alternative text of the image"), max_length=250, blank=True)
    featured = models.BooleanField(_("featured"), default=False)
    event_status = models.CharField(
        _("takes place"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )

    registration_required = models.BooleanField(_("registration"), default=False)
    capacity = models.PositiveIntegerField(
        pgettext_lazy("seats", "places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    waiting_list = models.BooleanField(_("waiting list when full"), default=True)
    registration_closes_hours = models.PositiveSmallIntegerField(
        _("registration closes (hours before the start)"), default=0
    )

    import_source = models.ForeignKey(
        "events.ICalSource", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    sequence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["start"]
        indexes = [models.Index(fields=["status", "organisation"])]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="events_event_slug"),
            models.UniqueConstraint(fields=["alliance", "uid"], name="events_event_uid"),
            limits.not_negative_constraint("price", "events_event_price_not_negative"),
            limits.ordered_constraint("start", "end", "events_event_ends_after_start"),
            limits.date_range_constraint("start", "events_event_start_sane", moment=True),
            limits.date_range_constraint("end", "events_event_end_sane", moment=True),
            limits.at_most_constraint("age_min", limits.MAX_AGE, "events_event_age_min_sane"),
            limits.at_most_constraint("age_max", limits.MAX_AGE, "events_event_age_max_sane"),
            limits.ordered_constraint("age_min", "age_max", "events_event_ages_ordered"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@familienrathaus"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        super().clean()
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError({"age_max": _("The upper age cannot be below the lower age.")})
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end must not be before the start.")})

    @property
    def is_series(self) -> bool:
        return bool(self.frequency)

    @property
    def online_possible(self) -> bool:
        return bool(self.online_url)

    @property
    def has_venue(self) -> bool:
        return bool(self.venue_name or self.street)

    @property
    def organiser_name(self) -> str:
        if self.organisation_id:
            return self.organisation.name  # type: ignore[union-attr]
        return site_settings().alliance_name


class Occurrence(AllianceOwned):
    """One date of an event; for a series one per expanded date of the rule."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField()
    start = models.DateTimeField(_("start"), db_index=True)
    end = models.DateTimeField(_("end"))
    date_status = models.CharField(
        _("takes place"),
        max_length=10,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
    )
    # Moved or edited by hand (an iCalendar RECURRENCE-ID override); kept when the rule
    # is expanded again.
    is_override = models.BooleanField(default=False)
    # No longer produced by the rule but kept because people registered for it.
    is_orphan = models.BooleanField(default=False)
    title_override = models.CharField(_("title of this date"), max_length=200, blank=True)
    note = models.CharField(_("note on this date"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(
        _("places on this date"), null=True, blank=True, help_text=_("Empty: as for the event.")
    )

    class Meta:
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        ordering = ["start", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "original_start"], name="events_occurrence_unique"
            ),
            limits.ordered_constraint("start", "end", "events_occurrence_ends_after_start"),
            limits.date_range_constraint("start", "events_occurrence_start_sane", moment=True),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.start):%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("events:occurrence", kwargs={"slug": self.event.slug, "pk": self.pk})

    # -- the interface other apps use (newsletter, map) --
    @property
    def title(self) -> str:
        return self.title_override or self.event.title

    @property
    def all_day(self) -> bool:
        return self.event.all_day

    @property
    def venue_name(self) -> str:
        return self.event.venue_name

    @property
    def online_possible(self) -> bool:
        return self.event.online_possible

    @property
    def status(self) -> str:
        """Whether the date takes place: its own status, or the whole event's when the
        event is cancelled or postponed (an ``EventStatus`` value)."""
        if self.event.event_status != EventStatus.SCHEDULED:
            return self.event.event_status
        return self.date_status

    @property
    def effective_status(self) -> str:
        return self.status

    @property
    def latitude(self) -> float | None:
        return float(self.event.latitude) if self.event.latitude is not None else None

    @property
    def longitude(self) -> float | None:
        return float(self.event.longitude) if self.event.longitude is not None else None

    @property
    def is_cancelled(self) -> bool:
        return self.effective_status == EventStatus.CANCELLED

    @property
    def places(self) -> int | None:
        return self.capacity if self.capacity is not None else self.event.capacity

    @property
    def registration_deadline(self) -> datetime:
        from datetime import timedelta

        return self.start - timedelta(hours=self.event.registration_closes_hours)

    def registration_open(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.event.registration_required
            and not self.is_cancelled
            and self.event.status == Event.Status.PUBLISHED
            and now < self.registration_deadline
        )


class Registration(AllianceOwned):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    adults = models.PositiveSmallIntegerField(
        _("adults"), default=1, validators=[MaxValueValidator(20)]
    )
    children = models.PositiveSmallIntegerField(
        _("children"), default=0, validators=[MaxValueValidator(20)]
    )
    message = limits.LimitedTextField(
        _("message to the organiser"), blank=True, max_length=limits.TEXT_NOTE
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered"), default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    moved_up_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Mails about the registration are written in it: the language of the page used.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        # The primary key grows in the order the pool lock was granted: arrival order.
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} – {self.occurrence}"

    @property
    def seats(self) -> int:
        return max(1, self.adults + self.children)


class ICalSource(AllianceOwned):
    """A partner's calendar elsewhere, imported once or every night."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="ical_sources",
        null=True,
        blank=True,
    )
    url = models.URLField(_("address of the calendar (iCal)"), blank=True)
    nightly = models.BooleanField(_("import every night"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_result = models.TextField(blank=True)
    next_run_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar import")
        verbose_name_plural = _("calendar imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.url or f"file #{self.pk}"
