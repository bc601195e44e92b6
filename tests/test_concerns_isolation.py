"""Who sees which concern, on every view and endpoint of the app.

The walk goes over the URLconf of the concerns app, so a view added later is checked
too: every address under /verwaltung/anliegen/ is for staff only; partner staff reach
only their own list and the concerns passed to their organisation, never another
partner's and never the family's contact below "with my name"; an office's signed link
opens that one concern only, and stops after it expires, the concern is closed or
passed elsewhere. The API's partner endpoints are checked the same way.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.core import signing
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from familienrathaus.concerns import office_links
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.concerns.services import desk, passing
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import OrganisationFactory, UserFactory
from tests.factories.concerns import (
    AnswerTemplateFactory,
    AttachmentFactory,
    ConcernFactory,
    ConcernTopicFactory,
    MessageFactory,
    OfficeFactory,
)

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Interne Notiz: Vater hat Schulden"


def _concern_patterns() -> list[URLPattern]:
    """The app's URL patterns (found through its namespace, also inside the language
    prefix of ``i18n_patterns``)."""
    resolvers = [e for e in get_resolver().url_patterns if isinstance(e, URLResolver)]
    while resolvers:
        entry = resolvers.pop(0)
        if entry.namespace == "concerns":
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
        if entry.namespace is None:
            resolvers += [e for e in entry.url_patterns if isinstance(e, URLResolver)]
    raise AssertionError("the concerns URLconf is not included")


def _staff_patterns() -> list[URLPattern]:
    return [p for p in _concern_patterns() if str(p.pattern).startswith("verwaltung/anliegen/")]


@pytest.fixture
def world(partner_user: User, organisation: Organisation) -> dict[str, Any]:
    """A concern passed to the partner of ``partner_user``, one passed to another
    partner, one at the desk; with a note, a photo, a partner answer, a template,
    a topic, an office."""
    other_org = OrganisationFactory(name="Wohnbau Süd")
    other_partner = UserFactory(role=Role.PARTNER, email="sued@example.org")
    add_member(actor=None, organisation=other_org, user=other_partner)
    mine = ConcernFactory(organisation=organisation, status=Concern.Status.IN_PROGRESS)
    theirs = ConcernFactory(organisation=other_org, status=Concern.Status.IN_PROGRESS)
    desk = ConcernFactory()
    for concern in (mine, theirs, desk):
        MessageFactory(concern=concern, kind=Message.Kind.NOTE, public=False, text=SECRET_NOTE)
    answer = MessageFactory(concern=theirs, kind=Message.Kind.PARTNER, public=False)
    return {
        "mine": mine,
        "theirs": theirs,
        "desk": desk,
        "theirs_answer": answer,
        "theirs_file": AttachmentFactory(concern=theirs),
        "template": AnswerTemplateFactory(),
        "topic": ConcernTopicFactory(),
        "office": OfficeFactory(),
        "other_partner": other_partner,
    }


def _kwargs(pattern: URLPattern, world: dict[str, Any], concern: Concern) -> dict[str, Any]:
    values = {
        "pk": concern.pk,
        "message_id": world["theirs_answer"].pk,
        "attachment_id": world["theirs_file"].pk,
        "token": office_links.make_token(concern.pk, world["office"].pk),
        "tracking_token": concern.tracking_token,
    }
    names = pattern.pattern.regex.groupindex
    if "pk" in names and any(
        s in str(pattern.pattern) for s in ("vorlagen/", "aemter/", "themen/")
    ):
        values["pk"] = {
            "vorlagen/": world["template"].pk,
            "aemter/": world["office"].pk,
            "themen/": world["topic"].pk,
        }[next(s for s in ("vorlagen/", "aemter/", "themen/") if s in str(pattern.pattern))]
    return {name: values[name] for name in names}


def _urls(world: dict[str, Any], concern: Concern) -> list[tuple[str, str]]:
    return [
        (p.name or "", reverse(f"concerns:{p.name}", kwargs=_kwargs(p, world, concern)))
        for p in _staff_patterns()
    ]


def test_the_walk_finds_the_desk_the_partner_and_the_office_views():
    names = {p.name for p in _concern_patterns()}
    assert {
        "desk-inbox",
        "desk-detail",
        "desk-reply",
        "partner-inbox",
        "partner-detail",
        "office",
    } <= names
    assert len(_staff_patterns()) >= 20


def test_anonymous_visitors_are_sent_to_the_login_everywhere(world: dict[str, Any]):
    client = english_client()
    for name, url in _urls(world, world["theirs"]):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in {302, 405}, (name, url, response.status_code)
            if response.status_code == 302:
                assert "/login/" in response["Location"] or "/anmelden/" in response["Location"], (
                    url
                )


def test_families_reach_nothing_of_the_back_office(world: dict[str, Any], family_client: Client):
    for name, url in _urls(world, world["theirs"]):
        for method in (family_client.get, family_client.post):
            response = method(url)
            assert response.status_code in {403, 404, 405}, (name, url, response.status_code)
            assert SECRET_NOTE not in response.content.decode(errors="ignore")


def test_a_partner_reaches_only_its_list_and_what_was_passed_to_it(
    world: dict[str, Any], partner_client: Client
):
    theirs = world["theirs"]
    before = Concern.objects.values_list("pk", "status", "organisation_id", "priority").order_by(
        "pk"
    )
    before = list(before)
    others_before = Message.objects.exclude(concern=world["mine"]).count()
    for concern in (theirs, world["desk"], world["mine"]):
        for name, url in _urls(world, concern):
            partner_side = name.startswith("partner-")
            for method in (partner_client.get, partner_client.post):
                response = method(url, {"text": "Übernommen", "to": "family", "status": "closed"})
                body = response.content.decode(errors="ignore")
                if partner_side and (name == "partner-inbox" or concern is world["mine"]):
                    if name == "partner-attachment":
                        assert response.status_code == 404  # the file belongs to another concern
                    continue
                assert response.status_code in {403, 404, 405}, (name, url, response.status_code)
                assert theirs.text not in body and SECRET_NOTE not in body
    # Nothing was changed by all those requests, except on the partner's own concern.
    after = Concern.objects.values_list("pk", "status", "organisation_id", "priority")
    mine = world["mine"].pk
    assert [r for r in after.order_by("pk") if r[0] != mine] == [r for r in before if r[0] != mine]
    assert Message.objects.exclude(concern_id=mine).count() == others_before


def test_a_partner_list_and_page_show_only_its_concerns_without_desk_notes(
    world: dict[str, Any], partner_client: Client
):
    listing = partner_client.get("/verwaltung/anliegen/partner/").content.decode()
    assert world["mine"].reference in listing
    assert world["theirs"].reference not in listing and world["desk"].reference not in listing
    page = partner_client.get(f"/verwaltung/anliegen/partner/{world['mine'].pk}/").content.decode()
    assert world["mine"].text in page and SECRET_NOTE not in page


@pytest.mark.parametrize(
    ("privacy", "shown"),
    [("named", True), ("office_only", False), ("anonymous", False)],
)
def test_the_partner_sees_the_contact_only_at_the_named_level(
    privacy: str,
    shown: bool,
    partner_client: Client,
    partner_user: User,
    organisation: Organisation,
):
    contact = (
        {}
        if privacy == "anonymous"
        else {"name": "Familie Yılmaz", "email": "yilmaz@example.org", "phone": "02381 4711"}
    )
    concern = ConcernFactory(
        privacy=privacy,
        organisation=organisation,
        **({"name": "", "email": "", "phone": ""} | contact),
    )
    page = partner_client.get(f"/verwaltung/anliegen/partner/{concern.pk}/").content.decode()
    for value in contact.values():
        assert (value in page) is shown, (privacy, value)
    # The same in the API.
    token = _api_token(partner_user)
    api = english_client()
    listed = api.get("/api/v1/concerns/passed", headers={"authorization": f"Bearer {token}"}).json()
    one = api.get(
        f"/api/v1/concerns/passed/{concern.reference}", headers={"authorization": f"Bearer {token}"}
    ).json()
    for data in (next(c for c in listed if c["reference"] == concern.reference), one):
        assert (data["email"] is not None) is (shown and bool(contact)), data


def _api_token(user: User) -> str:
    return create_api_token(user=user, name="test")[1]


def test_the_api_gives_a_partner_only_what_was_passed_to_it(
    world: dict[str, Any], partner_user: User
):
    token = _api_token(partner_user)
    api = english_client()
    auth = {"authorization": f"Bearer {token}"}
    listed = api.get("/api/v1/concerns/passed", headers=auth).json()
    assert [c["reference"] for c in listed] == [world["mine"].reference]
    for other in (world["theirs"], world["desk"]):
        assert (
            api.get(f"/api/v1/concerns/passed/{other.reference}", headers=auth).status_code == 404
        )
    mine = api.get(f"/api/v1/concerns/passed/{world['mine'].reference}", headers=auth)
    assert mine.status_code == 200 and SECRET_NOTE not in mine.content.decode()


# --------------------------------------------------------------------------- office links


def _office_concern() -> tuple[Concern, Any]:
    office = OfficeFactory(name="Jugendamt")
    concern = ConcernFactory(office=office, status=Concern.Status.IN_PROGRESS)
    return concern, office


def _office_urls(concern: Concern, token: str) -> list[str]:
    file = AttachmentFactory(concern=concern)
    return [f"/anliegen/amt/{token}/", f"/anliegen/amt/{token}/datei/{file.pk}/"]


def test_an_office_link_opens_its_concern_and_its_files():
    concern, office = _office_concern()
    token = office_links.make_token(concern.pk, office.pk)
    client = english_client()
    for url in _office_urls(concern, token):
        assert client.get(url).status_code == 200, url
    page = client.get(f"/anliegen/amt/{token}/").content.decode()
    assert concern.text in page and concern.email not in page


def test_an_office_link_works_for_that_one_concern_only():
    concern, office = _office_concern()
    other = ConcernFactory(office=office, status=Concern.Status.IN_PROGRESS)
    token = office_links.make_token(concern.pk, office.pk)
    client = english_client()
    # Another concern's number in a real link breaks the signature.
    forged = token.replace(f"{concern.pk}:", f"{other.pk}:", 1)
    assert client.get(f"/anliegen/amt/{forged}/").status_code == 410
    # A link of another office for this concern does not open it.
    stranger = OfficeFactory()
    assert (
        client.get(f"/anliegen/amt/{office_links.make_token(concern.pk, stranger.pk)}/").status_code
        == 410
    )
    # Files of another concern are not reachable through this concern's link.
    foreign = AttachmentFactory(concern=other)
    assert client.get(f"/anliegen/amt/{token}/datei/{foreign.pk}/").status_code == 404
    assert client.get("/anliegen/amt/kaputt/").status_code == 410


def test_an_office_link_expires(settings: Any, monkeypatch: pytest.MonkeyPatch):
    settings.CONCERNS_OFFICE_LINK_DAYS = 14
    concern, office = _office_concern()
    fifteen_days_ago = time.time() - 15 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: fifteen_days_ago)
    old = office_links.make_token(concern.pk, office.pk)
    monkeypatch.undo()
    client = english_client()
    for url in _office_urls(concern, old):
        response = client.get(url)
        assert response.status_code == 410 and concern.text not in response.content.decode(
            errors="ignore"
        )
    assert client.post(f"/anliegen/amt/{old}/", {"text": "Spät", "to": "desk"}).status_code == 410
    assert not concern.messages.exists()


@pytest.mark.parametrize("change", ["closed", "passed_elsewhere", "merged", "back_again"])
def test_an_office_link_stops_when_the_concern_is_closed_or_moves(change: str, coordinator: User):
    concern, office = _office_concern()
    token = office_links.make_token(concern.pk, office.pk)
    client = english_client()
    assert client.get(f"/anliegen/amt/{token}/").status_code == 200
    if change == "closed":
        desk.change_status(actor=coordinator, concern=concern, status="closed")
    elif change == "passed_elsewhere":
        passing.pass_on(actor=coordinator, concern=concern, organisation=OrganisationFactory())
    elif change == "merged":
        passing.merge(actor=coordinator, duplicate=concern, target=ConcernFactory())
    else:
        # Passed elsewhere and back to the same office: only the new link works.
        passing.pass_on(actor=coordinator, concern=concern)
        time.sleep(1.1)  # links carry whole seconds
        passing.pass_on(actor=coordinator, concern=concern, office=office)
    for url in _office_urls(concern, token):
        assert client.get(url).status_code == 410, (change, url)
    assert (
        client.post(f"/anliegen/amt/{token}/", {"text": "Noch da?", "to": "family"}).status_code
        == 410
    )
    assert not concern.messages.filter(kind=Message.Kind.OFFICE).exists()


def test_a_new_holder_does_not_read_what_the_previous_partner_wrote_internally(
    coordinator: User, partner_user: User, partner_client: Client, organisation: Organisation
):
    first = OrganisationFactory(name="Erster Partner")
    first_staff = UserFactory(role=Role.PARTNER)
    add_member(actor=None, organisation=first, user=first_staff)
    concern = ConcernFactory()
    passing.pass_on(actor=coordinator, concern=concern, organisation=first, note="Für Partner 1")
    passing.partner_answer(
        actor=first_staff,
        concern=concern,
        text="Interne Einschätzung von Partner 1",
        to_family=False,
        submission_key=None,
    )
    passing.pass_on(actor=coordinator, concern=concern, organisation=organisation, note="Für uns")
    page = partner_client.get(f"/verwaltung/anliegen/partner/{concern.pk}/").content.decode()
    assert "Für uns" in page
    assert "Interne Einschätzung von Partner 1" not in page and "Für Partner 1" not in page
    token = _api_token(partner_user)
    api = english_client().get(
        f"/api/v1/concerns/passed/{concern.reference}",
        headers={"authorization": f"Bearer {token}"},
    )
    assert "Interne Einschätzung" not in api.content.decode()
