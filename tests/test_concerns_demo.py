"""The demo concerns of Musterstadt (concerns/demo.py): a year of concerns of every
kind, topic, channel and status, safe to load twice."""

from __future__ import annotations

import pytest

from familienrathaus.concerns import demo, dues
from familienrathaus.concerns.models import Concern, Message, Office, Topic
from familienrathaus.core import demo as core_demo
from familienrathaus.core.models import LegalPage
from familienrathaus.partners import demo as partners_demo
from familienrathaus.partners.models import Organisation
from familienrathaus.postcards import demo as postcards_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(django_capture_on_commit_callbacks):
    core_demo.load()
    partners_demo.load()
    postcards_demo.load()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load()


def test_a_year_of_concerns_of_every_kind_topic_channel_and_status(loaded):
    concerns = Concern.objects.all()
    today = dues.today()

    assert 55 <= concerns.count() <= 65
    assert set(concerns.values_list("kind", flat=True)) == set(Concern.Kind.values)
    assert set(concerns.values_list("channel", flat=True)) == set(Concern.Channel.values)
    assert set(concerns.values_list("status", flat=True)) == set(Concern.Status.values)
    assert set(concerns.values_list("topic", flat=True)) == set(
        Topic.objects.values_list("pk", flat=True)
    )
    oldest = min(concerns.values_list("created_at", flat=True))
    assert (today - dues.received_on(oldest)).days <= 366
    assert sum(dues.is_overdue(c, on=today) for c in concerns) >= 3


def test_some_are_passed_to_the_housing_company_and_the_jugendamt(loaded):
    housing = Organisation.objects.get(name="Musterstädter Wohnungsbau")
    jugendamt = Office.objects.get(name="Jugendamt")

    assert housing.memberships.exists()  # its staff answer in the back office
    assert Concern.objects.filter(organisation=housing).count() >= 3
    assert Concern.objects.filter(office=jugendamt).count() >= 2
    assert Message.objects.filter(kind=Message.Kind.REPLY, public=True).exists()
    assert Message.objects.filter(kind=Message.Kind.NOTE, public=False).exists()
    assert Message.objects.filter(kind=Message.Kind.PARTNER).exists()


def test_a_few_are_redacted_without_a_name_or_text(loaded):
    redacted = Concern.objects.filter(redacted_at__isnull=False)

    assert 2 <= redacted.count() <= 5
    for concern in redacted:
        assert concern.status == Concern.Status.CLOSED
        assert (concern.name, concern.email, concern.phone) == ("", "", "")
        assert not concern.attachments.exists()


def test_loading_again_creates_nothing(loaded):
    counts = (Concern.objects.count(), Message.objects.count(), Organisation.objects.count())

    assert demo.load() == 0
    assert counts == (
        Concern.objects.count(),
        Message.objects.count(),
        Organisation.objects.count(),
    )


def test_the_privacy_page_says_when_concerns_are_redacted_and_deleted(loaded, anon_client):
    page = anon_client.get("/seite/datenschutz/").content.decode()

    assert "Anliegen und Beschwerden" in page
    assert "Zwölf Monate nach der letzten Änderung" in page
    assert "Zwei Jahre danach löschen wir es ganz" in page


def test_an_older_demo_privacy_page_gets_the_paragraph_once(loaded):
    page = LegalPage.objects.get(kind=LegalPage.Kind.PRIVACY)
    start = page.body.index("## Anliegen")
    page.body = page.body[:start] + page.body[page.body.index("## Keine Verfolgung") :]
    page.save()

    demo.load()
    demo.load()

    page.refresh_from_db()
    assert page.body.count("## Anliegen") == 1
    assert "## Keine Verfolgung" in page.body
