"""Who reaches which address of the welcome: every URL of the app (read from its
``urls.py``, so a new page is walked without being listed here) as anonymous visitor,
family, partner staff, Kita-office account and coordinator.

- Staff pages (/verwaltung/babybegruessung/…): coordinators only; the Kita office's
  accounts reach the Kita interests and nothing else; everyone else gets 404 (or the
  login for anonymous visitors) and never a family's name or address, also for POST.
- Pages by a family's secret link: an unknown link answers 404 for everybody; the right
  one never shows the address.
- The public pages and the API show no registration.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.welcome import urls
from familienrathaus.welcome.models import Payment, Registration, TransferBatch
from tests.conftest import english_client
from tests.factories.core import UserFactory
from tests.factories.welcome import (
    FollowUpFactory,
    GrantFactory,
    KitaInterestFactory,
    SlotFactory,
    StockItemFactory,
    welcome_settings,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

SECRET_STREET = "Geheimweg 7"
SECRET_NAME = "Verborgen"
STAFF_PREFIX = "verwaltung/babybegruessung/"
PUBLIC = {"short", "landing", "register", "kita", "kita-done"}
# Documents that take long to render: their access is walked, their content is tested
# by their owners' tests.
SLOW = (".pdf",)


@pytest.fixture
def world(db: None) -> dict[str, Any]:
    grant = GrantFactory(
        registration__street=SECRET_STREET, registration__parent_names=f"Eva {SECRET_NAME}"
    )
    registration = grant.registration
    batch = TransferBatch.objects.create(
        message_id="BB-TEST-1", execution_date=timezone.localdate(), keep_until="2037-12-31"
    )
    payment = Payment.objects.create(
        number="BG-2026-0001",
        grant=grant,
        registration_reference=registration.reference,
        amount=grant.amount,
        method=Payment.Method.TRANSFER,
        payee_name=f"Eva {SECRET_NAME}",
        iban="DE89370400440532013000",
        keep_until="2037-12-31",
        batch=batch,
    )
    kita_office = UserFactory(email="kita-buero@example.org")
    welcome_settings().kita_office_users.add(kita_office)
    return {
        "registration": registration,
        "payment": payment,
        "batch": batch,
        "stock": StockItemFactory(),
        "slot": SlotFactory(),
        "kita": KitaInterestFactory(registration=registration),
        "followup": FollowUpFactory(registration=registration),
        "kita_office": kita_office,
    }


def _kwargs(pattern: URLPattern, world: dict[str, Any], *, right_token: bool = True) -> dict:
    name = pattern.name or ""
    values: dict[str, Any] = {}
    for key in pattern.pattern.regex.groupindex:
        if key == "pk":
            model = next(
                (
                    m
                    for prefix, m in [
                        ("stock", "stock"),
                        ("slot", "slot"),
                        ("kita", "kita"),
                        ("batch", "batch"),
                    ]
                    if name.startswith(prefix)
                ),
                "registration",
            )
            values[key] = world[model].pk
        elif key == "token":
            owner = (
                world["followup"].token
                if name.startswith("followup-")
                else (world["registration"].guide_token)
            )
            values[key] = owner if right_token else "nicht-der-richtige-link"
        elif key == "number":
            values[key] = world["payment"].number
        elif key == "fmt":
            values[key] = "png"
        else:  # a new kind of parameter: teach this test how to fill it
            raise AssertionError(f"{name}: unknown URL parameter {key!r}")
    return values


def _patterns() -> list[URLPattern]:
    return [p for p in urls.urlpatterns if isinstance(p, URLPattern)]


def _staff() -> list[URLPattern]:
    return [p for p in _patterns() if str(p.pattern).startswith(STAFF_PREFIX)]


def _token_pages() -> list[URLPattern]:
    return [p for p in _patterns() if "<str:token>" in str(p.pattern)]


def _url(pattern: URLPattern, world: dict[str, Any], **kw: Any) -> str:
    return reverse(f"welcome:{pattern.name}", kwargs=_kwargs(pattern, world, **kw))


def _kita_office_may(pattern: URLPattern) -> bool:
    return (pattern.name or "").startswith("kita-")


def _refused(response: Any, *, anonymous: bool) -> bool:
    if anonymous and response.status_code == 302:
        return "/konto/login/" in response["Location"]
    return response.status_code in (403, 404, 405)


def test_every_staff_page_is_refused_to_families_partners_and_anonymous(
    world: dict[str, Any], family_user: User, partner_user: User
) -> None:
    clients = {
        "anonymous": english_client(),
        "family": english_client(family_user),
        "partner": english_client(partner_user),
    }
    assert len(_staff()) > 10
    before = Registration.objects.get().status
    for pattern in _staff():
        url = _url(pattern, world)
        for who, client in clients.items():
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                assert _refused(response, anonymous=who == "anonymous"), (who, method, url)
                assert SECRET_NAME.encode() not in response.content, (who, url)
    assert Registration.objects.get().status == before
    assert Payment.objects.count() == 1 and TransferBatch.objects.count() == 1


def test_the_kita_office_reaches_the_kita_interests_and_nothing_else(
    world: dict[str, Any],
) -> None:
    client = english_client(world["kita_office"])
    reached = []
    for pattern in _staff():
        url = _url(pattern, world)
        response = client.get(url)
        if _kita_office_may(pattern):
            assert response.status_code in (200, 302, 405), url
            reached.append(pattern.name)
        else:
            for answer in (response, client.post(url)):
                assert _refused(answer, anonymous=False), url
                assert SECRET_STREET.encode() not in answer.content
    assert "kita-list" in reached


def test_the_coordinator_reaches_every_staff_page(
    world: dict[str, Any], coordinator_client: Client
) -> None:
    for pattern in _staff():
        url = _url(pattern, world)
        if url.endswith(SLOW):
            continue
        response = coordinator_client.get(url)
        assert response.status_code in (200, 302, 405), (url, response.status_code)


def test_an_unknown_secret_link_answers_404_for_everybody(
    world: dict[str, Any], family_user: User, coordinator: User
) -> None:
    assert len(_token_pages()) >= 3
    for client in (english_client(), english_client(family_user), english_client(coordinator)):
        for pattern in _token_pages():
            if pattern.name == "followup-unsubscribe":
                continue  # one-click unsubscribe answers kindly whatever the link; says nothing
            url = _url(pattern, world, right_token=False)
            assert client.get(url).status_code == 404, url


def test_the_familys_own_link_never_shows_its_address(world: dict[str, Any]) -> None:
    client = english_client()
    for pattern in _token_pages():
        url = _url(pattern, world)
        if url.endswith(SLOW):
            continue
        response = client.get(url)
        assert response.status_code < 500, url
        assert SECRET_STREET.encode() not in response.content, url


def test_public_pages_and_the_api_show_no_registration(
    world: dict[str, Any], partner_user: User
) -> None:
    registration = world["registration"]
    for client in (english_client(), english_client(partner_user)):
        for pattern in _patterns():
            if pattern.name in PUBLIC:
                response = client.get(reverse(f"welcome:{pattern.name}"))
                assert response.status_code in (200, 302), pattern.name
                assert SECRET_NAME.encode() not in response.content
        api = client.get(f"/api/v1/welcome/timeline?birth_date={registration.birth_date}")
        assert api.status_code == 200
        assert SECRET_NAME.encode() not in api.content
        assert registration.reference.encode() not in api.content
