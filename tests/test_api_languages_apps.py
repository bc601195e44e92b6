"""Every app's own API messages come in the client's language (``Accept-Language``):
the refusals, "not found" answers and validation texts the apps write themselves, the
messages of their services and the 405 for a method a path does not have. English
clients get the English text; links to pages point to the page in the client's
language. (The shared answers of ninja and pydantic: ``tests/test_api_languages.py``.)"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from familienrathaus.core import services as core_services
from familienrathaus.core.models import User
from familienrathaus.network.models import Post
from familienrathaus.partners.models import Organisation
from tests.factories import ChildFactory, OccasionFactory
from tests.factories.network import (
    GroupFactory,
    MeetingFactory,
    PostFactory,
    TaskFactory,
    member_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def client(language: str, user: User | None = None) -> Client:
    headers = {"accept-language": language}
    if user is not None:
        key = core_services.create_api_token(user=user, name="App")[1]
        headers["authorization"] = f"Bearer {key}"
    return Client(headers=headers)


def send(client: Client, method: str, path: str, body: Any) -> Any:
    return getattr(client, method)(path, json.dumps(body), content_type="application/json")


# ------------------------------------------------------------------------------- core

NUL_REFUSED = {
    "tr": "Metin NUL karakterleri veya tek başına vekil karakterler (ör. \\ud800) içeremez.",
    "uk": "Текст не може містити символи NUL або поодинокі сурогати (напр., \\ud800).",
    "en": "Text must not contain NUL characters or lone surrogates (e.g. \\ud800).",
}


@pytest.mark.parametrize("language", NUL_REFUSED)
def test_a_nul_character_is_refused_in_the_clients_language(language: str) -> None:
    response = client(language).get("/api/v1/offers/", {"q": "Kita\x00"})

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"type": "value_error", "loc": ["query", "q"], "msg": NUL_REFUSED[language]}
    ]


@pytest.mark.parametrize(
    ("language", "start"),
    [
        ("tr", "İstek gövdesi geçerli bir JSON değil: "),
        ("ar", "محتوى الطلب ليس JSON صالحًا: "),
        ("en", "The body is not valid JSON: "),
    ],
)
def test_a_body_that_is_no_json_is_explained_in_the_clients_language(
    language: str, start: str
) -> None:
    response = client(language).post(
        "/api/v1/concerns/", "{kaputt", content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["detail"].startswith(start)


# -------------------------------------------------------------------------- employers


@pytest.mark.parametrize(
    ("language", "unknown", "malformed"),
    [
        (
            "tr",
            "FBU-2027-9999 numaralı bir sertifika bulunmamaktadır.",
            "Bu bir sertifika numarası değil. Bir numara şöyle görünür: FBU-2027-0007.",
        ),
        (
            "uk",
            "Сертифіката з номером FBU-2027-9999 не існує.",
            "Це не номер сертифіката. Номер має вигляд FBU-2027-0007.",
        ),
        (
            "en",
            "There is no certificate with the number FBU-2027-9999.",
            "This is not a certificate number. A number looks like FBU-2027-0007.",
        ),
    ],
)
def test_a_certificate_check_answers_in_the_clients_language(
    language: str, unknown: str, malformed: str
) -> None:
    no_such = client(language).get("/api/v1/employers/certificates/FBU-2027-9999")
    no_number = client(language).get("/api/v1/employers/certificates/Hallo")

    assert (no_such.status_code, no_such.json()) == (404, {"detail": unknown})
    assert (no_number.status_code, no_number.json()) == (404, {"detail": malformed})


# ----------------------------------------------------------------------------- offers


@pytest.mark.parametrize(
    ("language", "refused", "unknown"),
    [
        (
            "tr",
            "Yalnızca kendi kuruluşlarınız için hizmet oluşturabilirsiniz.",
            "Bilinmeyen konu: gibt-es-nicht",
        ),
        (
            "ar",
            "يمكنك إنشاء عروض لمؤسساتك فقط.",
            "موضوع غير معروف: gibt-es-nicht",
        ),
        (
            "en",
            "You may only create offers for your organisations.",
            "Unknown themes: gibt-es-nicht",
        ),
    ],
)
def test_offers_refusals_and_unknown_values_in_the_clients_language(
    language: str,
    refused: str,
    unknown: str,
    organisation: Organisation,
    partner_user: User,
    family_user: User,
) -> None:
    body = {"organisation": organisation.slug, "title": "Vorlesen", "summary": "Bücher"}

    foreign = send(client(language, family_user), "post", "/api/v1/offers/", {**body, "themes": []})
    wrong = send(
        client(language, partner_user),
        "post",
        "/api/v1/offers/",
        {**body, "themes": ["gibt-es-nicht"]},
    )

    assert (foreign.status_code, foreign.json()) == (403, {"detail": refused})
    assert wrong.status_code == 422
    assert {"loc": ["body", "themes"], "msg": unknown} in wrong.json()["detail"]


# --------------------------------------------------------------------------- partners


@pytest.mark.parametrize(
    ("language", "refused"),
    [
        ("tr", "Yalnızca koordinatörler değiştirebilir: is_public."),
        ("uk", "Змінювати це можуть лише координатори: is_public."),
        ("en", "Only coordinators may change: is_public."),
    ],
)
def test_a_partner_changing_a_coordinators_field_is_told_in_their_language(
    language: str, refused: str, organisation: Organisation, partner_user: User
) -> None:
    response = send(
        client(language, partner_user),
        "patch",
        f"/api/v1/partners/{organisation.slug}",
        {"is_public": False},
    )

    assert (response.status_code, response.json()) == (403, {"detail": refused})


# --------------------------------------------------------------------------- holidays


@pytest.mark.parametrize(
    ("language", "no_child", "twice"),
    [
        ("tr", "Böyle bir çocuk bulunamadı.", "Lina bu tarih için zaten kayıtlı."),
        ("uk", "Такої дитини не знайдено.", "Lina уже заброньовано на цей термін."),
        ("en", "No such child.", "Lina is already booked for this occasion."),
    ],
)
def test_booking_refusals_come_in_the_families_language(
    language: str, no_child: str, twice: str, family_user: User
) -> None:
    occasion = OccasionFactory(max_places=3)
    child = ChildFactory(family=family_user, first_name="Lina")
    api = client(language, family_user)
    path = "/api/v1/holidays/bookings"

    someone_elses = send(api, "post", path, {"child": ChildFactory().pk, "occasion": occasion.pk})
    assert send(api, "post", path, {"child": child.pk, "occasion": occasion.pk}).status_code == 201
    again = send(api, "post", path, {"child": child.pk, "occasion": occasion.pk})

    assert (someone_elses.status_code, someone_elses.json()) == (404, {"detail": no_child})
    assert (again.status_code, again.json()) == (409, {"detail": twice})


# ---------------------------------------------------------------------------- network


@pytest.mark.parametrize(
    ("language", "refused", "not_found"),
    [
        (
            "tr",
            "Bu görevi yalnızca sorumlusu, oluşturan kişi veya bir yönetici değiştirebilir.",
            "Bulunamadı.",
        ),
        (
            "ar",
            "لا يمكن تعديل المهمة إلا من قِبل المسؤول عنها أو كاتبها أو القيادة.",
            "غير موجود.",
        ),
        ("en", "Only the task's owner, its author or a lead may change it.", "Not found."),
    ],
)
def test_network_refusals_come_in_the_members_language(
    language: str, refused: str, not_found: str
) -> None:
    group = GroupFactory()
    person = member_of(group)
    someone_elses = TaskFactory(group=group)
    api = client(language, person)

    patched = send(api, "patch", f"/api/v1/network/tasks/{someone_elses.pk}", {"status": "done"})
    meeting = api.get("/api/v1/network/meetings/999999")
    feed = api.get("/api/v1/network/feed", {"group": "gibt-es-nicht"})

    assert (patched.status_code, patched.json()) == (403, {"detail": refused})
    assert (meeting.status_code, meeting.json()) == (404, {"detail": not_found})
    assert (feed.status_code, feed.json()) == (404, {"detail": not_found})


# ------------------------------------------------------- events, ideas, surveys: 404s

NOT_FOUND = {"tr": "Bulunamadı.", "uk": "Не знайдено.", "en": "Not found."}


@pytest.mark.parametrize("language", NOT_FOUND)
def test_the_not_found_answers_of_events_ideas_and_surveys_are_translated(
    language: str, family_user: User
) -> None:
    event = client(language, family_user).get("/api/v1/events/dates/999999/participants")
    idea = client(language).get("/api/v1/ideas/999999")
    survey = client(language).get("/api/v1/surveys/gibt-es-nicht/results")

    for response in (event, idea, survey):
        assert (response.status_code, response.json()) == (404, {"detail": NOT_FOUND[language]})


# ---------------------------------------------------------------------------- reports


@pytest.mark.parametrize(
    ("language", "refused", "unknown"),
    [
        (
            "tr",
            "Raporları yalnızca koordinatörler okuyabilir.",
            "Bilinmeyen yaş grubu 'x'; izin verilenler: 0_2, 3_5, 6_9, 10_13, 14_17.",
        ),
        (
            "uk",
            "Звіти можуть читати лише координатори.",
            "Невідома вікова група 'x'; допустимі: 0_2, 3_5, 6_9, 10_13, 14_17.",
        ),
        (
            "en",
            "Only coordinators may read the reports.",
            "Unknown age band 'x'; one of: 0_2, 3_5, 6_9, 10_13, 14_17.",
        ),
    ],
)
def test_reports_refusals_come_in_the_clients_language(
    language: str, refused: str, unknown: str, partner_user: User, coordinator: User
) -> None:
    partner = client(language, partner_user).get("/api/v1/reports/figures")
    band = client(language, coordinator).get("/api/v1/reports/districts", {"band": "x"})

    assert (partner.status_code, partner.json()) == (403, {"detail": refused})
    assert band.status_code == 422
    assert band.json()["detail"] == [{"loc": ["query", "band"], "msg": unknown}]


# ---------------------------------------------------------------------------- welcome


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("tr", "2026-02-30 takvimde var olan bir gün değil."),
        ("ar", "اليوم 2026-02-30 غير موجود في التقويم."),
        ("en", "2026-02-30 is not a day of the calendar."),
    ],
)
def test_an_impossible_birth_date_is_explained_in_the_clients_language(
    language: str, message: str
) -> None:
    response = client(language).get("/api/v1/welcome/timeline", {"birth_date": "2026-02-30"})

    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["query", "birth_date"], "msg": message}]


# ------------------------------------------------------------------------------ links


def test_links_in_api_answers_open_the_page_in_the_clients_language() -> None:
    group = GroupFactory()
    person = member_of(group)
    post = PostFactory(group=group)
    meeting = MeetingFactory(group=group)
    written_in_english = f"/en/werkstatt/{group.slug}/sitzungen/{meeting.pk}/"
    PostFactory(group=group, url=written_in_english, kind=Post.Kind.MEETING)
    answer = {"kind": "question", "text": "Wo finde ich eine Hebamme?", "privacy": "anonymous"}

    turkish = send(client("tr"), "post", "/api/v1/concerns/", answer).json()
    german = send(client("de"), "post", "/api/v1/concerns/", answer).json()
    feed = client("uk", person).get("/api/v1/network/feed").json()

    assert "/tr/" in turkish["status_url"]
    assert "/tr/" not in german["status_url"] and "/de/" not in german["status_url"]
    links = {entry["kind"]: entry["url"] for entry in feed}
    assert links["post"] == f"{settings.SITE_URL}/uk/werkstatt/neuigkeiten/{post.pk}/"
    assert (
        links["meeting"] == f"{settings.SITE_URL}/uk/werkstatt/{group.slug}/sitzungen/{meeting.pk}/"
    )


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("tr", "Bu yönteme izin verilmiyor."),
        ("uk", "Цей метод не дозволено."),
        ("en", "Method not allowed."),
    ],
)
def test_a_method_a_path_does_not_have_is_refused_in_the_clients_language(
    language: str, message: str
) -> None:
    response = client(language).delete("/api/v1/offers/")

    assert response.status_code == 405
    assert response.json() == {"detail": message}
    assert response["Allow"] == "GET, POST"
