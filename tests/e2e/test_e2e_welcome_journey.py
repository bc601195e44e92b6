"""The welcome for newborns from end to end (issue 19), everyone on a phone, axe on every
page:

parents scan the flyer's short link, switch the site to Turkish as a visitor would and
register their baby with the grant paid by transfer → a coordinator checks the
registration (proof seen), approves the grant and makes the cash office's transfer file;
the downloaded pain.001 validates against the XSD shipped with sepaxml → the family opens
its guide by the link in its confirmation mail, passes its wish for a Kita place on, and
subscribes to the timeline: the iCal feed parses and holds the timeline's items.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
import xmlschema
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.welcome import sepa, timeline
from familienrathaus.welcome.models import Grant, KitaInterest, Payment, Registration
from tests.e2e.conftest import Browse, screenshots
from tests.factories.places import PlaceFactory, kind
from tests.factories.welcome import VALID_IBAN

if TYPE_CHECKING:
    from collections.abc import Callable

pytestmark = pytest.mark.e2e

shot = screenshots("welcome", "e2e-")


def test_parents_register_in_turkish_get_the_grant_by_transfer_and_use_their_guide(
    phone_tab: Callable[[str], Browse], make_user: Any, totp_secret: str
) -> None:
    PlaceFactory(name="Kita Regenbogen", slug="kita-regenbogen", kinds=[kind("kita")])
    PlaceFactory(name="Kita Sonnenschein", slug="kita-sonnenschein", kinds=[kind("kita")])
    born = timezone.localdate() - dt.timedelta(days=21)

    # --- the parents, on a phone, from the flyer's QR code -------------------------
    family = phone_tab("family")
    page = family.page
    family.visit("/baby/")
    assert urlsplit(page.url).path == "/babybegruessung/"
    family.click(page.locator("nav.frh-language a[hreflang=tr]"))
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    assert urlsplit(page.url).path == "/tr/babybegruessung/"
    family.click(page.locator("main a[href='/tr/babybegruessung/anmelden/']").first)
    form = page.locator("main form.frh-welcome-form")
    form.locator("#id_child_first_name").fill("Elif")
    form.locator("#id_birth_date").fill(born.isoformat())
    form.locator("input[name=first_born][value='1']").check()
    form.locator("#id_parent_names").fill("Ayşe und Can Yılmaz")
    form.locator("#id_street").fill("Lindenallee 12")
    form.locator("#id_postcode").fill("12345")
    form.locator("#id_town").fill("Musterstadt")
    form.locator("#id_email").fill("yilmaz@example.org")
    form.locator("input[name=delivery][value=pickup]").check()
    form.locator("#id_wants_grant").check()
    form.locator("input[name=payout][value=transfer]").check()
    form.locator("#id_account_holder").fill("Ayşe Yılmaz")
    form.locator("#id_iban").fill("DE89 3704 0044 0532 0130 00")
    form.locator("#id_consent").check()
    shot(family, "01-register-tr")
    family.submit(form)
    registration = Registration.objects.get()
    expect(page.locator("main")).to_contain_text(registration.reference)
    shot(family, "02-thanks-tr")
    assert registration.language == "tr"
    assert registration.grant.status == Grant.Status.REQUESTED

    # --- the coordinator checks, approves the grant and makes the transfer file ----
    coordinator = make_user(
        "babybegruessung@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    desk = phone_tab("coordinator")
    dpage = desk.page
    desk.visit(f"/verwaltung/babybegruessung/{registration.pk}/")
    desk.log_in(coordinator.email)
    desk.enter_totp(totp_secret)
    assert urlsplit(dpage.url).path == f"/verwaltung/babybegruessung/{registration.pk}/"
    check = dpage.locator(f"form[action='/verwaltung/babybegruessung/{registration.pk}/pruefen/']")
    check.locator("input[name=decision][value=eligible]").check()
    check.locator("input[name=proof_seen]").check()
    desk.submit(check)
    registration.refresh_from_db()
    assert registration.eligibility == Registration.Eligibility.ELIGIBLE

    approve = dpage.locator(
        f"form[action='/verwaltung/babybegruessung/{registration.pk}/zuschuss/bewilligen/']"
    )
    expect(approve.locator("input[name=iban]")).to_have_value(re.compile(r"DE89\s?3704"))
    desk.submit(approve)
    assert Grant.objects.get().status == Grant.Status.APPROVED
    shot(desk, "03-desk-approved")

    desk.visit("/verwaltung/babybegruessung/ueberweisungen/")
    batch_form = dpage.locator("main form").filter(has=dpage.locator("input[name=execution_date]"))
    desk.submit(batch_form)
    shot(desk, "04-transfer-file")
    with dpage.expect_download() as download_info:
        dpage.locator("a[href$='/sepa.xml']").first.click()
    xml = Path(download_info.value.path()).read_text(encoding="utf-8")
    xmlschema.XMLSchema(str(sepa.SCHEMA_FILE)).validate(xml)
    assert VALID_IBAN in xml and "100.00" in xml
    payment = Payment.objects.get()
    assert payment.method == Payment.Method.TRANSFER and payment.batch is not None
    assert Grant.objects.get().status == Grant.Status.PAID

    # --- the family opens its guide by the link in its mail -------------------------
    mail = OutboxMessage.objects.filter(to__icontains="yilmaz@example.org").order_by("pk").first()
    assert mail is not None
    found = re.search(r"/babybegruessung/leitfaden/[\w-]+/", mail.body_text)
    assert found is not None, mail.body_text
    family.visit(found.group(0))
    expect(page.locator("html")).to_have_attribute("lang", "tr")
    expect(page.locator("main")).to_contain_text("Elif")
    expect(page.locator("main")).not_to_contain_text("Lindenallee")
    shot(family, "05-guide-tr")

    family.click(page.locator(f"a[href$='/leitfaden/{registration.guide_token}/kita/']").first)
    kita = page.locator("main form.frh-form")
    expect(kita.locator("#id_parent_names")).to_have_value("Ayşe und Can Yılmaz")
    care = (born + dt.timedelta(days=400)).replace(day=1)
    kita.locator("#id_care_from").fill(care.isoformat())
    kita.locator("#id_hours_per_week").fill("35")
    kita.locator("#id_kita_1").select_option(label="Kita Sonnenschein")
    kita.locator("#id_consent").check()
    family.submit(kita)
    expect(page.locator("main")).to_contain_text("Kita Sonnenschein")
    shot(family, "06-kita-done-tr")
    assert KitaInterest.objects.get().registration == registration

    feed = page.request.get(family.url(f"{found.group(0)}kalender.ics"))
    assert feed.ok, feed.status
    calendar = Calendar.from_ical(feed.body())
    events = {str(event.get("uid")): event for event in calendar.walk("VEVENT")}
    items = timeline.timeline(born)
    assert len(events) >= len(items) - 1
    starts = {event.decoded("dtstart") for event in events.values()}
    for item in items:
        if item.key in ("u2", "u3", "u4", "elterngeld", "kita-claim"):
            assert item.start in starts, item.key
