"""The one transition view and the one review-queue view, parametrised by workflow.

An app routes its URLs here::

    path("…/<int:pk>/status/", review.views.transition, {"workflow": WORKFLOW}, name="transition")
    path("…/pruefen/", review.views.queue, {"workflow": WORKFLOW}, name="review_queue")

The step is the POST field ``step``, the comment ``comment``. Whoever may not see the
item gets 404. A step the user may not take now (unknown, wrong role, or the item
changed meanwhile) is answered the same everywhere: an error message on the item's
page (a redirect), nothing changed. After a step the browser goes to ``next`` (a path
on this site) or back to the item's page. The queue with ``?format=csv`` (German Excel:
UTF-8 with BOM, ";") or ``?format=xlsx`` is the same list as a download.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core.exports import table_response
from familienrathaus.core.review.selectors import error_key, queue_items, queue_table
from familienrathaus.core.review.services import act
from familienrathaus.core.review.workflow import StepNotAllowed, Workflow, may_see

DONE: dict[str, Any] = {
    "submit": gettext_lazy(
        "“%(title)s” was submitted for review. You will receive an e-mail as soon as "
        "the family office has decided."
    ),
    "withdraw": gettext_lazy(
        "“%(title)s” is a draft again. You can go on working on it and submit it later."
    ),
    "approve": gettext_lazy("“%(title)s” is published. The partner receives an e-mail."),
    "return": gettext_lazy(
        "“%(title)s” was sent back to the partner with your comment. The partner receives "
        "an e-mail."
    ),
    "reject": gettext_lazy("“%(title)s” was rejected. The partner receives an e-mail."),
    "archive": gettext_lazy("“%(title)s” was archived and is no longer shown publicly."),
    "republish": gettext_lazy("“%(title)s” is published again."),
    "approve_changes": gettext_lazy(
        "The changes to “%(title)s” are published. The partner receives an e-mail."
    ),
    "return_changes": gettext_lazy(
        "The changes to “%(title)s” were sent back to the partner with your comment."
    ),
    "withdraw_changes": gettext_lazy(
        "Your changes to “%(title)s” were withdrawn; the published version stays online."
    ),
}


def _safe(request: HttpRequest, url: str) -> str:
    ok = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and ok else ""


@require_POST
def transition(
    request: HttpRequest, pk: int, *, workflow: Workflow, back: str = ""
) -> HttpResponse:
    """Take the POSTed step; ``back`` is where a refusal is shown (default: the
    form's ``back`` field, else the item's page)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obj = get_object_or_404(workflow.model, pk=pk)
    if not may_see(workflow, request.user, obj):
        raise Http404  # not even whether it exists
    step = request.POST.get("step", "")
    page = workflow.page(obj)
    back = back or _safe(request, request.POST.get("back", "")) or page
    try:
        act(
            workflow,
            obj,
            actor=request.user,
            step=step,
            comment=request.POST.get("comment", ""),
        )
    except StepNotAllowed:
        messages.error(
            request,
            _(
                "This step is not possible for “%(title)s” now: it was changed meanwhile, "
                "or you may not take this step. Nothing was changed."
            )
            % {"title": obj},
        )
        return redirect(back)
    except ValidationError as exc:
        message = " ".join(exc.messages)
        messages.error(request, message)
        request.session[error_key(workflow, obj)] = message
        return redirect(back)
    messages.success(request, str(DONE[step]) % {"title": obj})
    return redirect(_safe(request, request.POST.get("next", "")) or page)


def queue(request: HttpRequest, *, workflow: Workflow) -> HttpResponse:
    """Submissions and change proposals waiting for review (reviewers only); with
    ``?format=csv`` or ``?format=xlsx`` the same list as a download."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not workflow.is_reviewer(request.user):
        raise PermissionDenied
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        filename, header, rows = queue_table(workflow)
        return table_response(file_format, filename, header, rows)
    context = {
        "workflow": workflow,
        "nouns": workflow.model._meta.verbose_name_plural,
        "items": queue_items(workflow),
    }
    context.update(workflow.queue_context())
    return render(request, workflow.queue_template, context)
