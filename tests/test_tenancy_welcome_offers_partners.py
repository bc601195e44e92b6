"""Two alliances on one install: offers, partners and the welcome for newborns (issue 23,
"Isolation").

Musterstadt (the first alliance, on ``testserver``) and Beispieldorf (on
``beispieldorf.localhost``) each have a partner with the SAME address (``sonnenblume``),
an offer with the same address (``elterncafe``), a registration with
the same reference number and a cash payment with the same receipt number (each
alliance counts its own); every text of Musterstadt's says "Musterstadt-only", every
text of Beispieldorf's "Beispieldorf-only". Every public page, search, vCard, PDF,
calendar and API endpoint of the three apps on each host shows that alliance's rows and
never the other's; a coordinator's back office and its exports are their alliance's; the
other alliance's object numbers answer 404. The offer reminders (the command and the
daily task) and the follow-up mails run inside Beispieldorf touch only its rows and link
to its host; an import on Beispieldorf's host lands in Beispieldorf.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from familienrathaus.core import tenancy
from familienrathaus.core.models import ImportRun, OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.offers.models import Offer, OfferReminder
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from familienrathaus.welcome import timeline
from familienrathaus.welcome.models import FollowUp, FollowUpSent, Payment, Registration
from familienrathaus.welcome.services import followup as followup_services
from familienrathaus.welcome.services import grants
from tests.conftest import alliance_client, english_client
from tests.factories import (
    TOTP_SECRET,
    AddressFactory,
    ContactPersonFactory,
    OfferFactory,
    OrganisationFactory,
    UserFactory,
    csv_bytes,
)
from tests.factories.imports import confirm, upload
from tests.factories.welcome import (
    FollowUpFactory,
    KitaInterestFactory,
    RegistrationFactory,
    StockItemFactory,
    welcome_settings,
)

pytestmark = pytest.mark.django_db

A = "Musterstadt-only"
B = "Beispieldorf-only"
B_HOST = "beispieldorf.localhost"
NAME = "Familienzentrum Sonnenblume"  # a partner name both alliances have
REFERENCE = "BB-2026-0001"  # the same reference number in both alliances
LONG_AGO = timezone.now() - timedelta(days=400)


def build(word: str, prefix: str) -> dict[str, Any]:
    """One alliance's partner, offer and welcome (call inside the alliance)."""
    coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination-{prefix}@example.org")
    TOTP.activate(coordinator, TOTP_SECRET)
    organisation = OrganisationFactory(
        name=f"{word} Familienzentrum", slug="sonnenblume", description=f"{word} Beschreibung"
    )
    AddressFactory(organisation=organisation, street=f"{word} Weg 1")
    staff = UserFactory(role=Role.PARTNER, email=f"partner-{prefix}@example.org")
    add_member(actor=None, organisation=organisation, user=staff)
    contact = ContactPersonFactory(
        organisation=organisation, name=f"{word} Kontakt", email=f"kontakt-{prefix}@example.org"
    )
    offer = OfferFactory(
        organisation=organisation,
        slug="elterncafe",
        title=f"{word} Elterncafé",
        summary=f"{word} Treff für Eltern",
        status=Offer.Status.PUBLISHED,
        published_at=LONG_AGO,
        indexed=True,
    )
    welcome_settings(intro=f"{word} Begrüßung", grant_enabled=True)
    registration = RegistrationFactory(
        reference=REFERENCE,
        child_first_name=f"{word} Mia",
        parent_names=f"{word} Eltern",
        email=f"eltern-{prefix}@example.org",
        grant=True,
        eligibility=Registration.Eligibility.ELIGIBLE,
        status=Registration.Status.CHECKED,
    )
    grants.approve(actor=coordinator, registration=registration, payout="cash")
    payment = grants.pay_cash(
        actor=coordinator, registration=registration, payee_name=f"{word} Zahlungsempfänger"
    )
    item = StockItemFactory(name=f"{word} Lätzchen")
    interest = KitaInterestFactory(registration=registration, parent_names=f"{word} Eltern")
    return {
        "coordinator": coordinator,
        "staff": staff,
        "organisation": organisation,
        "contact": contact,
        "offer": offer,
        "registration": registration,
        "payment": payment,
        "item": item,
        "interest": interest,
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = build(A, "a")
    with tenancy.activate(second_alliance):
        b = build(B, "b")
    return {"a": a, "b": b, "second": second_alliance}


def hosts(both: dict[str, Any], user_key: str | None = None) -> dict[str, tuple[Client, str, str]]:
    """Per alliance: a client on its host (logged in as its ``user_key``), its own word
    and the other's."""
    return {
        "a": (english_client(both["a"][user_key] if user_key else None), A, B),
        "b": (alliance_client(both["second"], both["b"][user_key] if user_key else None), B, A),
    }


def site(both: dict[str, Any]) -> str:
    """Beispieldorf's address: its subdomain of the install."""
    url = tenancy.site_url(both["second"])
    assert url.startswith(f"http://{B_HOST}")
    return url


def text(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig", errors="replace")
    if response["Content-Type"].startswith("application/pdf"):
        return "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages
        )
    return response.content.decode("utf-8-sig", errors="replace")


def check(client: Client, url: str, own: str, other: str, key: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{key} {url}"
    body = text(response)
    assert own in body, f"{key} {url}"
    assert other not in body, f"{key} {url} shows the other alliance's row"
    return body


def test_same_names_numbers_and_addresses_live_in_both_alliances(both: dict[str, Any]) -> None:
    assert both["a"]["payment"].number == both["b"]["payment"].number  # each counts its own
    assert both["a"]["payment"].number.endswith("-0001")
    OrganisationFactory(name=NAME, slug="lindenhof")
    with tenancy.activate(both["second"]):
        OrganisationFactory(name=NAME, slug="lindenhof")
    with tenancy.unscoped():
        assert Organisation.objects.filter(slug="sonnenblume").count() == 2
        assert Organisation.objects.filter(slug="lindenhof", name=NAME).count() == 2
        assert Offer.objects.filter(slug="elterncafe").count() == 2
        assert Registration.objects.filter(reference=REFERENCE).count() == 2
        assert Payment.objects.filter(number=both["a"]["payment"].number).count() == 2
    # Within one alliance they stay unique.
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name=NAME, slug="lindenhof-2")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(reference=REFERENCE)


PUBLIC = [
    "/angebote/",
    "/angebote/?q=Elterncafé",
    "/angebote/?sort=newest",
    "/angebote/elterncafe/",
    "/partner/",
    "/partner/sonnenblume/",
    "/babybegruessung/",
    "/api/v1/offers/",
    "/api/v1/offers/?q=Elterncafé",
    "/api/v1/offers/elterncafe",
    "/api/v1/partners/",
    "/api/v1/partners/sonnenblume",
]


def test_every_public_page_search_and_api_shows_only_the_host_s_alliance(
    both: dict[str, Any],
) -> None:
    for _round in range(2):  # the second round is served from the caches (search index)
        for key, (client, own, other) in hosts(both).items():
            for url in PUBLIC:
                check(client, url, own, other, key)
            mine = both[key]
            check(client, f"/partner/sonnenblume/kontakt/{mine['contact'].pk}.vcf", own, other, key)
            token = mine["registration"].guide_token
            for path in ("", "brief.pdf", "kalender.ics"):
                check(client, f"/babybegruessung/leitfaden/{token}/{path}", own, other, key)


def test_the_other_alliance_s_secret_links_and_numbers_answer_404(both: dict[str, Any]) -> None:
    for key, (client, _own, other) in hosts(both).items():
        foreign = both["b" if key == "a" else "a"]
        token = foreign["registration"].guide_token
        urls = [
            f"/partner/sonnenblume/kontakt/{foreign['contact'].pk}.vcf",
            f"/babybegruessung/leitfaden/{token}/",
            f"/babybegruessung/leitfaden/{token}/brief.pdf",
            f"/babybegruessung/leitfaden/{token}/kalender.ics",
            f"/babybegruessung/termin/{token}/",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, f"{key} {url}"
            assert other not in text(response), f"{key} {url}"


def test_the_calendar_and_the_guide_letter_link_to_the_alliance_s_own_host(
    both: dict[str, Any],
) -> None:
    token_a = both["a"]["registration"].guide_token
    token_b = both["b"]["registration"].guide_token
    b_ics = text(
        alliance_client(both["second"]).get(f"/babybegruessung/leitfaden/{token_b}/kalender.ics")
    )
    a_ics = text(english_client().get(f"/babybegruessung/leitfaden/{token_a}/kalender.ics"))
    unfolded = b_ics.replace("\r\n ", "")  # iCal folds long lines
    assert f"{site(both)}/babybegruessung/leitfaden/{token_b}/" in unfolded
    assert B_HOST not in a_ics


BACK_OFFICE = [
    "/verwaltung/angebote/",
    "/verwaltung/angebote/?format=csv",
    "/verwaltung/angebote/?format=xlsx",
    "/verwaltung/partner/",
    "/verwaltung/partner/?format=csv",
    "/verwaltung/babybegruessung/",
    "/verwaltung/babybegruessung/?format=csv",
    "/verwaltung/babybegruessung/zahlungen/",
    "/verwaltung/babybegruessung/bestand/",
    "/verwaltung/babybegruessung/kita/",
]


def test_a_coordinator_sees_only_their_alliance_s_rows(both: dict[str, Any]) -> None:
    for key, (client, own, other) in hosts(both, "coordinator").items():
        for url in BACK_OFFICE:
            response = client.get(url)
            assert response.status_code == 200, f"{key} {url}"
            if "xlsx" in url:
                continue  # a zip: the CSV of the same list is read instead
            body = text(response)
            assert own in body, f"{key} {url}"
            assert other not in body, f"{key} {url} shows the other alliance's row"
        mine = both[key]
        number = mine["payment"].number
        check(client, f"/verwaltung/babybegruessung/zahlungen/{number}/", own, other, key)
        check(
            client, f"/verwaltung/babybegruessung/zahlungen/{number}/quittung.pdf", own, other, key
        )
        check(client, f"/verwaltung/babybegruessung/{mine['registration'].pk}/", own, other, key)
        check(client, f"/verwaltung/angebote/{mine['offer'].pk}/", own, other, key)
        check(client, f"/verwaltung/partner/{mine['organisation'].pk}/", own, other, key)


def test_b_s_urls_of_a_s_objects_answer_404(both: dict[str, Any]) -> None:
    for key, (client, _own, other) in hosts(both, "coordinator").items():
        foreign = both["b" if key == "a" else "a"]
        registration = foreign["registration"].pk
        urls = [
            f"/verwaltung/angebote/{foreign['offer'].pk}/",
            f"/verwaltung/angebote/{foreign['offer'].pk}/bearbeiten/",
            f"/verwaltung/angebote/{foreign['offer'].pk}/vorschau/",
            f"/verwaltung/partner/{foreign['organisation'].pk}/",
            f"/verwaltung/partner/{foreign['organisation'].pk}/mitarbeitende/",
            f"/verwaltung/partner/{foreign['organisation'].pk}/kontakte/{foreign['contact'].pk}/",
            f"/verwaltung/babybegruessung/{registration}/",
            f"/verwaltung/babybegruessung/{registration}/zuschuss/",
            f"/verwaltung/babybegruessung/bestand/{foreign['item'].pk}/",
            f"/verwaltung/babybegruessung/kita/{foreign['interest'].pk}/",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 404, f"{key} {url}"
            assert other not in text(response), f"{key} {url}"
    with tenancy.unscoped():
        assert Offer.objects.filter(slug="elterncafe").count() == 2


def test_offer_reminders_inside_beispieldorf_touch_and_link_only_beispieldorf(
    both: dict[str, Any],
) -> None:
    out = io.StringIO()
    call_command("send_offer_reminders", alliance="beispieldorf", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) queued"]
    with tenancy.unscoped():
        mails = list(OutboxMessage.objects.filter(purpose="offer.reminder"))
        reminders = list(OfferReminder.objects.all())
    assert [mail.to for mail in mails] == [["partner-b@example.org"]]
    assert f"{site(both)}/verwaltung/angebote/bestaetigen/" in mails[0].body_text
    assert B in mails[0].body_text and A not in mails[0].body_text
    assert [r.alliance_id for r in reminders] == [both["second"].pk]
    # Without --alliance the command runs once for each alliance: now Musterstadt's turn.
    out = io.StringIO()
    call_command("send_offer_reminders", stdout=out)
    assert out.getvalue().splitlines() == ["1 reminder(s) queued", "0 reminder(s) queued"]
    first = OutboxMessage.objects.get(purpose="offer.reminder")  # Musterstadt's, scoped
    assert first.to == ["partner-a@example.org"]
    assert B_HOST not in first.body_text


def test_follow_up_mails_inside_beispieldorf_go_to_its_families_with_its_links(
    both: dict[str, Any],
) -> None:
    birth = timeline.months_after(timezone.localdate(), -3)
    FollowUpFactory(
        registration=both["a"]["registration"],
        email="folge-a@example.org",
        birth_date=birth,
        status=FollowUp.Status.ACTIVE,
    )
    with tenancy.activate(both["second"]):
        FollowUpFactory(
            registration=both["b"]["registration"],
            email="folge-b@example.org",
            birth_date=birth,
            status=FollowUp.Status.ACTIVE,
        )
        assert followup_services.send_due() == 1
    with tenancy.unscoped():
        sent = list(FollowUpSent.objects.all())
        mails = list(OutboxMessage.objects.filter(purpose="welcome.followup"))
    assert [row.alliance_id for row in sent] == [both["second"].pk]
    assert [mail.to for mail in mails] == [["folge-b@example.org"]]
    assert f"{site(both)}/babybegruessung/erinnerungen/" in mails[0].body_text
    assert f"{settings.SITE_URL}/" not in mails[0].body_text  # Musterstadt's address


OFFER_HEADER = ["Partner", "Titel", "Kurzbeschreibung", "Thema"]


@pytest.mark.usefixtures("immediate_tasks")
def test_an_offer_import_on_beispieldorf_s_host_lands_in_beispieldorf(
    both: dict[str, Any],
) -> None:
    client = alliance_client(both["second"], both["b"]["coordinator"])
    rows = [OFFER_HEADER, ["sonnenblume", f"{B} Babymassage", "Kurs für Eltern", "Gesundheit"]]
    page = upload(client, "angebote", csv_bytes(rows), status="draft")
    assert page.status_code == 200
    with tenancy.activate(both["second"]):
        run = ImportRun.objects.order_by("-pk").first()
        assert run is not None
        assert confirm(client, run).status_code == 200
        imported = Offer.objects.get(title=f"{B} Babymassage")
        assert imported.organisation == both["b"]["organisation"]
    assert imported.alliance_id == both["second"].pk
    assert not Offer.objects.filter(title=f"{B} Babymassage").exists()  # not in Musterstadt
