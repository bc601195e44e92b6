"""A bounded schemathesis run against the whole API, inside the test suite.

Every operation of ``/api/v1/openapi.json`` gets generated requests - valid ones
(positive) and ones that break the schema (negative: wrong types, too long, missing
fields, lone surrogates …) - sent through Django's WSGI application in this process,
with a partner's API token, so the authenticated operations are exercised too. The
run is fixed (``derandomize``: the same examples on every run) and bounded
(``EXAMPLES`` per operation and mode, no shrinking), so it takes well under a minute.

Bar (issue 13, point 7): no server error, no answer outside the documented status
codes, every answer matches its documented schema and content type.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, openapi
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from familienrathaus.core import services as core_services
from familienrathaus.core.models import User
from familienrathaus.partners.models import Organisation
from tests.factories import ChildFactory, OccasionFactory, OfferFactory, make_event

pytestmark = pytest.mark.django_db

EXAMPLES = 10
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@contextmanager
def connection_kept_open() -> Iterator[None]:
    """Like Django's test client: a request through the WSGI application must not close
    the database connection (and with it the test's transaction) when it ends."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def some_data(organisation: Organisation, partner_user: User) -> None:
    """A little of everything, so that not every answer is an empty list or a 404."""
    OfferFactory(organisation=organisation, published=True)
    make_event(organisation=organisation, registration_required=True, capacity=10)
    occasion = OccasionFactory(activity__organisation=organisation)
    ChildFactory(family=partner_user, birth_date=date(2018, 3, 1))
    assert occasion.pk


def explore(
    operation: Any,
    mode: GenerationMode,
    headers: dict[str, str],
    failures: list[str],
    counted: dict[str, int],
) -> None:
    """``EXAMPLES`` generated requests for one operation; failed checks are collected."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        counted["examples"] += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as error:
            failures.append(
                f"{mode.value} {case.method} {case.formatted_path} "
                f"→ {response.status_code}: {str(error)[:600]}"
            )

    try:
        run()
    except Unsatisfiable:  # nothing to break: an operation without parameters or body
        assert mode == GenerationMode.NEGATIVE


def test_api_conforms_to_its_openapi_document(
    anon_client: Client, partner_user: User, some_data: None
) -> None:
    document = anon_client.get("/api/v1/openapi.json").json()
    schema = openapi.from_dict(document)
    schema.app = WSGIHandler()
    _token, key = core_services.create_api_token(user=partner_user, name="schemathesis")
    # Schemathesis calls the WSGI application directly and does not undo gzip, which the
    # API applies to larger answers when asked (tests/test_delivery.py checks that).
    headers = {"Authorization": f"Bearer {key}", "Accept-Encoding": "identity"}
    failures: list[str] = []
    counted = {"examples": 0, "operations": 0}

    with connection_kept_open():
        for result in schema.get_all_operations():
            operation = result.ok()
            counted["operations"] += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                explore(operation, mode, headers, failures, counted)

    print(f"schemathesis: {counted['operations']} operations, {counted['examples']} examples")
    assert counted["operations"] >= 15
    assert not failures, "\n\n".join(failures[:10]) + f"\n\n({len(failures)} failures)"
