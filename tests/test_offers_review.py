"""The review workflow (core.review) with offers: every transition for every role, its
effects (published_at, comment, audit, mails), and changes to published offers."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from familienrathaus.core import review
from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.offers import permissions, services
from familienrathaus.offers.models import Offer
from familienrathaus.partners.services import add_member
from tests.factories import (
    OfferFactory,
    OrganisationFactory,
    UserFactory,
    form_data,
    published,
    theme,
)

pytestmark = pytest.mark.django_db

STATES = ["draft", "submitted", "returned", "rejected", "published", "archived"]
ACTIONS = ["submit", "withdraw", "approve", "return", "reject", "archive", "republish"]
ROLES = ["own_staff", "other_staff", "coordinator", "family", "anonymous"]
OWNER = {"own_staff", "coordinator"}  # coordinators maintain every offer
REVIEWER = {"coordinator"}
# Written out by hand (not taken from core.review) so that this test can catch a change.
ALLOWED = {
    ("submit", "draft"): OWNER,
    ("submit", "returned"): OWNER,
    ("withdraw", "submitted"): OWNER,
    ("approve", "submitted"): REVIEWER,
    ("return", "submitted"): REVIEWER,
    ("reject", "submitted"): REVIEWER,
    ("archive", "draft"): OWNER,
    ("archive", "submitted"): OWNER,
    ("archive", "returned"): OWNER,
    ("archive", "rejected"): OWNER,
    ("archive", "published"): OWNER,
    ("republish", "archived"): REVIEWER,
}
TARGET = {
    "submit": "submitted",
    "withdraw": "draft",
    "approve": "published",
    "return": "returned",
    "reject": "rejected",
    "archive": "archived",
    "republish": "published",
}


def actor_for(role: str, offer: Offer):
    if role == "anonymous":
        return AnonymousUser()
    if role == "family":
        return UserFactory(role=Role.FAMILY)
    if role == "coordinator":
        return UserFactory(role=Role.COORDINATOR)
    user = UserFactory(role=Role.PARTNER)
    organisation = offer.organisation if role == "own_staff" else OrganisationFactory()
    add_member(actor=None, organisation=organisation, user=user)
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_each_transition_is_allowed_exactly_for_its_roles_and_states(action, state, role):
    offer = OfferFactory(status=state)
    actor = actor_for(role, offer)
    allowed = role in ALLOWED.get((action, state), set())

    assert review.can(services.WORKFLOW, actor, offer, action) is allowed
    if allowed:
        services.change_status(actor=actor, offer=offer, action=action, comment="Bitte ergänzen.")
        offer.refresh_from_db()
        assert offer.status == TARGET[action]
        assert AuditEntry.objects.filter(action=f"offer.{action}", object_id=str(offer.pk)).exists()
    else:
        with pytest.raises(review.TransitionNotAllowed):
            services.change_status(actor=actor, offer=offer, action=action, comment="x")
        offer.refresh_from_db()
        assert offer.status == state


@pytest.mark.parametrize("trusted", [False, True])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", STATES)
def test_the_offers_permissions_answer_what_the_review_workflow_answers(state, role, trusted):
    """Views and the API ask ``offers.permissions``; it must agree with core.review."""
    offer = OfferFactory(status=state, organisation=OrganisationFactory(is_trusted=trusted))
    actor = actor_for(role, offer)

    assert permissions.can_submit(actor, offer) is review.can(
        services.WORKFLOW, actor, offer, "submit"
    )
    assert permissions.changes_need_review(actor, offer) is review.needs_review(
        services.WORKFLOW, actor, offer
    )


def test_deactivated_staff_may_do_nothing(partner_user, organisation):
    offer = OfferFactory(organisation=organisation)
    partner_user.is_active = False
    partner_user.save()

    assert review.available(services.WORKFLOW, partner_user, offer) == []


def test_submitting_tells_the_coordinators(partner_user, organisation, coordinator):
    offer = OfferFactory(organisation=organisation, title="Krabbelgruppe Sonnenschein")

    services.change_status(actor=partner_user, offer=offer, action="submit")

    mail = OutboxMessage.objects.get(purpose="offer.submitted")
    assert mail.to == ["koordination@example.org"]
    assert "Krabbelgruppe Sonnenschein" in mail.subject
    assert f"/verwaltung/angebote/pruefen/{offer.pk}/" in mail.body_text


def test_approving_publishes_sets_the_date_and_tells_the_partner(
    partner_user, organisation, coordinator
):
    offer = OfferFactory(
        organisation=organisation, status="submitted", review_comment="Bitte Zeiten ergänzen."
    )

    services.change_status(actor=coordinator, offer=offer, action="approve")

    offer.refresh_from_db()
    assert offer.status == "published"
    assert offer.published_at is not None
    assert offer.review_comment == ""
    mail = OutboxMessage.objects.get(purpose="offer.published")
    assert mail.to == ["partner@example.org"]
    assert offer.title in mail.subject
    entry = AuditEntry.objects.get(action="offer.approve")
    assert entry.actor == coordinator
    assert entry.changes["status"] == {"before": "submitted", "after": "published"}


def test_returning_needs_a_comment(coordinator):
    offer = OfferFactory(status="submitted")

    with pytest.raises(ValidationError) as error:
        services.change_status(actor=coordinator, offer=offer, action="return", comment="  ")

    assert "comment" in error.value.message_dict
    offer.refresh_from_db()
    assert offer.status == "submitted"
    assert not OutboxMessage.objects.exists()


def test_returning_keeps_the_comment_and_mails_it_to_the_partner(
    partner_user, organisation, coordinator
):
    offer = OfferFactory(organisation=organisation, status="submitted")

    services.change_status(
        actor=coordinator, offer=offer, action="return", comment="Bitte die Uhrzeiten ergänzen."
    )

    offer.refresh_from_db()
    assert (offer.status, offer.review_comment) == ("returned", "Bitte die Uhrzeiten ergänzen.")
    mail = OutboxMessage.objects.get(purpose="offer.returned")
    assert mail.to == ["partner@example.org"]
    assert "Bitte die Uhrzeiten ergänzen." in mail.body_text


def test_rejecting_tells_the_partner(partner_user, organisation, coordinator):
    offer = OfferFactory(organisation=organisation, status="submitted")

    services.change_status(actor=coordinator, offer=offer, action="reject", comment="Doppelt.")

    assert OutboxMessage.objects.get(purpose="offer.rejected").to == ["partner@example.org"]


def test_withdrawing_and_archiving_send_no_mail(partner_user, organisation, coordinator):
    offer = OfferFactory(organisation=organisation, status="submitted")

    services.change_status(actor=partner_user, offer=offer, action="withdraw")
    services.change_status(actor=partner_user, offer=offer, action="archive")

    assert not OutboxMessage.objects.exists()


def test_republishing_sets_a_new_publication_date(coordinator, anon_client):
    offer = published(title="Ferienfreizeit am See", slug="ferienfreizeit-am-see")
    first = offer.published_at
    services.change_status(actor=coordinator, offer=offer, action="archive")
    assert anon_client.get("/angebote/ferienfreizeit-am-see/").status_code == 404

    services.change_status(actor=coordinator, offer=offer, action="republish")

    offer.refresh_from_db()
    assert offer.published_at > first
    assert anon_client.get("/angebote/ferienfreizeit-am-see/").status_code == 200


def test_a_transition_the_state_no_longer_allows_is_refused(coordinator):
    offer = OfferFactory(status="submitted")
    stale_copy = Offer.objects.get(pk=offer.pk)
    services.change_status(actor=coordinator, offer=offer, action="reject")

    with pytest.raises(review.TransitionNotAllowed):
        services.change_status(actor=coordinator, offer=stale_copy, action="approve")


# ------------------------------------------------------------------ changes to published


@pytest.fixture
def live_offer(organisation):
    return published(
        organisation=organisation, title="Elterncafé Altstadt", slug="elterncafe-altstadt"
    )


def edit(client, offer, **changes):
    return client.post(f"/verwaltung/angebote/{offer.pk}/bearbeiten/", form_data(**changes))


def test_changes_of_a_partner_wait_for_review_and_the_published_version_stays(
    partner_client, live_offer, anon_client, coordinator
):
    response = edit(
        partner_client,
        live_offer,
        title="Elterncafé Altstadt – jetzt mittwochs",
        themes=[str(theme("Gesundheit").pk), str(theme("Erziehung in der Familie").pk)],
    )

    assert response.status_code == 302
    live_offer.refresh_from_db()
    assert live_offer.title == "Elterncafé Altstadt"
    assert live_offer.status == "published"
    pending = live_offer.pending_changes
    assert pending["state"] == "submitted"
    assert pending["by"] == "partner@example.org"
    assert pending["values"]["title"] == "Elterncafé Altstadt – jetzt mittwochs"
    assert pending["values"]["themes"] == sorted(
        [theme("Gesundheit").pk, theme("Erziehung in der Familie").pk]
    )
    page = anon_client.get("/angebote/elterncafe-altstadt/").content.decode()
    assert "Elterncafé Altstadt" in page
    assert "jetzt mittwochs" not in page
    mail = OutboxMessage.objects.get(purpose="offer.changes_submitted")
    assert mail.to == ["koordination@example.org"]


def test_coordinator_sees_the_changes_side_by_side_and_approves_them(
    partner_client, live_offer, coordinator_client, anon_client
):
    edit(partner_client, live_offer, title="Elterncafé Altstadt – jetzt mittwochs")

    queue = coordinator_client.get("/verwaltung/angebote/pruefen/").content.decode()
    assert f"/verwaltung/angebote/pruefen/{live_offer.pk}/" in queue
    page = coordinator_client.get(f"/verwaltung/angebote/pruefen/{live_offer.pk}/")
    html = page.content.decode()
    row = re.search(r'<th class="kern-table__cell" scope="row">Title</th>(.*?)</tr>', html, re.S)
    assert row, "no row for the title in the comparison"
    before, after = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)
    assert "Elterncafé Altstadt" in before and "mittwochs" not in before
    assert "Elterncafé Altstadt – jetzt mittwochs" in after

    response = coordinator_client.post(
        f"/verwaltung/angebote/pruefen/{live_offer.pk}/", {"step": "approve_changes"}
    )

    assert response.status_code == 302
    live_offer.refresh_from_db()
    assert live_offer.title == "Elterncafé Altstadt – jetzt mittwochs"
    assert live_offer.pending_changes is None
    assert "jetzt mittwochs" in anon_client.get("/angebote/elterncafe-altstadt/").content.decode()
    assert OutboxMessage.objects.get(purpose="offer.changes_published").to == [
        "partner@example.org"
    ]
    assert AuditEntry.objects.get(action="offer.approve_changes").changes["title"]["after"] == (
        "Elterncafé Altstadt – jetzt mittwochs"
    )


def test_returned_changes_keep_their_values_for_the_partner(
    partner_client, live_offer, coordinator_client
):
    edit(partner_client, live_offer, title="Elterncafé Altstadt – neu")

    response = coordinator_client.post(
        f"/verwaltung/angebote/pruefen/{live_offer.pk}/",
        {"step": "return_changes", "comment": "Bitte den Ort nennen."},
    )

    assert response.status_code == 302
    live_offer.refresh_from_db()
    assert live_offer.title == "Elterncafé Altstadt"
    assert live_offer.pending_changes["state"] == "returned"
    assert live_offer.pending_changes["comment"] == "Bitte den Ort nennen."
    mail = OutboxMessage.objects.get(purpose="offer.changes_returned")
    assert "Bitte den Ort nennen." in mail.body_text
    manage = partner_client.get(f"/verwaltung/angebote/{live_offer.pk}/").content.decode()
    assert "Bitte den Ort nennen." in manage
    form = partner_client.get(f"/verwaltung/angebote/{live_offer.pk}/bearbeiten/").content.decode()
    assert 'value="Elterncafé Altstadt – neu"' in form
    # Saving again sends them for review again.
    edit(partner_client, live_offer, title="Elterncafé Altstadt – Marktplatz 3")
    live_offer.refresh_from_db()
    assert live_offer.pending_changes["state"] == "submitted"
    assert live_offer.pending_changes["values"]["title"] == "Elterncafé Altstadt – Marktplatz 3"


def test_returning_changes_needs_a_comment(partner_client, live_offer, coordinator_client):
    edit(partner_client, live_offer, title="Elterncafé Altstadt – neu")

    response = coordinator_client.post(
        f"/verwaltung/angebote/pruefen/{live_offer.pk}/", {"step": "return_changes"}, follow=True
    )

    assert response.redirect_chain[-1][0] == f"/verwaltung/angebote/pruefen/{live_offer.pk}/"
    assert "Please say what should be changed." in response.content.decode()
    live_offer.refresh_from_db()
    assert live_offer.pending_changes["state"] == "submitted"


def test_partner_may_withdraw_the_changes(partner_client, live_offer):
    edit(partner_client, live_offer, title="Elterncafé Altstadt – neu")

    response = partner_client.post(
        f"/verwaltung/angebote/{live_offer.pk}/status/", {"step": "withdraw_changes"}
    )

    assert response.status_code == 302
    live_offer.refresh_from_db()
    assert live_offer.pending_changes is None
    assert live_offer.title == "Elterncafé Altstadt"


def test_changes_of_a_trusted_partner_go_online_at_once(
    partner_client, live_offer, organisation, anon_client
):
    organisation.is_trusted = True
    organisation.save()

    edit(partner_client, live_offer, title="Elterncafé Altstadt – jetzt mittwochs")

    live_offer.refresh_from_db()
    assert live_offer.title == "Elterncafé Altstadt – jetzt mittwochs"
    assert live_offer.pending_changes is None
    assert "jetzt mittwochs" in anon_client.get("/angebote/elterncafe-altstadt/").content.decode()
    assert not OutboxMessage.objects.filter(purpose="offer.changes_submitted").exists()


def test_coordinators_changes_go_online_at_once(coordinator_client, live_offer):
    edit(coordinator_client, live_offer, title="Elterncafé Altstadt (Korrektur)")

    live_offer.refresh_from_db()
    assert live_offer.title == "Elterncafé Altstadt (Korrektur)"
    assert live_offer.pending_changes is None


def test_changes_to_a_draft_are_saved_directly(partner_client, organisation):
    draft = OfferFactory(organisation=organisation, title="Hausaufgabenhilfe")

    edit(partner_client, draft, title="Hausaufgabenhilfe für Klasse 1–4")

    draft.refresh_from_db()
    assert draft.title == "Hausaufgabenhilfe für Klasse 1–4"
    assert draft.pending_changes is None


def test_archiving_a_published_offer_drops_waiting_changes(
    partner_client, partner_user, live_offer
):
    edit(partner_client, live_offer, title="Elterncafé Altstadt – neu")

    services.change_status(actor=partner_user, offer=live_offer, action="archive")

    live_offer.refresh_from_db()
    assert live_offer.status == "archived"
    assert live_offer.pending_changes is None
