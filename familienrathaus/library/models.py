"""The shared template library (issue 23, point 5): what an alliance published, and
what it copied from others.

A :class:`SharedTemplate` belongs to the publishing alliance; every alliance reads the
published ones (``selectors.library`` on purpose across alliances). Publishing the same
object again replaces the payload and counts the version up. A
:class:`TemplateCopy` belongs to the copying alliance. It names the template by its
``uid`` instead of a foreign key, so no row of one alliance points at another's (an
alliance's export stays whole, and a withdrawn or deleted template leaves the record).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned


class SharedTemplate(AllianceOwned):
    objects: ClassVar[models.Manager[SharedTemplate]]

    uid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    # The published object of the publisher's own alliance (a re-publish finds it).
    source_id = models.PositiveIntegerField(_("source object"))
    title = models.CharField(_("title"), max_length=200)
    description = LimitedTextField(_("description"), max_length=TEXT_SHORT, blank=True)
    payload = models.JSONField(_("content"), default=dict)
    version = models.PositiveIntegerField(_("version"), default=1)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    copies = models.PositiveIntegerField(_("copies"), default=0)

    class Meta:
        verbose_name = _("library template")
        verbose_name_plural = _("library templates")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "kind", "source_id"], name="library_one_entry_per_object"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class TemplateCopy(AllianceOwned):
    objects: ClassVar[models.Manager[TemplateCopy]]

    template_uid = models.UUIDField(_("template"))
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    publisher = models.CharField(_("published by"), max_length=200)
    version = models.PositiveIntegerField(_("version"))
    object_id = models.PositiveIntegerField(_("copy"))
    copied_at = models.DateTimeField(_("copied"))
    copied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("copied by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("copy from the library")
        verbose_name_plural = _("copies from the library")
        ordering = ["-copied_at", "-pk"]

    def __str__(self) -> str:
        return self.title
