"""Items of the welcome package in stock, and every change of their quantity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class StockItem(AllianceOwned):
    """Something that goes into a package (a guide, a bib, a leaflet in Turkish …)."""

    class For(models.TextChoices):
        FIRST = "first", _("first-born package")
        SIBLING = "sibling", _("sibling package")
        BOTH = "both", _("both packages")

    name = models.CharField(_("name"), max_length=150)
    version = models.CharField(_("for"), max_length=10, choices=For.choices, default=For.BOTH)
    language = models.CharField(
        _("language"), max_length=10, blank=True, help_text=_("Empty: for every language.")
    )
    quantity = models.IntegerField(_("in stock"), default=0)
    warn_below = models.PositiveIntegerField(_("warn below"), default=10)
    per_package = models.PositiveSmallIntegerField(_("per package"), default=1)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("package item")
        verbose_name_plural = _("package items")
        ordering = ["position", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="welcome_stock_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def low(self) -> bool:
        return self.quantity < self.warn_below


class StockMovement(AllianceOwned):
    item = models.ForeignKey(
        StockItem,
        verbose_name=_("package item"),
        on_delete=models.CASCADE,
        related_name="movements",
    )
    change = models.IntegerField(_("change"))
    reason = models.CharField(_("reason"), max_length=200)
    registration = models.ForeignKey(
        "welcome.Registration",
        verbose_name=_("registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.change:+d}"
