"""The bar: no partner staff member can read another organisation's drafts or change its
offers, through any view or endpoint. Each view and API endpoint of the offers app is
tried by staff of organisation A against the offers of organisation B; a guard test
fails when a view or endpoint is added without a case here."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern

from familienrathaus.core import services as core_services
from familienrathaus.core.models import AuditEntry, User
from familienrathaus.core.models.users import Role
from familienrathaus.offers import urls as offer_urls
from familienrathaus.offers.models import Offer, OfferNotice
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import (
    OfferFactory,
    OrganisationFactory,
    UserFactory,
    form_data,
    published,
    theme,
)

pytestmark = pytest.mark.django_db

SECRET = "Geheimer Entwurf der Diakonie"


@dataclass(frozen=True)
class Case:
    """One request by staff of A. ``target`` names B's offer in {pk}/{slug}."""

    name: str  # URL name, or "api <METHOD> <path>"
    method: str
    path: str
    target: str = "draft"
    data: dict[str, Any] = field(default_factory=dict)
    allowed: tuple[int, ...] = (403, 404)
    api: bool = False


EDIT = {"__form__": "Übernommen von A"}  # the whole offer form, filled in at request time
VIEW_CASES = [
    Case("list", "get", "/angebote/", allowed=(200,)),  # without B's drafts
    Case("detail", "get", "/angebote/{slug}/", allowed=(404,)),
    Case(
        "detail",
        "post",
        "/angebote/{slug}/",
        data={"notice-message": "Hallo", "notice-email": ""},
        allowed=(404,),
    ),
    Case("backoffice_list", "get", "/verwaltung/angebote/", allowed=(200,)),
    Case("backoffice_list", "get", "/verwaltung/angebote/?format=csv", allowed=(200,)),
    Case("backoffice_list", "get", "/verwaltung/angebote/?format=xlsx", allowed=(200,)),
    Case(
        "backoffice_list",
        "get",
        "/verwaltung/angebote/?text=Diakonie&status=draft",
        allowed=(200,),
    ),
    Case(
        "create",
        "post",
        "/verwaltung/angebote/neu/",
        data={**EDIT, "organisation": "{org}"},
        allowed=(200, 302),
    ),
    Case("review_queue", "get", "/verwaltung/angebote/pruefen/"),
    Case("review", "get", "/verwaltung/angebote/pruefen/{pk}/", target="submitted"),
    Case(
        "review",
        "post",
        "/verwaltung/angebote/pruefen/{pk}/",
        target="submitted",
        data={"step": "approve"},
    ),
    Case("confirm", "get", "/verwaltung/angebote/bestaetigen/", allowed=(200,)),
    Case(
        "confirm",
        "post",
        "/verwaltung/angebote/bestaetigen/",
        target="published",
        data={"offer": "{pk}"},
        allowed=(302,),
    ),
    Case("notices", "get", "/verwaltung/angebote/hinweise/"),
    Case("notice_handled", "post", "/verwaltung/angebote/hinweise/{notice}/erledigt/"),
    *[
        Case("manage", "get", "/verwaltung/angebote/{pk}/", target=t, allowed=(404,))
        for t in ("draft", "submitted", "returned", "published")
    ],
    *[
        Case("edit", "get", "/verwaltung/angebote/{pk}/bearbeiten/", target=t, allowed=(404,))
        for t in ("draft", "published")
    ],
    *[
        Case(
            "edit",
            "post",
            "/verwaltung/angebote/{pk}/bearbeiten/",
            target=t,
            data=EDIT,
            allowed=(404,),
        )
        for t in ("draft", "published")
    ],
    *[
        Case("preview", "get", "/verwaltung/angebote/{pk}/vorschau/", target=t, allowed=(404,))
        for t in ("draft", "submitted", "returned")
    ],
    *[
        Case(
            "transition",
            "post",
            "/verwaltung/angebote/{pk}/status/",
            target=t,
            data={"step": action},
            allowed=(404,),
        )
        for t, action in (
            ("draft", "submit"),
            ("submitted", "withdraw"),
            ("returned", "submit"),
            ("published", "archive"),
        )
    ],
    Case(
        "withdraw_changes",
        "post",
        "/verwaltung/angebote/{pk}/status/",
        target="published",
        data={"step": "withdraw_changes"},
        allowed=(404,),
    ),
]
API_CASES = [
    Case("api GET /api/v1/offers/", "get", "/api/v1/offers/", allowed=(200,), api=True),
    Case("api GET /api/v1/offers/mine", "get", "/api/v1/offers/mine", allowed=(200,), api=True),
    Case("api GET /api/v1/offers/{slug}", "get", "/api/v1/offers/{slug}", allowed=(404,), api=True),
    Case(
        "api POST /api/v1/offers/",
        "post",
        "/api/v1/offers/",
        data={"organisation": "{org_slug}", "title": "X", "summary": "Y", "themes": ["{theme}"]},
        allowed=(403,),
        api=True,
    ),
    *[
        Case(
            "api PATCH /api/v1/offers/{slug}",
            "patch",
            "/api/v1/offers/{slug}",
            target=t,
            data={"title": "Übernommen von A"},
            allowed=(status,),
            api=True,
        )
        for t, status in (("draft", 404), ("submitted", 404), ("published", 403))
    ],
    *[
        Case(
            "api POST /api/v1/offers/{slug}/submit",
            "post",
            "/api/v1/offers/{slug}/submit",
            target=t,
            allowed=(status,),
            api=True,
        )
        for t, status in (("draft", 404), ("returned", 404), ("published", 403))
    ],
]


