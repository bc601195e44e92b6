"""Parents register their newborn on /babybegruessung/anmelden/: what they see, what the
town's rules refuse (with a message next to the field, nothing lost), the thanks page,
the confirmation mail in their language, and the coordinator's duplicate mark."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import OutboxMessage
from familienrathaus.welcome.models import Grant, Registration
from tests.factories.welcome import VALID_IBAN, RegistrationFactory, welcome_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

URL = "/babybegruessung/anmelden/"


def form(**changes: Any) -> dict[str, Any]:
    data = {
        "child_first_name": "Emma",
        "birth_date": (timezone.localdate() - timedelta(days=20)).isoformat(),
        "first_born": "1",
        "parent_names": "Anna und Ben Schmidt",
        "street": "Bahnhofstraße 3",
        "postcode": "58452",
        "town": "Witten",
        "district": "",
        "lived_here_at_birth": "1",
        "moved_in_on": "",
        "language": "de",
        "email": "schmidt@example.org",
        "phone": "",
        "delivery": "post",
        "payout": "",
        "account_holder": "",
        "iban": "",
        "consent": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def _town() -> None:
    welcome_settings(postcodes="58452, 58453", town_name="Witten")


def test_landing_says_what_parents_get_and_links_the_form(anon_client: Client) -> None:
    page = anon_client.get("/babybegruessung/").content.decode()
    assert "What you get" in page
    assert "100.00 €" in page or "100,00 €" in page
    assert URL in page
    assert anon_client.get("/baby/")["Location"] == "/babybegruessung/"


def test_the_form_groups_the_questions_and_offers_every_site_language(
    anon_client: Client, settings: Any
) -> None:
    settings.LANGUAGES = [("de", "German"), ("en", "English"), ("tr", "Turkish")]
    page = anon_client.get(URL).content.decode()
    for legend in ("Your child", "Where you live", "How we reach you", "What you would like"):
        assert f">{legend}</legend>" in page
    assert 'value="tr"' in page and "Türkçe" in page
    assert 'type="date"' in page
    assert "Ich bin damit einverstanden" in page  # the consent text


def test_registering_shows_the_reference_and_mails_the_guide_link(anon_client: Client) -> None:
    response = anon_client.post(URL, form(delivery="pickup"))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.reference.startswith(f"BB-{timezone.localdate().year}-")
    assert registration.channel == "online" and registration.consent_version == 1
    assert registration.package_version == "first"
    thanks = anon_client.get(response["Location"]).content.decode()
    assert registration.reference in thanks
    assert response["Location"] == f"/babybegruessung/danke/{registration.guide_token}/"
    mail = OutboxMessage.objects.get(purpose="welcome.confirmation")
    assert mail.to == ["schmidt@example.org"]
    assert registration.reference in mail.subject
    assert registration.reference in mail.body_text
    guide = f"/babybegruessung/leitfaden/{registration.guide_token}/"
    slot = f"/babybegruessung/termin/{registration.guide_token}/"
    assert guide in thanks and slot in thanks
    assert guide in mail.body_text and slot in mail.body_text


def test_the_confirmation_is_in_the_familys_language(anon_client: Client) -> None:
    anon_client.post(URL, form(language="en"))
    mail = OutboxMessage.objects.get(purpose="welcome.confirmation")
    assert mail.subject.startswith("Your registration")
    anon_client.post(URL, form(language="de", email="zwei@example.org", postcode="58453"))
    mail = OutboxMessage.objects.get(to=["zwei@example.org"])
    assert mail.subject.startswith("Ihre Anmeldung")


def test_a_phone_number_is_enough_and_then_no_mail_is_sent(anon_client: Client) -> None:
    assert anon_client.post(URL, form(email="", phone="02302 1234")).status_code == 302
    assert not OutboxMessage.objects.filter(purpose="welcome.confirmation").exists()


def _refused(client: Client, data: dict[str, Any], field: str) -> str:
    response = client.post(URL, data)
    assert response.status_code == 400
    assert not Registration.objects.exists()
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page, f"no message next to {field}"
    assert 'value="Anna und Ben Schmidt"' in page  # nothing typed is lost
    return page


def test_an_address_outside_the_town_is_refused_next_to_the_postcode(anon_client: Client) -> None:
    page = _refused(anon_client, form(postcode="44135"), "postcode")
    assert "not in Witten" in page and "58452, 58453" in page


def test_a_birth_date_in_the_future_or_over_the_age_limit_is_refused(anon_client: Client) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "in the future" in _refused(anon_client, form(birth_date=tomorrow), "birth_date")
    too_old = (timezone.localdate() - timedelta(days=400)).isoformat()
    assert "up to the age of 12 months" in _refused(
        anon_client, form(birth_date=too_old), "birth_date"
    )


def test_moving_in_too_long_after_the_birth_is_refused(anon_client: Client) -> None:
    born = timezone.localdate() - timedelta(days=300)
    late = born + timedelta(days=200)
    page = _refused(
        anon_client,
        form(birth_date=born.isoformat(), lived_here_at_birth="0", moved_in_on=late.isoformat()),
        "moved_in_on",
    )
    assert "within 6 months" in page
    in_time = born + timedelta(days=100)
    response = anon_client.post(
        URL,
        form(birth_date=born.isoformat(), lived_here_at_birth="0", moved_in_on=in_time.isoformat()),
    )
    assert response.status_code == 302
    assert Registration.objects.get().moved_in_on == in_time


def test_without_e_mail_and_phone_the_form_asks_for_one(anon_client: Client) -> None:
    assert "e-mail address or a phone number" in _refused(anon_client, form(email=""), "email")


def test_a_malformed_iban_is_refused_for_a_transfer(anon_client: Client) -> None:
    data = form(wants_grant="on", payout="transfer", account_holder="Anna Schmidt")
    page = _refused(anon_client, {**data, "iban": "DE12 3456 7890"}, "iban")
    assert "not a valid IBAN" in page
    assert 'value="DE12 3456 7890"' in page
    response = anon_client.post(URL, {**data, "iban": "de89 3704 0044 0532 0130 00"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.iban == VALID_IBAN and registration.bic == "COBADEFFXXX"
    assert registration.grant.status == Grant.Status.REQUESTED
    assert registration.grant.amount == 100


def test_cash_needs_no_bank_details_and_no_grant_keeps_none(anon_client: Client) -> None:
    anon_client.post(URL, form(wants_grant="on", payout="cash", iban="DE00"))
    registration = Registration.objects.get()
    assert registration.payout == "cash" and registration.iban == ""
    anon_client.post(URL, form(email="b@example.org", postcode="58453", iban="x", payout="cash"))
    other = Registration.objects.get(email="b@example.org")
    assert other.payout == "" and not Grant.objects.filter(registration=other).exists()


def test_without_the_grant_offered_the_form_does_not_ask_for_it(anon_client: Client) -> None:
    welcome_settings(grant_enabled=False)
    page = anon_client.get(URL).content.decode()
    assert 'name="wants_grant"' not in page and 'name="iban"' not in page
    anon_client.post(URL, form(wants_grant="on", payout="cash"))
    assert not Grant.objects.exists()


def test_consent_is_needed_and_its_version_kept(anon_client: Client) -> None:
    _refused(anon_client, form(consent=None), "consent")
    welcome_settings(consent_version=3)
    anon_client.post(URL, form())
    assert Registration.objects.get().consent_version == 3


def test_in_turkish_the_german_consent_text_is_marked_and_summed_up(anon_client: Client) -> None:
    welcome_settings(retention_months=12)
    page = anon_client.get("/babybegruessung/anmelden/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert 'id="consent-text" tabindex="0" role="region"' in page
    assert 'lang="de">' in page.split('id="consent-text"')[1][:200]  # read out as German
    assert "Bağlayıcı olan Almanca metindir" in page and "12 ay sonra sileriz" in page
    german = anon_client.get("/babybegruessung/anmelden/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Verbindlich ist der deutsche Text" not in german.content.decode()


def test_thanks_page_links_the_slot_choice_only_for_pick_up_or_visit(anon_client: Client) -> None:
    posted = RegistrationFactory(delivery="post")
    pickup = RegistrationFactory(delivery="pickup")
    page = anon_client.get(f"/babybegruessung/danke/{posted.guide_token}/").content.decode()
    assert f"/babybegruessung/termin/{posted.guide_token}/" not in page
    page = anon_client.get(f"/babybegruessung/danke/{pickup.guide_token}/").content.decode()
    assert f"/babybegruessung/termin/{pickup.guide_token}/" in page
    assert anon_client.get("/babybegruessung/danke/unknown-token/").status_code == 404


def test_thanks_page_shows_no_address_and_is_not_cached(anon_client: Client) -> None:
    registration = RegistrationFactory(street="Geheimweg 7")
    response = anon_client.get(f"/babybegruessung/danke/{registration.guide_token}/")
    assert "Geheimweg" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_asking_for_follow_up_mails_starts_the_double_opt_in(anon_client: Client) -> None:
    _refused(anon_client, form(email="", phone="0171 1", wants_followup="on"), "email")
    anon_client.post(URL, form(wants_followup="on"))
    registration = Registration.objects.get()
    assert registration.followup.status == "pending"
    assert registration.followup.email == "schmidt@example.org"


def test_the_same_child_twice_with_the_same_e_mail_gets_a_friendly_note(
    anon_client: Client,
) -> None:
    anon_client.post(URL, form())
    first = Registration.objects.get()
    response = anon_client.post(URL, form(child_first_name=""))
    assert response.status_code == 302
    second = Registration.objects.exclude(pk=first.pk).get()
    assert second.possible_duplicate_of == first
    page = anon_client.get(response["Location"]).content.decode()
    assert "already registered" in page and first.reference in page


def test_the_same_child_from_another_address_is_marked_but_nothing_is_told(
    anon_client: Client,
) -> None:
    first = RegistrationFactory(
        parent_names="Ben Schmidt", child_first_name="", email="x@example.org"
    )
    birth = first.birth_date.isoformat()
    response = anon_client.post(URL, form(birth_date=birth))
    second = Registration.objects.exclude(pk=first.pk).get()
    assert second.possible_duplicate_of == first  # same surname, birth date, postcode
    page = anon_client.get(response["Location"]).content.decode()
    assert "already registered" not in page and first.reference not in page


def test_twins_of_neighbours_are_not_marked(anon_client: Client) -> None:
    first = RegistrationFactory(parent_names="Eva Yilmaz", child_first_name="Ali")
    anon_client.post(URL, form(birth_date=first.birth_date.isoformat()))
    assert Registration.objects.exclude(pk=first.pk).get().possible_duplicate_of is None


def test_a_robot_is_slowed_down_and_a_parent_loses_nothing(anon_client: Client) -> None:
    for n in range(3):
        anon_client.post(URL, form(email=f"p{n}@example.org", child_first_name=f"K{n}"))
    response = anon_client.post(URL, form(email="vierte@example.org"))
    assert response.status_code == 429
    assert 'value="vierte@example.org"' in response.content.decode()
    assert Registration.objects.count() == 3


def test_a_logged_in_parent_finds_the_form_filled_and_the_registration_kept(
    family_client: Client, family_user: Any
) -> None:
    page = family_client.get(URL).content.decode()
    assert f'value="{family_user.email}"' in page
    family_client.post(URL, form())
    assert Registration.objects.get().user == family_user
