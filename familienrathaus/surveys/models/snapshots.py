"""The counted results of a survey, kept when its single answers are deleted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.surveys.models.survey import Survey


class ResultSnapshot(AllianceOwned):
    """What ``selectors.results.aggregate`` counted (all questions, and the public ones)
    on the day the retention job deleted the answers: numbers only, no single answer,
    no free text. The results pages read it once the answers are gone."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="snapshot")
    taken_on = models.DateField(_("taken on"))
    data = models.JSONField(_("results"))
    public_data = models.JSONField(_("public results"))

    class Meta:
        verbose_name = _("results snapshot")
        verbose_name_plural = _("results snapshots")

    def __str__(self) -> str:
        return f"{self.survey} ({self.taken_on})"
