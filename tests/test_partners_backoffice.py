"""Back office /verwaltung/partner/: staff keep their own organisation, coordinators all."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation
from tests.factories import (
    DEFAULT_PASSWORD,
    AddressFactory,
    DistrictFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("partners:backoffice_list")
CREATE_URL = reverse("partners:backoffice_create")


def edit_url(organisation: Organisation) -> str:
    return reverse("partners:backoffice_edit", args=[organisation.pk])


def profile(organisation: Organisation, **changes) -> dict:
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "description": organisation.description,
        "logo_alt": organisation.logo_alt,
        "website": organisation.website,
        "email": organisation.email,
        "phone": organisation.phone,
        "facebook_url": organisation.facebook_url,
        "instagram_url": organisation.instagram_url,
        "mastodon_url": organisation.mastodon_url,
    }
    data.update(changes)
    return data


def field_error(response, field: str) -> str:
    """The error text shown next to a field (id_<field>-error), or ''."""
    html = response.content.decode()
    match = re.search(rf'<div class="kern-error" id="id_{field}-error">(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def png(size=(30, 30), *, exif: bool = False, fmt: str = "PNG") -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "Kamera 4711"
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


# --------------------------------------------------------------------------- tile


def test_the_dashboard_shows_the_partner_tile_to_staff_and_coordinators(
    partner_client, coordinator_client, family_client
):
    assert LIST_URL in partner_client.get("/verwaltung/").content.decode()
    assert LIST_URL in coordinator_client.get("/verwaltung/").content.decode()
    assert family_client.get(LIST_URL).status_code == 403


def test_staff_see_only_their_own_organisations_in_the_list(partner_client, organisation):
    OrganisationFactory(name="Fremder Verein")

    html = partner_client.get(LIST_URL).content.decode()

    assert organisation.name in html
    assert "Fremder Verein" not in html
    assert CREATE_URL not in html


# --------------------------------------------------------------------------- profile


def test_staff_edit_their_profile_and_the_change_is_audited(
    partner_client, partner_user, organisation
):
    response = partner_client.post(
        edit_url(organisation),
        profile(
            organisation,
            name="Kita Regenbogen am Park",
            description="Wir sind **neu** renoviert.",
            website="kita-regenbogen.example.org",
            phone="01234 99887",
        ),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.name == "Kita Regenbogen am Park"
    assert organisation.website == "https://kita-regenbogen.example.org"
    entry = AuditEntry.objects.get(action="organisation.update")
    assert entry.actor == partner_user
    assert entry.changes["name"] == {
        "before": "Kita Regenbogen",
        "after": "Kita Regenbogen am Park",
    }
    assert "logo" not in entry.changes
    public = partner_client.get(organisation.get_absolute_url()).content.decode()
    assert "<strong>neu</strong>" in public


def test_an_invalid_value_shows_next_to_its_field_and_keeps_what_was_typed(
    partner_client, organisation
):
    response = partner_client.post(
        edit_url(organisation),
        profile(organisation, name="Kita Neuer Name", email="info(at)kita", phone="abc"),
    )

    assert response.status_code == 200
    assert field_error(response, "email") == "Enter a valid email address."
    assert "digits only" in field_error(response, "phone")
    html = response.content.decode()
    assert 'value="Kita Neuer Name"' in html
    assert 'value="info(at)kita"' in html
    assert 'aria-invalid="true"' in html
    organisation.refresh_from_db()
    assert organisation.name == "Kita Regenbogen"
    assert not AuditEntry.objects.filter(action="organisation.update").exists()


def test_staff_cannot_make_themselves_trusted_or_hidden(partner_client, organisation):
    partner_client.post(
        edit_url(organisation), profile(organisation, is_trusted="on", is_public="")
    )

    organisation.refresh_from_db()
    assert organisation.is_trusted is False
    assert organisation.is_public is True


def test_a_logo_is_stored_without_metadata(partner_client, organisation):
    upload = SimpleUploadedFile("Logo Foto.jpg", png(exif=True, fmt="JPEG"), "image/jpeg")

    response = partner_client.post(
        edit_url(organisation),
        profile(organisation, logo=upload, logo_alt="Ein Regenbogen über einem Haus"),
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.startswith("partners/logos/logo-foto")
    with Image.open(organisation.logo.path) as stored:
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
    public = partner_client.get(organisation.get_absolute_url()).content.decode()
    assert 'alt="Ein Regenbogen über einem Haus"' in public


def test_a_logo_needs_an_alternative_text(partner_client, organisation):
    upload = SimpleUploadedFile("logo.png", png(), "image/png")

    response = partner_client.post(edit_url(organisation), profile(organisation, logo=upload))

    assert response.status_code == 200
    assert "describe the logo" in field_error(response, "logo_alt")
    organisation.refresh_from_db()
    assert not organisation.logo


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"<svg onload='alert(1)'></svg>", "logo.png", "PNG, JPEG or WebP"),
        (png(fmt="GIF"), "logo.gif", "PNG, JPEG or WebP"),
        (b"\x89PNG" + b"\0" * (5 * 1024 * 1024), "riesig.png", "at most 5"),
    ],
    ids=["svg-named-png", "gif", "over-5-mb"],
)
def test_a_wrong_or_too_large_logo_is_refused(partner_client, organisation, content, name, message):
    upload = SimpleUploadedFile(name, content, "image/png")

    response = partner_client.post(
        edit_url(organisation), profile(organisation, logo=upload, logo_alt="Logo")
    )

    assert response.status_code == 200
    assert message in field_error(response, "logo")
    organisation.refresh_from_db()
    assert not organisation.logo


def test_a_replaced_logo_file_is_deleted(
    partner_client, organisation, django_capture_on_commit_callbacks
):
    first = SimpleUploadedFile("erstes.png", png(), "image/png")
    partner_client.post(edit_url(organisation), profile(organisation, logo=first, logo_alt="L"))
    organisation.refresh_from_db()
    old = organisation.logo.path

    second = SimpleUploadedFile("zweites.webp", png(fmt="WEBP"), "image/webp")
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(
            edit_url(organisation), profile(organisation, logo=second, logo_alt="L")
        )

    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".webp")
    assert Path(organisation.logo.path).exists()
    assert not Path(old).exists()


def test_the_logo_can_be_removed(partner_client, organisation):
    upload = SimpleUploadedFile("logo.png", png(), "image/png")
    partner_client.post(edit_url(organisation), profile(organisation, logo=upload, logo_alt="L"))
    organisation.refresh_from_db()
    assert organisation.logo

    partner_client.post(edit_url(organisation), profile(organisation, **{"logo-clear": "on"}))

    organisation.refresh_from_db()
    assert not organisation.logo


# --------------------------------------------------------------------------- addresses


def address_data(**changes) -> dict:
    data = {
        "label": "",
        "street": "Fliederweg 8",
        "postcode": "12345",
        "city": "Musterstadt",
        "district": "",
        "latitude": "51.398640",
        "longitude": "7.173910",
    }
    data.update(changes)
    return data


def test_staff_add_an_address_with_coordinates_and_district(partner_client, organisation):
    district = DistrictFactory(name="Westfeld", slug="westfeld-test")

    response = partner_client.post(
        reverse("partners:backoffice_address_create", args=[organisation.pk]),
        address_data(district=district.pk, latitude="51,4012", longitude=" 7.18931234 "),
    )

    assert response.status_code == 302
    address = organisation.addresses.get()
    assert str(address.latitude) == "51.401200"
    assert str(address.longitude) == "7.189312"
    assert address.district == district
    assert AuditEntry.objects.filter(action="address.create", object_id=str(address.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": "91"}, "latitude", "less than or equal to 90"),
        ({"longitude": "-180.5"}, "longitude", "greater than or equal to -180"),
        ({"latitude": "nord"}, "latitude", "Enter a number"),
        ({"longitude": ""}, "longitude", "both latitude and longitude"),
        ({"postcode": "1234"}, "postcode", "five digits"),
        ({"street": ""}, "street", "This field is required"),
    ],
)
def test_a_wrong_address_is_refused_next_to_the_field(
    partner_client, organisation, changes, field, message
):
    response = partner_client.post(
        reverse("partners:backoffice_address_create", args=[organisation.pk]),
        address_data(**changes),
    )

    assert response.status_code == 200
    assert message in field_error(response, field)
    assert 'value="Fliederweg 8"' in response.content.decode() or field == "street"
    assert not Address.objects.exists()


def test_staff_edit_and_delete_an_address(partner_client, organisation):
    address = AddressFactory(organisation=organisation, street="Alte Straße 1")
    edit = reverse("partners:backoffice_address_edit", args=[organisation.pk, address.pk])
    delete = reverse("partners:backoffice_address_delete", args=[organisation.pk, address.pk])

    assert 'value="Alte Straße 1"' in partner_client.get(edit).content.decode()
    partner_client.post(edit, address_data(street="Neue Straße 2"))
    address.refresh_from_db()
    assert address.street == "Neue Straße 2"
    entry = AuditEntry.objects.get(action="address.update")
    assert entry.changes["street"] == {"before": "Alte Straße 1", "after": "Neue Straße 2"}

    assert "Do you really want to delete" in partner_client.get(delete).content.decode()
    assert Address.objects.filter(pk=address.pk).exists()  # GET deletes nothing
    partner_client.post(delete)
    assert not Address.objects.filter(pk=address.pk).exists()
    assert AuditEntry.objects.filter(action="address.delete").exists()


# --------------------------------------------------------------------------- contacts


def test_staff_add_edit_and_delete_contact_persons(partner_client, organisation):
    create = reverse("partners:backoffice_contact_create", args=[organisation.pk])
    response = partner_client.post(
        create,
        {"name": "Heike Vogel", "role": "Leitung", "email": "vogel@kita.example.org",
         "phone": "01234 5678-60", "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    contact = organisation.contacts.get()
    assert contact.is_public is True
    assert "Heike Vogel" in partner_client.get(organisation.get_absolute_url()).content.decode()

    edit = reverse("partners:backoffice_contact_edit", args=[organisation.pk, contact.pk])
    partner_client.post(edit, {"name": "Heike Vogel", "role": "Leitung", "email": "", "phone": ""})
    contact.refresh_from_db()
    assert contact.is_public is False  # consent withdrawn: the checkbox was not sent
    assert "Heike Vogel" not in partner_client.get(organisation.get_absolute_url()).content.decode()

    partner_client.post(
        reverse("partners:backoffice_contact_delete", args=[organisation.pk, contact.pk])
    )
    assert not ContactPerson.objects.exists()
    actions = list(
        AuditEntry.objects.filter(object_type="partners.contactperson")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["contact.create", "contact.update", "contact.delete"]


def test_a_contact_needs_a_name_and_a_valid_email(partner_client, organisation):
    response = partner_client.post(
        reverse("partners:backoffice_contact_create", args=[organisation.pk]),
        {"name": "", "role": "Leitung", "email": "kein-mail"},
    )

    assert response.status_code == 200
    assert field_error(response, "name") == "This field is required."
    assert field_error(response, "email") == "Enter a valid email address."
    assert 'value="Leitung"' in response.content.decode()
    assert not ContactPerson.objects.exists()


# --------------------------------------------------------------------------- coordinators


def test_coordinators_create_an_organisation(coordinator_client, coordinator):
    response = coordinator_client.post(
        CREATE_URL,
        {"name": "Zirkus Manege e. V.", "kind": "verein", "description": "Zirkus für Kinder",
         "is_public": "on", "is_trusted": "on"},
    )  # fmt: skip

    organisation = Organisation.objects.get(name="Zirkus Manege e. V.")
    assert response.status_code == 302
    assert response["Location"] == edit_url(organisation)
    assert organisation.slug == "zirkus-manege-e-v"
    assert organisation.is_trusted is True
    entry = AuditEntry.objects.get(action="organisation.create")
    assert entry.actor == coordinator


def test_a_second_organisation_of_a_similar_name_gets_its_own_slug(coordinator_client):
    OrganisationFactory(name="Kita Sonne", slug="kita-sonne")

    coordinator_client.post(CREATE_URL, {"name": "Kita: Sonne", "kind": "bildung"})

    assert Organisation.objects.get(name="Kita: Sonne").slug == "kita-sonne-2"


def test_an_organisation_name_is_unique(coordinator_client):
    OrganisationFactory(name="Kita Sonne")

    response = coordinator_client.post(CREATE_URL, {"name": "Kita Sonne", "kind": "bildung"})

    assert response.status_code == 200
    assert "already exists" in field_error(response, "name")


def test_coordinators_hide_and_trust_any_organisation(coordinator_client):
    organisation = OrganisationFactory()

    coordinator_client.post(edit_url(organisation), profile(organisation, is_trusted="on"))

    organisation.refresh_from_db()
    assert organisation.is_public is False  # the unchecked box
    assert organisation.is_trusted is True
    changes = AuditEntry.objects.get(action="organisation.update").changes
    assert changes == {
        "is_public": {"before": True, "after": False},
        "is_trusted": {"before": False, "after": True},
    }


def test_staff_may_not_create_organisations(partner_client):
    assert partner_client.get(CREATE_URL).status_code == 403
    assert partner_client.post(CREATE_URL, {"name": "X", "kind": "verein"}).status_code == 403
    assert not Organisation.objects.filter(name="X").exists()


def test_the_coordinator_list_filters_and_exports(coordinator_client):
    OrganisationFactory(name="Kita Regenbogen", kind="bildung", is_trusted=True)
    OrganisationFactory(name="Kita Geheim", kind="bildung", is_public=False)
    OrganisationFactory(name='=HYPERLINK("evil")', kind="verein")

    page = coordinator_client.get(LIST_URL, {"kind": "bildung", "is_public": "yes"})
    exported = coordinator_client.get(LIST_URL, {"kind": "bildung", "format": "csv"})
    workbook = coordinator_client.get(LIST_URL, {"format": "xlsx"})

    html = page.content.decode()
    assert "Kita Regenbogen" in html and "Kita Geheim" not in html
    assert "1 organisation" in html
    text = exported.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Name", "Kind", "Shown publicly", "Trusted"]
    assert [row[0] for row in rows[1:]] == ["Kita Geheim", "Kita Regenbogen"]
    assert rows[2][3] == "yes"
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['\'=HYPERLINK("evil")', "Kita Geheim", "Kita Regenbogen"]


# --------------------------------------------------------------------------- members


def members_url(organisation: Organisation) -> str:
    return reverse("partners:backoffice_members", args=[organisation.pk])


def test_coordinators_add_an_existing_user_as_staff(coordinator_client, coordinator):
    organisation = OrganisationFactory()
    user = UserFactory(email="eltern@example.org", role=Role.FAMILY)

    response = coordinator_client.post(
        members_url(organisation), {"email": "Eltern@Example.org"}, follow=True
    )

    assert "eltern@example.org now works for this organisation" in response.content.decode()
    user.refresh_from_db()
    assert user.role == Role.PARTNER
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert not OutboxMessage.objects.exists()


def test_an_unknown_email_gets_an_account_and_an_invitation_to_set_a_password(
    coordinator_client, client_for
):
    organisation = OrganisationFactory(name="Zirkus Manege")

    coordinator_client.post(
        members_url(organisation), {"email": "neu@zirkus.example", "name": "Nina Neu"}
    )

    user = User.objects.get(email="neu@zirkus.example")
    assert user.role == Role.PARTNER
    assert user.name == "Nina Neu"
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
    assert AuditEntry.objects.filter(action="user.invite").exists()
    mail = OutboxMessage.objects.get(purpose="partners:invitation")
    assert mail.to == ["neu@zirkus.example"]
    assert "Zirkus Manege" in mail.body_text
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", mail.body_text)
    assert link, mail.body_text

    # The link works: the person sets a password and logs in with it.
    client = client_for(None)
    path = link.group(0).split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path
    done = client.post(
        set_url, {"password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD}, follow=True
    )
    assert done.status_code == 200
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    login = client_for(None).post(
        "/konto/login/", {"login": "neu@zirkus.example", "password": DEFAULT_PASSWORD}
    )
    assert login.status_code == 302


def test_an_invalid_member_email_is_refused(coordinator_client):
    organisation = OrganisationFactory()

    response = coordinator_client.post(members_url(organisation), {"email": "nicht-gueltig"})

    assert response.status_code == 200
    assert field_error(response, "email") == "Enter a valid email address."
    assert not Membership.objects.exists()


def test_coordinators_remove_a_member(coordinator_client, partner_user, organisation):
    membership = Membership.objects.get(user=partner_user, organisation=organisation)

    coordinator_client.post(
        reverse("partners:backoffice_member_remove", args=[organisation.pk, membership.pk])
    )

    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEntry.objects.filter(action="membership.delete").exists()


def test_staff_may_not_manage_members_even_of_their_own_organisation(
    partner_client, partner_user, organisation
):
    membership = Membership.objects.get(user=partner_user, organisation=organisation)

    assert partner_client.get(members_url(organisation)).status_code == 403
    response = partner_client.post(members_url(organisation), {"email": "freund@example.org"})
    assert response.status_code == 403
    remove = reverse("partners:backoffice_member_remove", args=[organisation.pk, membership.pk])
    assert partner_client.post(remove).status_code == 403
    assert not User.objects.filter(email="freund@example.org").exists()
    assert Membership.objects.filter(pk=membership.pk).exists()
