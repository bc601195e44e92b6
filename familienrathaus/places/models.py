"""Family places on the map: kinds, places with opening hours, and the Notinsel registry."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images, limits
from familienrathaus.core.models.address import PostalAddress
from familienrathaus.core.models.alliance import AllianceOwned

# Kinds the registry and the demo rely on; coordinators may rename them, not their slugs.
NOTINSEL_SLUG = "notinsel"
NURSING_SLUG = "still-und-wickelort"


class Icon(models.TextChoices):
    """The icons shipped in ``places/static/places/icons/`` (our own drawings)."""

    SHIELD = "shield", _("Shield (Notinsel)")
    BABY = "baby", _("Baby bottle")
    FAMILY = "family", _("Family")
    ADVICE = "advice", _("Speech bubble")
    PLAYGROUND = "playground", _("Swing")
    KITA = "kita", _("Building blocks")
    YOUTH = "youth", _("Star")
    OFFICE = "office", _("Town hall")
    PIN = "pin", _("Pin")


class PlaceKind(AllianceOwned):
    objects: ClassVar[models.Manager[PlaceKind]]

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name in addresses"), max_length=100)
    icon = models.CharField(_("icon"), max_length=20, choices=Icon.choices, default=Icon.PIN)
    description = limits.LimitedTextField(
        _("description"), blank=True, max_length=limits.TEXT_SHORT
    )
    position = models.PositiveSmallIntegerField(_("Position in lists"), default=0)

    class Meta:
        verbose_name = _("kind of place")
        verbose_name_plural = _("kinds of places")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="places_placekind_name"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="places_placekind_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def icon_path(self) -> str:
        return f"places/icons/{self.icon}.svg"


class Amenity(models.TextChoices):
    CHANGING_TABLE = "changing_table", _("Changing table")
    NURSING_ROOM = "nursing_room", _("Quiet room for nursing")
    STEP_FREE = "step_free", _("Step-free access")
    TOILET = "toilet", _("Toilet")


class Place(PostalAddress):
    objects: ClassVar[models.Manager[Place]]

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    kinds = models.ManyToManyField(PlaceKind, verbose_name=_("kinds"), related_name="places")
    description = limits.LimitedTextField(_("description"), blank=True)
    amenities = models.JSONField(_("amenities"), default=list, blank=True)
    accessibility = limits.LimitedTextField(
        _("accessibility"),
        blank=True,
        max_length=limits.TEXT_NOTE,
        help_text=_("For example: door width, lift, parking for disabled people."),
    )
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    photo = images.PictureField(
        _("photo"),
        upload_to="places/",
        blank=True,
        width_field="photo_width",
        height_field="photo_height",
    )
    photo_width = images.size_field()
    photo_height = images.size_field()
    photo_alt = models.CharField(
        _("description of the photo"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    hours_note = models.CharField(_("about the opening hours"), max_length=300, blank=True)
    closed_on_public_holidays = models.BooleanField(_("closed on public holidays"), default=True)
    is_published = models.BooleanField(_("shown on the map"), default=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="places_place_slug"),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="place_coordinates_both_or_none",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(
                {"longitude": _("Please give both latitude and longitude, or neither.")}
            )
        if self.photo and not self.photo_alt:
            raise ValidationError({"photo_alt": _("Please describe what the photo shows.")})
        unknown = set(self.amenities or []) - set(Amenity.values)
        if unknown:
            raise ValidationError({"amenities": _("Unknown amenity.")})

    def amenity_labels(self) -> list[str]:
        return [str(Amenity(value).label) for value in self.amenities if value in Amenity.values]


class OpeningHours(AllianceOwned):
    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"


class OpeningException(AllianceOwned):
    """Closed (holidays, works) or other hours on some days."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="exceptions")
    starts_on = models.DateField(
        pgettext_lazy("start date", "from"), validators=[limits.validate_date]
    )
    ends_on = models.DateField(_("until"), validators=[limits.validate_date])
    opens = models.TimeField(_("opens"), null=True, blank=True)
    closes = models.TimeField(_("closes"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("exception to the opening hours")
        verbose_name_plural = _("exceptions to the opening hours")
        ordering = ["starts_on"]
        constraints = [
            limits.ordered_constraint("starts_on", "ends_on", "places_exception_ends_after_start"),
            limits.date_range_constraint("starts_on", "places_exception_starts_sane"),
            limits.date_range_constraint("ends_on", "places_exception_ends_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def closed(self) -> bool:
        return self.opens is None or self.closes is None

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end lies before the start.")})
        if (self.opens is None) != (self.closes is None):
            raise ValidationError(
                {"closes": _("Give both times for other hours, or neither for closed.")}
            )


class Notinsel(PostalAddress):
    """A business in the Notinsel registry: it applies, is approved, gets its sticker."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        STICKER = "sticker", _("sticker handed out")
        ACTIVE = "active", _("active")
        PAUSED = "paused", _("paused")
        ENDED = "ended", _("ended")

    business_name = models.CharField(_("name of the business"), max_length=200)
    opening_hours = models.CharField(
        _("opening hours"),
        max_length=300,
        help_text=_("For example: Mo–Fr 9–18, Sa 9–13"),
    )
    contact_name = models.CharField(_("contact person"), max_length=150)
    contact_email = models.EmailField(_("e-mail"))
    contact_phone = models.CharField(_("phone"), max_length=50, blank=True)
    rules_accepted_at = models.DateTimeField(_("rules accepted at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    place = models.OneToOneField(
        Place,
        verbose_name=_("place on the map"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notinsel",
    )
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    check_sent_at = models.DateTimeField(_("yearly check sent"), null=True, blank=True)
    note = limits.LimitedTextField(_("internal note"), blank=True, max_length=limits.TEXT_NOTE)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("Notinsel")
        verbose_name_plural = _("Notinseln")
        ordering = ["business_name"]

    def __str__(self) -> str:
        return self.business_name
