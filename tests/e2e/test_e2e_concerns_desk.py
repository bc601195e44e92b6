"""The coordination desk in Chromium, checked by axe on every page: a coordinator finds a
family's concern in the inbox, passes it to a partner with a note; the partner's staff
answer in the back office on a phone, straight to the family; the coordinator sees the
answer in the timeline, marked as visible to the family."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from playwright.sync_api import Browser, expect

from familienrathaus.concerns import office_links
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.concerns.services import intake
from familienrathaus.core.models.users import Role
from familienrathaus.partners.services import add_member
from tests.e2e.conftest import PHONE, Browse, new_context, screenshots
from tests.factories import OrganisationFactory
from tests.factories.concerns import AnswerTemplateFactory, OfficeFactory

if TYPE_CHECKING:
    from familienrathaus.core.models import User

pytestmark = pytest.mark.e2e

shot = screenshots("concerns-desk")


def _partner(make_user: Any) -> tuple[Any, User]:
    organisation = OrganisationFactory(name="Musterstädter Wohnungsbau", slug="mw-e2e")
    user = make_user("wohnungsbau@musterstadt.example", role=Role.PARTNER, name="Petra Bau")
    add_member(actor=None, organisation=organisation, user=user)
    return organisation, user


def test_a_coordinator_passes_a_concern_to_a_partner_who_answers_the_family(
    browse: Browse,
    browser: Browser,
    axe_source: str,
    site: Any,
    make_user: Any,
    totp_secret: str,
    request: pytest.FixtureRequest,
) -> None:
    organisation, partner = _partner(make_user)
    coordinator = make_user(
        "desk@musterstadt.example",
        role=Role.COORDINATOR,
        name="Kim Koordination",
        totp_secret=totp_secret,
    )
    AnswerTemplateFactory(title="Dank für Ihr Anliegen", text="Vielen Dank für Ihre Nachricht.")
    concern = intake.submit(
        kind=Concern.Kind.HELP,
        text="Unsere Wohnung ist seit Wochen feucht, das Kinderzimmer schimmelt.",
        name="Familie Özdemir",
        email="oezdemir@example.org",
        language="de",
    )
    page = browse.page

    # The coordinator finds it in the inbox and opens it.
    browse.visit("/verwaltung/anliegen/")
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    assert browse.path == "/verwaltung/anliegen/"
    expect(page.locator("h1")).to_have_text("Anliegen")
    shot(browse, "inbox-desktop")
    browse.click(page.locator("a", has_text=concern.reference))
    expect(page.locator("main")).to_contain_text("oezdemir@example.org")
    shot(browse, "detail-desktop")

    # Passes it on to the housing company with a note.
    form = page.locator("form", has=page.locator("select[name=to]"))
    form.locator("select[name=to]").select_option(label="Musterstädter Wohnungsbau")
    form.locator("textarea[name=note]").fill("Bitte Termin zur Besichtigung anbieten.")
    browse.submit(form)
    expect(page.locator(".kern-alert, [role=status]").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("weitergegeben")
    concern.refresh_from_db()
    assert concern.organisation == organisation

    # The partner's staff, on a phone, answer in the back office.
    context = new_context(browser, PHONE, bypass_csp=True)
    try:
        other = Browse(context.new_page(), site.url, axe_source, f"{request.node.name}-partner")
        other.visit("/verwaltung/anliegen/partner/")
        other.log_in(partner.email)
        assert other.path == "/verwaltung/anliegen/partner/"
        expect(other.page.locator("h1")).to_have_text("An uns weitergegebene Anliegen")
        shot(other, "partner-inbox-phone")
        other.click(other.page.locator("a", has_text=concern.reference))
        main = other.page.locator("main")
        expect(main).to_contain_text("Bitte Termin zur Besichtigung anbieten.")
        expect(main).to_contain_text("das Kinderzimmer schimmelt")
        expect(main).not_to_contain_text("oezdemir@example.org")  # "office only" privacy
        expect(main).not_to_contain_text("Özdemir")
        answer = other.page.locator("form", has=other.page.locator("textarea[name=text]"))
        answer.locator("textarea[name=text]").fill(
            "Wir kommen am Dienstag um 10 Uhr vorbei und sehen uns das an."
        )
        answer.get_by_label("die Familie direkt (und die Koordinierungsstelle)").check()
        other.submit(answer)
        expect(other.page.locator("main")).to_contain_text(
            "Vielen Dank, Ihre Antwort wurde gesendet."
        )
        shot(other, "partner-detail-phone")
        other.finish()
    finally:
        context.close()

    reply = concern.messages.get(kind=Message.Kind.PARTNER)
    assert reply.public and reply.author_label == "Musterstädter Wohnungsbau"

    # The coordinator sees the answer, marked as visible to the family.
    browse.visit(f"/verwaltung/anliegen/{concern.pk}/")
    item = page.locator(f"#nachricht-{reply.pk}")
    expect(item).to_contain_text("Für die Familie sichtbar")
    expect(item).to_contain_text("Wir kommen am Dienstag")
    shot(browse, "detail-after-answer-desktop")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_the_desk_on_a_phone(browse: Browse, make_user: Any, totp_secret: str) -> None:
    coordinator = make_user(
        "handy@musterstadt.example", role=Role.COORDINATOR, totp_secret=totp_secret
    )
    AnswerTemplateFactory(title="Dank", text="Vielen Dank für Ihre Nachricht.")
    concern = intake.submit(
        kind=Concern.Kind.COMPLAINT,
        text="Der Spielplatz am Park ist seit dem Sturm gesperrt.",
        privacy=Concern.Privacy.ANONYMOUS,
        language="de",
    )
    page = browse.page
    browse.visit("/verwaltung/anliegen/")
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    shot(browse, "inbox-phone")
    browse.click(page.locator("a", has_text=concern.reference))

    # Inserting a template keeps what was typed.
    form = page.locator("form", has=page.locator("select[name=template]"))
    form.locator("textarea[name=text]").fill("Guten Tag,")
    form.locator("select[name=template]").select_option(label="Dank")
    browse.click(form.locator("button[name=insert]"))
    expect(page.locator("textarea[name=text]").first).to_have_value(
        "Guten Tag,\n\nVielen Dank für Ihre Nachricht."
    )
    shot(browse, "detail-phone")

    # A wrong merge reference gets a message next to the field, the section open.
    page.locator("summary", has_text="Doppeltes Anliegen zusammenführen").click()
    merge = page.locator("form", has=page.locator("input[name=target]"))
    merge.locator("input[name=target]").fill("XXXX-XXXX")
    browse.submit(merge)
    expect(page.locator(".kern-error")).to_contain_text("Es gibt kein Anliegen mit dieser Kennung.")
    expect(page.locator("input[name=target]")).to_be_visible()
    expect(page.locator("input[name=target]")).to_have_value("XXXX-XXXX")
    shot(browse, "merge-error-phone")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_an_office_answers_through_its_link_on_a_phone(browse: Browse) -> None:
    office = OfficeFactory(name="Jugendamt", email="jugendamt@musterstadt.example")
    concern = intake.submit(
        kind=Concern.Kind.QUESTION,
        text="Wo bekomme ich Hilfe bei der Beantragung von Unterhaltsvorschuss?",
        name="Familie Kaya",
        email="kaya@example.org",
        language="de",
    )
    concern.office = office
    concern.save(update_fields=["office"])
    token = office_links.make_token(concern.pk, office.pk)
    page = browse.page

    browse.visit(f"/anliegen/amt/{token}/")
    main = page.locator("main")
    expect(main).to_contain_text("Unterhaltsvorschuss")
    expect(main).not_to_contain_text("kaya@example.org")
    answer = page.locator("form", has=page.locator("textarea[name=text]"))
    answer.locator("textarea[name=text]").fill(
        "Bitte melden Sie sich bei der UVG-Stelle, Zimmer 12."
    )
    browse.submit(answer)
    expect(main).to_contain_text("Vielen Dank, Ihre Antwort wurde gesendet.")
    shot(browse, "office-phone")
    assert concern.messages.get(kind=Message.Kind.OFFICE).author_label == "Jugendamt"

    # Closed: the link says so, in plain words, and shows nothing of the concern.
    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.CLOSED)
    browse.visit(f"/anliegen/amt/{token}/", status=410)
    expect(page.locator("h1")).to_have_text("Dieser Link funktioniert nicht mehr")
    expect(page.locator("main")).not_to_contain_text("Unterhaltsvorschuss")
    shot(browse, "office-gone-phone")
