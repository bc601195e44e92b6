"""Staff enter a concern a family brought by phone or in person (channel phone/visit).

The same :func:`services.intake.submit` as the public form; the family gets the same
receipt mail when it gave an address, and the page shows the code to tell them.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familienrathaus.concerns import permissions
from familienrathaus.concerns.forms_public import StaffEntryForm
from familienrathaus.concerns.selectors import intake as selectors
from familienrathaus.concerns.services import intake as services
from familienrathaus.core.views.access import require


@require(permissions.can_use_desk)
def staff_entry(request: HttpRequest) -> HttpResponse:
    form = StaffEntryForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                concern = services.submit(
                    kind=data["kind"],
                    text=data["text"],
                    topic=data["topic"],
                    district=data["district"],
                    privacy=data["privacy"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    channel=data["channel"],
                    entered_by=request.user,  # type: ignore[arg-type]
                    uploads=[form.upload] if form.upload else [],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("The concern was entered. Please tell the family its code: %(code)s")
                    % {"code": concern.reference},
                )
                return redirect("concerns:staff-entry-done", tracking_token=concern.tracking_token)
        status = 400
    return render(request, "concerns/intake/staff_entry.html", {"form": form}, status=status)


@require(permissions.can_use_desk)
def staff_entry_done(request: HttpRequest, tracking_token: str) -> HttpResponse:
    concern = selectors.by_token(tracking_token)
    if concern is None:
        raise Http404
    return render(
        request,
        "concerns/intake/staff_entry_done.html",
        {"concern": concern, "status_url": services.status_url(concern)},
    )
