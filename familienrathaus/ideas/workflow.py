"""Ideas in the shared review workflow (:mod:`familienrathaus.core.review`): the author
is the owner, coordinators review; nothing is trusted, every idea is read first."""

from __future__ import annotations

from familienrathaus.core import review
from familienrathaus.ideas import permissions
from familienrathaus.ideas.models import Idea

WORKFLOW = review.Workflow(
    name="ideas",
    model=Idea,
    is_owner=permissions.is_owner,
    is_reviewer=permissions.can_moderate,
    manage_url="ideas:detail",
    review_url="ideas:manage_detail",
    transition_url="ideas:transition",
    queue_url="ideas:review_queue",
    content_fields=("title", "text"),
    is_trusted=lambda idea: False,
    # The author reads the decision in the language the idea was submitted in.
    mail_template="ideas/mail/review.txt",
)
