"""The parents' pages: what the welcome is (/babybegruessung/), the registration form
(/babybegruessung/anmelden/), the thanks page with the reference number and the links
to the guide and the appointment choice, and the short link /baby/ of the flyers.

Thin: each view parses the form, calls one service or selector and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core import ratelimit
from familienrathaus.core.forms import add_errors
from familienrathaus.welcome import duplicates
from familienrathaus.welcome.forms_registration import RegistrationForm
from familienrathaus.welcome.selectors import registrations as selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import registrations as services

# A family registers once, maybe twice; a robot sends hundreds. Over the limit the form
# comes back with everything typed and asks to wait: nothing is stored, nothing lost.
SUBMIT_PER_MINUTE = 3
SUBMIT_PER_HOUR = 20


def private(response: HttpResponse) -> HttpResponse:
    """Pages about one family: not cached, not indexed, the link never sent on."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


@require_safe
def short_link(request: HttpRequest) -> HttpResponse:
    """/baby/ – the short link printed on flyers and as QR code."""
    return redirect("welcome:landing")


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    rules = settings_selectors.get()
    return render(
        request,
        "welcome/public/landing.html",
        {"rules": rules, "town": settings_selectors.town_name(rules)},
    )


def _allowed(request: HttpRequest) -> bool:
    return ratelimit.allow(
        request, scope="welcome.register", limit=SUBMIT_PER_MINUTE, period_seconds=60
    ) and ratelimit.allow(
        request, scope="welcome.register.hour", limit=SUBMIT_PER_HOUR, period_seconds=3600
    )


def register(request: HttpRequest) -> HttpResponse:
    rules = settings_selectors.get()
    user = request.user if request.user.is_authenticated else None
    language = get_language() or "de"
    initial: dict[str, Any] = {
        "town": settings_selectors.town_name(rules),
        "language": language.split("-")[0],
    }
    if user is not None:
        initial.update(parent_names=user.name, email=user.email)
    form = RegistrationForm(request.POST or None, rules=rules, initial=initial)
    status = 200
    if request.method == "POST":
        if not _allowed(request):
            form.is_valid()
            messages.error(
                request,
                _(
                    "Many registrations were sent from your connection just now. Please wait "
                    "a minute and send again: everything you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            try:
                registration = services.register(
                    values=form.cleaned_data,
                    user=user,
                )
            except ValidationError as exc:
                add_errors(form, exc)
                status = 400
            else:
                return redirect("welcome:thanks", token=registration.guide_token)
        else:
            status = 400
    return private(
        render(
            request,
            "welcome/public/register.html",
            {"form": form, "rules": rules, "town": settings_selectors.town_name(rules)},
            status=status,
        )
    )


@require_safe
def thanks(request: HttpRequest, token: str) -> HttpResponse:
    registration = selectors.by_token_or_404(token)
    return private(
        render(
            request,
            "welcome/public/thanks.html",
            {
                "registration": registration,
                "earlier": duplicates.registered_before_by_same_email(registration),
                "rules": settings_selectors.get(),
            },
        )
    )
