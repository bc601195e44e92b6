"""The back office of offers: partner staff write and submit offers, coordinators review
them, filter and download the list."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import load_workbook
from PIL import Image

from familienrathaus.core.models import Audience, AuditEntry, Language, OutboxMessage
from familienrathaus.offers.models import Offer, OfferImage
from tests.factories import (
    OfferFactory,
    OrganisationFactory,
    add_details,
    district,
    form_data,
    jpeg_with_gps,
    pdf_upload,
    png_upload,
    published,
    theme,
    with_rows,
)

pytestmark = pytest.mark.django_db

NEW = "/verwaltung/angebote/neu/"
LIST = "/verwaltung/angebote/"


def field_error(html: str, field_id: str) -> str:
    match = re.search(rf'<div class="kern-error" id="{field_id}-error">(.*?)</div>', html, re.S)
    assert match, f"no error shown at {field_id}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def test_partner_creates_a_complete_draft(partner_client, organisation, partner_user):
    data = form_data(
        audiences=[str(Audience.objects.get(name="Alleinerziehende").pk)],
        languages=[str(Language.objects.get(code="tr").pk)],
        districts=[str(district("Südstadt").pk)],
        accessibility=["step_free", "child_care"],
        age_min="0",
        age_max="3",
        cost="reduced",
        cost_note="3 € pro Treffen, mit Familienpass frei",
        phone="02302 123456",
        email="stillen@example.org",
        online_url="familienzentrum.example/stillen",
        valid_from="2026-01-01",
        valid_until="2026-12-31",
    )
    data = with_rows(
        data,
        "times",
        [{"weekday": "1", "opens": "09:00", "closes": "11:00", "note": "nicht in den Ferien"}],
    )
    data = with_rows(
        data,
        "locations",
        [
            {
                "label": "Familienzentrum",
                "street": "Marktstraße 5",
                "postcode": "12345",
                "city": "Musterstadt",
                "district": str(district("Südstadt").pk),
                "latitude": "51.401234",
                "longitude": "7.187654",
            }
        ],
    )
    data = with_rows(data, "images", [{"id": "", "image": jpeg_with_gps(), "alt_text": "Ein Baby"}])
    data = with_rows(data, "attachments", [{"id": "", "file": pdf_upload(), "title": "Flyer"}])

    response = partner_client.post(NEW, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    offer = Offer.objects.get()
    assert response["Location"] == f"/verwaltung/angebote/{offer.pk}/"
    assert (offer.status, offer.organisation, offer.created_by) == (
        "draft",
        organisation,
        partner_user,
    )
    assert offer.slug == "stillberatung-im-familienzentrum"
    assert offer.accessibility == ["step_free", "child_care"]
    assert (offer.age_min, offer.age_max, offer.cost) == (0, 3, "reduced")
    assert offer.online_url == "https://familienzentrum.example/stillen"
    assert [t.name for t in offer.themes.all()] == ["Gesundheit"]
    # the test's own code is German
    assert [str(t) for t in offer.times.all()] == ["Dienstag 09:00–11:00"]
    location = offer.locations.get()
    assert (location.street, str(location.latitude), location.district.name) == (
        "Marktstraße 5",
        "51.401234",
        "Südstadt",
    )
    image = offer.images.get()
    assert image.alt_text == "Ein Baby"
    with Image.open(image.image.path) as stored:
        assert not stored.getexif(), "the EXIF data (GPS, serial number) must be removed"
    assert offer.attachments.get().title == "Flyer"
    assert AuditEntry.objects.get(action="offer.create").actor == partner_user
    assert not OutboxMessage.objects.exists()  # a draft tells nobody


def test_save_and_submit_sends_it_for_review(partner_client, coordinator):
    response = partner_client.post(NEW, form_data(submit="1"))

    assert response.status_code == 302
    assert Offer.objects.get().status == "submitted"
    assert OutboxMessage.objects.get(purpose="offer.submitted").to == ["koordination@example.org"]


def test_bad_input_is_explained_at_the_field_and_nothing_typed_is_lost(partner_client):
    data = form_data(
        title="",
        summary="Wir beraten Sie gern.",
        age_min="12",
        age_max="6",
        cost="fee",
        cost_note="",
        valid_from="2026-05-01",
        valid_until="2026-04-01",
    )
    data = with_rows(
        data,
        "times",
        [
            {"weekday": "2", "opens": "14:00", "closes": "13:00", "note": "im Gemeindesaal"},
            {"weekday": "", "opens": "", "closes": "", "note": ""},  # empty rows are ignored
        ],
    )
    data = with_rows(
        data,
        "locations",
        [
            {
                "label": "Gemeindehaus",
                "street": "",
                "postcode": "12345",
                "city": "Musterstadt",
                "latitude": "51.4",
                "longitude": "",
            }
        ],
    )

    response = partner_client.post(NEW, data)

    assert response.status_code == 200
    assert not Offer.objects.exists()
    html = response.content.decode()
    assert "Please correct the marked fields." in html
    assert field_error(html, "id_title") == "This field is required."
    assert "must not be lower" in field_error(html, "id_age_max")
    assert field_error(html, "id_cost_note") == "Please say what it costs."
    assert "must not be before" in field_error(html, "id_valid_until")
    assert field_error(html, "id_times-0-closes") == "The end must be after the start."
    assert field_error(html, "id_locations-0-street") == "Please enter the street."
    assert "both coordinates" in field_error(html, "id_locations-0-longitude")
    assert "times-1-weekday-error" not in html
    # What was typed is still there.
    assert "Wir beraten Sie gern.</textarea>" in html
    assert 'name="times-0-note" value="im Gemeindesaal"' in html
    assert 'name="locations-0-label" value="Gemeindehaus"' in html
    assert re.search(r'<option value="2" selected>', html)
    assert 'name="age_min" value="12"' in html


def test_an_unused_row_with_only_a_note_asks_for_the_rest(partner_client):
    data = with_rows(
        form_data(), "times", [{"weekday": "", "opens": "", "closes": "", "note": "nach Absprache"}]
    )

    html = partner_client.post(NEW, data).content.decode()

    assert field_error(html, "id_times-0-weekday") == "Please choose a weekday."
    assert field_error(html, "id_times-0-opens") == "Please enter when it starts."


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"image": png_upload(), "alt_text": ""}, "alt_text", "Please describe the picture"),
        ({"alt_text": "Ein Bild"}, "image", "Please choose a picture"),
        (
            {"image": SimpleUploadedFile("x.png", b"not an image"), "alt_text": "x"},
            "image",
            "PNG, JPEG or WebP",
        ),
        (
            {"image": SimpleUploadedFile("big.png", b"0" * (5 * 1024 * 1024 + 1)), "alt_text": "x"},
            "image",
            "too large",
        ),
    ],
)
def test_pictures_are_checked(partner_client, row, field, message):
    data = with_rows(form_data(), "images", [{"id": "", **row}])

    html = partner_client.post(NEW, data).content.decode()

    assert message in field_error(html, f"id_images-0-{field}")
    assert not Offer.objects.exists()
    assert "please choose pictures and documents again" in html or "image" not in row


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("flyer.pdf", b"<html>kein PDF</html>"), "Please upload a PDF"),
        (pdf_upload(size=10 * 1024 * 1024 + 1), "too large"),
    ],
)
def test_documents_must_be_pdfs_of_at_most_10_mb(partner_client, upload, message):
    data = with_rows(form_data(), "attachments", [{"id": "", "file": upload, "title": "Flyer"}])

    html = partner_client.post(NEW, data).content.decode()

    assert message in field_error(html, "id_attachments-0-file")
    assert not Offer.objects.exists()


def test_preview_shows_the_description_as_safe_html_and_saves_nothing(partner_client):
    data = form_data(
        title="",
        description=(
            "## Ablauf\n\n**Wichtig**: <script>alert(1)</script> [mehr](javascript:alert(2))"
        ),
        preview="1",
    )

    response = partner_client.post(NEW, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert not Offer.objects.exists()
    preview = re.search(r'<section class="frh-markdown-preview".*?</section>', html, re.S).group(0)
    assert "<h2>Ablauf</h2>" in preview
    assert "<strong>Wichtig</strong>" in preview
    assert "<script>" not in preview
    assert "javascript:" not in preview
    assert "id_title-error" not in html  # the preview does not nag about missing fields


def test_partner_edits_times_and_removes_a_picture(partner_client, organisation):
    offer = add_details(OfferFactory(organisation=organisation))
    image = OfferImage.objects.create(offer=offer, image=png_upload(), alt_text="Alt")
    form = partner_client.get(f"/verwaltung/angebote/{offer.pk}/bearbeiten/").content.decode()
    assert 'name="times-0-opens" value="09:00"' in form
    assert 'name="images-0-alt_text" value="Alt"' in form
    data = form_data(title=offer.title)
    data = with_rows(
        data,
        "times",
        [
            {"weekday": "1", "opens": "09:00", "closes": "11:00", "DELETE": "on"},
            {"weekday": "3", "opens": "15:00", "closes": "17:30", "note": ""},
        ],
        initial=1,
    )
    data = with_rows(data, "images", [{"id": str(image.pk), "alt_text": "Alt", "DELETE": "on"}], 1)

    response = partner_client.post(f"/verwaltung/angebote/{offer.pk}/bearbeiten/", data)

    assert response.status_code == 302
    assert [str(t) for t in offer.times.all()] == ["Donnerstag 15:00–17:30"]
    assert not offer.images.exists()
    assert offer.locations.count() == 0  # the form sent no location rows


def test_a_changed_hidden_id_cannot_take_over_another_picture(partner_client, organisation):
    offer = OfferFactory(organisation=organisation)
    mine = OfferImage.objects.create(offer=offer, image=png_upload(), alt_text="Meins")
    foreign = OfferImage.objects.create(offer=OfferFactory(), image=png_upload(), alt_text="Fremd")
    data = with_rows(
        form_data(title=offer.title),
        "images",
        [{"id": str(foreign.pk), "alt_text": "Übernommen"}],
        initial=1,
    )

    partner_client.post(f"/verwaltung/angebote/{offer.pk}/bearbeiten/", data)

    mine.refresh_from_db()
    foreign.refresh_from_db()
    assert (mine.alt_text, foreign.alt_text) == ("Übernommen", "Fremd")
    assert foreign.offer_id != offer.pk


def test_rejected_offers_cannot_be_edited_by_the_partner(partner_client, organisation):
    offer = OfferFactory(organisation=organisation, status="rejected", title="Alt")

    response = partner_client.post(
        f"/verwaltung/angebote/{offer.pk}/bearbeiten/", form_data(title="Neu")
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Alt"


def test_partner_submits_and_withdraws_on_the_offer_page(partner_client, organisation):
    offer = OfferFactory(organisation=organisation)
    page = partner_client.get(f"/verwaltung/angebote/{offer.pk}/").content.decode()
    assert 'value="submit"' in page and 'value="approve"' not in page

    partner_client.post(f"/verwaltung/angebote/{offer.pk}/status/", {"step": "submit"})
    offer.refresh_from_db()
    assert offer.status == "submitted"
    partner_client.post(f"/verwaltung/angebote/{offer.pk}/status/", {"step": "withdraw"})
    offer.refresh_from_db()
    assert offer.status == "draft"


def test_partner_cannot_approve_from_the_offer_page(partner_client, organisation):
    offer = OfferFactory(status="submitted", organisation=organisation)

    response = partner_client.post(
        f"/verwaltung/angebote/{offer.pk}/status/", {"step": "approve"}, follow=True
    )

    # The one answer to a step that is not allowed: a message on the offer's page.
    assert response.redirect_chain == [(f"/verwaltung/angebote/{offer.pk}/", 302)]
    assert "This step is not possible" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == "submitted"


# -------------------------------------------------------------------------- review


def test_review_queue_lists_submissions_and_waiting_changes(coordinator_client):
    OfferFactory(status="submitted", title="Deutschkurs mit Kinderbetreuung")
    changed = published(title="Schuldnerberatung")
    changed.pending_changes = {"state": "submitted", "values": {"title": "Schuldnerberatung neu"}}
    changed.save()
    returned_changes = published(title="Pflegeberatung")
    returned_changes.pending_changes = {"state": "returned", "values": {}, "comment": "x"}
    returned_changes.save()
    OfferFactory(status="draft", title="Entwurf bleibt unsichtbar")

    html = coordinator_client.get("/verwaltung/angebote/pruefen/").content.decode()

    assert "Deutschkurs mit Kinderbetreuung" in html
    assert "Schuldnerberatung" in html
    assert "Pflegeberatung" not in html
    assert "Entwurf bleibt unsichtbar" not in html


@pytest.mark.parametrize(
    ("action", "comment", "status"),
    [
        ("approve", "", "published"),
        ("return", "Bitte Ort angeben.", "returned"),
        ("reject", "", "rejected"),
    ],
)
def test_coordinator_decides_on_the_review_page(coordinator_client, action, comment, status):
    offer = OfferFactory(status="submitted")

    response = coordinator_client.post(
        f"/verwaltung/angebote/pruefen/{offer.pk}/", {"step": action, "comment": comment}
    )

    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == status
    assert offer.review_comment == comment


def test_sending_back_without_a_comment_is_explained(coordinator_client):
    offer = OfferFactory(status="submitted")

    response = coordinator_client.post(
        f"/verwaltung/angebote/pruefen/{offer.pk}/", {"step": "return", "comment": ""}, follow=True
    )

    assert response.status_code == 200
    assert field_error(response.content.decode(), "id_comment") == (
        "Please say what should be changed."
    )
    offer.refresh_from_db()
    assert offer.status == "submitted"


# -------------------------------------------------------------------- lists, export


def test_partner_list_shows_only_their_offers(partner_client, organisation):
    OfferFactory(organisation=organisation, title="Krabbelgruppe")
    OfferFactory(title="Fremdes Angebot")

    html = partner_client.get(LIST).content.decode()

    assert "Krabbelgruppe" in html
    assert "Fremdes Angebot" not in html
    assert 'name="organisation"' not in html  # no filter by partner for partners


def test_coordinator_filters_all_offers(coordinator_client):
    tus = OrganisationFactory(name="TuS Musterstadt", slug="tus")
    OfferFactory(organisation=tus, title="Kinderturnen", status="submitted")
    published(organisation=tus, title="Eltern-Kind-Schwimmen")
    OfferFactory(title="Erziehungsberatung", status="submitted")

    html = coordinator_client.get(LIST, {"organisation": tus.pk, "status": "submitted"}).content
    html = html.decode()

    assert "Kinderturnen" in html
    assert "Eltern-Kind-Schwimmen" not in html
    assert "Erziehungsberatung" not in html


def test_coordinator_downloads_the_filtered_list_as_csv_and_xlsx(coordinator_client):
    offer = add_details(published(title="Hebammensprechstunde"))
    OfferFactory(title="Nur ein Entwurf")

    response = coordinator_client.get(LIST, {"status": "published", "format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:3] == ["Title", "Partner", "Status"]
    assert [row[0] for row in rows[1:]] == ["Hebammensprechstunde"]
    assert rows[1][2] == "published"
    assert rows[1][6] == "Altstadt"
    with translation.override("en"):  # the list was downloaded in English
        assert rows[1][-1] == offer.get_absolute_url() == f"/en/angebote/{offer.slug}/"

    response = coordinator_client.get(LIST, {"status": "published", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "Hebammensprechstunde"
    assert len(values) == 2


def test_tiles_for_partner_staff_and_coordinators(partner_client, coordinator_client):
    OfferFactory(status="submitted")
    OfferFactory(status="submitted")

    partner = partner_client.get("/verwaltung/").content.decode()
    coordinator = coordinator_client.get("/verwaltung/").content.decode()

    assert 'href="/verwaltung/angebote/">My offers' in partner
    assert "/verwaltung/angebote/pruefen/" not in partner
    assert 'href="/verwaltung/angebote/pruefen/">Review offers' in coordinator
    assert "2 offers wait for review." in coordinator
    assert "My offers" not in coordinator


def test_families_do_not_reach_the_offers_back_office(family_client):
    assert family_client.get(LIST).status_code == 403
    assert family_client.get(NEW).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login(anon_client):
    response = anon_client.get(NEW)

    assert response.status_code == 302
    assert response["Location"].startswith("/konto/login/?next=")


# ------------------------------------------------------------------------- notices


def test_coordinator_reads_and_handles_notices(coordinator_client, anon_client):
    offer = published(title="Babyschwimmen", slug="babyschwimmen")
    anon_client.post(
        "/angebote/babyschwimmen/",
        {"notice-message": "Der Kurs findet jetzt im Hallenbad Süd statt.", "notice-email": ""},
    )

    html = coordinator_client.get("/verwaltung/angebote/hinweise/").content.decode()
    assert "Der Kurs findet jetzt im Hallenbad Süd statt." in html
    notice = offer.notices.get()

    coordinator_client.post(f"/verwaltung/angebote/hinweise/{notice.pk}/erledigt/")

    notice.refresh_from_db()
    assert notice.handled
    html = coordinator_client.get("/verwaltung/angebote/hinweise/").content.decode()
    assert "Hallenbad Süd" not in html
    csv_body = coordinator_client.get(
        "/verwaltung/angebote/hinweise/", {"alle": "1", "format": "csv"}
    ).content.decode()
    assert "Hallenbad Süd" in csv_body


def test_theme_is_required(partner_client):
    html = partner_client.post(NEW, form_data(themes=[])).content.decode()

    assert field_error(html, "id_themes")
    assert theme()  # the seeded themes exist
