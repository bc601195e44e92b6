"""Every review queue can be downloaded for Excel (CSV for German Excel and XLSX), with
what the page lists: the same items, not the drafts; for coordinators only."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from familienrathaus.core import review
from familienrathaus.core.models import User
from familienrathaus.partners.models import Organisation
from tests.test_review_workflow import KINDS, Kind

pytestmark = pytest.mark.django_db

EXPORTED = [k for k in KINDS if k.name in {"event", "offer"}]


@pytest.fixture(params=EXPORTED, ids=[k.name for k in EXPORTED])
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param


def _queue_with_two_items(kind: Kind, organisation: Organisation, partner_user: User) -> None:
    kind.make(organisation, "submitted")
    changed = kind.make(organisation, "published")
    review.propose_changes(kind.workflow, changed, {"title": "Neu"}, actor=partner_user)
    draft = kind.make(organisation, "draft")
    draft.title = "Entwurf"
    draft.save()


def test_the_queue_page_links_both_downloads(kind: Kind, coordinator_client: Client) -> None:
    html = coordinator_client.get(kind.queue).content.decode()

    assert 'href="?format=csv"' in html and 'href="?format=xlsx"' in html


def test_the_queue_as_csv_for_german_excel(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    coordinator_client: Client,
) -> None:
    _queue_with_two_items(kind, organisation, partner_user)

    response = coordinator_client.get(kind.queue, {"format": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert ".csv" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff")), delimiter=";"))
    assert rows[0] == ["Title", "Partner", "Trusted", "What", "Since", "Address"]
    assert sorted(row[3] for row in rows[1:]) == [
        "Changes to published content",
        "New or sent in again",
    ]
    assert {row[0] for row in rows[1:]} == {"Krabbelgruppe"}  # not the draft
    assert {row[1] for row in rows[1:]} == {organisation.name}
    assert all(row[5].startswith("http") for row in rows[1:])


def test_the_queue_as_xlsx(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    coordinator_client: Client,
) -> None:
    _queue_with_two_items(kind, organisation, partner_user)

    response = coordinator_client.get(kind.queue, {"format": "xlsx"})

    assert response.status_code == 200
    assert ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Title", "Partner", "Trusted", "What", "Since", "Address"]
    assert [row[0] for row in rows[1:]] == ["Krabbelgruppe", "Krabbelgruppe"]


def test_only_reviewers_may_download_the_queue(kind: Kind, partner_client: Client) -> None:
    assert partner_client.get(kind.queue, {"format": "csv"}).status_code == 403
