from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from familienrathaus.core.second_factor import has_second_factor

PROTECTED_PREFIXES = ("/verwaltung/", "/django-admin/")


class RequireSecondFactorMiddleware:
    """Sends coordinators and administrators without TOTP to set it up first.

    They can still see the public site and their account pages, so they can reach
    the set-up page, but not the back office or the Django admin.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path.startswith(PROTECTED_PREFIXES)
            and user.is_authenticated
            and user.needs_second_factor
            and not has_second_factor(user)
        ):
            messages.info(
                request,
                _("Please set up two-factor authentication before you use the back office."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
