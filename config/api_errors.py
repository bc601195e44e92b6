"""The API's error answers in the client's language (``Accept-Language``).

django-ninja and pydantic answer in English ("Field required", "Unauthorized",
"Not Found"); these handlers keep ``loc`` and ``type`` machine-readable and put a
translated ``msg``/``detail`` next to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import pgettext
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, ValidationError


def _limit(ctx: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if key in ctx:
            return ctx[key]
    return ""


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "missing": lambda ctx: pgettext("api", "This field is required."),
    "string_too_short": lambda ctx: (
        pgettext("api", "Enter at least %(limit)s characters.")
        % {"limit": _limit(ctx, "min_length")}
    ),
    "string_too_long": lambda ctx: (
        pgettext("api", "Enter at most %(limit)s characters.")
        % {"limit": _limit(ctx, "max_length")}
    ),
    "too_short": lambda ctx: (
        pgettext("api", "Give at least %(limit)s items.") % {"limit": _limit(ctx, "min_length")}
    ),
    "too_long": lambda ctx: (
        pgettext("api", "Give at most %(limit)s items.") % {"limit": _limit(ctx, "max_length")}
    ),
    "int_parsing": lambda ctx: pgettext("api", "Enter a whole number."),
    "int_type": lambda ctx: pgettext("api", "Enter a whole number."),
    "int_from_float": lambda ctx: pgettext("api", "Enter a whole number."),
    "float_parsing": lambda ctx: pgettext("api", "Enter a number."),
    "float_type": lambda ctx: pgettext("api", "Enter a number."),
    "decimal_parsing": lambda ctx: pgettext("api", "Enter a number."),
    "bool_parsing": lambda ctx: pgettext("api", "Enter true or false."),
    "bool_type": lambda ctx: pgettext("api", "Enter true or false."),
    "string_type": lambda ctx: pgettext("api", "Enter a text."),
    "list_type": lambda ctx: pgettext("api", "Give a list."),
    "date_parsing": lambda ctx: pgettext("api", "Enter a valid date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": lambda ctx: pgettext("api", "Enter a valid date (YYYY-MM-DD)."),
    "date_type": lambda ctx: pgettext("api", "Enter a valid date (YYYY-MM-DD)."),
    "datetime_parsing": lambda ctx: pgettext("api", "Enter a valid date and time."),
    "datetime_from_date_parsing": lambda ctx: pgettext("api", "Enter a valid date and time."),
    "time_parsing": lambda ctx: pgettext("api", "Enter a valid time (HH:MM)."),
    "greater_than_equal": lambda ctx: (
        pgettext("api", "Enter a value greater than or equal to %(limit)s.")
        % {"limit": _limit(ctx, "ge")}
    ),
    "greater_than": lambda ctx: (
        pgettext("api", "Enter a value greater than %(limit)s.") % {"limit": _limit(ctx, "gt")}
    ),
    "less_than_equal": lambda ctx: (
        pgettext("api", "Enter a value less than or equal to %(limit)s.")
        % {"limit": _limit(ctx, "le")}
    ),
    "less_than": lambda ctx: (
        pgettext("api", "Enter a value less than %(limit)s.") % {"limit": _limit(ctx, "lt")}
    ),
    "enum": lambda ctx: pgettext("api", "Choose one of the allowed values."),
    "literal_error": lambda ctx: pgettext("api", "Choose one of the allowed values."),
    "uuid_parsing": lambda ctx: pgettext("api", "Enter a valid value."),
    "url_parsing": lambda ctx: pgettext("api", "Enter a valid URL."),
    "json_invalid": lambda ctx: pgettext("api", "Enter a valid value."),
    "extra_forbidden": lambda ctx: pgettext("api", "This field is not allowed."),
}


def translated_error(error: dict[str, Any]) -> dict[str, Any]:
    """One error with ``type`` and ``loc`` as sent and ``msg`` in the active language.

    ``value_error`` carries the message of our own validator (already translated where
    it is ours); it is kept, without pydantic's English "Value error, " prefix."""
    kind = str(error.get("type", ""))
    loc = list(error.get("loc", []))
    message = str(error.get("msg", ""))
    if kind in _MESSAGES:
        message = _MESSAGES[kind](error.get("ctx") or {})
    elif kind in {"value_error", "assertion_error"}:
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        if not message:
            message = pgettext("api", "Enter a valid value.")
    elif kind:
        message = pgettext("api", "Enter a valid value.")
    return {"type": kind or "value_error", "loc": loc, "msg": message}


def install(api: NinjaAPI) -> None:
    """Register the translated answers for validation, 401, 403 and 404 on ``api``."""

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = [translated_error(error) for error in exc.errors]
        return api.create_response(request, {"detail": detail}, status=422)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:
        message = pgettext(
            "api", "Please sign in, or send a valid API token (Authorization: Bearer …)."
        )
        return api.create_response(
            request, {"detail": message}, status=getattr(exc, "status_code", 401)
        )

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:
        message = pgettext("api", "You are not allowed to do this.")
        return api.create_response(
            request, {"detail": message}, status=getattr(exc, "status_code", 403)
        )

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return api.create_response(request, {"detail": pgettext("api", "Not found.")}, status=404)

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(AuthorizationError, forbidden)
    api.add_exception_handler(Http404, not_found)
