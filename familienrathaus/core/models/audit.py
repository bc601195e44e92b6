from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class AuditEntry(AllianceOwned):
    """Who changed what and when, written by the services of every app.

    Entries are never changed through the application. The actor is named by role and
    pseudonym (``core.audit``); entries go after ``FRH_RETENTION_AUDIT_DAYS``
    (``core.retention``), and an account's deletion removes what names the person.
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return (
            f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"
        )

    @property
    def who(self) -> str:
        """The actor while the account exists, else the stored role and pseudonym."""
        if self.actor_id is not None and self.actor is not None:
            return self.actor.email
        return self.actor_label

    @property
    def summary(self) -> str:
        parts = []
        for field, change in self.changes.items():
            if isinstance(change, dict) and "before" in change:
                before, after = _around_first_difference(
                    str(change["before"]), str(change["after"])
                )
                parts.append(f"{field}: {before} → {after}")
            else:
                parts.append(f"{field}: {change!s:.60}")
        return "; ".join(parts)


def _around_first_difference(before: str, after: str, width: int = 40) -> tuple[str, str]:
    """Both texts cut to the part where they start to differ, so a long text's change shows."""
    if len(before) <= width and len(after) <= width:
        return before, after
    start = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = max(0, start - 10)

    def cut(text: str) -> str:
        part = text[start : start + width]
        return ("…" if start else "") + part + ("…" if start + width < len(text) else "")

    return cut(before), cut(after)
