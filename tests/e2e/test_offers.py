"""Offers end to end: a partner writes an offer (a mistake first), submits it; a
coordinator sends it back with a comment; the partner fixes and resubmits; the
coordinator approves; a family finds the page, prints it and reports it out of date.
axe checks every page on the way, the offer page also with the print stylesheet."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from familienrathaus.core.models.users import Role
from familienrathaus.offers.models import Offer, OfferNotice
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.e2e.conftest import DESKTOP, Browse, new_context

pytestmark = pytest.mark.e2e


@pytest.fixture
def second_tab(
    request: pytest.FixtureRequest, site: Any, browser: Browser, axe_source: str
) -> Iterator[Browse]:
    """Another browser (its own cookies), for the coordinator working at the same time."""
    context = new_context(browser, DESKTOP, bypass_csp=True)
    try:
        helper = Browse(context.new_page(), site.url, axe_source, request.node.name + "-2")
        yield helper
        helper.finish()
    finally:
        context.close()


def log_out(browse: Browse) -> None:
    browse.click(browse.page.locator("header form[action='/konto/logout/'] button"))


def test_an_offer_from_draft_to_the_family(
    browse: Browse, second_tab: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    partner = make_user("team@familienzentrum-wiese.example", role=Role.PARTNER, name="Pia")
    organisation = Organisation.objects.create(
        name="Familienzentrum Wiese", slug="familienzentrum-wiese", kind="bildung"
    )
    add_member(actor=None, organisation=organisation, user=partner)
    make_user(
        "kora@familienbuero.example",
        role=Role.COORDINATOR,
        name="Kora Koordinatorin",
        totp_secret=totp_secret,
    )

    # -- The partner writes the offer, forgets the title and mixes up the times.
    browse.visit("/konto/login/")
    browse.log_in(partner.email)
    browse.visit("/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/angebote/']"))
    browse.click(page.locator("main a[href='/verwaltung/angebote/neu/']"))
    form = page.locator("main form.frh-offer-form")
    form.locator("textarea[name=summary]").fill("Offener Treff für Eltern mit Babys.")
    form.locator("textarea[name=description]").fill("Wir treffen uns **jeden Dienstag**.")
    form.get_by_label("Gesundheit").check()
    form.get_by_label("Alleinerziehende").check()
    form.locator("select[name='times-0-weekday']").select_option("1")
    form.locator("input[name='times-0-opens']").fill("11:00")
    form.locator("input[name='times-0-closes']").fill("09:30")
    form.locator("input[name='times-0-note']").fill("nicht in den Ferien")
    form.locator("input[name='locations-0-street']").fill("Wiesenweg 4")
    form.locator("input[name='locations-0-postcode']").fill("12345")
    form.locator("input[name='locations-0-city']").fill("Musterstadt")
    form.locator("input[name='locations-0-latitude']").fill("51.3950")
    form.locator("input[name='locations-0-longitude']").fill("7.1820")
    browse.click(form.locator("button[name=submit]"))

    assert browse.path == "/verwaltung/angebote/neu/"
    expect(page.locator("main [role=alert]").first).to_be_visible()
    expect(page.locator("#id_title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_times-0-closes-error")).to_be_visible()
    # Nothing typed is lost.
    expect(page.locator("textarea[name=summary]")).to_have_value(
        "Offener Treff für Eltern mit Babys."
    )
    expect(page.get_by_label("Gesundheit")).to_be_checked()
    expect(page.locator("input[name='times-0-note']")).to_have_value("nicht in den Ferien")
    expect(page.locator("input[name='locations-0-street']")).to_have_value("Wiesenweg 4")
    assert not Offer.objects.exists()

    form = page.locator("main form.frh-offer-form")
    form.locator("input[name=title]").fill("Babytreff Wiese")
    form.locator("input[name='times-0-closes']").fill("12:30")
    browse.click(form.locator("button[name=submit]"))
    offer = Offer.objects.get()
    assert browse.path == f"/verwaltung/angebote/{offer.pk}/"
    assert offer.status == "submitted"

    # -- The coordinator sends it back with a comment.
    coordinator = second_tab
    coordinator.visit("/verwaltung/angebote/pruefen/")
    coordinator.log_in("kora@familienbuero.example")
    coordinator.enter_totp(totp_secret)
    assert coordinator.path == "/verwaltung/angebote/pruefen/"
    coordinator.click(
        coordinator.page.locator(f"main a[href='/verwaltung/angebote/pruefen/{offer.pk}/']")
    )
    decision = coordinator.page.locator("main form").filter(
        has=coordinator.page.locator("textarea[name=comment]")
    )
    decision.locator("textarea[name=comment]").fill(
        "Bitte ergänzen Sie, ob eine Anmeldung nötig ist."
    )
    coordinator.click(decision.locator("button[value=return]"))
    assert coordinator.path == "/verwaltung/angebote/pruefen/"
    offer.refresh_from_db()
    assert offer.status == "returned"

    # -- The partner reads the comment, fixes the offer and submits it again.
    browse.visit(f"/verwaltung/angebote/{offer.pk}/")
    expect(page.locator("main")).to_contain_text("Bitte ergänzen Sie, ob eine Anmeldung nötig ist.")
    browse.click(page.locator(f"main a[href='/verwaltung/angebote/{offer.pk}/bearbeiten/']"))
    form = page.locator("main form.frh-offer-form")
    form.locator("input[name=times_note]").fill("Ohne Anmeldung – kommen Sie einfach vorbei.")
    browse.click(form.locator("button[name=submit]"))
    offer.refresh_from_db()
    assert offer.status == "submitted"

    # -- The coordinator approves.
    coordinator.visit(f"/verwaltung/angebote/pruefen/{offer.pk}/")
    coordinator.click(coordinator.page.locator("main button[value=approve]"))
    offer.refresh_from_db()
    assert offer.status == "published"
    coordinator.visit("/verwaltung/")

    # -- A family finds the page.
    log_out(browse)
    browse.visit("/angebote/babytreff-wiese/")
    main = page.locator("main")
    expect(main.locator("h1")).to_have_text("Babytreff Wiese")
    expect(main).to_contain_text("Ohne Anmeldung")
    expect(main.locator("strong", has_text="jeden Dienstag")).to_be_visible()
    json_ld = json.loads(page.locator("script[type='application/ld+json']").text_content() or "")
    assert json_ld["@type"] == "Service"
    assert json_ld["provider"]["name"] == "Familienzentrum Wiese"
    expect(main.locator("a[href^='https://wa.me/?text=']")).to_be_visible()
    expect(main.locator("a[href^='mailto:?subject=']")).to_be_visible()

    # On paper: no navigation, no forms; axe finds nothing with the print styles either.
    page.emulate_media(media="print")
    browse.check()
    expect(page.locator("header.frh-header")).to_be_hidden()
    expect(page.locator("#hinweis")).to_be_hidden()
    expect(page.locator(".frh-offer__share")).to_be_hidden()
    expect(page.locator(".frh-print-only")).to_be_visible()
    expect(main.locator("h1")).to_be_visible()
    page.emulate_media(media="screen")

    # -- "Angabe veraltet?"
    notice = page.locator("#hinweis form")
    notice.locator("textarea[name='notice-message']").fill("Der Treff ist jetzt mittwochs.")
    browse.submit(notice)
    assert browse.path == "/angebote/babytreff-wiese/"
    expect(page.locator("#hinweis [role=status]")).to_be_visible()
    assert OfferNotice.objects.get().message == "Der Treff ist jetzt mittwochs."


@pytest.mark.parametrize("color_scheme", ["light", "dark"], indirect=True)
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_every_offers_page_on_a_phone(browse: Browse, make_user: Any, totp_secret: str) -> None:
    """All back-office and public pages of offers, in light and dark colours."""
    from datetime import timedelta

    from django.utils import timezone

    from familienrathaus.core.models import Theme
    from familienrathaus.offers import services

    partner = make_user("team@tus.example", role=Role.PARTNER, name="Tom")
    organisation = Organisation.objects.create(name="TuS Musterstadt", slug="tus", kind="verein")
    add_member(actor=None, organisation=organisation, user=partner)
    coordinator = make_user(
        "nina@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    content = {
        "title": "Kinderturnen",
        "summary": "Bewegung für Kinder von 3 bis 6.",
        "description": "## Ablauf\n\n- Aufwärmen\n- Geräteparcours",
        "themes": [Theme.objects.get(name="Sport, Freizeit und Kultur").pk],
        "accessibility": ["step_free"],
        "cost": "reduced",
        "cost_note": "8 € im Monat",
        "phone": "01234 567",
        "times": [{"weekday": 2, "opens": "15:30", "closes": "16:30", "note": ""}],
        "locations": [
            {
                "label": "Turnhalle",
                "street": "Am Sportplatz 1",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": None,
                "latitude": "51.3985",
                "longitude": "7.174",
            }
        ],
    }
    live = services.create_offer(actor=partner, organisation=organisation, content=content)
    services.change_status(actor=partner, offer=live, action="submit")
    services.change_status(actor=coordinator, offer=live, action="approve")
    Offer.objects.filter(pk=live.pk).update(published_at=timezone.now() - timedelta(days=500))
    services.update_offer(actor=partner, offer=live, content={"title": "Kinderturnen (neu)"})
    draft = services.create_offer(
        actor=partner, organisation=organisation, content={**content, "title": "Babyturnen"}
    )
    services.change_status(actor=partner, offer=draft, action="submit")
    services.change_status(actor=coordinator, offer=draft, action="return", comment="Bitte Ort.")
    OfferNotice.objects.create(offer=live, message="Die Halle ist umgezogen.")

    browse.visit("/konto/login/")
    browse.log_in(partner.email)
    for path in (
        "/verwaltung/angebote/",
        f"/verwaltung/angebote/{live.pk}/",
        f"/verwaltung/angebote/{draft.pk}/",
        f"/verwaltung/angebote/{draft.pk}/bearbeiten/",
        f"/verwaltung/angebote/{draft.pk}/vorschau/",
        "/verwaltung/angebote/bestaetigen/",
    ):
        browse.visit(path)
    log_out(browse)
    browse.visit("/verwaltung/angebote/pruefen/")
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    for path in (
        "/verwaltung/",
        "/verwaltung/angebote/pruefen/",
        f"/verwaltung/angebote/pruefen/{live.pk}/",
        "/verwaltung/angebote/?stale=on",
        "/verwaltung/angebote/hinweise/",
        "/verwaltung/angebote/neu/",
    ):
        browse.visit(path)
    expect(browse.page.locator("main .frh-diff")).to_have_count(0)  # the last page
    browse.visit(f"/verwaltung/angebote/pruefen/{live.pk}/")
    expect(browse.page.locator("main .frh-diff__after").first).to_contain_text("Kinderturnen (neu)")
    log_out(browse)
    browse.visit(f"/angebote/{live.slug}/")
    browse.page.emulate_media(media="print")
    browse.check()
