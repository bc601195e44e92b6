"""The Kita interest: the family's form (from its guide, prefilled, or on its own) and the
Kita office's list with filters, downloads and "taken over".

Thin: each view parses its form, calls one service or selector and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from familienrathaus.core import exports, ratelimit
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require
from familienrathaus.welcome import permissions
from familienrathaus.welcome.forms_kita import KitaInterestForm, OfficeFilterForm
from familienrathaus.welcome.models import KitaInterest, Registration
from familienrathaus.welcome.selectors import kita as selectors
from familienrathaus.welcome.selectors import registrations as registration_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import kita as services

SUBMIT_PER_HOUR = 10
DONE_KEY = "welcome_kita_done"
FORMATS = {"csv", "xlsx"}
PAGE_SIZE = 50


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _initial(registration: Registration | None) -> dict[str, Any]:
    if registration is None:
        return {"language": (get_language() or "de")[:2]}
    return {
        "child_first_name": registration.child_first_name,
        "birth_date": registration.birth_date,
        "parent_names": registration.parent_names,
        "email": registration.email,
        "phone": registration.phone,
        "postcode": registration.postcode,
        "district": registration.district_id,
        "language": registration.language,
    }


def _form_page(request: HttpRequest, registration: Registration | None) -> HttpResponse:
    form = KitaInterestForm(request.POST or None, initial=_initial(registration))
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(
            request, scope="welcome-kita", limit=SUBMIT_PER_HOUR, period_seconds=3600
        ):
            form.is_valid()
            messages.error(
                request,
                _(
                    "Many wishes were sent from your connection just now. Please wait a few "
                    "minutes and send again: everything you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data.get("website"):  # a robot filled in the honeypot
                return redirect("welcome:kita-done")
            try:
                interest = services.submit(wish=form.wish(), registration=registration)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                request.session[DONE_KEY] = interest.pk
                request.session[f"{DONE_KEY}_token"] = (
                    registration.guide_token if registration else ""
                )
                return redirect("welcome:kita-done")
        else:
            status = 400
    welcome = settings_selectors.get()
    response = render(
        request,
        "welcome/kita/form.html",
        {
            "form": form,
            "registration": registration,
            "welcome": welcome,
            "has_kitas": selectors.kitas().exists(),
            "earlier": (
                registration.kita_interests.exclude(status=KitaInterest.Status.WITHDRAWN)
                .order_by("-created_at")
                .first()
                if registration
                else None
            ),
        },
        status=status,
    )
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def form_standalone(request: HttpRequest) -> HttpResponse:
    return _form_page(request, None)


@require_http_methods(["GET", "HEAD", "POST"])
def form_from_guide(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.by_token_or_404(token)
    return _form_page(request, registration)


@require_safe
def done(request: HttpRequest) -> HttpResponse:
    pk = request.session.get(DONE_KEY)
    interest = selectors.office_list(selectors.Filters()).filter(pk=pk).first() if pk else None
    welcome = settings_selectors.get()
    deadline_soon = False
    if interest is not None and welcome.kita_deadline_months:
        months = (interest.care_from.year - timezone.localdate().year) * 12 + (
            interest.care_from.month - timezone.localdate().month
        )
        deadline_soon = months < welcome.kita_deadline_months
    response = render(
        request,
        "welcome/kita/done.html",
        {
            "interest": interest,
            "welcome": welcome,
            "deadline_soon": deadline_soon,
            "guide_token": request.session.get(f"{DONE_KEY}_token", ""),
        },
    )
    return _private(response)


# ------------------------------------------------------------------ the Kita office


@require_safe
@require(permissions.can_see_kita_interests, hide=True)
def office_list(request: HttpRequest) -> HttpResponse:
    form = OfficeFilterForm(request.GET or None)
    interests = selectors.office_list(form.filters())
    if request.GET.get("format") in FORMATS:
        return exports.table_response(
            request.GET["format"],
            "kita-wuensche",
            selectors.export_header(),
            selectors.export_rows(interests),
        )
    page = Paginator(interests, PAGE_SIZE).get_page(request.GET.get("page"))
    return _private(
        render(
            request,
            "welcome/kita/office_list.html",
            {
                "form": form,
                "page": page,
                "interests": page.object_list,
                "counts": selectors.counts(),
                "query": query_without_page(request),
                "statuses": KitaInterest.Status,
            },
        )
    )


@require_safe
@require(permissions.can_see_kita_interests, hide=True)
def office_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_interest_or_404(request.user, pk)
    duplicate = (
        selectors.get_interest_or_404(request.user, interest.possible_duplicate_of_id)
        if interest.possible_duplicate_of_id
        else None
    )
    return _private(
        render(
            request,
            "welcome/kita/office_detail.html",
            {"interest": interest, "duplicate": duplicate, "statuses": KitaInterest.Status},
        )
    )


@require_POST
@require(permissions.can_see_kita_interests, hide=True)
def office_status(request: HttpRequest, pk: int) -> HttpResponse:
    interest = selectors.get_interest_or_404(request.user, pk)
    status = request.POST.get("status", "")
    try:
        services.set_status(actor=request.user, interest=interest, status=status)  # type: ignore[arg-type]
    except ValidationError:
        messages.error(request, _("This step is not possible."))
    else:
        messages.success(
            request,
            _("%(parents)s: %(status)s.")
            % {
                "parents": interest.parent_names,
                "status": KitaInterest.Status(status).label,
            },
        )
    back = request.POST.get("next", "")
    if back == "list" or back.startswith("?"):
        query = back if back.startswith("?") else ""
        return redirect(reverse("welcome:kita-list") + query)
    return redirect("welcome:kita-detail", pk=interest.pk)
