"""The family's pages of a survey under /befragungen/<slug>/: the first page that
explains the access mode, one page per section, the link to continue later, thanks.

Everything works without JavaScript. The address of a page carries the response's
resume token, which is also the link a family may keep to continue later; no session
and no personal cookie is needed. After an anonymous answer a cookie holding nothing
but "1" prevents a second answer from the same browser.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from familienrathaus.core import ratelimit
from familienrathaus.core.capacity import CapacityBusy
from familienrathaus.surveys import answer_fields, conditions, pages
from familienrathaus.surveys.models import Question, Response, Section, Survey
from familienrathaus.surveys.selectors import answering as selectors
from familienrathaus.surveys.services import answering as services
from familienrathaus.surveys.services.answering import AnsweringRefused

COOKIE_PREFIX = "frh_befragung_"
ACTIONS = ("next", "back", "save", "finish")


def answered_cookie(survey: Survey) -> str:
    return f"{COOKIE_PREFIX}{survey.pk}"


def _survey_or_404(slug: str) -> Survey:
    survey = selectors.survey_by_slug(slug)
    if survey is None:
        raise Http404
    return survey


def _answered_here(request: HttpRequest, survey: Survey) -> bool:
    return (
        survey.access == Survey.Access.ANONYMOUS
        and request.COOKIES.get(answered_cookie(survey)) == "1"
    )


def _start_context(request: HttpRequest, survey: Survey, **extra: Any) -> dict[str, Any]:
    own = selectors.response_of_user(survey, request.user)
    return {
        "survey": survey,
        "state": survey.state(),
        "limit_reached": selectors.limit_reached(survey) and own is None,
        "answered_here": _answered_here(request, survey),
        "own_response": own,
        "channel_token": (request.GET.get("k") or request.POST.get("k") or "")[:40],
        "code": "",
        "code_error": "",
        "error": "",
        **extra,
    }


@never_cache
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey_or_404(slug)
    if request.method != "POST":
        code = (request.GET.get("code") or "")[:20]  # the QR code of a letter brings it
        return render(
            request, "surveys/public/start.html", _start_context(request, survey, code=code)
        )
    context = _start_context(request, survey, code=(request.POST.get("code") or "")[:20])
    if context["answered_here"]:
        return render(request, "surveys/public/start.html", context, status=409)
    if survey.access == Survey.Access.CODES and not _code_attempt_allowed(request):
        context["code_error"] = _(
            "Too many codes were tried from your connection. Please wait a few minutes and "
            "try again."
        )
        busy = render(request, "surveys/public/start.html", context, status=429)
        busy["Retry-After"] = "600"
        return busy
    channel = selectors.channel_for_link(survey, context["channel_token"])
    try:
        response = services.start(
            survey=survey, channel=channel, user=request.user, code=context["code"]
        )
    except AnsweringRefused as refusal:
        if refusal.reason == AnsweringRefused.LOGIN:
            return redirect_to_login(survey.get_absolute_url())
        key = "code_error" if refusal.reason == AnsweringRefused.CODE else "error"
        context[key] = services.refusal_text(refusal.reason)
        return render(request, "surveys/public/start.html", context, status=400)
    return redirect(_page_url(survey, response, 1))


def _code_attempt_allowed(request: HttpRequest) -> bool:
    """Codes cannot be guessed one after the other: a few dozen tries per connection in
    ten minutes (counted in the cache, never stored with an answer)."""
    limit = getattr(settings, "SURVEYS_CODE_RATE_LIMIT", 30)
    if not limit:
        return True
    return ratelimit.allow(request, scope="surveys.code", limit=limit, period_seconds=600)


def _page_url(survey: Survey, response: Response, number: int) -> str:
    return reverse(
        "surveys:page",
        kwargs={"slug": survey.slug, "token": response.resume_token, "number": max(1, number)},
    )


def _resume_url(survey: Survey, response: Response) -> str:
    return reverse("surveys:resume", kwargs={"slug": survey.slug, "token": response.resume_token})


def _response_or_gone(request: HttpRequest, survey: Survey, token: str) -> Response | HttpResponse:
    response = selectors.response_by_token(survey, token)
    if response is None:
        return render(request, "surveys/public/gone.html", {"survey": survey}, status=404)
    if response.user_id is not None and response.user_id != getattr(request.user, "pk", None):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return response


def _refused(request: HttpRequest, survey: Survey, reason: str) -> HttpResponse:
    if reason == AnsweringRefused.FINISHED:
        return redirect("surveys:thanks", slug=survey.slug)
    return render(
        request,
        "surveys/public/refused.html",
        {"survey": survey, "message": services.refusal_text(reason), "reason": reason},
        status=409,
    )


@never_cache
def resume(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = _survey_or_404(slug)
    response = _response_or_gone(request, survey, token)
    if isinstance(response, HttpResponse):
        return response
    state = _Page(survey, response)
    return redirect(_page_url(survey, response, state.number_of(response.current_section)))


class _Page:
    """A section page of one response: which pages are shown, what is answered."""

    def __init__(self, survey: Survey, response: Response) -> None:
        self.survey = survey
        self.response = response
        self.sections = selectors.sections(survey)
        self.by_code = selectors.questions_by_code(self.sections)
        self.raw = selectors.answered(response, self.sections).raw

    def codes(self) -> dict[str, frozenset[str]]:
        return {
            code: answer_fields.chosen_codes(self.by_code[code], raw)
            for code, raw in self.raw.items()
            if code in self.by_code
        }

    def kept(self) -> dict[str, frozenset[str]]:
        return conditions.prune(self.sections, self.codes())

    def index(self, section: Section) -> int:
        return self.sections.index(section)

    def visible(self, *, ahead_of: int) -> list[Section]:
        """The pages of this family. A page whose condition looks at a question not yet
        answered on a page not yet sent (index ``ahead_of`` or later) counts too, so
        "Page 2 of 5" may shrink as the family answers, but never grows."""
        kept = self.kept()
        codes = self.codes()
        shown: list[Section] = []
        for section in self.sections:
            condition = conditions.condition_of(section)
            asked = self.by_code.get(condition[0]) if condition else None
            pending = (
                asked is not None
                and not codes.get(asked.code)
                and asked.section in shown
                and self.index(asked.section) >= ahead_of
            )
            if pending or conditions.visible(section, kept):
                shown.append(section)
        return shown

    def number_of(self, index: int) -> int:
        """The page number of the section with this index (when the family is on it)."""
        visible = self.visible(ahead_of=index)
        target = self.sections[min(index, len(self.sections) - 1)] if self.sections else None
        return visible.index(target) + 1 if target in visible else 1


def _read_page(
    page: _Page, section: Section, request: HttpRequest, *, required: bool
) -> tuple[dict[str, answer_fields.Raw], list[Question], dict[str, str]]:
    """What the page sent: the raw answers (all, to show again), the questions that
    count after this page's own conditions, and the messages per question code."""
    kept_before = page.kept()
    shown = pages.shown_questions(section, kept_before)
    raws = {q.code: answer_fields.read(q, request.POST) for q in shown}
    page.raw.update(raws)
    kept_after = page.kept()
    counting = [q for q in shown if conditions.visible(q, kept_after)]
    errors = {}
    for question in counting:
        message = answer_fields.check(
            question, raws[question.code], required=required and question.required
        )
        if message:
            errors[question.code] = message
    return raws, counting, errors


