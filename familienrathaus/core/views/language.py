"""The header's language switch: plain links, so no page needs a CSRF token for it.

Django's own ``set_language`` changes the language only on POST, which puts the
visitor's CSRF token into every page; an anonymous page would then differ on every
request (no ETag match, no shared caching) and set a cookie on the first visit. Here
each language is a link to ``/sprache/?language=ru&next=/tr/angebote/?q=kita``: the
language is checked against the alliance's offered ones (``core.i18n``), kept in
Django's language cookie (which the first-visit redirect of ``core.i18n`` reads), and
the visitor lands on the page they were on in that language (``/ru/angebote/?q=kita``,
``core.i18n.path_in_language``). A foreign or malformed ``next`` leads to the start page instead.
"""

from __future__ import annotations

from typing import Literal, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from familienrathaus.core.i18n import offered_languages, path_in_language

LANGUAGE_PARAMETER = "language"
SameSite = Literal["Lax", "Strict", "None", False] | None


def safe_next(request: HttpRequest) -> str:
    """``next`` if it stays on this site (a path, or this host), else the start page."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("core:home")


@require_safe
@never_cache
def set_language(request: HttpRequest) -> HttpResponseRedirect:
    target = safe_next(request)
    code = request.GET.get(LANGUAGE_PARAMETER, "")
    known = code in offered_languages()
    if known and not urlsplit(target).netloc:
        target = path_in_language(target, code)
    response = HttpResponseRedirect(target)
    if known:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=cast(SameSite, settings.LANGUAGE_COOKIE_SAMESITE),
        )
    return response
