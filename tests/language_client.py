"""A test client that reads the site in one language, as a browser that chose it.

Pages carry their language in the path (``/en/angebote/``, ``core.i18n``); an
unprefixed page is German. Tests write the German addresses (``/verwaltung/``) and
assert English texts: this client sends a page's request to its address in its
language (``/en/verwaltung/``) and leaves addresses outside the language patterns
(``/api/v1/``, ``/django-admin/``, ``/sitemap.xml``, static and media files) and those
that already carry a prefix as they are. ``Location`` headers come back as the test
wrote them (``/verwaltung/…`` for ``/en/verwaltung/…``), so a test may compare them
with the German addresses; the pages' own links keep their prefix.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import is_valid_path
from django.utils import translation

from familienrathaus.core.i18n import unprefixed


class LanguageClient(Client):
    def __init__(self, language: str, **defaults: Any) -> None:
        headers = {"accept-language": language, **defaults.pop("headers", {})}
        super().__init__(headers=headers, **defaults)
        self.language = language

    def in_language(self, path: str) -> str:
        if self.language == settings.LANGUAGE_CODE or translation.get_language_from_path(path):
            return path
        prefixed = f"/{self.language}{path}"
        with translation.override(self.language):
            return prefixed if is_valid_path(prefixed) else path

    def request(self, **request: Any) -> Any:
        request["PATH_INFO"] = self.in_language(request["PATH_INFO"])
        response = super().request(**request)
        location = response.get("Location", "")
        if location.startswith(f"/{self.language}/"):
            response["Location"] = unprefixed(location)
        return response
