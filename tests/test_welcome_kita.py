"""Kita interest (issue 19, point 6): a family passes its wish for a Kita place on — from
its guide, prefilled, or on its own — with a clear message at each field that does not
fit and nothing typed lost; the same child asked for twice is marked for the Kita office;
the Kita office (and only it, with the coordinators) sees the list with filters, marks
wishes as taken over, downloads CSV/XLSX and gets a mail per new wish."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone, translation
from openpyxl import load_workbook

from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.places.models import Place
from familienrathaus.welcome.models import KitaInterest
from tests.conftest import english_client
from tests.factories import UserFactory
from tests.factories.places import PlaceFactory, kind
from tests.factories.welcome import KitaInterestFactory, RegistrationFactory, welcome_settings

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

FORM = "/babybegruessung/kita/"
LIST = "/verwaltung/babybegruessung/kita/"


@pytest.fixture
def kitas() -> list[Place]:
    return [
        PlaceFactory(name=name, slug=slug, kinds=[kind("kita")])
        for name, slug in (
            ("Kita Regenbogen", "kita-regenbogen"),
            ("Kita Sonnenschein", "kita-sonnenschein"),
            ("Kita Pusteblume", "kita-pusteblume"),
        )
    ]


@pytest.fixture
def office_user() -> User:
    user = UserFactory(role=Role.FAMILY, email="kitaamt@example.org")
    welcome_settings().kita_office_users.add(user)
    return user


def wish(kitas: list[Place], **changes: Any) -> dict[str, Any]:
    born = timezone.localdate() - dt.timedelta(days=60)
    data = {
        "child_first_name": "Elif",
        "birth_date": born.isoformat(),
        "parent_names": "Ayşe und Can Yılmaz",
        "email": "yilmaz@example.org",
        "phone": "",
        "postcode": "58452",
        "district": "",
        "language": "tr",
        "care_from": (born + dt.timedelta(days=400)).isoformat(),
        "hours_per_week": "35",
        "kita_1": kitas[1].pk,
        "kita_2": kitas[0].pk,
        "kita_3": "",
        "note": "",
        "consent": "on",
    }
    data.update(changes)
    return data


def test_a_family_passes_its_wish_on_and_the_kita_office_gets_a_mail(
    anon_client: Client, kitas: list[Place]
) -> None:
    welcome_settings(kita_office_email="kita@stadt.example")
    page = anon_client.get(FORM).content.decode()
    assert "It is not the allocation of a place" in page
    assert "Kita Pusteblume" in page

    response = anon_client.post(FORM, wish(kitas))

    assert response.status_code == 302
    interest = KitaInterest.objects.get()
    assert [p.place.name for p in interest.preferences.all()] == [
        "Kita Sonnenschein",
        "Kita Regenbogen",
    ]
    assert interest.hours_per_week == 35 and interest.language == "tr"
    done = anon_client.get(response["Location"]).content.decode()
    assert "Kita Sonnenschein" in done and "This is not yet a Kita place" in done
    mail = OutboxMessage.objects.get(purpose="welcome.kita")
    assert mail.to == ["kita@stadt.example"]
    assert "Kita Sonnenschein" in mail.body_text
    assert f"/verwaltung/babybegruessung/kita/{interest.pk}/" in mail.body_text
    # Data minimisation: the mail names no family; the office reads it after signing in.
    assert "Yılmaz" not in mail.body_text and "yilmaz@example.org" not in mail.body_text


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"care_from": "2020-01-01"}, "care_from", "Care cannot start before the child"),
        ({"kita_1": "", "kita_2": ""}, "kita_1", "Please choose at least one Kita."),
        ({"email": "", "phone": ""}, "email", "Please give an e-mail address or a phone number."),
    ],
)
def test_bad_input_gets_a_message_at_the_field_and_nothing_is_lost(
    anon_client: Client, kitas: list[Place], changes: dict[str, Any], field: str, message: str
) -> None:
    if field == "care_from":
        changes = {**changes, "birth_date": "2020-06-01"}
    response = anon_client.post(FORM, wish(kitas, **changes))

    assert response.status_code == 400
    form = response.context["form"]
    with translation.override("en"):  # the errors are lazy: read them as the English page did
        assert any(message in error for error in form.errors[field])
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert 'value="Ayşe und Can Yılmaz"' in page
    assert "Everything you typed is still here." in page
    assert not KitaInterest.objects.exists()


def test_the_same_kita_twice_and_a_postcode_outside_the_town_are_refused(
    anon_client: Client, kitas: list[Place]
) -> None:
    welcome_settings(postcodes="58452, 58453")
    response = anon_client.post(FORM, wish(kitas, kita_2=kitas[1].pk, postcode="10115"))

    errors = response.context["form"].errors
    assert "You chose the same Kita twice" in errors["kita_2"][0]
    assert "This postcode is not one of our town" in errors["postcode"][0]


def test_from_the_guide_the_form_is_prefilled_and_linked_to_the_registration(
    anon_client: Client, kitas: list[Place]
) -> None:
    registration = RegistrationFactory(
        parent_names="Maria und Jonas Berg", email="berg@example.org", postcode="58453"
    )
    url = f"/babybegruessung/leitfaden/{registration.guide_token}/kita/"

    page = anon_client.get(url).content.decode()
    assert 'value="Maria und Jonas Berg"' in page
    assert f'value="{registration.birth_date.isoformat()}"' in page
    assert "Rathausplatz" not in page  # the address is never shown by the secret link

    data = wish(
        kitas,
        parent_names=registration.parent_names,
        email=registration.email,
        postcode=registration.postcode,
        birth_date=registration.birth_date.isoformat(),
        care_from=(registration.birth_date + dt.timedelta(days=365)).isoformat(),
    )
    assert anon_client.post(url, data).status_code == 302
    assert KitaInterest.objects.get().registration == registration
    again = anon_client.get(url).content.decode()
    assert "You already passed on a wish" in again
    assert anon_client.get("/babybegruessung/leitfaden/unbekannt/kita/").status_code == 404


def test_the_same_child_twice_is_marked_and_shown_to_the_kita_office(
    anon_client: Client, kitas: list[Place], office_user: User
) -> None:
    first = KitaInterestFactory(
        registration=None,
        child_first_name="Elif",
        birth_date=timezone.localdate() - dt.timedelta(days=60),
        parent_names="Ayşe Yılmaz",
        email="anders@example.org",
        postcode="58452",
    )
    KitaInterestFactory()  # another child
    anon_client.post(FORM, wish(kitas, child_first_name="", email="neu@example.org"))

    second = KitaInterest.objects.latest("pk")
    assert second.possible_duplicate_of == first  # same birth, postcode and surname

    office = english_client(office_user)
    listing = office.get(LIST).content.decode()
    assert "Possibly the same child as" in listing
    assert listing.index(f'data-interest="{second.pk}"') < listing.index(
        f'data-interest="{first.pk}"'
    )  # duplicates first
    detail = office.get(f"{LIST}{second.pk}/").content.decode()
    assert "Earlier wish" in detail and "anders@example.org" in detail


def test_the_kita_office_filters_marks_taken_over_and_downloads(
    kitas: list[Place], office_user: User
) -> None:
    soon = KitaInterestFactory(care_from=timezone.localdate() + dt.timedelta(days=90))
    soon.preferences.create(place=kitas[0], rank=1)
    later = KitaInterestFactory(care_from=timezone.localdate() + dt.timedelta(days=500))
    later.preferences.create(place=kitas[2], rank=1)
    office = english_client(office_user)
    assert (
        f'href="{LIST}"' in office.get("/konto/uebersicht/").content.decode()
    )  # "My account" links it
    page = office.get(LIST).content.decode()
    assert 'href="/verwaltung/"' not in page  # a plain account: no back office to link to

    filtered = office.get(LIST, {"kita": kitas[2].pk}).context["interests"]
    assert list(filtered) == [later]

    response = office.post(f"{LIST}{soon.pk}/status/", {"status": "passed", "next": "list"})
    assert response.status_code == 302
    soon.refresh_from_db()
    assert soon.status == KitaInterest.Status.PASSED
    assert list(office.get(LIST, {"status": "new"}).context["interests"]) == [later]

    csv = office.get(LIST, {"format": "csv"})
    text = csv.content.decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert later.parent_names in text and "1. Kita Pusteblume" in text
    xlsx = office.get(LIST, {"format": "xlsx", "status": "new"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and later.parent_names in rows[1]


def test_only_the_kita_office_and_coordinators_see_the_list(
    kitas: list[Place], family_client: Client, partner_client: Client, coordinator_client: Client
) -> None:
    interest = KitaInterestFactory()
    for client in (family_client, partner_client):
        assert client.get(LIST).status_code == 404
        assert client.get(f"{LIST}{interest.pk}/").status_code == 404
        assert client.post(f"{LIST}{interest.pk}/status/", {"status": "passed"}).status_code == 404
    assert english_client().get(LIST).status_code == 302  # to the login
    assert coordinator_client.get(LIST).status_code == 200
    interest.refresh_from_db()
    assert interest.status == KitaInterest.Status.NEW
