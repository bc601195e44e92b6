"""Shared vocabularies coordinators edit: themes, audiences, districts, languages.

Offers, events and places are all tagged with them, so they live in core.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class Vocabulary(AllianceOwned):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in addresses"), max_length=120)
    position = models.PositiveSmallIntegerField(_("Position in lists"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "name"], name="%(app_label)s_%(class)s_name"
            ),
            models.UniqueConstraint(
                fields=["alliance", "slug"], name="%(app_label)s_%(class)s_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Theme(Vocabulary):
    """A Themenfeld, e.g. "Bildung und Betreuung"."""

    objects: ClassVar[models.Manager[Theme]]

    description = models.TextField(_("description"), blank=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")


class Audience(Vocabulary):
    """Who an offer is for, e.g. "Alleinerziehende" or "Frühe Hilfen"."""

    objects: ClassVar[models.Manager[Audience]]

    class Meta(Vocabulary.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")


class District(Vocabulary):
    """An Ortsteil of the municipality."""

    objects: ClassVar[models.Manager[District]]

    class Meta(Vocabulary.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Language(Vocabulary):
    objects: ClassVar[models.Manager[Language]]

    code = models.CharField(_("language code"), max_length=10)

    class Meta(Vocabulary.Meta):
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        constraints = [
            *Vocabulary.Meta.constraints,
            models.UniqueConstraint(fields=["alliance", "code"], name="core_language_code"),
        ]