@never_cache
def page(request: HttpRequest, slug: str, token: str, number: int) -> HttpResponse:
    survey = _survey_or_404(slug)
    found = _response_or_gone(request, survey, token)
    if isinstance(found, HttpResponse):
        if request.method == "POST":
            done = _submitted(survey, request.POST.get("submission_key", ""))
            if done is not None:
                return _thanks_redirect(survey)
        return found
    response = found
    if response.status == Response.Status.COMPLETE and survey.access != Survey.Access.SIGNED_IN:
        return redirect("surveys:thanks", slug=survey.slug)
    if not survey.is_open():
        services.discard_unfinished(survey)
        return _refused(request, survey, AnsweringRefused.NOT_OPEN)
    state = _Page(survey, response)
    visible = state.visible(ahead_of=response.current_section)
    if not visible:
        raise Http404
    if number > len(visible):
        return redirect(_page_url(survey, response, len(visible)))
    section = visible[number - 1]
    errors: dict[str, str] = {}
    message = ""
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "next")
        action = action if action in ACTIONS else "next"
        raws, counting, errors = _read_page(
            state, section, request, required=action in ("next", "finish")
        )
        if not errors:
            outcome = _act(request, state, section, action, raws, counting)
            if outcome is not None:
                return outcome
            message = _(
                "Many families are answering right now. Please press the button again in "
                "a moment; nothing you entered is lost."
            )
            status = 429
        else:
            status = 400
        visible = state.visible(ahead_of=state.index(section))
        number = visible.index(section) + 1 if section in visible else number
    context = {
        "survey": survey,
        "section": section,
        "entries": pages.entries(
            section,
            answered=state.raw,
            kept=state.kept(),
            errors=errors,
            districts=selectors.districts(),
        ),
        "page_number": number,
        "page_count": len(visible),
        "is_last": number == len(visible),
        "errors": errors,
        "message": message,
        "submission_key": request.POST.get("submission_key") or uuid.uuid4(),
        "resume_url": _resume_url(survey, response),
        "response": response,
        "preview": False,
    }
    rendered = render(request, "surveys/public/section.html", context, status=status)
    if status == 429:
        rendered["Retry-After"] = "2"
    return rendered