@pytest.fixture
def world() -> dict[str, Any]:
    own = OrganisationFactory(name="Kita Regenbogen", slug="kita-regenbogen")
    other = OrganisationFactory(name="Diakonie Musterstadt", slug="diakonie")
    intruder = UserFactory(role=Role.PARTNER, email="partner@example.org")
    add_member(actor=None, organisation=own, user=intruder)
    victim = UserFactory(role=Role.PARTNER, email="diakonie@example.org")
    add_member(actor=None, organisation=other, user=victim)
    offers = {
        "draft": OfferFactory(organisation=other, title=SECRET, slug="geheim"),
        "submitted": OfferFactory(
            organisation=other,
            title=SECRET + " (eingereicht)",
            slug="eingereicht",
            status="submitted",
        ),
        "returned": OfferFactory(
            organisation=other,
            title=SECRET + " (zurück)",
            slug="zurueck",
            status="returned",
            review_comment="Vertraulicher Kommentar",
        ),
        "published": published(organisation=other, title="Offenes Angebot", slug="offen"),
    }
    offers["published"].pending_changes = {
        "state": "submitted",
        "values": {"title": SECRET + " (Änderung)"},
        "by": victim.email,
    }
    offers["published"].save()
    notice = OfferNotice.objects.create(offer=offers["published"], message="Veraltet")
    return {"own": own, "other": other, "intruder": intruder, "offers": offers, "notice": notice}


def snapshot() -> list[tuple[Any, ...]]:
    return list(
        Offer.objects.order_by("pk").values_list(
            "pk", "title", "status", "pending_changes", "confirmed_at", "organisation_id"
        )
    )


def fill(value: Any, world: dict[str, Any], offer: Offer) -> Any:
    if isinstance(value, str):
        return value.format(
            pk=offer.pk,
            slug=offer.slug,
            org=world["other"].pk,
            org_slug=world["other"].slug,
            notice=world["notice"].pk,
            theme=theme().slug,
        )
    if isinstance(value, list):
        return [fill(item, world, offer) for item in value]
    return value


def request(case: Case, world: dict[str, Any], intruder: User) -> Any:
    offer = world["offers"][case.target]
    path = fill(case.path, world, offer)
    data = {key: fill(value, world, offer) for key, value in case.data.items()}
    if "__form__" in data:
        data = {**form_data(title=data.pop("__form__")), **data}
    client = english_client(None if case.api else intruder)
    if case.api:
        _token, key = core_services.create_api_token(user=intruder, name="A")
        headers = {"Authorization": f"Bearer {key}"}
        if case.method == "get":
            return client.get(path, headers=headers)
        return getattr(client, case.method)(
            path, data=json.dumps(data), content_type="application/json", headers=headers
        )
    return getattr(client, case.method)(path, data)


@pytest.mark.parametrize(
    "case", VIEW_CASES + API_CASES, ids=lambda c: f"{c.method} {c.path} [{c.target}]"
)
def test_other_organisations_offers_stay_closed(case: Case, world: dict[str, Any]) -> None:
    before = snapshot()
    notices_before = list(OfferNotice.objects.values_list("pk", "handled"))

    response = request(case, world, world["intruder"])

    assert response.status_code in case.allowed, f"{response.status_code} not in {case.allowed}"
    body = response.content.decode("utf-8", errors="replace")
    assert SECRET not in body, "another organisation's draft or proposal was shown"
    assert "Vertraulicher Kommentar" not in body
    if case.name == "create":  # a new offer may appear, but only for A
        assert (
            not Offer.objects.filter(organisation=world["other"])
            .exclude(pk__in=[row[0] for row in before])
            .exists()
        )
        before_other = [row for row in before]
        assert [row for row in snapshot() if row[0] in {r[0] for r in before_other}] == before
    else:
        assert snapshot() == before
    assert list(OfferNotice.objects.values_list("pk", "handled")) == notices_before
    assert (
        not AuditEntry.objects.filter(actor=world["intruder"], object_type="offers.offer")
        .exclude(action="offer.create")
        .exists()
    )


def test_xlsx_export_holds_no_foreign_offer(world: dict[str, Any]) -> None:
    import io

    from openpyxl import load_workbook

    client = english_client(world["intruder"])
    response = client.get("/verwaltung/angebote/?format=xlsx")
    cells = [
        c.value
        for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()
        for c in row
    ]

    assert not any(SECRET in str(cell) or "Offenes Angebot" in str(cell) for cell in cells)


def test_staff_of_two_organisations_cannot_pick_a_third(world: dict[str, Any]) -> None:
    second = OrganisationFactory(name="Familienzentrum Nord", slug="fz-nord")
    add_member(actor=None, organisation=second, user=world["intruder"])
    client = english_client(world["intruder"])

    response = client.post(
        "/verwaltung/angebote/neu/",
        form_data(title="Übernommen von A", organisation=str(world["other"].pk)),
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Offer.objects.filter(title="Übernommen von A").exists()


def test_every_offers_view_and_endpoint_has_a_case(anon_client) -> None:
    names = {p.name for p in offer_urls.urlpatterns if isinstance(p, URLPattern)}
    covered = {case.name for case in VIEW_CASES}
    assert names <= covered, f"views without an isolation case: {sorted(names - covered)}"

    paths = anon_client.get("/api/v1/openapi.json").json()["paths"]
    operations = {
        f"api {method.upper()} {path}"
        for path, methods in paths.items()
        if path.startswith("/api/v1/offers")
        for method in methods
    }
    covered_api = {case.name for case in API_CASES}
    assert operations <= covered_api, (
        f"endpoints without a case: {sorted(operations - covered_api)}"
    )
