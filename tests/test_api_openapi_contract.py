"""The OpenAPI document names each schema once and documents the answers an operation
can give (issue 13, point 7: ``DateOut`` and ``ParticipantOut`` of events and holidays
shared a name, so ``GET /api/v1/events/`` was documented with the holidays' shape)."""

from __future__ import annotations

import inspect
import json
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from ninja import Schema
from pydantic import BaseModel

from config.api import api
from familienrathaus.core.api import Message

pytestmark = pytest.mark.django_db


def document(client: Client) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def schema_classes() -> dict[str, set[str]]:
    """Every pydantic schema the API's operations use, by name → defining classes."""
    found: dict[str, set[str]] = defaultdict(set)
    seen: set[type] = set()

    def visit(model: Any) -> None:
        if not (inspect.isclass(model) and issubclass(model, BaseModel)) or model in seen:
            return
        seen.add(model)
        if model.__module__.startswith("familienrathaus"):
            found[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
        for field in model.model_fields.values():
            for inner in _types(field.annotation):
                visit(inner)

    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    visit(model)
                for response in operation.response_models.values():
                    visit(response)
    return found


def _types(annotation: Any) -> list[Any]:
    args = getattr(annotation, "__args__", ())
    return [annotation, *[t for arg in args for t in _types(arg)]]


def test_every_schema_name_belongs_to_one_python_schema(anon_client: Client) -> None:
    names = schema_classes()
    assert names, "no schemas found"

    clashes = {name: classes for name, classes in names.items() if len(classes) > 1}
    assert not clashes
    components = document(anon_client)["components"]["schemas"]
    for name in ("EventDateOut", "OccasionDateOut", "EventParticipantOut"):
        assert name in components
    assert "DateOut" not in components and "ParticipantOut" not in components


def test_events_list_is_documented_with_the_events_shape(anon_client: Client) -> None:
    doc = document(anon_client)
    answer = doc["paths"]["/api/v1/events/"]["get"]["responses"]["200"]
    schema = answer["content"]["application/json"]["schema"]
    assert schema["type"] == "array"
    name = schema["items"]["$ref"].rsplit("/", 1)[-1]
    properties = doc["components"]["schemas"][name]["properties"]
    assert {"title", "start", "end", "all_day", "venue_name", "online_possible"} <= set(properties)


def test_error_answers_are_documented(anon_client: Client) -> None:
    doc = document(anon_client)
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            if operation.get("security"):
                assert "401" in responses, (method, path)
                if method != "get":
                    assert "403" in responses, (method, path)
            if operation.get("requestBody"):
                assert {"400", "422"} <= set(responses), (method, path)
            if operation.get("parameters"):
                assert "422" in responses, (method, path)
            if ("{" in path and method != "get") or "slug}/occasions" in path:
                assert "404" in responses, (method, path)
    booking = doc["paths"]["/api/v1/holidays/bookings"]["post"]["responses"]
    assert {"201", "401", "404", "409", "422", "503"} <= set(booking)


def test_message_schema_is_shared(anon_client: Client) -> None:
    doc = document(anon_client)
    assert doc["components"]["schemas"]["Message"]["properties"]["detail"]["type"] == "string"
    assert issubclass(Message, Schema)


def test_the_document_names_no_key_twice(anon_client: Client) -> None:
    """Swagger UI reads the document as YAML and refuses a key that appears twice (an
    answer documented both by the app and by the API, e.g. 403)."""
    twice: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [key for key, _ in items]
        twice.extend(key for key in set(keys) if keys.count(key) > 1)
        return dict(items)

    json.loads(anon_client.get("/api/v1/openapi.json").content, object_pairs_hook=pairs)
    assert twice == []
