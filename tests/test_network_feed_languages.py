"""Automatic feed entries in each reader's language (issue 20, point 5): whoever caused
"New meeting" or "Minutes approved", in whatever language, a Turkish member reads it in
Turkish on the feed page, in the mail "at once" and in the API; a German one in German."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core import services as core_services
from familienrathaus.core.models import OutboxMessage
from familienrathaus.network import notifications
from familienrathaus.network.models import GroupMember, MemberProfile, Minutes, Post
from tests.factories.network import GroupFactory, MeetingFactory, member_of
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Frühe Hilfen", slug="fruehe-hilfen")


@pytest.fixture
def lead(group: Any) -> Any:
    return member_of(
        group, GroupMember.Role.LEAD, name="Lea Leitung", email="lea@example.org", language="de"
    )


@pytest.fixture
def turkish(group: Any) -> Any:
    user = member_of(group, name="Ayşe Yılmaz", email="ayse@example.org", language="tr")
    MemberProfile.objects.create(user=user, notify=MemberProfile.Notify.IMMEDIATE)
    return user


def client(language: str, user: Any) -> Client:
    browser = LanguageClient(language)
    browser.force_login(user)
    return browser


def test_a_new_meeting_reaches_a_turkish_member_in_turkish(
    group: Any, lead: Any, turkish: Any
) -> None:
    day = (timezone.localdate() + timedelta(days=30)).isoformat()
    response = client("de", lead).post(
        f"/werkstatt/{group.slug}/sitzungen/neu/",
        {"title": "Bündnistag 2027", "day": day, "start": "17:00", "end": "19:00"}
        | {"place": "Rathaus, Raum 101", "online_url": "", "description": "", "invite": ""},
    )
    assert response.status_code == 302

    [notice] = OutboxMessage.objects.filter(purpose=notifications.PURPOSE_NOW, to=[turkish.email])
    assert notice.subject == "[Frühe Hilfen] Yeni toplantı: Bündnistag 2027"
    assert "Neue Sitzung" not in notice.body_text
    # The meeting's date line too: "saat 17:00", not the German "um 17:00".
    date = timezone.localdate() + timedelta(days=30)
    assert f"{date:%d.%m.%Y}, saat 17:00" in notice.body_text
    assert " um 17:00" not in notice.body_text

    page = client("tr", turkish).get(f"/tr/werkstatt/{group.slug}/neuigkeiten/")
    text = page.content.decode()
    assert "Yeni toplantı: Bündnistag 2027" in text and "Neue Sitzung" not in text
    assert "saat 17:00" in text and " um 17:00" not in text

    german = client("de", lead).get(f"/werkstatt/{group.slug}/neuigkeiten/").content.decode()
    assert "Neue Sitzung: Bündnistag 2027" in german and "Yeni toplantı" not in german
    assert f"{date:%d.%m.%Y} um 17:00" in german


def test_minutes_an_english_lead_approves_read_in_each_members_language(
    group: Any, lead: Any, turkish: Any
) -> None:
    meeting = MeetingFactory(group=group, title="Bündnistag 2027", held=True)
    english = client("en", lead)
    english.post(f"/werkstatt/{group.slug}/protokolle/neu/{meeting.pk}/")
    minutes = Minutes.objects.get(meeting=meeting)
    response = english.post(
        f"/werkstatt/{group.slug}/protokolle/{minutes.pk}/genehmigen/",
        {"version": minutes.version},
    )
    assert response.status_code == 302
    post = Post.objects.get(kind=Post.Kind.MINUTES)
    assert post.title == "Protokoll genehmigt: Bündnistag 2027"  # stored in German, for search

    page = client("tr", turkish).get(f"/tr/werkstatt/{group.slug}/neuigkeiten/").content.decode()
    assert "Tutanak onaylandı: Bündnistag 2027" in page
    assert "Protokoll genehmigt" not in page and "Minutes approved" not in page
    german = client("de", lead).get(f"/werkstatt/neuigkeiten/{post.pk}/").content.decode()
    assert "Protokoll genehmigt: Bündnistag 2027" in german and "Minutes approved" not in german

    key = core_services.create_api_token(user=turkish, name="App")[1]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE="tr")
    [entry] = [e for e in api.get("/api/v1/network/feed").json() if e["kind"] == "minutes"]
    assert entry["title"] == "Tutanak onaylandı: Bündnistag 2027"


def test_a_members_own_title_is_shown_as_written(group: Any, lead: Any, turkish: Any) -> None:
    client("de", lead).post(
        f"/werkstatt/{group.slug}/neuigkeiten/", {"title": "Raum gefunden", "text": ""}
    )
    page = client("tr", turkish).get(f"/tr/werkstatt/{group.slug}/neuigkeiten/").content.decode()
    assert "Raum gefunden" in page
