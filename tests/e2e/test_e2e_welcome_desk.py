"""The Babybegrüßung desk in Chromium on a phone, checked by axe on every page: a
coordinator compares a possible duplicate, checks the registration with the proof,
prepares the package from the stock (a warning says an item runs low), hands it over,
and creates the long office hours as appointments; a family chooses its appointment
by its secret link on a phone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.welcome.models import Registration, StockItem
from tests.e2e.conftest import Browse, screenshots
from tests.factories.welcome import RegistrationFactory, SlotFactory, StockItemFactory

pytestmark = pytest.mark.e2e

shot = screenshots("welcome/w3")


def test_a_coordinator_works_a_registration_on_a_phone_and_a_family_books_a_slot(
    phone_tab: Any, make_user: Any, totp_secret: str
) -> None:
    coordinator = make_user(
        "baby@musterstadt.example",
        role=Role.COORDINATOR,
        name="Bea Begrüßung",
        totp_secret=totp_secret,
    )
    StockItemFactory(name="Elternbegleitbuch", quantity=40)
    StockItemFactory(name="Spieluhr", quantity=4, version=StockItem.For.FIRST, warn_below=10)
    first = RegistrationFactory(
        reference="BB-2026-0501", parent_names="Ayşe und Murat Yılmaz", child_first_name="Elif"
    )
    twin = RegistrationFactory(
        reference="BB-2026-0502",
        parent_names="Ayşe Yılmaz",
        child_first_name="Eli",
        possible_duplicate_of=first,
        delivery=Registration.Delivery.PICKUP,
    )
    RegistrationFactory.create_batch(3)

    desk: Browse = phone_tab("coordinator")
    page = desk.page
    desk.visit("/verwaltung/babybegruessung/")
    desk.log_in(coordinator.email)
    desk.enter_totp(totp_secret)
    assert desk.path == "/verwaltung/babybegruessung/"
    expect(page.locator("main")).to_contain_text("Paketbestand wird knapp")
    expect(page.locator(".frh-wd-list__item").first).to_contain_text("BB-2026-0502")
    shot(desk, "01-list")

    desk.click(page.locator("a", has_text="BB-2026-0502"))
    expect(page.locator("main")).to_contain_text("Möglicherweise dasselbe Kind")
    shot(desk, "02-duplicate")
    desk.click(page.get_by_role("button", name="Nicht dasselbe Kind"))
    expect(page.locator("main")).not_to_contain_text("Möglicherweise dasselbe Kind")

    form = page.locator("form", has=page.locator("input[name=decision]"))
    form.locator("input[name=decision][value=eligible]").check()
    form.locator("input[name=proof_seen]").check()
    desk.submit(form)
    expect(page.locator("main")).to_contain_text("Paket packen")
    shot(desk, "03-checked")

    form = page.locator("form", has=page.locator("select[name=language]"))
    desk.submit(form)
    expect(page.locator("main")).to_contain_text("Paketinhalt aus dem Bestand")
    form = page.locator("form", has=page.locator("input[name=handover]"))
    form.locator("input[name=handover][value=handed]").check()
    desk.submit(form)
    expect(page.locator("main")).to_contain_text("Nichts mehr zu tun")
    shot(desk, "04-done")
    assert Registration.objects.get(pk=twin.pk).status == Registration.Status.DONE

    desk.visit("/verwaltung/babybegruessung/bestand/")
    expect(page.locator("main")).to_contain_text("Spieluhr")
    shot(desk, "05-stock")

    desk.visit("/verwaltung/babybegruessung/termine/neu/")
    shot(desk, "06-pattern")
    form = page.locator("main form")
    form.locator("input[name=weeks]").fill("2")
    desk.submit(form)
    expect(page.locator("main")).to_contain_text("Termine wurden angelegt")
    shot(desk, "07-slots")

    # A family on a phone chooses its appointment by its secret link.
    family = RegistrationFactory(delivery=Registration.Delivery.PICKUP, language="tr")
    SlotFactory(starts_at=timezone.now() + dt.timedelta(days=2))
    parent: Browse = phone_tab("family")
    parent.visit(f"/babybegruessung/termin/{family.guide_token}/")
    shot(parent, "08-choice")
    parent.page.locator("input[name=slot]").first.check()
    parent.submit(parent.page.locator("main form"))
    expect(parent.page.locator("main")).to_contain_text(family.reference)
    assert Registration.objects.get(pk=family.pk).slot is not None
    shot(parent, "09-booked")
