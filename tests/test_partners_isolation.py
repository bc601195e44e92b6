"""Bar: no partner staff member can read another organisation's hidden data or change its
profile, addresses, contacts or staff, through any view or API endpoint.

A staff member of organisation A tries every partners URL (GET and POST) and every
API endpoint against organisation B (hidden) and C (public). Each attempt must be
refused (403 or 404, or B/C must simply not appear), and afterwards the database is
exactly as before. ``test_every_partners_url_is_covered`` fails when a new URL is
added to partners/urls.py without a case here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import get_resolver, reverse

from familienrathaus.core.models import AllianceMembership, AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation
from familienrathaus.partners.services import add_member
from tests.factories import AddressFactory, ContactPersonFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = {403, 404}


@dataclass
class World:
    own: Organisation
    hidden: Organisation  # another organisation, not public: its "draft" profile
    public: Organisation  # another organisation, public
    hidden_address: Address
    hidden_contact: ContactPerson  # a public contact of the hidden organisation
    secret_contact: ContactPerson  # a contact of the public one who did not agree
    public_contact: ContactPerson
    public_address: Address
    other_membership: Membership
    own_address: Address
    own_contact: ContactPerson


@pytest.fixture
def world(partner_user: User, organisation: Organisation) -> World:
    hidden = OrganisationFactory(name="Verborgener Verein", slug="verborgen", is_public=False)
    public = OrganisationFactory(name="Offener Verein", slug="offen")
    colleague = UserFactory(role=Role.PARTNER, email="kollegin@offen.example")
    return World(
        own=organisation,
        hidden=hidden,
        public=public,
        hidden_address=AddressFactory(organisation=hidden, street="Geheimweg 1"),
        hidden_contact=ContactPersonFactory(organisation=hidden, name="Hanna Hidden"),
        secret_contact=ContactPersonFactory(
            organisation=public, name="Sven Secret", is_public=False
        ),
        public_contact=ContactPersonFactory(organisation=public, name="Paula Public"),
        public_address=AddressFactory(organisation=public, street="Offener Weg 2"),
        other_membership=add_member(actor=None, organisation=public, user=colleague),
        own_address=AddressFactory(organisation=organisation, street="Eigener Weg 3"),
        own_contact=ContactPersonFactory(organisation=organisation, name="Olga Own"),
    )


def snapshot() -> dict[str, Any]:
    """Everything a refused request must leave untouched."""
    return {
        "organisations": list(Organisation.objects.order_by("pk").values()),
        "addresses": list(Address.objects.order_by("pk").values()),
        "contacts": list(ContactPerson.objects.order_by("pk").values()),
        "memberships": list(Membership.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values_list("pk", "email")),
        "roles": list(AllianceMembership.objects.order_by("pk").values_list("user_id", "role")),
        "audit": AuditEntry.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


PROFILE = {
    "name": "Übernommen",
    "kind": "verein",
    "description": "gehackt",
    "logo_alt": "",
    "website": "https://evil.example",
    "email": "evil@example.org",
    "phone": "0123 456",
    "is_public": "on",
    "is_trusted": "on",
}
ADDRESS = {"street": "Evilweg 1", "postcode": "12345", "city": "Musterstadt"}
CONTACT = {"name": "Eve Evil", "email": "eve@example.org", "is_public": "on"}
MEMBER = {"email": "eve@example.org"}


@dataclass(frozen=True)
class Case:
    id: str
    url_name: str
    args: Callable[[World], list[Any]]
    data: dict[str, Any] | None = None  # POST with this; None: GET and POST (empty)


def _org(attr: str) -> Callable[[World], list[Any]]:
    return lambda w: [getattr(w, attr).pk]


CASES = [
    # Back office, against the other organisations.
    *[
        Case(f"edit-{which}", "partners:backoffice_edit", _org(which), PROFILE)
        for which in ("hidden", "public")
    ],
    Case("address-create", "partners:backoffice_address_create", _org("public"), ADDRESS),
    Case(
        "address-edit",
        "partners:backoffice_address_edit",
        lambda w: [w.hidden.pk, w.hidden_address.pk],
        ADDRESS,
    ),
    Case(
        "address-delete",
        "partners:backoffice_address_delete",
        lambda w: [w.public.pk, w.public_address.pk],
        {},
    ),
    Case("contact-create", "partners:backoffice_contact_create", _org("hidden"), CONTACT),
    Case(
        "contact-edit",
        "partners:backoffice_contact_edit",
        lambda w: [w.public.pk, w.secret_contact.pk],
        CONTACT,
    ),
    Case(
        "contact-delete",
        "partners:backoffice_contact_delete",
        lambda w: [w.public.pk, w.public_contact.pk],
        {},
    ),
    Case("members", "partners:backoffice_members", _org("public"), MEMBER),
    Case(
        "member-remove",
        "partners:backoffice_member_remove",
        lambda w: [w.public.pk, w.other_membership.pk],
        {},
    ),
    # Their own organisation's address, with another organisation's object in it.
    Case(
        "own-org-foreign-address",
        "partners:backoffice_address_edit",
        lambda w: [w.own.pk, w.public_address.pk],
        ADDRESS,
    ),
    Case(
        "own-org-foreign-address-delete",
        "partners:backoffice_address_delete",
        lambda w: [w.own.pk, w.hidden_address.pk],
        {},
    ),
    Case(
        "own-org-foreign-contact",
        "partners:backoffice_contact_edit",
        lambda w: [w.own.pk, w.secret_contact.pk],
        CONTACT,
    ),
    Case(
        "own-org-foreign-contact-delete",
        "partners:backoffice_contact_delete",
        lambda w: [w.own.pk, w.public_contact.pk],
        {},
    ),
    Case(
        "own-org-foreign-member",
        "partners:backoffice_member_remove",
        lambda w: [w.own.pk, w.other_membership.pk],
        {},
    ),
    # Organisations are created by coordinators only.
    Case("create", "partners:backoffice_create", lambda w: [], PROFILE),
    # Public pages of the hidden organisation, and a contact who did not agree.
    Case("public-page-hidden", "partners:detail", lambda w: [w.hidden.slug]),
    Case(
        "vcard-hidden-organisation",
        "partners:contact_vcard",
        lambda w: [w.hidden.slug, w.hidden_contact.pk],
    ),
    Case(
        "vcard-secret-contact",
        "partners:contact_vcard",
        lambda w: [w.public.slug, w.secret_contact.pk],
    ),
]
# URLs with no object of another organisation in them: they must not show one.
LISTS = ["partners:list", "partners:backoffice_list"]


def test_every_partners_url_is_covered():
    resolver = get_resolver()
    names = {
        f"partners:{name}"
        for name in resolver.namespace_dict["partners"][1].reverse_dict
        if isinstance(name, str)
    }
    covered = {case.url_name for case in CASES} | set(LISTS)

    assert names == covered


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_staff_of_another_organisation_are_refused(partner_client, world, case):
    url = reverse(case.url_name, args=case.args(world))
    before = snapshot()

    get = partner_client.get(url)
    post = partner_client.post(url, case.data or {})

    assert get.status_code in REFUSED | ({405} if case.url_name.endswith("remove") else set())
    assert post.status_code in REFUSED
    assert snapshot() == before


@pytest.mark.parametrize("url_name", LISTS)
def test_lists_do_not_show_other_organisations_hidden_data(partner_client, world, url_name):
    html = partner_client.get(reverse(url_name)).content.decode()

    assert world.hidden.name not in html
    if url_name == "partners:backoffice_list":
        assert world.public.name not in html
        assert world.own.name in html


def test_the_public_page_of_another_organisation_hides_what_is_not_public(partner_client, world):
    html = partner_client.get(world.public.get_absolute_url()).content.decode()

    assert "Paula Public" in html
    assert "Sven Secret" not in html
    assert reverse("partners:backoffice_edit", args=[world.public.pk]) not in html


# --------------------------------------------------------------------------- API


@pytest.fixture
def token_headers(partner_user) -> dict[str, str]:
    _token, key = create_api_token(user=partner_user, name="Isolation")
    return {"Authorization": f"Bearer {key}"}


@pytest.mark.parametrize("which", ["hidden", "public"])
def test_the_api_refuses_changes_to_another_organisation(
    anon_client, partner_client, world, token_headers, which
):
    slug = getattr(world, which).slug
    payload = json.dumps({"name": "Übernommen", "description": "gehackt"})
    before = snapshot()

    with_token = anon_client.patch(
        f"/api/v1/partners/{slug}", payload, content_type="application/json",
        headers=token_headers,
    )  # fmt: skip
    with_session = partner_client.patch(
        f"/api/v1/partners/{slug}", payload, content_type="application/json"
    )

    assert with_token.status_code in REFUSED
    assert with_session.status_code in {401, 403, 404}  # CSRF or permission
    assert snapshot() == before


def test_the_api_does_not_show_another_organisations_hidden_data(anon_client, world, token_headers):
    detail = anon_client.get("/api/v1/partners/verborgen", headers=token_headers)
    listed = anon_client.get("/api/v1/partners/", {"page_size": 100}, headers=token_headers)
    public = anon_client.get("/api/v1/partners/offen", headers=token_headers)

    assert detail.status_code == 404
    assert "verborgen" not in [item["slug"] for item in listed.json()["items"]]
    assert [c["name"] for c in public.json()["contacts"]] == ["Paula Public"]


def test_the_same_requests_work_for_their_own_organisation(partner_client, world):
    """The counter-check: the refusals above are about the organisation, not the URL."""
    own = world.own
    response = partner_client.post(
        reverse("partners:backoffice_address_edit", args=[own.pk, world.own_address.pk]),
        ADDRESS,
    )

    assert response.status_code == 302
    world.own_address.refresh_from_db()
    assert world.own_address.street == "Evilweg 1"
    assert partner_client.get(reverse("partners:backoffice_edit", args=[own.pk])).status_code == 200
