"""A test client that reads the site in one language, as a browser that chose it.

Pages carry their language in the path (``/en/angebote/``, ``core.i18n``); an
unprefixed page is German, and a browser that prefers another language is sent to its
address on the first visit. Tests write the German addresses (``/verwaltung/``) and
assert English texts: this client sends a page's request straight to its address in
the visitor's language (``/en/verwaltung/``), as a browser lands there after that
redirect. The visitor's language is, as for the site: the language cookie (set by the
switch, ``/sprache/``), else an ``Accept-Language`` given with the request
(``HTTP_ACCEPT_LANGUAGE="tr"``), else the client's own. Addresses outside the language
patterns (``/api/v1/``, ``/django-admin/``, ``/sitemap.xml``, ``/sprache/``, static and
media files) and those that already carry a prefix stay as they are.

``Location`` headers and the links in a page come back as the test wrote them
(``/verwaltung/…`` for ``/en/verwaltung/…``, also in a login's ``?next=``), so a test
may compare them with the German addresses and with ``reverse()``: unlike Django's
client, a request does not leave its language active in the test's own code, which
stays German (``conftest._german_to_begin_with``). The prefix is one rule for every
link, checked where it matters, with Django's own client, in
``tests/test_language_urls.py`` (absolute URLs such as the ``hreflang`` alternates
keep it). A test that renders English texts itself wraps that in
``translation.override("en")``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import is_valid_path
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from familienrathaus.core.i18n import language_codes, unprefixed


class LanguageClient(Client):
    def __init__(self, language: str, **defaults: Any) -> None:
        headers = {"accept-language": language, **defaults.pop("headers", {})}
        super().__init__(headers=headers, **defaults)
        self.language = language

    def visitor_language(self, request: dict[str, Any]) -> str:
        cookie = self.cookies.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie is not None and cookie.value in language_codes():
            return cookie.value
        header = request.get("HTTP_ACCEPT_LANGUAGE")
        if header is None:
            return self.language
        for code, _quality in parse_accept_lang_header(header):
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
        return settings.LANGUAGE_CODE

    def in_language(self, path: str, language: str) -> str:
        if language == settings.LANGUAGE_CODE or translation.get_language_from_path(path):
            return path
        prefixed = f"/{language}{path}"
        with translation.override(language):
            return prefixed if is_valid_path(prefixed) else path

    def request(self, **request: Any) -> Any:
        language = self.visitor_language(request)
        request["PATH_INFO"] = self.in_language(request["PATH_INFO"], language)
        # The test's own code goes on in the language it had: its reverse() gives the
        # German addresses this client hands back.
        with translation.override(translation.get_language()):
            response = super().request(**request)
        location = response.get("Location", "")
        if location.startswith(f"/{language}/"):
            location = unprefixed(location)
            for slash in ("/", "%2F"):  # the login's ?next=/en/verwaltung/
                location = location.replace(f"next={slash}{language}{slash}", f"next={slash}")
            response["Location"] = location
        if not response.streaming and not response.has_header("Content-Encoding"):
            for quote in (b'"', b"'"):
                response.content = response.content.replace(
                    quote + f"/{language}/".encode(), quote + b"/"
                )
        return response
