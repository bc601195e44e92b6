"""Reviewed content (core.review) through HTTP, the same for all four kinds: offers,
events, holiday activities and news posts. Submit, approve with a comment (it reaches
the partner's mail and page), a change proposal shown with field labels and sent
back, a rejection; a step that is not allowed gets the one answer; staff of another
organisation cannot act."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core import review
from familienrathaus.core.models import AllianceMembership, AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.events.workflow import WORKFLOW as EVENTS
from familienrathaus.holidays.workflow import WORKFLOW as HOLIDAYS
from familienrathaus.news.workflow import WORKFLOW as NEWS
from familienrathaus.offers.workflow import WORKFLOW as OFFERS
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import (
    ActivityFactory,
    NewsPostFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
    make_event,
)

pytestmark = pytest.mark.django_db

COMMENT = "Bitte nennen Sie noch die Öffnungszeiten in den Ferien."


@dataclass(frozen=True)
class Kind:
    name: str
    workflow: review.Workflow
    make: Callable[[Organisation, str], Any]
    # The addresses users know: the item's page, its status address, the queue.
    base: str
    queue: str
    # The page a coordinator reviews on (offers have their own review page).
    review_path: Callable[[Any], str]

    def page(self, obj: Any) -> str:
        return f"{self.base}{obj.pk}/"

    def transition(self, obj: Any) -> str:
        return f"{self.base}{obj.pk}/status/"


def _offer(organisation: Organisation, status: str) -> Any:
    return OfferFactory(organisation=organisation, status=status, title="Krabbelgruppe")


def _event(organisation: Organisation, status: str) -> Any:
    return make_event(organisation=organisation, status=status, title="Krabbelgruppe")


def _activity(organisation: Organisation, status: str) -> Any:
    return ActivityFactory(organisation=organisation, status=status, title="Krabbelgruppe")


def _post(organisation: Organisation, status: str) -> Any:
    return NewsPostFactory(organisation=organisation, status=status, title="Krabbelgruppe")


KINDS = [
    Kind(
        "offer",
        OFFERS,
        _offer,
        "/verwaltung/angebote/",
        "/verwaltung/angebote/pruefen/",
        lambda o: f"/verwaltung/angebote/pruefen/{o.pk}/",
    ),
    Kind(
        "event",
        EVENTS,
        _event,
        "/verwaltung/veranstaltungen/",
        "/verwaltung/veranstaltungen/pruefen/",
        EVENTS.page,
    ),
    Kind(
        "holiday_activity",
        HOLIDAYS,
        _activity,
        "/verwaltung/ferienspass/angebote/",
        "/verwaltung/ferienspass/pruefung/",
        HOLIDAYS.page,
    ),
    Kind(
        "news",
        NEWS,
        _post,
        "/verwaltung/neuigkeiten/",
        "/verwaltung/neuigkeiten/pruefen/",
        NEWS.page,
    ),
]


@pytest.fixture(params=KINDS, ids=[k.name for k in KINDS])
def kind(request: pytest.FixtureRequest) -> Kind:
    return request.param


def mails(purpose: str, to: str) -> list[OutboxMessage]:
    return [m for m in OutboxMessage.objects.filter(purpose=purpose) if to in m.to]


def test_the_review_queue_lists_submissions_and_proposals_for_coordinators_only(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    partner_client: Client,
    coordinator_client: Client,
) -> None:
    submitted = kind.make(organisation, "submitted")
    changed = kind.make(organisation, "published")
    review.propose_changes(kind.workflow, changed, {"title": "Neu"}, actor=partner_user)
    kind.make(organisation, "draft")

    html = coordinator_client.get(kind.queue).content.decode()

    assert html.count('href="' + kind.review_path(submitted) + '"') == 1
    assert html.count('href="' + kind.review_path(changed) + '"') == 1
    assert html.count("Krabbelgruppe</a>") == 2  # not the draft
    assert partner_client.get(kind.queue).status_code == 403


def test_submit_then_approve_with_a_comment_that_reaches_mail_and_page(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    partner_client: Client,
    coordinator: User,
    coordinator_client: Client,
) -> None:
    obj = kind.make(organisation, "draft")
    User.objects.filter(pk=partner_user.pk).update(language="en")  # mails in their language

    response = partner_client.post(kind.transition(obj), {"step": "submit"}, follow=True)

    assert "was submitted for review" in response.content.decode()
    obj.refresh_from_db()
    assert obj.status == "submitted"
    assert mails(f"{kind.name}.submitted", coordinator.email)

    response = coordinator_client.post(
        kind.transition(obj), {"step": "approve", "comment": COMMENT}
    )

    assert response.status_code == 302
    obj.refresh_from_db()
    assert (obj.status, obj.review_comment) == ("published", COMMENT)
    assert obj.published_at is not None
    [mail] = mails(f"{kind.name}.published", partner_user.email)
    assert "Krabbelgruppe" in mail.subject and "Published" in mail.subject
    assert COMMENT in mail.body_text
    page = partner_client.get(kind.page(obj)).content.decode()
    assert "Comment from the family office" in page and COMMENT in page
    assert AuditEntry.objects.filter(action=f"{kind.workflow.name}.approve").count() == 1


def test_a_change_proposal_is_shown_with_field_labels_and_sent_back(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    partner_client: Client,
    coordinator_client: Client,
) -> None:
    obj = kind.make(organisation, "published")
    review.propose_changes(
        kind.workflow, obj, {"title": "Krabbelgruppe am Mittwoch"}, actor=partner_user
    )

    page = coordinator_client.get(kind.review_path(obj)).content.decode()

    row = re.search(r'scope="row">Title</th>(.*?)</tr>', page, re.S)
    assert row, "the proposal names the field by its label"
    before, after = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert "Krabbelgruppe" in before and "Mittwoch" not in before
    assert "Krabbelgruppe am Mittwoch" in after
    assert ">title<" not in page  # never a raw key of the stored proposal

    coordinator_client.post(kind.transition(obj), {"step": "return_changes", "comment": COMMENT})

    obj.refresh_from_db()
    assert obj.title == "Krabbelgruppe"  # the published version stays
    assert obj.pending_changes["state"] == "returned"
    [mail] = mails(f"{kind.name}.changes_returned", partner_user.email)
    assert COMMENT in mail.body_text
    assert COMMENT in partner_client.get(kind.page(obj)).content.decode()


def test_a_submission_is_rejected_with_a_comment(
    kind: Kind,
    organisation: Organisation,
    partner_user: User,
    partner_client: Client,
    coordinator_client: Client,
) -> None:
    obj = kind.make(organisation, "submitted")
    User.objects.filter(pk=partner_user.pk).update(language="en")  # mails in their language

    coordinator_client.post(kind.transition(obj), {"step": "reject", "comment": COMMENT})

    obj.refresh_from_db()
    assert obj.status == "rejected"
    [mail] = mails(f"{kind.name}.rejected", partner_user.email)
    assert "Not published" in mail.subject and COMMENT in mail.body_text
    assert COMMENT in partner_client.get(kind.page(obj)).content.decode()


@pytest.mark.parametrize("step", ["approve", "publish-now", ""])
def test_a_step_that_is_not_allowed_gets_the_one_answer(
    kind: Kind, step: str, organisation: Organisation, partner_client: Client
) -> None:
    obj = kind.make(organisation, "submitted")

    response = partner_client.post(kind.transition(obj), {"step": step}, follow=True)

    assert response.redirect_chain == [(kind.page(obj), 302)]
    assert "This step is not possible for “Krabbelgruppe” now" in response.content.decode()
    obj.refresh_from_db()
    assert obj.status == "submitted"


def test_sending_back_needs_a_comment_shown_next_to_the_field(
    kind: Kind, organisation: Organisation, coordinator_client: Client
) -> None:
    obj = kind.make(organisation, "submitted")

    response = coordinator_client.post(
        kind.transition(obj), {"step": "return", "back": kind.review_path(obj)}, follow=True
    )

    html = response.content.decode()
    assert re.search(
        r'id="id_comment-error"><p class="kern-body">Please say what should be changed.', html
    )
    obj.refresh_from_db()
    assert obj.status == "submitted"


@pytest.mark.parametrize("role", [Role.PARTNER, Role.FAMILY])
def test_staff_of_another_organisation_or_without_the_partner_role_cannot_act(
    kind: Kind, role: str, organisation: Organisation
) -> None:
    obj = kind.make(organisation, "draft")
    stranger: Any = UserFactory(role=role)
    # A partner of another organisation; or a member who lost the partner-staff role.
    add_member(
        actor=None,
        organisation=OrganisationFactory.create() if role == Role.PARTNER else organisation,
        user=stranger,
    )
    if role == Role.FAMILY:
        AllianceMembership.objects.filter(user=stranger).update(role=Role.FAMILY)
        stranger.refresh_from_db()
    client = english_client(stranger)

    response = client.post(kind.transition(obj), {"step": "submit"})

    assert response.status_code in (403, 404)
    obj.refresh_from_db()
    assert obj.status == "draft"
    assert not AuditEntry.objects.filter(action=f"{kind.workflow.name}.submit").exists()
