from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.middleware.http import ConditionalGetMiddleware as DjangoConditionalGetMiddleware
from django.shortcuts import redirect
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.translation import gettext as _

from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.second_factor import has_second_factor

PROTECTED_PREFIXES = ("/verwaltung/", "/django-admin/", "/betrieb/")


class RequireSecondFactorMiddleware:
    """Sends coordinators, administrators and operators without TOTP to set it up first.

    They can still see the public site and their account pages, so they can reach
    the set-up page, but not the back office or the Django admin.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            unprefixed(request.path_info).startswith(PROTECTED_PREFIXES)
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


# --------------------------------------------------------------------------- delivery
#
# How pages travel to a phone (issue 22). The three classes sit at the top of
# settings.MIDDLEWARE in this order, so on the way out they see the finished response:
#
#   CompressionMiddleware    gzip for text (HTML, CSS, JS, JSON, SVG, iCal …), last to run
#   ConditionalGetMiddleware an ETag from the uncompressed body; 304 on a match
#   CacheHeadersMiddleware   Cache-Control: public for what any anonymous visitor gets,
#                            private for the rest (never stored by a shared cache)

COMPRESSIBLE_TYPES = frozenset(
    {
        "application/javascript",
        "application/json",
        "application/xml",
        "image/svg+xml",
    }
)


def _compressible(content_type: str) -> bool:
    media_type = content_type.split(";", 1)[0].strip().lower()
    return (
        media_type.startswith("text/")
        or media_type in COMPRESSIBLE_TYPES
        or media_type.endswith(("+json", "+xml"))
    )


class CompressionMiddleware(GZipMiddleware):
    """Django's GZipMiddleware for text only.

    Pictures, fonts, PDFs and office files are compressed already: gzipping them again
    costs the server time and the browser its ``Content-Length`` (and so its progress bar
    and range requests) for nothing. What WhiteNoise sends pre-compressed (``.br``,
    ``.gz``) carries ``Content-Encoding`` and is left alone by the parent class.

    Making an ETag weak is how gzip tells caches that the bytes changed; a browser then
    asks ``If-None-Match: W/"…"``. RFC 9110 compares If-None-Match weakly, Django does,
    but WhiteNoise (the development server's static files) compares the strings: the
    ``W/`` is taken off on the way in so it answers 304 as well.
    """

    def process_request(self, request: HttpRequest) -> None:
        etags = request.META.get("HTTP_IF_NONE_MATCH")
        if etags and "W/" in etags:
            request.META["HTTP_IF_NONE_MATCH"] = etags.replace("W/", "")

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not _compressible(response.get("Content-Type", "")):
            return response
        return super().process_response(request, response)


class ConditionalGetMiddleware(DjangoConditionalGetMiddleware):
    """Django's ETag and 304, with a weak ETag for text from the start.

    A text answer may leave gzipped or plain, so its bytes depend on the encoding and its
    ETag must be weak (RFC 9110 8.8.1); GZipMiddleware weakens it only when it
    compresses, which a bodiless 304 never is: the 200 said ``W/"…"``, the 304 ``"…"``.
    Weak from the start, every answer for the page names the same validator.
    """

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            request.method == "GET"
            and not response.has_header("ETag")
            and _compressible(response.get("Content-Type", ""))
            and self.needs_etag(response)
        ):
            set_response_etag(response)
            etag = response.get("ETag")
            if etag and etag.startswith('"'):
                response.headers["ETag"] = "W/" + etag
        return super().process_response(request, response)


def _signed_in(request: HttpRequest) -> bool:
    """A logged-in user, or a client with an API token (the answer is what they may see)."""
    user = getattr(request, "user", None)
    return (
        (user is not None and user.is_authenticated)
        or "HTTP_AUTHORIZATION" in request.META
        or "HTTP_X_API_KEY" in request.META
    )


def _for_this_visitor(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether an anonymous answer holds something of this visitor's alone."""
    session = getattr(request, "session", None)
    stored_messages = getattr(request, "_messages", None)
    match = getattr(request, "resolver_match", None)
    return bool(
        # An address with a secret in it (``/infobrief/einstellungen/<token>/``, a child's
        # calendar feed) is one person's, whoever holds the link.
        (match is not None and any("token" in name for name in match.kwargs))
        # A form with this visitor's CSRF token (it matches their cookie only).
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # Whatever the page read from a session (a draft, an answered survey) is theirs.
        or (session is not None and session.accessed and not session.is_empty())
        # "Ihre Anmeldung ist eingegangen": messages are for one visitor, once.
        or (stored_messages is not None and len(stored_messages) > 0)
        or response.cookies
    )


class CacheHeadersMiddleware:
    """``Cache-Control`` for successful GET answers that do not set their own.

    - What every anonymous visitor gets alike (the public pages, the API's public
      lists, iCal feeds): ``public, max-age=0, must-revalidate``. Browsers and proxies may
      keep it but ask each time; with the ETag the answer is a 304 without a body when
      nothing changed. It varies by ``Cookie`` (logging in or choosing a language
      changes the page), ``Accept-Language`` and ``Accept-Encoding``.
    - A logged-in user's page or an answer to an API token: ``private, no-store`` with
      the rest of Django's never-cache headers; personal data never stays on a shared
      computer's disk.
    - An anonymous page with a CSRF token, a message, a cookie of its own or a secret
      token in its address: ``private, no-cache``, the browser's own cache only.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.has_header("Cache-Control")
        ):
            return response
        if _signed_in(request):
            add_never_cache_headers(response)
        elif _for_this_visitor(request, response):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        patch_vary_headers(response, ("Cookie",))
        return response
