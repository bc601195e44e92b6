"""Anonymity, proven on the stored rows: after families answered an anonymous survey
and a survey with invitation codes through the public pages (with an IP address and a
user agent on every request), no row that holds an answer can be joined to an account,
an IP address, a user agent, a code or a time finer than a day.

The test reads the tables with plain SQL (every column, not only the model's fields),
and besides the answer tables it scans every table of the database for the IP address,
the user agent and the codes, so a log or session table that kept them would fail too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.test import Client

from familienrathaus.surveys.models import Answer, InvitationCode, Response, Survey
from tests.factories.surveys import make_survey

pytestmark = pytest.mark.django_db

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 14; Familienhandy-4711) AnonymityProbe/1.0"
TIME = re.compile(r"\d{1,2}:\d{2}")


def _client() -> Client:
    return Client(REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT, HTTP_ACCEPT_LANGUAGE="de")


def _answer(survey: Survey, code: str = "") -> None:
    client = _client()
    start = client.post(survey.get_absolute_url(), {"code": code} if code else {})
    assert start.status_code == 302
    first = start["Location"]
    second = client.post(
        first,
        {
            "action": "next",
            "q-kinder": "1",
            "q-wuensche": ["2", "__other"],
            "q-wuensche-other": "Mehr Bänke",
        },
    )["Location"]
    html = client.get(second).content.decode()
    key = re.search(r'name="submission_key" value="([^"]+)"', html)
    assert key
    done = client.post(
        second,
        {
            "action": "finish",
            "submission_key": key.group(1),
            "q-kita-plaetze": "4",
            "q-anmerkung": "Alles gut",
        },
    )
    assert done.status_code == 302


def _rows(model: type[models.Model]) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _answer_models() -> list[type[models.Model]]:
    """Response, Answer and every other model that points at one of them."""
    found = [Response, Answer]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                field.concrete
                and field.is_relation
                and field.related_model in (Response, Answer)
                and model not in found
            ):
                found.append(model)
    return found


def test_no_answer_row_can_be_joined_to_a_person_a_code_or_a_time():
    anonymous = make_survey(status=Survey.Status.PUBLISHED)
    coded = make_survey(status=Survey.Status.PUBLISHED, access=Survey.Access.CODES)
    codes = [
        InvitationCode.objects.create(survey=coded, code=c).code for c in ("ABCD2345", "WXYZ6789")
    ]
    for _ in range(2):
        _answer(anonymous)
    for code in codes:
        _answer(coded, code)
    assert Response.objects.filter(status=Response.Status.COMPLETE).count() == 4
    assert Answer.objects.count() == 4 * 5

    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for model in _answer_models():
        # No column of these tables may point at an account or a code, or hold a moment.
        for field in model._meta.concrete_fields:
            assert field.related_model not in (user_model, InvitationCode) or all(
                row[field.column] is None for row in _rows(model)
            ), f"{model.__name__}.{field.name} links an account or a code"
            assert not isinstance(field, models.DateTimeField), (
                f"{model.__name__}.{field.name} could hold a time"
            )
        for row in _rows(model):
            for column, value in row.items():
                where = f"{model._meta.db_table}.{column} = {value!r}"
                assert not isinstance(value, dt.datetime), where
                text = str(value)
                assert IP not in text and "203.0.113" not in text, where
                assert "AnonymityProbe" not in text and "Android" not in text, where
                assert not any(code in text.upper() for code in codes), where
                assert not (isinstance(value, str) and TIME.search(value)), where

    # The code is only marked used, without a link or a time (and belongs to an alliance).
    assert [f.name for f in InvitationCode._meta.concrete_fields] == [
        "id",
        "alliance",
        "survey",
        "code",
        "used",
    ]
    assert all(row["used"] for row in _rows(InvitationCode) if row["code"] in codes)

    # Nothing anywhere else kept the IP address, the user agent or which code was used:
    # no session, no log row, no audit entry.
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    for table in tables:
        if table == InvitationCode._meta.db_table:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert IP not in text, table
                assert "AnonymityProbe" not in text, table
                assert not any(code in text for code in codes), table


def test_a_completed_anonymous_response_keeps_only_the_day():
    survey = make_survey(status=Survey.Status.PUBLISHED)
    _answer(survey)
    row = _rows(Response)[0]
    assert row["resume_token"] is None
    assert row["user_id"] is None
    assert isinstance(row["submitted_on"], dt.date | str)
    assert len(str(row["submitted_on"])) == 10  # YYYY-MM-DD, nothing finer
