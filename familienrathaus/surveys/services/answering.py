"""Writes of the family's side of a survey: starting, saving a page, finishing, and a
paper questionnaire entered by a professional.

Rules every function here keeps:

- **Nothing that identifies.** For anonymous and code surveys a response holds no
  account, no time finer than a day (``submitted_on``), and never the code that opened
  it: the code is marked used in the same transaction that creates the response and is
  not linked to it. The resume token is cleared when the response is complete.
- **Counted once.** Finishing runs under the survey's row lock (``core.capacity``), so
  the limit of answers is checked against the rows themselves, and a second submit with
  the same ``submission_key`` (double click, a lost response resent) finds the first one
  instead of storing it again.
- **Nothing half-written.** A survey that closed (or reached its limit) while a family
  was answering keeps none of that family's answers: the unfinished response is deleted
  and the page says why. Only ``COMPLETE`` responses count anywhere.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import audit, capacity
from familienrathaus.surveys import answer_fields, conditions
from familienrathaus.surveys.models import (
    Answer,
    Channel,
    InvitationCode,
    Question,
    Response,
    Section,
    Survey,
)
from familienrathaus.surveys.selectors import answering as selectors

K = Question.Kind


IMPORT_GUARD_SECONDS = 3600


class AlreadyImported(Exception):
    """The same file of paper questionnaires was imported a moment ago."""


class AnsweringRefused(Exception):
    """The family cannot go on; ``reason`` is one of the class constants."""

    NOT_OPEN = "not_open"
    LIMIT = "limit"
    CODE = "code"
    FINISHED = "finished"
    LOGIN = "login"

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(message or reason)
        self.reason = reason
        self.message = message


def new_resume_token() -> str:
    return secrets.token_urlsafe(32)


def normalise_code(code: str) -> str:
    """Codes are printed in capitals and groups; a family may type them otherwise."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _refuse_unless_open(survey: Survey) -> None:
    if not survey.is_open():
        raise AnsweringRefused(AnsweringRefused.NOT_OPEN)


def start(*, survey: Survey, channel: Channel | None, user: Any = None, code: str = "") -> Response:
    """A new response (or, signed in, the account's own one to edit)."""
    _refuse_unless_open(survey)
    if survey.access == Survey.Access.SIGNED_IN:
        if not getattr(user, "is_authenticated", False):
            raise AnsweringRefused(AnsweringRefused.LOGIN)
        own = selectors.response_of_user(survey, user)
        if own is not None:
            return own
    if selectors.limit_reached(survey):
        raise AnsweringRefused(AnsweringRefused.LIMIT)
    if channel is None:
        channel = selectors.direct_channel(survey)
    response = Response(
        survey=survey,
        channel=channel,
        resume_token=new_resume_token(),
        status=Response.Status.IN_PROGRESS,
    )
    try:
        with transaction.atomic():
            if survey.access == Survey.Access.CODES:
                used = InvitationCode.objects.filter(
                    survey=survey, code=normalise_code(code), used=False
                ).update(used=True)
                if not used or not normalise_code(code):
                    raise AnsweringRefused(AnsweringRefused.CODE)
            if survey.access == Survey.Access.SIGNED_IN:
                response.user = user
            response.full_clean()
            response.save()
    except IntegrityError:
        # The same account started twice at the same moment: take the one that won.
        own = selectors.response_of_user(survey, user)
        if own is None:
            raise
        return own
    return response


def _answer_rows(
    response: Response, questions: Iterable[Question], raws: Mapping[str, answer_fields.Raw]
) -> list[Answer]:
    rows: list[Answer] = []
    for question in questions:
        raw = raws.get(question.code)
        if raw is None:
            continue
        for answer in answer_fields.to_answers(question, raw):
            answer.response = response
            rows.append(answer)
    return rows


def _replace_answers(
    response: Response, questions: list[Question], raws: Mapping[str, answer_fields.Raw]
) -> None:
    Answer.objects.filter(response=response, question__in=questions).delete()
    Answer.objects.bulk_create(_answer_rows(response, questions, raws))


def _discard(response: Response) -> None:
    """An unfinished response of a survey that cannot take it any more: gone entirely
    (called outside the transaction that found out, so the deletion is not rolled back
    with it)."""
    Response.objects.filter(pk=response.pk, status=Response.Status.IN_PROGRESS).delete()


