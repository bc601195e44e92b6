"""A postcard leads only to a public page of this site: never to another host.

The short URL redirects to the stored target, so a target that a browser would read
as another host would make the site an open redirect. Browsers read ``//host`` and
``/\\host`` (the backslash counts as a slash) as "another host"; a scheme
(``https:``, ``javascript:``) or control characters are refused as well. What is left
must be a path this site actually serves, outside the back office and the accounts.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.i18n import unprefixed

MAX_LENGTH = 500


def _closed_prefixes() -> list[str]:
    return [
        reverse("postcards:redirect", kwargs={"code": "x"}).removesuffix("x"),
        reverse("core:dashboard"),
        "/konto/",
        "/django-admin/",
        "/api/",
    ]


def validate_target_path(value: str) -> None:
    if not value.startswith("/") or value.startswith("//"):
        raise ValidationError(
            _("Enter the address of a page of this site, starting with a single “/”."),
            code="not_local",
        )
    if "\\" in value or any(ord(char) < 33 or ord(char) == 127 for char in value):
        raise ValidationError(
            _("The address may not contain spaces, backslashes or control characters."),
            code="bad_characters",
        )
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        raise ValidationError(
            _("Enter the address of a page of this site, starting with a single “/”."),
            code="not_local",
        )
    # A page in any language: checked by its German address.
    path = unprefixed(unquote(parts.path))
    with translation.override(settings.LANGUAGE_CODE):
        _check_page(path, parts.path)


def _check_page(path: str, typed: str) -> None:
    if any(path.startswith(prefix) for prefix in _closed_prefixes()):
        raise ValidationError(
            _("Choose a public page: the back office, accounts and short links cannot be used."),
            code="not_public",
        )
    try:
        resolve(path)
    except Resolver404:
        raise ValidationError(
            _("This site has no page at %(path)s. Please check the address."),
            code="no_page",
            params={"path": typed},
        ) from None
