from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.models.alliance import AllianceOwned


class OutboxMessage(AllianceOwned):
    """One e-mail on its way out. See ``core.outbox`` for how it is sent exactly once."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")
        # The worker died while the SMTP server had the message: it may or may not
        # have been delivered, so it is not retried by itself (see core.outbox).
        UNCERTAIN = "uncertain", _("uncertain")

    created_at = models.DateTimeField(_("queued at"), auto_now_add=True, db_index=True)
    from_email = models.CharField(pgettext_lazy("sender", "from"), max_length=254)
    to = models.JSONField(_("to"))
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    purpose = models.CharField(_("purpose"), max_length=60, blank=True, db_index=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    transmitting = models.BooleanField(
        default=False, help_text="Set just before the message is handed to the SMTP server."
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Extra headers of this one message (e.g. the newsletter's one-click unsubscribe),
    # stored with it so that sending needs no further query.
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
