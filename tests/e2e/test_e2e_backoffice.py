"""Partners and coordinators log in and work in the back office ("Verwaltung")."""

from __future__ import annotations

import http.client
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from familienrathaus.core.models import AuditEntry, LegalPage, OutboxMessage, SiteSettings
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e

COORDINATOR_TILES = {
    "/verwaltung/einstellungen/",
    "/verwaltung/seiten/",
    "/verwaltung/rueckmeldungen/",
    "/verwaltung/uebersetzungen/",
    "/verwaltung/postausgang/",
    "/verwaltung/protokoll/",
    "/verwaltung/api-tokens/",
    "/verwaltung/team/",
    "/verwaltung/bibliothek/",
    "/verwaltung/partner/",
    "/verwaltung/import/",
    "/verwaltung/wegweiser/",
    "/verwaltung/postkarten/",
    "/verwaltung/angebote/",
    "/verwaltung/angebote/pruefen/",
    "/verwaltung/begriffe/",
    "/verwaltung/veranstaltungen/",
    "/verwaltung/veranstaltungen/pruefen/",
    "/verwaltung/veranstaltungen/import/",
    "/verwaltung/ferienspass/",
    "/verwaltung/ferienspass/angebote/",
    "/verwaltung/ferienspass/los/",
    "/verwaltung/orte/",
    "/verwaltung/orte/arten/",
    "/verwaltung/orte/notinseln/",
    "/verwaltung/neuigkeiten/",
    "/verwaltung/neuigkeiten/broschueren/",
    "/verwaltung/neuigkeiten/social-media/",
    "/verwaltung/infobrief/",
    "/verwaltung/anliegen/",
    "/verwaltung/anliegen/erfassen/",
    "/verwaltung/anliegen/berichte/",
    "/verwaltung/befragungen/",
    "/verwaltung/befragungen/papier/",
    "/verwaltung/ideen/",
    "/verwaltung/arbeitgeber/",
    "/arbeitgeber/bewertung/",
    "/verwaltung/babybegruessung/",
    "/verwaltung/babybegruessung/bericht/",
    "/verwaltung/babybegruessung/zahlungen/",
    "/verwaltung/berichte/",
    "/werkstatt/",
    "/werkstatt/gruppen/",
    "/werkstatt/engagement/",
}


def tile_links(browse: Browse) -> set[str]:
    tiles = browse.page.locator("main .frh-tiles a")
    return {tiles.nth(i).get_attribute("href") or "" for i in range(tiles.count())}


def log_in_coordinator(browse: Browse, email: str, secret: str, *, start: str) -> None:
    """Open a back-office page, log in with password and TOTP, and arrive there."""
    browse.visit(start)
    assert browse.path.startswith("/konto/login/?next=")
    browse.log_in(email)
    browse.enter_totp(secret)
    assert browse.path == start


def test_partner_reaches_the_back_office_but_not_the_site_settings(
    browse: Browse, make_user: Any
) -> None:
    page = browse.page
    user = make_user("team@kita-sonnenschein.example", role=Role.PARTNER, name="Paula Partner")
    organisation = Organisation.objects.create(
        name="Kita Sonnenschein", slug="kita-sonnenschein", kind=Organisation.Kind.EDUCATION
    )
    add_member(actor=None, organisation=organisation, user=user)

    browse.visit("/")
    browse.click(page.locator("header a[href='/konto/login/']"))
    browse.log_in(user.email)
    # Partner staff need no second factor: straight in.
    assert browse.path == "/"
    browse.click(page.locator("header a[href='/konto/uebersicht/']"))
    expect(page.locator("main dl")).to_contain_text("Kita Sonnenschein")
    browse.click(page.locator("main a[href='/verwaltung/']"))

    assert browse.path == "/verwaltung/"
    assert tile_links(browse) == {
        "/verwaltung/api-tokens/",
        "/verwaltung/partner/",
        "/verwaltung/angebote/",
        "/verwaltung/veranstaltungen/",
        "/verwaltung/veranstaltungen/import/",
        "/verwaltung/ferienspass/angebote/",
        "/verwaltung/neuigkeiten/",
        "/verwaltung/anliegen/partner/",
        "/verwaltung/befragungen/papier/",
        "/werkstatt/",
    }

    # Their own API tokens: create one; the key is shown once.
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/api-tokens/']"))
    form = page.locator("main form").filter(has=page.locator("input[name=name]"))
    form.locator("input[name=name]").fill("Import Website")
    browse.submit(form)
    expect(page.locator("main .frh-token")).to_be_visible()
    expect(page.locator("main table")).to_contain_text("Import Website")

    # Coordinators' pages are refused, on a page in the site's layout.
    browse.visit("/verwaltung/einstellungen/", status=403)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("header a[href='/konto/uebersicht/']")).to_be_visible()
    browse.visit("/verwaltung/protokoll/", status=403)


