"""The partners' part of the back office: the concerns passed to their organisation.

Staff see a concern only while it is passed to an organisation they work for
(``permissions.can_view``); anything else is "not found", so nobody learns that a
concern of another partner exists. The family's name and contact show only at the
privacy level "with my name" (``permissions.can_see_contact``).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familienrathaus.concerns import dues, forms_desk, permissions
from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import desk as desk_services
from familienrathaus.concerns.services import passing
from familienrathaus.core import private_files
from familienrathaus.core.views.access import require


def _held(request: HttpRequest, pk: int) -> Concern:
    concern = selectors.concern(pk)
    if concern is None or not permissions.can_view(request.user, concern):
        raise Http404
    return concern


@require(permissions.can_use_partner_inbox)
def inbox(request: HttpRequest) -> HttpResponse:
    concerns = selectors.partner_concerns(request.user)
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    today = dues.today()
    return render(
        request,
        "concerns/partner/inbox.html",
        {
            "page": page,
            "rows": [(c, dues.is_overdue(c, on=today)) for c in page],
            "total": page.paginator.count,
            "query": "",
        },
    )


@require(permissions.can_use_partner_inbox)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _held(request, pk)
    form = forms_desk.HolderAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                passing.partner_answer(
                    actor=request.user,  # type: ignore[arg-type]
                    concern=concern,
                    text=form.cleaned_data["text"],
                    to_family=form.to_family(),
                    submission_key=form.key(),
                )
            except desk_services.NotAllowed:
                messages.error(
                    request,
                    _(
                        "This concern is no longer with your organisation or is closed; "
                        "your answer was not sent."
                    ),
                )
                return redirect("concerns:partner-inbox")
            messages.success(request, _("Thank you, your answer was sent."))
            return redirect("concerns:partner-detail", pk=concern.pk)
        status = 400
    return render(
        request,
        "concerns/partner/detail.html",
        {
            "concern": concern,
            "timeline": [
                message
                for message in selectors.timeline(concern, whole=False)
                if permissions.can_view_message(request.user, message)
            ],
            "attachments": selectors.attachments(concern),
            "show_contact": permissions.can_see_contact(request.user, concern),
            "may_answer": permissions.can_answer(request.user, concern),
            "overdue": dues.is_overdue(concern),
            "form": form,
        },
        status=status,
    )


@require(permissions.can_use_partner_inbox)
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    concern = _held(request, pk)
    found = selectors.attachment_of(concern, attachment_id)
    if found is None:
        raise Http404
    return private_files.serve(found.file, download_name=f"anliegen-{concern.reference}-{found.pk}")