def save_page(
    *,
    response: Response,
    questions: list[Question],
    raws: Mapping[str, answer_fields.Raw],
    current_section: int,
) -> Response:
    """Store the answers of one page (replacing what the page held) and remember where
    the family is. ``raws`` holds only the questions shown, so an answer to a question
    that is hidden now disappears."""
    survey = response.survey
    if not survey.is_open():
        _discard(response)
        raise AnsweringRefused(AnsweringRefused.NOT_OPEN)
    with transaction.atomic():
        locked = (
            Response.objects.select_for_update().select_related("survey").filter(pk=response.pk)
        ).first()
        if locked is None:
            raise AnsweringRefused(AnsweringRefused.FINISHED)
        if locked.status == Response.Status.COMPLETE and survey.access != Survey.Access.SIGNED_IN:
            raise AnsweringRefused(AnsweringRefused.FINISHED)
        _replace_answers(locked, questions, raws)
        locked.current_section = current_section
        locked.save(update_fields=["current_section"])
    return locked


def _prune_hidden(response: Response, all_sections: list[Section]) -> None:
    """Delete answers to questions the final answers hide (a chain of conditions)."""
    answered = selectors.answered(response, all_sections)
    by_code = selectors.questions_by_code(all_sections)
    kept = conditions.prune(all_sections, answered.codes(by_code))
    shown_codes: set[str] = set()
    for section in all_sections:
        if not conditions.visible(section, kept):
            continue
        for question in section.questions.all():
            if conditions.visible(question, kept):
                shown_codes.add(question.code)
    hidden = [q.pk for code, q in by_code.items() if code not in shown_codes]
    if hidden:
        Answer.objects.filter(response=response, question_id__in=hidden).delete()


def _district_of(response: Response) -> int | None:
    return (
        Answer.objects.filter(response=response, question__kind=K.DISTRICT, district__isnull=False)
        .order_by("question__section__position", "question__position", "pk")
        .values_list("district_id", flat=True)
        .first()
    )


def finish(
    *,
    response: Response,
    questions: list[Question],
    raws: Mapping[str, answer_fields.Raw],
    submission_key: uuid.UUID,
    all_sections: list[Section],
) -> Response:
    """Store the last page and complete the response, once.

    Under the survey's lock: a response already completed with this key is returned as
    it is (a double submit); a closed survey or a reached limit discards the unfinished
    response and raises :class:`AnsweringRefused`. Raises ``capacity.CapacityBusy``
    when too many finish at the same moment (the view asks to send again)."""
    survey = response.survey
    try:
        return _finish_locked(
            survey=survey,
            response=response,
            questions=questions,
            raws=raws,
            submission_key=submission_key,
            all_sections=all_sections,
        )
    except AnsweringRefused as refusal:
        if refusal.reason in (AnsweringRefused.NOT_OPEN, AnsweringRefused.LIMIT):
            _discard(response)
        raise


def _finish_locked(
    *,
    survey: Survey,
    response: Response,
    questions: list[Question],
    raws: Mapping[str, answer_fields.Raw],
    submission_key: uuid.UUID,
    all_sections: list[Section],
) -> Response:
    with capacity.locked(Survey, survey.pk) as fresh:
        done = selectors.response_by_submission(survey, submission_key)
        if done is not None:
            return done
        locked = Response.objects.select_for_update().filter(pk=response.pk).first()
        if locked is None:
            raise AnsweringRefused(AnsweringRefused.FINISHED)
        locked.survey = fresh
        was_complete = locked.status == Response.Status.COMPLETE
        if was_complete and fresh.access != Survey.Access.SIGNED_IN:
            raise AnsweringRefused(AnsweringRefused.FINISHED)
        if not fresh.is_open():
            raise AnsweringRefused(AnsweringRefused.NOT_OPEN)
        if not was_complete and fresh.max_answers is not None:
            taken = (
                Response.objects.filter(survey=fresh, status=Response.Status.COMPLETE)
                .exclude(pk=locked.pk)
                .count()
            )
            if taken >= fresh.max_answers:
                raise AnsweringRefused(AnsweringRefused.LIMIT)
        _replace_answers(locked, questions, raws)
        _prune_hidden(locked, all_sections)
        locked.status = Response.Status.COMPLETE
        locked.submitted_on = timezone.localdate()
        locked.submission_key = submission_key
        locked.district_id = _district_of(locked)
        if fresh.access != Survey.Access.SIGNED_IN:
            locked.resume_token = None
        locked.save(
            update_fields=[
                "status",
                "submitted_on",
                "submission_key",
                "district",
                "resume_token",
            ]
        )
        return locked