def test_coordinator_logs_in_with_a_totp_code(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    user = make_user(
        "petra@familienbuero.example",
        role=Role.COORDINATOR,
        name="Petra Koordinatorin",
        totp_secret=totp_secret,
    )
    browse.visit("/verwaltung/")
    assert browse.path == "/konto/login/?next=/verwaltung/"
    browse.log_in(user.email)

    # The password alone is not enough: the second-factor page comes next.
    assert browse.path == "/konto/2fa/authenticate/"
    form = page.locator("main form").filter(has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill("000000")
    browse.submit(form)
    assert browse.path == "/konto/2fa/authenticate/"
    code = page.locator("main input[name=code]")
    expect(code).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main #id_code-error")).to_be_visible()

    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/"
    expect(page.locator("main h1")).to_be_visible()
    assert tile_links(browse) == COORDINATOR_TILES


def test_coordinator_without_totp_must_set_it_up_first(
    browse: Browse, make_user: Any, totp_code: Any
) -> None:
    page = browse.page
    user = make_user("jonas@familienbuero.example", role=Role.COORDINATOR, name="Jonas")
    browse.visit("/konto/login/")
    browse.log_in(user.email)
    assert browse.path == "/"

    # The back office sends them to the authenticator set-up instead, with no second
    # password prompt right after the login.
    browse.visit("/verwaltung/")
    assert browse.path == "/konto/2fa/totp/activate/"
    expect(page.locator("main [role=status]")).to_be_visible()
    secret = page.locator("main #authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]+=*", secret), secret
    form = page.locator("main form").filter(has=page.locator("input[name=code]"))
    form.locator("input[name=code]").fill(totp_code(secret))
    browse.submit(form)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()

    browse.visit("/verwaltung/")
    assert browse.path == "/verwaltung/"
    assert tile_links(browse) == COORDINATOR_TILES


def test_coordinator_edits_the_imprint_and_finds_the_change_in_the_audit_log(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    user = make_user(
        "erika@familienbuero.example",
        role=Role.COORDINATOR,
        name="Erika Redakteurin",
        totp_secret=totp_secret,
    )
    new_text = "Das Familienbüro ist dienstags bis 18 Uhr für Sie da."

    browse.visit("/seite/impressum/")
    # Visitors see no edit button.
    expect(page.locator("main a[href='/verwaltung/seiten/impressum/']")).to_have_count(0)
    log_in_coordinator(browse, user.email, totp_secret, start="/verwaltung/seiten/")
    browse.visit("/seite/impressum/")
    browse.click(page.locator("main a[href='/verwaltung/seiten/impressum/']"))

    form = page.locator("main form")
    body = form.locator("textarea[name=body]")
    body.fill(body.input_value() + f"\n\n## Sprechzeiten\n\n{new_text}\n")
    browse.submit(form)

    assert browse.path == "/seite/impressum/"
    expect(page.locator("main [role=status]")).to_be_visible()
    expect(page.locator("main article h2").last).to_have_text("Sprechzeiten")
    expect(page.locator("main article")).to_contain_text(new_text)
    assert new_text in LegalPage.objects.get(kind="impressum").body

    # The audit log says who changed what.
    browse.visit("/verwaltung/protokoll/")
    row = page.locator("main table tbody tr").filter(has_text="legal_page.update")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(user.email)
    # Filtering by action keeps the entry.
    form = page.locator("main form.frh-filter")
    form.locator("select[name=action]").select_option("legal_page.update")
    browse.submit(form)
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert AuditEntry.objects.filter(action="legal_page.update", actor=user).exists()


def test_coordinator_works_through_settings_outbox_feedback_and_tokens(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    user = make_user("alex@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    log_in_coordinator(browse, user.email, totp_secret, start="/verwaltung/einstellungen/")

    # Site settings: a colour too light for white text is refused, at the field,
    # and nothing typed is lost.
    form = page.locator("main form")
    form.locator("input[name=tagline]").fill("Gemeinsam stark für Familien.")
    form.locator("input[name=primary_colour]").fill("#ffee00")
    browse.submit(form)
    form = page.locator("main form")
    expect(form.locator("input[name=primary_colour]")).to_have_attribute("aria-invalid", "true")
    expect(form.locator("#id_primary_colour-error")).to_be_visible()
    expect(form.locator("input[name=tagline]")).to_have_value("Gemeinsam stark für Familien.")
    form.locator("input[name=primary_colour]").fill("#1d4f7a")
    browse.submit(form)
    expect(page.locator("main [role=status]")).to_be_visible()
    assert SiteSettings.objects.get().primary_colour == "#1d4f7a"
    browse.visit("/")
    expect(page.locator("main")).to_contain_text("Gemeinsam stark für Familien.")

    # Outgoing e-mails: one failed mail can be queued again.
    message = OutboxMessage.objects.create(
        from_email="noreply@localhost",
        to=["eltern@example.org"],
        subject="Anmeldebestätigung Ferienspaß",
        body_text="Hallo",
        message_id="<e2e-1@localhost>",
        status=OutboxMessage.Status.FAILED,
        attempts=6,
        last_error="Connection refused",
    )
    browse.visit("/verwaltung/postausgang/")
    row = page.locator("main table tbody tr").filter(has_text=message.subject)
    expect(row).to_contain_text("Connection refused")
    browse.click(row.locator("button[type=submit]"))
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.QUEUED
    browse.click(page.locator("main .frh-chips a[href='?status=queued']"))
    expect(page.locator("main table tbody tr").filter(has_text=message.subject)).to_have_count(1)

    # Accessibility feedback list (empty) and the pages overview.
    browse.visit("/verwaltung/rueckmeldungen/")
    browse.visit("/verwaltung/seiten/")
    expect(page.locator("main table tbody tr")).to_have_count(4)

    # API tokens: create and revoke.
    browse.visit("/verwaltung/api-tokens/")
    form = page.locator("main form").filter(has=page.locator("input[name=name]"))
    form.locator("input[name=name]").fill("Kalender-Export")
    browse.submit(form)
    key = page.locator("main .frh-token").inner_text()
    assert api_status(browse, key) == 200
    row = page.locator("main table tbody tr").filter(has_text="Kalender-Export")
    browse.click(row.locator("button[type=submit]"))
    expect(row.locator("button")).to_have_count(0)
    assert api_status(browse, key) == 401


def api_status(browse: Browse, key: str) -> int:
    """GET /api/v1/me with a bearer token, without the browser's session cookie."""
    server = urlsplit(browse.base_url)
    connection = http.client.HTTPConnection(server.hostname or "", server.port, timeout=10)
    try:
        connection.request("GET", "/api/v1/me", headers={"Authorization": f"Bearer {key}"})
        return connection.getresponse().status
    finally:
        connection.close()


@pytest.mark.parametrize("color_scheme", ["dark"], indirect=True)
@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_every_page_in_dark_mode_on_a_phone(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    """KERN switches to dark colours with the system; contrast must hold there too."""
    page = browse.page
    for path in (
        "/",
        "/seite/impressum/",
        "/seite/datenschutz/",
        "/seite/barrierefreiheit/",
        "/seite/leichte-sprache/",
        "/konto/signup/",
    ):
        browse.visit(path)
    user = make_user("nachts@familienbuero.example", role=Role.COORDINATOR, totp_secret=totp_secret)
    log_in_coordinator(browse, user.email, totp_secret, start="/verwaltung/")
    assert tile_links(browse) == COORDINATOR_TILES
    for path in [
        *sorted(COORDINATOR_TILES),
        "/verwaltung/seiten/impressum/",
        "/konto/uebersicht/",
        "/konto/email/",
        "/konto/2fa/",
        "/konto/2fa/recovery-codes/generate/",
    ]:
        browse.visit(path)
    expect(page.locator("html")).to_have_attribute("lang", "de")