def _submitted(survey: Survey, key: str) -> Response | None:
    try:
        return selectors.response_by_submission(survey, uuid.UUID(key))
    except ValueError:
        return None


def _act(
    request: HttpRequest,
    state: _Page,
    section: Section,
    action: str,
    raws: dict[str, answer_fields.Raw],
    counting: list[Question],
) -> HttpResponse | None:
    """Save the page and go where the button says; None when the database is busy."""
    survey, response = state.survey, state.response
    visible = state.visible(ahead_of=state.index(section) + 1)
    position = visible.index(section)
    kept = {q.code: raws[q.code] for q in counting}
    questions = list(section.questions.all())
    is_last = position == len(visible) - 1
    try:
        if action in ("next", "finish") and is_last:
            try:
                key = uuid.UUID(request.POST.get("submission_key", ""))
            except ValueError:
                key = uuid.uuid4()
            services.finish(
                response=response,
                questions=questions,
                raws=kept,
                submission_key=key,
                all_sections=state.sections,
            )
            return _thanks_redirect(survey)
        target = {"next": position + 1, "back": position - 1, "save": position}
        goal = visible[max(0, min(target.get(action, position), len(visible) - 1))]
        services.save_page(
            response=response,
            questions=questions,
            raws=kept,
            current_section=state.index(goal),
        )
    except AnsweringRefused as refusal:
        return _refused(request, survey, refusal.reason)
    except CapacityBusy:
        return None
    if action == "save":
        return redirect("surveys:saved", slug=survey.slug, token=response.resume_token)
    return redirect(_page_url(survey, response, state.number_of(state.index(goal))))


def _thanks_redirect(survey: Survey) -> HttpResponse:
    result = redirect("surveys:thanks", slug=survey.slug)
    if survey.access == Survey.Access.ANONYMOUS:
        # Nothing personal: the survey's number in the name, "1" as the value.
        max_age = 365 * 24 * 3600
        if survey.closes_at:
            remaining = (survey.closes_at - timezone.now()).total_seconds()
            max_age = int(max(3600, min(max_age, remaining + 30 * 24 * 3600)))
        result.set_cookie(
            answered_cookie(survey),
            "1",
            max_age=max_age,
            path=survey.get_absolute_url(),
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return result


@never_cache
def saved(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    survey = _survey_or_404(slug)
    response = _response_or_gone(request, survey, token)
    if isinstance(response, HttpResponse):
        return response
    link = request.build_absolute_uri(_resume_url(survey, response))
    subject = _("My link to the survey “%(title)s”") % {"title": survey.title}
    return render(
        request,
        "surveys/public/saved.html",
        {
            "survey": survey,
            "link": link,
            "mailto": f"mailto:?subject={quote(subject)}&body={quote(link)}",
            "continue_url": _resume_url(survey, response),
        },
    )


def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _survey_or_404(slug)
    own = selectors.response_of_user(survey, request.user)
    return render(
        request,
        "surveys/public/thanks.html",
        {
            "survey": survey,
            "own_response": own if own and own.status == Response.Status.COMPLETE else None,
            "editable": survey.is_open(),
        },
    )
