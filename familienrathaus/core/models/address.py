from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class PostalAddress(AllianceOwned):
    """An address with coordinates (WGS 84), for partners, offers, events and places."""

    label = models.CharField(_("name of the place"), max_length=150, blank=True)
    street = models.CharField(_("street and number"), max_length=150)
    postcode = models.CharField(_("postcode"), max_length=10)
    city = models.CharField(_("town"), max_length=100)
    district = models.ForeignKey(
        "core.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        parts = [self.label, self.street, f"{self.postcode} {self.city}".strip()]
        return ", ".join(part for part in parts if part)
