"""The only writes of ideas: submitting and changing an idea (through the review kit),
supports, comments and their moderation, stage, progress notes and links.

Every coordinator change is written to the audit log; the author hears of a new stage
by mail (through the outbox, in the language the idea was submitted in).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, review, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.outbox import queue_mail
from familienrathaus.events.models import Event
from familienrathaus.ideas import permissions
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage, Support
from familienrathaus.ideas.workflow import WORKFLOW
from familienrathaus.surveys.models import Survey

# A comment repeated by the same person within this time is taken as sent twice.
DUPLICATE_WINDOW = timedelta(minutes=10)

# ----------------------------------------------------------------------------- ideas


def _language(language: str) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    short = (language or "").split("-")[0]
    return short if short in codes else settings.LANGUAGE_CODE


def submit_idea(*, actor: User, title: str, text: str, language: str = "") -> Idea:
    """A new idea, submitted for review at once (the family office reads it first)."""
    if not permissions.can_submit(actor):
        raise PermissionDenied
    with transaction.atomic():
        idea = Idea(
            title=title.strip(),
            text=text.strip(),
            language=_language(language or translation.get_language() or ""),
            created_by=actor,
        )
        idea.full_clean()
        idea.save()
        review.act(WORKFLOW, idea, actor=actor, step="submit")
    return idea


def update_idea(*, actor: User, idea: Idea, title: str, text: str) -> Idea:
    """The author's changes to a draft or a returned idea; submitted for review again."""
    if not permissions.can_edit(actor, idea):
        raise PermissionDenied
    with transaction.atomic():
        before = audit.snapshot(idea, ["title", "text"])
        idea.title = title.strip()
        idea.text = text.strip()
        idea.full_clean()
        idea.save(update_fields=["title", "text", "updated_at"])
        audit.record(
            actor=actor,
            action="ideas.change",
            obj=idea,
            changes=audit.diff(before, audit.snapshot(idea, ["title", "text"])),
        )
        review.act(WORKFLOW, idea, actor=actor, step="submit")
    return idea


def set_stage(*, actor: User, idea: Idea, stage: str, reason: str) -> Idea:
    """Give a published idea its stage with a public reason; the author gets a mail."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if stage not in Stage.values:
        raise ValidationError({"stage": _("Please choose one of the stages.")})
    if not reason:
        raise ValidationError(
            {"reason": _("Please tell the families why: the reason is shown on the idea's page.")}
        )
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        if not locked.is_public:
            raise ValidationError(
                {"stage": _("Only a published idea gets a stage. Please publish it first.")}
            )
        before = audit.snapshot(locked, ["stage", "stage_reason"])
        changed = locked.stage != stage
        locked.stage = stage
        locked.stage_reason = reason
        if changed:
            locked.stage_changed_at = timezone.now()
        locked.full_clean()
        locked.save(update_fields=["stage", "stage_reason", "stage_changed_at", "updated_at"])
        audit.record(
            actor=actor,
            action="ideas.stage",
            obj=locked,
            changes=audit.diff(before, audit.snapshot(locked, ["stage", "stage_reason"])),
        )
        if changed:
            _tell_author(locked, actor=actor)
    idea.stage, idea.stage_reason = locked.stage, locked.stage_reason
    idea.stage_changed_at = locked.stage_changed_at
    return idea


def _tell_author(idea: Idea, *, actor: User) -> None:
    author = idea.created_by
    if author is None or not author.email or not author.is_active or author.pk == actor.pk:
        return
    with translation.override(idea.language):
        text = render_to_string(
            "ideas/mail/stage_changed.txt",
            {
                "idea": idea,
                "stage": idea.get_stage_display(),
                "url": tenancy.site_url() + idea.get_absolute_url(),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    queue_mail(
        to=[author.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose="ideas.stage",
        language=idea.language,
    )


def add_progress_note(
    *, actor: User, idea: Idea, text: str, day: date | None = None
) -> ProgressNote:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    note = ProgressNote(
        idea=idea, text=(text or "").strip(), day=day or timezone.localdate(), created_by=actor
    )
    with transaction.atomic():
        note.full_clean()
        note.save()
        audit.record(
            actor=actor,
            action="ideas.progress",
            obj=idea,
            changes={"progress": {"before": "", "after": f"{note.day:%d.%m.%Y}: {note.text}"}},
        )
    return note


def delete_progress_note(*, actor: User, note: ProgressNote) -> None:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="ideas.progress_delete",
            obj=note.idea,
            changes={"progress": {"before": note.text, "after": ""}},
        )
        note.delete()


def link(*, actor: User, idea: Idea, event: Event | None, survey: Survey | None) -> Idea:
    """Link the idea to a workshop (an event) and to a survey; None removes a link."""
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    fields = ["event", "survey"]
    with transaction.atomic():
        before = audit.snapshot(idea, fields)
        idea.event = event
        idea.survey = survey
        idea.full_clean()
        idea.save(update_fields=[*fields, "updated_at"])
        audit.record(
            actor=actor,
            action="ideas.link",
            obj=idea,
            changes=audit.diff(before, audit.snapshot(idea, fields)),
        )
    return idea


# --------------------------------------------------------------------- supports


def set_support(*, actor: User, idea: Idea, support: bool) -> bool:
    """Support the idea (``support=True``) or take the support back; returns whether
    the account supports it now. One per account, and idempotent: a double click, or a
    form sent twice, leaves the same state as one."""
    if not permissions.can_take_part(actor, idea):
        raise PermissionDenied
    if not support:
        Support.objects.filter(idea=idea, user=actor).delete()
        return False
    try:
        with transaction.atomic():
            Support.objects.get_or_create(idea=idea, user=actor)
    except IntegrityError:
        pass  # the same account's other request won
    return True


# --------------------------------------------------------------------- comments


def add_comment(*, actor: User, idea: Idea, text: str) -> Comment:
    if not permissions.can_take_part(actor, idea):
        raise PermissionDenied
    text = (text or "").strip()
    # The same comment sent twice (a double click, a reload) is stored once.
    recent = idea.comments.filter(author=actor, created_at__gte=timezone.now() - DUPLICATE_WINDOW)
    same = recent.filter(text=text).first()
    if same is not None:
        return same
    comment = Comment(idea=idea, author=actor, text=text)
    comment.full_clean()
    comment.save()
    return comment


def hide_comment(*, actor: User, comment: Comment, reason: str) -> Comment:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Please give a reason; it is shown instead of the comment.")}
        )
    with transaction.atomic():
        comment.hidden_reason = reason
        comment.hidden_at = timezone.now()
        comment.hidden_by = actor
        comment.full_clean()
        comment.save(update_fields=["hidden_reason", "hidden_at", "hidden_by"])
        audit.record(
            actor=actor,
            action="ideas.comment_hide",
            obj=comment.idea,
            changes={"hidden_reason": {"before": "", "after": reason}},
        )
    return comment


def show_comment(*, actor: User, comment: Comment) -> Comment:
    if not permissions.can_moderate(actor):
        raise PermissionDenied
    with transaction.atomic():
        comment.hidden_reason = ""
        comment.hidden_at = None
        comment.hidden_by = None
        comment.save(update_fields=["hidden_reason", "hidden_at", "hidden_by"])
        audit.record(actor=actor, action="ideas.comment_show", obj=comment.idea)
    return comment
