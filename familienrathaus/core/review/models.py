"""The review fields every reviewed model inherits, and their one set of labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned


class Status(models.TextChoices):
    """The states of reviewed content (see :mod:`familienrathaus.core.review`)."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    RETURNED = "returned", _("sent back")
    REJECTED = "rejected", _("rejected")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class ReviewedContent(AllianceOwned):
    """Abstract base of content partners submit and coordinators review.

    ``Model.Status`` is :class:`Status`; the subclass keeps its own ``Meta`` (indexes,
    ordering). Only :func:`familienrathaus.core.review.act` and
    :func:`~familienrathaus.core.review.propose_changes` write these fields.
    """

    Status = Status

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    review_comment = models.TextField(_("comment of the review"), blank=True)
    # A change proposal to published content (see core.review's docstring).
    pending_changes = models.JSONField(null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def changes_waiting_for_review(self) -> bool:
        """A change proposal to the published version waits for a reviewer."""
        return (self.pending_changes or {}).get("state") == "submitted"
