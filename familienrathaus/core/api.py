"""The core part of the API: authentication and who-am-I."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.urls import URLPattern, URLResolver
from django.utils.datastructures import MultiValueDict
from django.utils.translation import pgettext
from ninja import NinjaAPI, Path, Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from ninja.security import APIKeyHeader, HttpBearer, SessionAuth
from pydantic import Field

from familienrathaus.core import registries, selectors
from familienrathaus.core.models import User
from familienrathaus.core.second_factor import has_second_factor


class TokenAuth(HttpBearer):
    """``Authorization: Bearer frh_…`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = selectors.user_for_api_key(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """A logged-in browser session (CSRF-checked for writes by django-ninja)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if (
            user is not None
            and getattr(user, "needs_second_factor", False)
            and not has_second_factor(user)
        ):
            return None
        return user


class ApiKeyAuth(APIKeyHeader):
    """``X-API-Key: frh_…``, for clients that cannot send a bearer token."""

    param_name = "X-API-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = selectors.user_for_api_key(key or "")
        if user is not None:
            request.user = user
        return user


authenticated = [TokenAuth(), ApiKeyAuth(), ActiveSessionAuth()]


# ------------------------------------------------------------- shared schemas and types

# Ids are 64-bit (BigAutoField); a bigger number is no id and would overflow the
# database's integer (a 500 on SQLite), so it is refused with 422 before any query.
MAX_ID = 2**63 - 1
ObjectId = Annotated[int, Path(ge=1, le=MAX_ID)]
BodyId = Annotated[int, Field(ge=1, le=MAX_ID)]
PathSlug = Annotated[str, Path(max_length=220)]


class Message(Schema):
    detail: str


class FieldError(Schema):
    loc: list[str | int]
    msg: str


class ValidationErrors(Schema):
    detail: list[FieldError]


# ------------------------------------------------------------ parsing and documenting


class InvalidText(ValueError):
    """Text that no database can store: a lone UTF-16 surrogate or a NUL character."""


def _check_text(value: Any) -> None:
    if isinstance(value, str):
        if "\x00" in value:
            raise InvalidText("NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError as error:
            raise InvalidText("lone surrogate") from error
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_text(item)
    elif isinstance(value, list):
        for item in value:
            _check_text(item)


class StrictTextParser(Parser):
    """JSON bodies and query values with text a database can store, else 400/422.

    ``json.loads`` accepts ``"x\\ud800y"`` (a lone surrogate) and ``"\\u0000"``; neither
    can be stored as UTF-8 or in PostgreSQL, so saving such a value ended in a 500. They
    are refused here, once for every endpoint."""

    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = json.loads(request.body)
        _check_text(data)
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            try:
                _check_text([key, *[v for v in values if isinstance(v, str)]])
            except InvalidText as error:
                raise NinjaValidationError(
                    [{"loc": ["query", key], "msg": text_refused(), "type": "value_error"}]
                ) from error
        return super().parse_querydict(data, list_fields, request)


def text_refused() -> str:
    return pgettext(
        "api", "Text must not contain NUL characters or lone surrogates (e.g. \\ud800)."
    )


# Answers every operation may give, added to the OpenAPI document where they apply.
_DOCUMENTED = {
    "400": "The body is not JSON, or has text that cannot be stored (see detail)",
    "401": "Authentication needed: Authorization: Bearer frh_…, X-API-Key or a session",
    "403": "Not allowed (with a browser session: the CSRF token is missing)",
    "422": "A parameter or the body does not fit the schema (see detail)",
}


class FamilienrathausAPI(NinjaAPI):
    """The NinjaAPI with the strict text parser, clear 400 and 405 answers in the
    client's language and an OpenAPI document that names the 400/401/422 answers of
    every operation that can give them."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("parser", StrictTextParser())
        super().__init__(**kwargs)
        self.add_exception_handler(HttpError, self._http_error)

    def _http_error(self, request: HttpRequest, exc: HttpError | type[HttpError]) -> HttpResponse:
        if not isinstance(exc, HttpError):
            exc = exc(500, "")
        message = str(exc)
        if isinstance(exc.__cause__, InvalidText):
            message = text_refused()
        elif isinstance(exc.__cause__, ValueError):
            message = pgettext("api", "The body is not valid JSON: %(error)s") % {
                "error": exc.__cause__
            }
        elif exc.status_code == 403 and message == "CSRF check Failed":  # django-ninja's
            message = pgettext("api", "CSRF check failed.")
        return self.create_response(request, {"detail": message}, status=exc.status_code)

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for url in urls:
            if isinstance(url, URLPattern):
                url.callback = self._with_translated_405(url.callback)
        return urls

    def _with_translated_405(
        self, view: Callable[..., HttpResponseBase]
    ) -> Callable[..., HttpResponseBase]:
        """django-ninja answers a method a path does not have with a plain-text English
        "Method not allowed"; this view says it like the API's other errors (``Allow``
        kept, in a stable order)."""

        @functools.wraps(view)
        def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            response = view(request, *args, **kwargs)
            if not isinstance(response, HttpResponseNotAllowed):
                return response
            message = pgettext("api", "Method not allowed.")
            translated = self.create_response(request, {"detail": message}, status=405)
            # django-ninja lists the methods from a set, in a different order per process.
            methods = sorted(method.strip() for method in response["Allow"].split(","))
            translated["Allow"] = ", ".join(methods)
            return translated

        return answer

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, model in (
            ("Message", Message),
            ("FieldError", FieldError),
            ("ValidationErrors", ValidationErrors),
        ):
            if name not in components:
                model_schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
                components.update(model_schema.pop("$defs", {}))
                components[name] = model_schema
        for path_item in schema["paths"].values():
            for method, operation in path_item.items():
                _document_errors(method, operation)
        return schema


def _document_errors(method: str, operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    # django-ninja keys an app's own answers by int (403); JSON would then carry "403"
    # twice, which YAML-minded readers such as Swagger UI refuse.
    for status in [key for key in responses if not isinstance(key, str)]:
        responses[str(status)] = responses.pop(status)

    def add(status: str, ref: str) -> None:
        responses.setdefault(
            status,
            {
                "description": _DOCUMENTED[status],
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}
                },
            },
        )

    if operation.get("security"):
        add("401", "Message")
        if method.lower() != "get":  # session writes are CSRF-checked
            add("403", "Message")
    if operation.get("requestBody"):
        add("400", "Message")
    if operation.get("requestBody") or operation.get("parameters"):
        add("422", "ValidationErrors")


router = Router(tags=["core"])


class SiteOut(Schema):
    alliance_name: str
    municipality: str
    tagline: str
    contact_email: str
    contact_phone: str


class MeOut(Schema):
    email: str
    name: str
    role: str
    organisations: list[str]


@router.get("/site", response=SiteOut, auth=None, summary="The alliance this site belongs to")
def site(request: HttpRequest) -> Any:
    return selectors.site_settings()


@router.get("/me", response=MeOut, auth=authenticated, summary="The user behind the token")
def me(request: HttpRequest) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role or "",  # an operator may have no role in the alliance
        "organisations": [org.name for org in registries.organisations_of(user)],
    }