def enter_paper(
    *,
    survey: Survey,
    channel: Channel,
    raws: Mapping[str, answer_fields.Raw],
    all_sections: list[Section],
    submission_key: uuid.UUID,
) -> Response:
    """A paper questionnaire entered by a professional: complete at once, in the paper
    channel, with nobody's account (not even the professional's)."""
    if not channel.paper or channel.survey_id != survey.pk:
        raise ValueError("a paper questionnaire goes into a paper channel of its survey")
    with transaction.atomic():
        done = selectors.response_by_submission(survey, submission_key)
        if done is not None:
            return done
        response = Response.objects.create(
            survey=survey,
            channel=channel,
            status=Response.Status.COMPLETE,
            submitted_on=timezone.localdate(),
            submission_key=submission_key,
        )
        questions = [q for s in all_sections for q in s.questions.all()]
        Answer.objects.bulk_create(_answer_rows(response, questions, raws))
        _prune_hidden(response, all_sections)
        response.district_id = _district_of(response)
        response.save(update_fields=["district"])
    return response


def import_paper(
    *,
    survey: Survey,
    channel: Channel,
    rows: Sequence[Mapping[str, answer_fields.Raw]],
    all_sections: list[Section],
    actor: Any = None,
    file_digest: str = "",
) -> int:
    """Paper questionnaires from a checked file (``surveys.imports.check_file``): all
    in one transaction, so the import lands whole or not at all. The same file (by its
    ``file_digest``) is taken once an hour, so a double click imports it once."""
    key = f"surveys:paper-import:{survey.pk}:{file_digest}"
    if file_digest and not cache.add(key, 1, timeout=IMPORT_GUARD_SECONDS):
        raise AlreadyImported
    try:
        return _import_rows(
            survey=survey, channel=channel, rows=rows, all_sections=all_sections, actor=actor
        )
    except Exception:
        if file_digest:
            cache.delete(key)
        raise


def _import_rows(
    *,
    survey: Survey,
    channel: Channel,
    rows: Sequence[Mapping[str, answer_fields.Raw]],
    all_sections: list[Section],
    actor: Any,
) -> int:
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="surveys.paper_import",
            obj=survey,
            changes={"questionnaires": len(rows), "channel": channel.name},
        )
        for raws in rows:
            enter_paper(
                survey=survey,
                channel=channel,
                raws=raws,
                all_sections=all_sections,
                submission_key=uuid.uuid4(),
            )
    return len(rows)


def discard_unfinished(survey: Survey) -> int:
    """Delete the unfinished responses of a survey that has closed (nothing of a
    questionnaire that was never sent stays)."""
    if survey.state() != "closed":
        return 0
    deleted, _rows = Response.objects.filter(
        survey=survey, status=Response.Status.IN_PROGRESS
    ).delete()
    return deleted


def discard_unfinished_of_closed() -> int:
    """The daily sweep: unfinished responses of every closed survey."""
    now = timezone.now()
    deleted, _rows = Response.objects.filter(
        status=Response.Status.IN_PROGRESS,
        survey__closes_at__lte=now,
    ).delete()
    return deleted


def refusal_text(reason: str) -> str:
    return {
        AnsweringRefused.NOT_OPEN: _(
            "This survey has closed in the meantime, so your answers could not be taken "
            "into account and have not been kept. Thank you for your time."
        ),
        AnsweringRefused.LIMIT: _(
            "This survey has received all the answers it can take in the meantime, so "
            "your answers have not been kept. Thank you for your time."
        ),
        AnsweringRefused.CODE: _(
            "This code is not valid or has already been used. Please check the code in "
            "your letter (capital letters and digits, e.g. ABCD2345)."
        ),
        AnsweringRefused.FINISHED: _("These answers have already been sent. Thank you!"),
        AnsweringRefused.LOGIN: _("Please log in to take part in this survey."),
    }.get(reason, "")
