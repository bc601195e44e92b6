"""Follow-up mails: asked for from the family's guide
(/babybegruessung/leitfaden/<token>/erinnerungen/), confirmed by the link in the mail
(/babybegruessung/erinnerungen/<token>/bestaetigen/, a click on the page: double
opt-in) and stopped in one click (/babybegruessung/erinnerungen/<token>/abmelden/: a
POST from the mail program's List-Unsubscribe needs no session and no CSRF token; a
person following the link gets a button)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from familienrathaus.core import ratelimit
from familienrathaus.welcome.forms_followup import FollowUpForm
from familienrathaus.welcome.models import FollowUp
from familienrathaus.welcome.selectors import registrations as registration_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import followup as services
from familienrathaus.welcome.views_guide import language_for, private

REQUESTS_PER_HOUR = 5


def age_label(months: int) -> str:
    """ "3 months", "1 year", "3 years" in the active language."""
    if months % 12 or not months:
        return ngettext("%(count)d month", "%(count)d months", months) % {"count": months}
    years = months // 12
    return ngettext("%(count)d year", "%(count)d years", years) % {"count": years}


@require_http_methods(["GET", "HEAD", "POST"])
def followup_request(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.by_token_or_404(token)
    language = language_for(request, registration)
    current = FollowUp.objects.filter(registration=registration).first()
    with translation.override(language):
        form = FollowUpForm(request.POST or None, has_address=bool(registration.email))
        status = 200
        if request.method == "POST" and form.is_valid():
            if not ratelimit.allow(
                request,
                scope="welcome.followup",
                limit=REQUESTS_PER_HOUR,
                period_seconds=3600,
            ):
                form.add_error(None, _("Too many requests. Please try again in an hour."))
                status = 429
            else:
                services.request_for_registration(registration, email=form.cleaned_data["email"])
                messages.success(
                    request,
                    _("Thank you. We have sent you an e-mail: please confirm with the link in it."),
                )
                return redirect("welcome:followup", token=token)
        elif request.method == "POST":
            status = 400
        response = render(
            request,
            "welcome/guide/followup.html",
            {
                "form": form,
                "current": current,
                "token": token,
                "ages": [age_label(age) for age in settings_selectors.get().followup_age_list],
                "child_first_name": registration.child_first_name,
            },
            status=status,
        )
    return private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def followup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    followup = services.by_token(token)
    context: dict[str, object] = {"followup": followup, "token": token}
    status = 200
    with translation.override(followup.language if followup else None):
        if followup is None or not (
            followup.status == FollowUp.Status.ACTIVE or services.can_confirm(followup)
        ):
            context["problem"] = True
            status = 404 if followup is None else 400
        elif request.method == "POST":
            context["done"] = services.confirm(followup)
        elif followup.status == FollowUp.Status.ACTIVE:
            context["done"] = True
        response = render(request, "welcome/guide/followup_confirm.html", context, status=status)
    return private(response)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def followup_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click: a POST ends the mails at once; a GET shows a button."""
    followup = services.by_token(token)
    with translation.override(followup.language if followup else None):
        if request.method == "POST":
            if followup is not None:
                services.unsubscribe(followup)
            if "List-Unsubscribe" in request.POST:  # the mail program, not a person
                return private(
                    HttpResponse(_("You will get no more e-mails."), content_type="text/plain")
                )
            response = render(request, "welcome/guide/unsubscribe.html", {"done": True})
        else:
            response = render(
                request,
                "welcome/guide/unsubscribe.html",
                {
                    "done": followup is None or followup.status == FollowUp.Status.ENDED,
                    "followup": followup,
                },
            )
    return private(response)
