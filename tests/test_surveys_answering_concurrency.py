"""300 families send their answers in the same second; a limited survey gets more
answers at once than it takes.

Real threads, each with its own database connection and real transactions
(``transaction=True``), through the test client and the views, on SQLite and on
PostgreSQL (``scripts/throwaway_postgres.py``). Every family gets a page, not an error;
every answer sent is stored exactly once; the limit is never exceeded because finishing
counts the complete responses under the survey's row lock.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from familienrathaus.surveys.models import Answer, Question, Response, Survey
from tests.factories.surveys import QuestionFactory, SectionFactory, SurveyFactory, options
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db(transaction=True)

KEY = re.compile(r'name="submission_key" value="([^"]+)"')


# Requests a server works on at once (gunicorn's workers and threads); the others wait in
# its queue, as they would in production. 300 requests inside one process at the same
# time is not a server, and on a busy machine SQLite's lock wait (20 s) runs out.
SERVER_SLOTS = 16


def _connection_slots(count: int) -> int:
    """Like a web server: at most ``SERVER_SLOTS`` requests run at once (on PostgreSQL
    also fewer than ``max_connections``); the others are in flight and wait."""
    if connection.vendor != "postgresql":
        return min(count, SERVER_SLOTS)
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
    return max(10, min(count, SERVER_SLOTS, limit - 15))


def _one_page_survey(**kwargs: object) -> Survey:
    survey = SurveyFactory(status=Survey.Status.PUBLISHED, **kwargs)
    section = SectionFactory(survey=survey, position=0)
    question = QuestionFactory(section=section, code="zufrieden", required=True)
    options(question, "Ja", "Nein")
    QuestionFactory(section=section, code="warum", kind=Question.Kind.TEXT)
    return survey


def _rush(survey: Survey, count: int) -> list[tuple[int, int]]:
    """``count`` families open the survey, then all send at the same moment; returns
    (status of the start, status of the sending) per family."""
    url = survey.get_absolute_url()
    barrier = threading.Barrier(count)
    slots = threading.BoundedSemaphore(_connection_slots(count))

    def one(number: int) -> tuple[int, int]:
        client = LanguageClient("en")
        with slots:
            try:
                started = client.post(url)
                page = started["Location"]
                key = KEY.search(client.get(page).content.decode())
            finally:
                connections.close_all()
        assert key
        data = {
            "action": "finish",
            "submission_key": key.group(1),
            "q-zufrieden": "1",
            "q-warum": f"Familie {number}",
        }
        barrier.wait(timeout=900)  # all have their page; now they send at once
        with slots:
            try:
                sent = client.post(page, data)
                while sent.status_code == 429:  # "please press again": the family does
                    sent = client.post(page, data)
                client.post(page, data)  # and a double click on top
                return started.status_code, sent.status_code
            finally:
                connections.close_all()

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def test_300_families_at_the_same_moment_lose_nothing():
    survey = _one_page_survey()
    statuses = _rush(survey, 300)
    assert Counter(statuses) == {(302, 302): 300}  # no error page for anyone
    complete = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
    assert complete.count() == 300
    assert not Response.objects.filter(survey=survey).exclude(status="complete").exists()
    texts = list(Answer.objects.filter(question__code="warum").values_list("value_text", flat=True))
    assert sorted(texts) == sorted(f"Familie {n}" for n in range(300))  # each once


def test_a_limit_is_never_exceeded_when_more_send_at_once():
    survey = _one_page_survey(max_answers=40)
    statuses = _rush(survey, 100)
    assert Counter(sent for _started, sent in statuses) == {302: 40, 409: 60}
    assert Response.objects.filter(survey=survey, status="complete").count() == 40
    # Those who came too late keep nothing half-written.
    assert Response.objects.filter(survey=survey).count() == 40
