from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import tenancy
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.postcards.validators import validate_target_path


class Postcard(AllianceOwned):
    """A printed A6 card ("Kurzer Draht zum Rat") whose QR code leads to a page of this site.

    The QR code holds the short address ``/k/<code>``, which redirects to
    ``target_path``, so the target can be changed after printing and scans are counted.
    """

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("landscape (148 × 105 mm)")
        PORTRAIT = "portrait", _("portrait (105 × 148 mm)")

    code = models.SlugField(_("short code"), max_length=16)
    target_path = models.CharField(
        _("page on this site"),
        max_length=500,
        validators=[validate_target_path],
        help_text=_(
            "The address of a page of this site, e.g. /angebote/?audience=alleinerziehende. "
            "Copy it from the browser's address bar."
        ),
    )
    headline = models.CharField(_("headline"), max_length=80)
    text = models.TextField(
        _("text"), max_length=400, help_text=_("A few sentences; at most 400 characters.")
    )
    orientation = models.CharField(
        _("format"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
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
        verbose_name = _("postcard")
        verbose_name_plural = _("postcards")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "code"], name="postcards_postcard_code")
        ]

    def __str__(self) -> str:
        return self.headline

    @property
    def short_path(self) -> str:
        # Printed, so without a language: the visitor's browser leads on to theirs.
        return unprefixed(reverse("postcards:redirect", kwargs={"code": self.code}))

    @property
    def short_url(self) -> str:
        return tenancy.site_url() + self.short_path


class PostcardScan(AllianceOwned):
    """How often a card's QR code was scanned on one day. Nothing about who scanned it."""

    postcard = models.ForeignKey(Postcard, on_delete=models.CASCADE, related_name="scans")
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("scans"), default=0)

    class Meta:
        verbose_name = _("scans of a day")
        verbose_name_plural = _("scans per day")
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["postcard", "day"], name="unique_postcard_scan_day")
        ]

    def __str__(self) -> str:
        return f"{self.postcard_id} {self.day}: {self.count}"
