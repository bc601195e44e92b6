"""Writes of an edition's translations (:class:`EditionTranslation`).

A translation belongs to its German edition and is sent with it: when sending starts,
each subscriber gets the translation of their language, or the German edition when
there is none (``services._start`` renders one mail per language). So a translation
can only be changed while its edition can.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.newsletter.models import Edition, EditionTranslation

FIELDS = ["subject", "intro"]


def save_translation(
    *, actor: User, edition: Edition, language: str, subject: str, intro: str
) -> EditionTranslation:
    """Create or change the edition's translation into ``language``."""
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        if locked.status not in {Edition.Status.DRAFT, Edition.Status.SCHEDULED}:
            raise ValidationError(_("An edition that is being sent cannot be changed."))
        version = EditionTranslation.objects.filter(edition=locked, language=language).first()
        created = version is None
        if version is None:
            version = EditionTranslation(edition=locked, language=language)
        before = {} if created else audit.snapshot(version, FIELDS)
        version.subject = subject.strip()
        version.intro = intro
        version.full_clean()
        version.save()
        audit.record(
            actor=actor,
            action="newsletter.translation_create" if created else "newsletter.translation_update",
            obj=locked,
            changes={
                "language": {"before": None, "after": language},
                **audit.diff(before, audit.snapshot(version, FIELDS)),
            },
        )
    return version
