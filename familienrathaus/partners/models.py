from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import images, limits
from familienrathaus.core.models import AllianceMembership, PostalAddress
from familienrathaus.core.models.alliance import AllianceOwned


class Organisation(AllianceOwned):
    objects: ClassVar[models.Manager[Organisation]]
    """A partner organisation of the alliance (Bündnispartner)."""

    class Kind(models.TextChoices):
        ASSOCIATION = "verein", _("Association")
        WELFARE = "wohlfahrt", _("Welfare organisation")
        EDUCATION = "bildung", _("Daycare or school")
        COMPANY = "unternehmen", _("Company")
        ADMINISTRATION = "verwaltung", _("Administration")
        CHURCH = "kirche", _("Church")
        PRACTICE = "praxis", _("Practice")
        SHOP = "geschaeft", _("Shop")
        OTHER = "sonstige", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    description = limits.LimitedTextField(_("description"), blank=True)
    logo = images.PictureField(
        _("logo"),
        upload_to="partners/logos/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = images.size_field()
    logo_height = images.size_field()
    logo_alt = models.CharField(_("alternative text of the logo"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    is_public = models.BooleanField(_("shown publicly"), default=True)
    is_trusted = models.BooleanField(
        _("trusted"),
        default=False,
        help_text=_("Changes to published offers of a trusted partner need no review."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="partners_organisation_name"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="partners_organisation_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", kwargs={"slug": self.slug})

    def staff_emails(self) -> list[str]:
        """The addresses of its active partner staff (who hear about its reviewed content)."""
        return list(
            self.memberships.filter(
                user__is_active=True,
                user_id__in=AllianceMembership.objects.filter(role="partner").values("user_id"),
            )
            .order_by("user__email")
            .values_list("user__email", flat=True)
        )

    def clean(self) -> None:
        super().clean()
        if self.logo and not self.logo_alt.strip():
            raise ValidationError(
                {"logo_alt": _("Please describe the logo for people who cannot see it.")}
            )


class Address(PostalAddress):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="addresses"
    )

    class Meta:
        verbose_name = _("address")
        verbose_name_plural = _("addresses")
        ordering = ["pk"]


class ContactPerson(AllianceOwned):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_public = models.BooleanField(
        _("may be shown publicly"),
        default=False,
        help_text=_("Only with the person's consent."),
    )

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(AllianceOwned):
    """Partner staff belong to one or more organisations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    position = models.CharField(pgettext_lazy("job", "position"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"
