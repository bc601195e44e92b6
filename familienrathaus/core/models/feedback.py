from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class AccessibilityFeedback(AllianceOwned):
    """A barrier someone reports through the accessibility statement's feedback form."""

    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(
        _("e-mail address"), blank=True, help_text=_("Only if you would like an answer.")
    )
    page_url = models.CharField(_("page with the barrier"), max_length=500, blank=True)
    message = models.TextField(_("description of the barrier"), max_length=5000)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("accessibility feedback")
        verbose_name_plural = _("accessibility feedback")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.message[:60]
