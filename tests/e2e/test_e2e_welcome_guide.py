"""A family opens its welcome guide by its secret link on a phone: what is due now, the
dates, offers and places near it, the calendar links; it asks for reminder e-mails.
axe checks every page."""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models import Audience
from familienrathaus.welcome.models import FollowUp, Registration
from tests.factories.core import DistrictFactory
from tests.factories.events import make_event
from tests.factories.offers import published
from tests.factories.places import PlaceFactory, kind
from tests.factories.welcome import RegistrationFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

# FRH_WELCOME_SHOTS=/tmp/shots/welcome/W2 keeps a screenshot of each step there too.
SHOTS = os.environ.get("FRH_WELCOME_SHOTS", "")


def _shot(browse: Browse, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(browse.screenshot(label), Path(SHOTS) / f"{label}.png")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_family_reads_its_guide_on_a_phone_and_asks_for_reminders(browse: Browse) -> None:
    page = browse.page
    district = DistrictFactory(slug="nordviertel", name="Nordviertel")
    audience, _created = Audience.objects.get_or_create(
        slug="schwangere-und-junge-eltern-fruhe-hilfen",
        defaults={"name": "Schwangere und junge Eltern / Frühe Hilfen"},
    )
    published(
        title="Babytreff im Familienzentrum",
        summary="Offener Treff für Eltern mit Babys im ersten Jahr.",
        audiences=[audience],
        districts=[district],
    )
    PlaceFactory(name="Stillraum im Rathaus", kinds=[kind("still-und-wickelort")])
    PlaceFactory(name="Apotheke am Markt", kinds=[kind("notinsel")])
    PlaceFactory(name="Kita Regenbogen", kinds=[kind("kita")], district=district)
    soon = timezone.now() + timedelta(days=4)
    make_event(title="Babymassage", start=soon, end=soon + timedelta(hours=1))
    registration: Registration = RegistrationFactory.create(
        child_first_name="Lina",
        birth_date=timezone.localdate() - timedelta(days=40),
        district=district,
        street="Geheimweg 7",
    )

    browse.visit(f"/babybegruessung/leitfaden/{registration.guide_token}/")
    expect(page.get_by_role("heading", name="Willkommen, Lina!")).to_be_visible()
    now = page.locator("#jetzt")
    expect(now).to_contain_text("Elterngeld beantragen")
    expect(page.locator("main")).not_to_contain_text("Geheimweg")
    subscribe = page.get_by_role("link", name="Termine in meinen Kalender übernehmen")
    href = subscribe.get_attribute("href") or ""
    assert href.startswith("webcal://")
    assert href.endswith(f"/babybegruessung/leitfaden/{registration.guide_token}/kalender.ics")
    expect(page.get_by_text("Babytreff im Familienzentrum")).to_be_visible()
    _shot(browse, "01-guide")
    page.locator("#orte").scroll_into_view_if_needed()
    _shot(browse, "02-places")

    browse.click(page.get_by_role("link", name="Eine kurze Erinnerung per E-Mail"))
    form = page.locator("main form")
    browse.submit(form)  # the box is not ticked: a message next to it
    expect(page.locator(".kern-error")).to_contain_text("Häkchen")
    _shot(browse, "03-followup-error")
    form.get_by_label("Ja, bitte senden Sie mir diese E-Mails").check()
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("Wir warten auf Ihre Bestätigung")
    _shot(browse, "04-followup-pending")
    assert FollowUp.objects.get(registration=registration).status == FollowUp.Status.PENDING
