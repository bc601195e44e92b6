"""The ways to a survey the coordinator hands out: channels with link and QR code,
invitation codes printed as cards or letters; and the preview of the survey exactly as
a family sees it, conditions included, without saving anything."""

from __future__ import annotations

import io

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from PIL import Image

from familienrathaus.core.models import AuditEntry
from familienrathaus.surveys.models import Answer, Channel, InvitationCode, Response
from tests.factories import pdf_info, pdf_text
from tests.factories.surveys import ResponseFactory, make_survey

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"surveys:{name}", args=args)


# --------------------------------------------------------------------------- channels


def test_a_named_channel_gets_its_own_link_and_qr_code(coordinator_client):
    survey = make_survey(published=True)
    page = url("manage-channels", survey.pk)
    response = coordinator_client.post(page, {"name": "Familienzentrum Am Bach"})
    channel = Channel.objects.get(name="Familienzentrum Am Bach")
    assert response["Location"] == f"{page}#channel-{channel.pk}"
    link = f"{settings.SITE_URL}/befragungen/{survey.slug}/?k={channel.token}"
    assert link in coordinator_client.get(page).content.decode()

    png = coordinator_client.get(url("channel-qr", survey.pk, channel.pk, "png"))
    assert png["Content-Type"] == "image/png"
    assert "attachment" in png["Content-Disposition"]
    expected = io.BytesIO()
    segno.make(link, error="m", micro=False).save(expected, kind="png", scale=20, border=4)
    assert png.content == expected.getvalue()
    assert Image.open(io.BytesIO(png.content)).size[0] >= 500  # large enough to print

    svg = coordinator_client.get(url("channel-qr", survey.pk, channel.pk, "svg"))
    assert svg["Content-Type"] == "image/svg+xml"
    assert b"<svg" in svg.content
    assert (
        coordinator_client.get(url("channel-qr", survey.pk, channel.pk, "gif")).status_code == 404
    )


def test_the_family_page_counts_an_answer_for_the_channel_of_its_link(coordinator_client, client):
    survey = make_survey(published=True)
    channel = Channel.objects.create(survey=survey, name="Radio")
    response = client.post(f"{survey.get_absolute_url()}?k={channel.token}", {"k": channel.token})
    assert response.status_code == 302
    assert Response.objects.get().channel == channel


def test_a_channel_name_is_unique_and_bad_input_is_kept(coordinator_client):
    survey = make_survey()
    response = coordinator_client.post(url("manage-channels", survey.pk), {"name": "direkt"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_name-error"' in page and 'value="direkt"' in page
    assert survey.channels.count() == 2


def test_a_channel_with_answers_stays(coordinator_client):
    survey = make_survey(published=True)
    used = Channel.objects.create(survey=survey, name="Schulsozialarbeit Nordviertel")
    ResponseFactory(survey=survey, channel=used)
    unused = Channel.objects.create(survey=survey, name="Radio")
    coordinator_client.post(url("channel-delete", survey.pk, used.pk))
    coordinator_client.post(url("channel-delete", survey.pk, unused.pk))
    assert Channel.objects.filter(pk=used.pk).exists()
    assert not Channel.objects.filter(pk=unused.pk).exists()
    for standard in survey.channels.filter(name__in=["Direkt", "Papierfragebogen"]):
        coordinator_client.post(url("channel-delete", survey.pk, standard.pk))
    assert survey.channels.filter(name__in=["Direkt", "Papierfragebogen"]).count() == 2


# --------------------------------------------------------------------------- codes


def test_n_codes_are_created_and_printed_as_cards_and_letters(coordinator_client, tmp_path):
    survey = make_survey(published=True, access="codes")
    response = coordinator_client.post(url("manage-codes", survey.pk), {"count": "6"})
    assert response.status_code == 302
    codes = list(InvitationCode.objects.filter(survey=survey))
    assert len(codes) == 6 and len({c.code for c in codes}) == 6
    for code in codes:
        assert len(code.code) == 8 and not set(code.code) & set("01OIL")
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "The 6 codes just created" in page

    cards = coordinator_client.get(
        response["Location"]
        .split("#")[0]
        .replace(url("manage-codes", survey.pk), url("codes-pdf", survey.pk))
        + "&layout=cards"
    )
    assert cards["Content-Type"] == "application/pdf"
    text = pdf_text(cards.content, tmp_path).replace(" ", "")  # codes are letter-spaced
    assert all(code.code in text for code in codes)
    assert pdf_info(cards.content, tmp_path)["Pages"] == "2"  # four cards per A4 page
    letters = coordinator_client.get(url("codes-pdf", survey.pk) + "?layout=letters")
    assert pdf_info(letters.content, tmp_path)["Pages"] == "6"
    assert "Dear family" in pdf_text(letters.content, tmp_path) or "Liebe Familie" in pdf_text(
        letters.content, tmp_path
    )
    assert AuditEntry.objects.filter(action="survey.codes.create").get().changes == {"count": 6}


def test_codes_carry_no_time_and_no_link_to_answers():
    fields = {field.name for field in InvitationCode._meta.get_fields()}
    assert fields == {"id", "alliance", "survey", "code", "used"}
    assert not any(field.related_model is InvitationCode for field in Response._meta.get_fields())
    assert not any(field.related_model is InvitationCode for field in Answer._meta.get_fields())


@pytest.mark.parametrize("count", ["0", "5001", "drei"])
def test_a_bad_number_of_codes_is_refused(coordinator_client, count):
    survey = make_survey(access="codes")
    response = coordinator_client.post(url("manage-codes", survey.pk), {"count": count})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_count-error"' in page and f'value="{count}"' in page
    assert not InvitationCode.objects.exists()


def test_printing_without_unused_codes_says_so(coordinator_client):
    survey = make_survey(access="codes")
    response = coordinator_client.get(url("codes-pdf", survey.pk), follow=True)
    assert "no unused codes" in response.content.decode()


# --------------------------------------------------------------------------- preview


def test_the_preview_shows_the_family_pages_and_follows_conditions(coordinator_client):
    survey = make_survey()  # a draft: families cannot open it, the preview can
    preview = url("manage-preview", survey.pk)
    start = coordinator_client.get(preview)
    assert start.status_code == 200
    assert "Anonymous: what that means here" in start.content.decode()
    assert "Preview: this is exactly what families see" in start.content.decode()
    first = coordinator_client.get(f"{preview}?seite=1").content.decode()
    assert "Haben Sie Kinder unter 6?" in first and "Page 1 of 1" in first
    assert "Preview: this is exactly what families see" in first

    missing = coordinator_client.post(f"{preview}?seite=1", {"action": "next"})
    assert missing.status_code == 400  # the required question, as a family would be told

    kids = survey.questions.get(code="kinder")
    yes = kids.options.get(label_de="Ja")
    response = coordinator_client.post(
        f"{preview}?seite=1", {"action": "next", "q-kinder": yes.code, "q-wuensche-other": ""}
    )
    assert response["Location"] == f"{preview}?seite=2"
    second = coordinator_client.get(f"{preview}?seite=2").content.decode()
    assert "Kleine Kinder" in second and "Page 2 of 2" in second
    assert "die Öffnungszeiten" in second
    assert not Response.objects.exists() and not Answer.objects.exists()

    coordinator_client.post(preview, {"action": "restart"})
    again = coordinator_client.get(f"{preview}?seite=1").content.decode()
    assert "Page 1 of 1" in again
