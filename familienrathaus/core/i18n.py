"""The language of a page lives in its address.

Every HTML page is routed through ``i18n_patterns(prefix_default_language=False)``
(``config/urls.py``): German has no prefix (``/angebote/``), the other languages have
one (``/tr/angebote/``). A shared link therefore opens in the language it was copied
in, and a page's address alone decides its language (Django's ``LocaleMiddleware``
reads it from the path; an unprefixed page is German whatever the cookie says).

Three things build on that:

- :func:`path_in_language` gives the same page in another language, query string
  kept; the header's switch (``core.views.language``) and the ``<link rel="alternate"
  hreflang>`` of every page (:func:`alternates`) use it.
- :class:`LocaleMiddleware` (in place of Django's): a first visit to an unprefixed page from a
  browser that prefers another of our languages (``Accept-Language``), or from a
  visitor whose language cookie names one, goes to that language's address with a
  302. Once the cookie says German (the visitor chose it in the switch) it never
  does. Only browsers' page requests are redirected (a GET or HEAD asking for HTML,
  or saying nothing about what it accepts): feed readers and calendar clients keep
  the unprefixed feeds they subscribed to. Addresses outside the language patterns
  (the API, the Django admin, the sitemap) are answered in the request's language
  (``Accept-Language``), not always in German as Django's middleware would.
- :func:`unprefixed` takes the prefix off a path, for checks that look at the path
  (the back office's second-factor gate).

Each alliance offers its own languages (``SiteSettings.languages``, German always):
:func:`offered_languages` is the one filter. The switch, the ``hreflang`` links and the
sitemap list only those; a visitor's cookie or browser counts only for an offered one,
and an address in another language goes to the page in the best offered one (302).

Redirecting sets no cookie and carries ``Vary: Accept-Language, Cookie``, so a page's
German answer stays the same for every anonymous visitor and keeps its ETag and shared
caching (``core.middleware``, "delivery").
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.urls import get_script_prefix, is_valid_path, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from familienrathaus.core import site_options


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def offered_languages() -> list[str]:
    """The languages the active alliance offers (all of the install's when it chose
    none), German always, in the install's order."""
    return list(site_options.options().languages)


def language_of_path(path: str) -> str:
    """The language a path is in: its prefix, or German without one."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def unprefixed(path: str) -> str:
    """``/tr/verwaltung/`` → ``/verwaltung/``; a German path stays as it is."""
    code = translation.get_language_from_path(path)
    if code is None:
        return path
    return path.removeprefix(f"/{code}") or "/"


def _prefixed(path: str, code: str) -> str:
    bare = unprefixed(path)
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


def path_in_language(url: str, code: str) -> str:
    """The same page in language ``code``: the path translated, the query string kept.

    ``url`` is a local path with an optional query (``/tr/angebote/?q=kita``). Django's
    ``translate_url`` resolves it in the language it is in and reverses it in the
    other; a page whose route has no name gets its prefix swapped instead, if that
    address exists. Anything else comes back unchanged.
    """
    with translation.override(language_of_path(url)):
        translated = translate_url(url, code)
    if translated != url or language_of_path(url) == code:
        return translated
    parts = urlsplit(url)
    swapped = _prefixed(parts.path, code)
    with translation.override(code):
        if not is_valid_path(swapped):
            return url
    return urlunsplit(("", "", swapped, parts.query, parts.fragment))


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of the page in every language, plus ``x-default``
    (German); empty for an address that is no page (a 404 of the resolver)."""
    if getattr(request, "resolver_match", None) is None:
        return []
    full_path = request.get_full_path()
    links = [
        (code, request.build_absolute_uri(path_in_language(full_path, code)))
        for code in offered_languages()
    ]
    default = dict(links)[settings.LANGUAGE_CODE]
    return [*links, ("x-default", default)]


def _wants_html(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return not accept or "text/html" in accept


def preferred_language(request: HttpRequest) -> str:
    """The visitor's language: their cookie's, else their browser's best match among
    the offered ones (``Accept-Language``), else German."""
    offered = offered_languages()
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in offered:
        return str(cookie)
    accepted = parse_accept_lang_header(request.headers.get("Accept-Language", ""))
    for code, _quality in accepted:
        if code == "*":
            break
        for candidate in (code.lower(), code.lower().split("-")[0]):
            if candidate in offered:
                return candidate
    return str(settings.LANGUAGE_CODE)


def _is_page(request: HttpRequest, path: str) -> bool:
    """Whether ``path`` (unprefixed) is one of the pages inside ``i18n_patterns``: it
    exists under a language prefix too."""
    other = next(code for code in language_codes() if code != settings.LANGUAGE_CODE)
    with translation.override(other):
        return bool(is_valid_path(f"/{other}{path}", getattr(request, "urlconf", None)))


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's ``LocaleMiddleware`` for pages whose language is in the address, and:

    - an address outside the language patterns (``/api/v1/``, ``/django-admin/``,
      ``/sitemap.xml``, ``/sprache/``) is answered in the request's language (cookie,
      else ``Accept-Language``) instead of always in German, so the API's messages
      follow ``Accept-Language``;
    - a browser's first visit of a German page goes to its preferred language (302).
    """

    # Django's MiddlewareMixin answers with what process_request returns (its stub: None).
    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:  # type: ignore[override]
        super().process_request(request)
        in_path = translation.get_language_from_path(request.path_info)
        if in_path is not None:
            return None if in_path in offered_languages() else self._to_offered(request)
        is_page = _is_page(request, request.path_info)
        if not is_page:
            language = preferred_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            return None
        return self._first_visit_redirect(request)

    def _to_offered(self, request: HttpRequest) -> HttpResponseRedirect:
        """An address in a language the alliance does not offer: the same page in the
        visitor's best offered language (German at the least)."""
        code = preferred_language(request)
        translation.activate(code)
        script_prefix = get_script_prefix()
        local = request.get_full_path().removeprefix(script_prefix.rstrip("/"))
        response = HttpResponseRedirect(script_prefix.rstrip("/") + path_in_language(local, code))
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _first_visit_redirect(self, request: HttpRequest) -> HttpResponseRedirect | None:
        if request.method not in ("GET", "HEAD") or not _wants_html(request):
            return None
        code = preferred_language(request)
        if code == settings.LANGUAGE_CODE:
            return None
        with translation.override(code):
            if not is_valid_path(f"/{code}{request.path_info}", getattr(request, "urlconf", None)):
                return None
        script_prefix = get_script_prefix()
        target = request.get_full_path().replace(script_prefix, f"{script_prefix}{code}/", 1)
        response = HttpResponseRedirect(target)
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response
