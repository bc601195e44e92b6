"""An office of the administration reads and answers one concern through its signed link.

No account, no session: the link is the key (:mod:`..office_links`). Every request
verifies it again: signature, age, and that the concern is still passed to that office,
open and not redacted. A dead link gets one neutral page (410 Gone) that says whom to
ask, whatever the reason, so a forged link learns nothing.

The pages send ``Referrer-Policy: same-origin``: the address with its token never leaves
the site in a Referer header. (``no-referrer`` would make the browser send
``Origin: null`` with the answer form, which Django's CSRF check rightly refuses.)
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from familienrathaus.concerns import dues, forms_desk, office_links, permissions
from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import desk as desk_services
from familienrathaus.concerns.services import passing
from familienrathaus.core import private_files


def _opened(token: str) -> tuple[Concern, office_links.Link] | None:
    link = office_links.read_token(token)
    if link is None:
        return None
    concern = selectors.concern(link.concern_id)
    if concern is None or not permissions.office_may_open(concern, link.office_id):
        return None
    handover = selectors.last_handover(concern)
    if not office_links.made_after(link, handover.created_at if handover else None):
        return None
    return concern, link


def _gone(request: HttpRequest) -> HttpResponse:
    response = render(request, "concerns/office/gone.html", status=410)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def concern(request: HttpRequest, token: str) -> HttpResponse:
    opened = _opened(token)
    if opened is None:
        return _gone(request)
    concern, link = opened
    form = forms_desk.HolderAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                passing.office_answer(
                    concern=concern,
                    office_id=link.office_id,
                    text=form.cleaned_data["text"],
                    to_family=form.to_family(),
                    submission_key=form.key(),
                )
            except desk_services.NotAllowed:
                return _gone(request)
            messages.success(request, _("Thank you, your answer was sent."))
            return redirect("concerns:office", token=token)
        status = 400
    response = render(
        request,
        "concerns/office/concern.html",
        {
            "concern": concern,
            "token": token,
            "expires_at": link.expires_at,
            "timeline": selectors.timeline(concern, whole=False),
            "attachments": selectors.attachments(concern),
            "show_contact": permissions.office_may_see_contact(concern),
            "overdue": dues.is_overdue(concern),
            "form": form,
        },
        status=status,
    )
    response["Referrer-Policy"] = "same-origin"
    return response


@never_cache
def attachment(request: HttpRequest, token: str, attachment_id: int) -> HttpResponse:
    opened = _opened(token)
    if opened is None:
        return _gone(request)
    concern, _link = opened
    found = selectors.attachment_of(concern, attachment_id)
    if found is None:
        raise Http404
    return private_files.serve(found.file, download_name=f"anliegen-{concern.reference}-{found.pk}")
