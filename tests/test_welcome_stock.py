"""The package stock of the Babybegrüßung through HTTP: items, goods received,
corrections that never take the stock below 0, the history, and the low-stock warning
on the desk, the stock page and the back-office dashboard."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections
from django.test import Client

from familienrathaus.welcome.models import Registration, StockItem, StockMovement
from tests.factories.welcome import RegistrationFactory, StockItemFactory

STOCK = "/verwaltung/babybegruessung/bestand/"


def html(response: Any) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_a_coordinator_adds_an_item_with_its_starting_quantity(coordinator_client: Client):
    response = coordinator_client.post(
        f"{STOCK}neu/",
        {
            "name": "Broschüre „Gut ankommen“ (Türkçe)",
            "version": "both",
            "language": "tr",
            "quantity": 40,
            "per_package": 1,
            "warn_below": 10,
            "position": 1,
            "active": "on",
        },
        follow=True,
    )
    item = StockItem.objects.get()
    assert (item.quantity, item.language, item.version) == (40, "tr", "both")
    body = html(response)
    assert "Broschüre „Gut ankommen“ (Türkçe)" in body
    assert "Starting quantity" in body and "+40" in body

    listing = html(coordinator_client.get(STOCK))
    assert "Türkçe" in listing and ">40<" in listing.replace(" ", "")


@pytest.mark.django_db
def test_an_item_without_a_name_keeps_what_was_typed(coordinator_client: Client):
    response = coordinator_client.post(
        f"{STOCK}neu/",
        {"name": "", "version": "first", "quantity": 12, "per_package": 2, "warn_below": 5},
    )
    assert response.status_code == 400
    body = html(response)
    assert "This field is required." in body
    assert 'value="12"' in body and 'value="2"' in body
    assert not StockItem.objects.exists()


@pytest.mark.django_db
def test_goods_received_and_corrections_with_their_history(coordinator_client: Client):
    item = StockItemFactory(name="Lätzchen", quantity=5)
    url = f"{STOCK}{item.pk}/"
    coordinator_client.post(f"{url}eingang/", {"quantity": 30, "reason": "Lieferschein 4711"})
    item.refresh_from_db()
    assert item.quantity == 35

    response = coordinator_client.post(f"{url}korrektur/", {"change": -40, "reason": "Inventur"})
    assert response.status_code == 400
    assert "Only 35 are in stock; the stock cannot go below 0." in html(response)
    assert 'value="-40"' in html(response)

    response = coordinator_client.post(f"{url}korrektur/", {"change": -3, "reason": ""})
    assert "Say why the stock is corrected." in html(response)

    response = coordinator_client.post(
        f"{url}korrektur/", {"change": -3, "reason": "Drei beschädigt"}, follow=True
    )
    item.refresh_from_db()
    assert item.quantity == 32
    body = html(response)
    assert "Lieferschein 4711" in body and "+30" in body
    assert "Drei beschädigt" in body and "-3" in body
    assert list(StockMovement.objects.filter(item=item).values_list("change", flat=True)) == [
        -3,
        30,
    ]


@pytest.mark.django_db
def test_low_stock_is_warned_on_the_desk_the_stock_page_and_the_dashboard(
    coordinator_client: Client,
):
    StockItemFactory(name="Spieluhr", quantity=3, warn_below=10)
    StockItemFactory(name="Elternbegleitbuch", quantity=80, warn_below=10)
    StockItemFactory(name="Altes Faltblatt", quantity=0, warn_below=10, active=False)

    for url in ("/verwaltung/babybegruessung/", STOCK):
        body = html(coordinator_client.get(url))
        assert "Package stock running low" in body
        assert "Spieluhr</a>: 3 left" in body
        assert "Elternbegleitbuch</a>:" not in body and "Altes Faltblatt</a>:" not in body

    dashboard = html(coordinator_client.get("/verwaltung/"))
    assert "Babybegrüßung: 1 package item is running low: Spieluhr (3)." in dashboard
    assert 'href="/verwaltung/babybegruessung/bestand/"' in dashboard


@pytest.mark.django_db
def test_the_dashboard_has_no_stock_notice_for_others(partner_client: Client):
    StockItemFactory(name="Spieluhr", quantity=3, warn_below=10)
    body = html(partner_client.get("/verwaltung/"))
    assert "Spieluhr" not in body
    assert partner_client.get(STOCK).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_packing_the_last_piece_at_once(coordinator: Any):
    """The items are taken under their lock: of two packages prepared in the same moment
    with one music box left, one gets it and the other is told it ran out; the stock
    never goes below 0 and every piece taken has its movement."""
    item = StockItemFactory(name="Spieluhr", quantity=1)
    families = [
        RegistrationFactory(
            status=Registration.Status.CHECKED, eligibility=Registration.Eligibility.ELIGIBLE
        )
        for _ in range(2)
    ]
    barrier = threading.Barrier(2)

    def prepare(registration: Registration) -> tuple[int, str]:
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(coordinator)
        barrier.wait(timeout=30)
        try:
            response = client.post(
                f"/en/verwaltung/babybegruessung/{registration.pk}/packen/",
                {"version": "first", "language": "de"},
            )
            return response.status_code, response.content.decode()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(prepare, families))

    assert sorted(status for status, _body in results) == [302, 400]
    [refused] = [body for status, body in results if status == 400]
    assert "Not enough in stock for this package: Spieluhr (0)." in refused
    item.refresh_from_db()
    assert item.quantity == 0
    assert [m.change for m in StockMovement.objects.filter(item=item)] == [-1]
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["checked", "prepared"]
