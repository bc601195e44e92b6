"""Partners: families find partners and save a contact; staff and coordinators keep the
profiles up to date in the back office. axe checks every page on the way."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from familienrathaus.core.models import AuditEntry
from familienrathaus.core.models.users import Role
from familienrathaus.partners import demo as partners_demo
from familienrathaus.partners.models import ContactPerson, Organisation
from familienrathaus.partners.services import add_member

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (30, 90, 200)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def partners(site: Any) -> None:
    partners_demo.load()


@pytest.mark.parametrize("viewport", ["phone", "desktop"], indirect=True)
def test_a_family_finds_a_partner_and_saves_a_contact(browse: Browse, partners: None) -> None:
    page = browse.page
    browse.visit("/")
    browse.click(page.locator("nav.frh-nav a[href='/partner/']"))
    assert browse.path == "/partner/"
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .frh-partner-card")).to_have_count(20)  # first page of 29

    # Filter by kind and search by name; the form keeps both.
    form = page.locator("main form[role=search]")
    form.locator("select[name=kind]").select_option("wohlfahrt")
    form.locator("input[name=q]").fill("caritas")
    browse.submit(form)
    cards = page.locator("main .frh-partner-card h2")
    expect(cards).to_have_text(["Caritas-Familienberatungsstelle", "Caritasverband Musterstadt"])
    expect(page.locator("main input[name=q]")).to_have_value("caritas")

    browse.click(page.locator("main a", has_text="Caritasverband Musterstadt"))
    assert browse.path == "/partner/caritasverband-musterstadt/"
    expect(page.locator("main h1")).to_have_text("Caritasverband Musterstadt")
    expect(page.locator("main address").first).to_contain_text("Kirchstraße 12")
    # The contact who agreed is shown; the one who did not, is not.
    expect(page.locator("main")).to_contain_text("Monika Brandt")
    expect(page.locator("main")).not_to_contain_text("Thomas Keller")
    json_ld = page.locator("script[type='application/ld+json']")
    expect(json_ld).to_have_count(1)
    assert '"@type":"Organization"' in (json_ld.text_content() or "")

    contact = ContactPerson.objects.get(name="Monika Brandt")
    with page.expect_download() as download_info:
        page.locator(f"main a[href$='/kontakt/{contact.pk}.vcf']").click()
    download = download_info.value
    assert download.suggested_filename == "monika-brandt.vcf"
    content = Path(download.path()).read_bytes().decode("utf-8")
    assert content.startswith("BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert "FN:Monika Brandt\r\n" in content


def test_staff_edit_their_profile_and_see_it_on_the_public_page(
    browse: Browse, make_user: Any
) -> None:
    page = browse.page
    user = make_user("team@kita-wolke.example", role=Role.PARTNER, name="Wiebke Wolke")
    organisation = Organisation.objects.create(
        name="Kita Wolke", slug="kita-wolke", kind=Organisation.Kind.EDUCATION
    )
    add_member(actor=None, organisation=organisation, user=user)

    browse.visit("/konto/login/")
    browse.log_in(user.email)
    browse.visit("/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/partner/']"))
    browse.click(page.locator("main table a", has_text="Kita Wolke"))
    assert browse.path == f"/verwaltung/partner/{organisation.pk}/"

    form = page.locator("main form").filter(has=page.locator("input[name=name]"))
    form.locator("input[name=name]").fill("Kita Wolke sieben")
    form.locator("textarea[name=description]").fill("Wir haben **Plätze frei**.")
    form.locator("input[name=email]").fill("info(at)kita-wolke")
    browse.submit(form)

    # The error is next to the field; everything typed is still there.
    email = page.locator("main input[name=email]")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main #id_email-error")).to_be_visible()
    expect(email).to_have_value("info(at)kita-wolke")
    expect(page.locator("main input[name=name]")).to_have_value("Kita Wolke sieben")
    expect(page.locator("main textarea[name=description]")).to_have_value(
        "Wir haben **Plätze frei**."
    )
    organisation.refresh_from_db()
    assert organisation.name == "Kita Wolke"

    email.fill("info@kita-wolke.example")
    page.locator("main input[name=logo]").set_input_files(
        files=[{"name": "wolke.png", "mimeType": "image/png", "buffer": logo_png()}]
    )
    page.locator("main input[name=logo_alt]").fill("Eine weiße Wolke")
    browse.submit(page.locator("main form").filter(has=page.locator("input[name=name]")))
    expect(page.locator("main [role=status]").first).to_be_visible()
    # The stored logo is shown, with a box to remove it (axe has checked this page).
    expect(page.locator("main input[name=logo-clear]")).to_have_count(1)
    assert AuditEntry.objects.filter(action="organisation.update", actor=user).exists()

    # An address with a coordinate out of range first, then a correct one.
    browse.click(
        page.locator(f"main a[href='/verwaltung/partner/{organisation.pk}/adressen/neu/']")
    )
    form = page.locator("main form").filter(has=page.locator("input[name=street]"))
    form.locator("input[name=street]").fill("Wolkenweg 7")
    form.locator("input[name=postcode]").fill("12345")
    form.locator("input[name=city]").fill("Musterstadt")
    form.locator("input[name=latitude]").fill("151,4")
    form.locator("input[name=longitude]").fill("7,19")
    browse.submit(form)
    expect(page.locator("main #id_latitude-error")).to_be_visible()
    expect(page.locator("main input[name=street]")).to_have_value("Wolkenweg 7")
    page.locator("main input[name=latitude]").fill("51,4")
    browse.submit(page.locator("main form").filter(has=page.locator("input[name=street]")))
    assert browse.path == f"/verwaltung/partner/{organisation.pk}/"

    browse.click(page.locator("main a[href='/partner/kita-wolke/']"))
    assert browse.path == "/partner/kita-wolke/"
    expect(page.locator("main h1")).to_have_text("Kita Wolke sieben")
    expect(page.locator("main strong", has_text="Plätze frei")).to_be_visible()
    expect(page.locator("main address")).to_contain_text("Wolkenweg 7")
    expect(page.locator("main img.frh-partner__logo")).to_have_attribute("alt", "Eine weiße Wolke")


def test_the_coordinators_partner_pages_are_accessible(
    browse: Browse, make_user: Any, totp_secret: str, partners: None
) -> None:
    page = browse.page
    user = make_user("partnerpflege@familienbuero.example", role=Role.COORDINATOR,
                     totp_secret=totp_secret)  # fmt: skip
    browse.visit("/verwaltung/partner/")
    browse.log_in(user.email)
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/partner/"
    expect(page.locator("main table tbody tr")).to_have_count(30)

    form = page.locator("main form.frh-filter")
    form.locator("select[name=is_public]").select_option("no")
    browse.submit(form)
    expect(page.locator("main table tbody tr")).to_have_count(1)

    caritas = Organisation.objects.get(name="Caritasverband Musterstadt")
    address = caritas.addresses.get()
    contact = caritas.contacts.filter(is_public=False).get()
    base = f"/verwaltung/partner/{caritas.pk}/"
    for path in [
        "/verwaltung/partner/neu/",
        base,
        f"{base}adressen/neu/",
        f"{base}adressen/{address.pk}/",
        f"{base}adressen/{address.pk}/loeschen/",
        f"{base}kontakte/neu/",
        f"{base}kontakte/{contact.pk}/",
        f"{base}kontakte/{contact.pk}/loeschen/",
        f"{base}mitarbeitende/",
    ]:
        browse.visit(path)

    # A new staff member: an account and an invitation.
    form = page.locator("main form").filter(has=page.locator("input[name=email]"))
    form.locator("input[name=email]").fill("neu@caritas-musterstadt.example.org")
    browse.submit(form)
    expect(page.locator("main table")).to_contain_text("neu@caritas-musterstadt.example.org")

    # Invalid input on the create page stays where it was typed.
    browse.visit("/verwaltung/partner/neu/")
    form = page.locator("main form").filter(has=page.locator("input[name=name]"))
    form.locator("input[name=name]").fill("Zirkus Manege")
    form.locator("input[name=website]").fill("keine adresse")
    browse.submit(form)
    expect(page.locator("main #id_website-error")).to_be_visible()
    expect(page.locator("main input[name=name]")).to_have_value("Zirkus Manege")
