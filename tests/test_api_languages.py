"""The API answers its errors in the client's language (Accept-Language): ninja's and
pydantic's validation messages, the 401/403/404 answers and the apps' own messages.
``loc`` and ``type`` stay machine-readable in every language."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from familienrathaus.core import services as core_services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

REQUIRED = {
    "tr": "Bu alan zorunludur.",
    "ar": "هذا الحقل مطلوب.",
    "de": "Dieses Feld ist zwingend erforderlich.",
    "en": "This field is required.",
}
SIGN_IN = {
    "tr": "Lütfen oturum açın veya geçerli bir API anahtarı gönderin (Authorization: Bearer …).",
    "ar": "يرجى تسجيل الدخول أو إرسال رمز API صالح (Authorization: Bearer …).",
    "de": "Bitte melden Sie sich an oder senden Sie einen gültigen API-Token "
    "(Authorization: Bearer …).",
}
NOT_FOUND = {"tr": "Bulunamadı.", "ar": "غير موجود.", "de": "Nicht gefunden."}
PARTNERS_ONLY = {
    "tr": "Talepler yalnızca ortak kuruluş çalışanlarına iletilir.",
    "ar": "لا تُحال الطلبات إلا إلى موظفي الشركاء.",
    "de": "Nur Mitarbeitende von Partnern bekommen Anliegen weitergeleitet.",
}
UNKNOWN_TOPIC = {"tr": "Bilinmeyen konu.", "ar": "موضوع غير معروف.", "de": "Unbekanntes Thema."}
WHOLE_NUMBER = {
    "tr": "Lütfen bir tam sayı girin.",
    "ar": "يرجى إدخال عدد صحيح.",
    "de": "Bitte geben Sie eine ganze Zahl ein.",
}
LANGUAGES = ["tr", "ar", "de"]


def client(language: str, **headers: str) -> Client:
    return Client(headers={"accept-language": language, **headers})


def post_concern(language: str, data: dict[str, Any]) -> Any:
    return client(language).post(
        "/api/v1/concerns/", json.dumps(data), content_type="application/json"
    )


@pytest.mark.parametrize("language", [*LANGUAGES, "en"])
def test_a_missing_field_is_named_in_the_clients_language(language: str) -> None:
    response = post_concern(language, {"kind": "question"})

    assert response.status_code == 422
    assert response["Content-Language"] == language
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "payload", "text"] or error["loc"][-1] == "text"
    assert error["type"] == "missing"
    assert error["msg"] == REQUIRED[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_value_of_the_wrong_type_is_explained_in_the_clients_language(language: str) -> None:
    response = post_concern(language, {"kind": "question", "text": "Hallo", "topic_id": "abc"})

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"][-1] == "topic_id"
    assert error["type"] == "int_parsing"
    assert error["msg"] == WHOLE_NUMBER[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_token_the_401_is_in_the_clients_language(language: str) -> None:
    response = client(language).get("/api/v1/concerns/passed")

    assert response.status_code == 401
    assert response.json() == {"detail": SIGN_IN[language]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_403_of_an_app_is_in_the_clients_language(language: str, family_user: Any) -> None:
    key = core_services.create_api_token(user=family_user, name="App")[1]

    response = client(language, authorization=f"Bearer {key}").get("/api/v1/concerns/passed")

    assert response.status_code == 403
    assert response.json() == {"detail": PARTNERS_ONLY[language]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_ninjas_404_and_the_apps_404_are_in_the_clients_language(language: str) -> None:
    ninja_404 = client(language).get("/api/v1/holidays/periods/gibt-es-nicht/occasions")
    app_404 = client(language).get("/api/v1/concerns/status/falsch")

    assert ninja_404.status_code == 404
    assert ninja_404.json() == {"detail": NOT_FOUND[language]}
    assert app_404.status_code == 404
    assert app_404.json() == {"detail": NOT_FOUND[language]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_unknown_topic_is_named_in_the_clients_language(language: str) -> None:
    response = post_concern(
        language,
        {"kind": "question", "text": "Hallo", "topic_id": 999_999, "email": "a@example.org"},
    )

    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["body", "topic_id"], "msg": UNKNOWN_TOPIC[language]}
    ]
