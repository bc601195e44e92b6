"""The yearly confirmation: reminder mails, the confirm page, stale offers."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from familienrathaus.core.models import AuditEntry, OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.offers import services
from familienrathaus.offers.models import Offer, OfferReminder
from familienrathaus.partners.services import add_member
from tests.factories import OfferFactory, OrganisationFactory, UserFactory, published

pytestmark = pytest.mark.django_db

NOW = timezone.now()
LONG_AGO = NOW - timedelta(days=400)


def old(organisation, title: str, **kwargs) -> Offer:
    return published(organisation=organisation, title=title, published_at=LONG_AGO, **kwargs)


def test_one_reminder_per_partner_lists_its_unconfirmed_offers(partner_user, organisation):
    colleague = UserFactory(role=Role.PARTNER, email="kollegin@example.org")
    add_member(actor=None, organisation=organisation, user=colleague)
    old(organisation, "Krabbelgruppe")
    old(organisation, "Elterncafé")
    published(organisation=organisation, title="Neu veröffentlicht")  # less than a year
    old(organisation, "Kürzlich bestätigt", confirmed_at=NOW - timedelta(days=10))
    OfferFactory(organisation=organisation, title="Entwurf", status="draft")

    assert services.send_confirmation_reminders(now=NOW) == 1

    mail = OutboxMessage.objects.get(purpose="offer.reminder")
    assert sorted(mail.to) == ["kollegin@example.org", "partner@example.org"]
    assert "- Elterncafé" in mail.body_text
    assert "- Krabbelgruppe" in mail.body_text
    assert "Neu veröffentlicht" not in mail.body_text
    assert "Kürzlich bestätigt" not in mail.body_text
    assert "Entwurf" not in mail.body_text
    assert "/verwaltung/angebote/bestaetigen/" in mail.body_text
    reminder = OfferReminder.objects.get()
    assert (reminder.organisation, reminder.offer_count) == (organisation, 2)


def test_no_second_reminder_within_30_days(partner_user, organisation):
    old(organisation, "Krabbelgruppe")

    services.send_confirmation_reminders(now=NOW)
    assert services.send_confirmation_reminders(now=NOW + timedelta(days=1)) == 0
    assert services.send_confirmation_reminders(now=NOW + timedelta(days=29)) == 0
    assert OutboxMessage.objects.filter(purpose="offer.reminder").count() == 1

    assert services.send_confirmation_reminders(now=NOW + timedelta(days=31)) == 1
    assert OutboxMessage.objects.filter(purpose="offer.reminder").count() == 2


def test_each_partner_gets_its_own_reminder(partner_user, organisation):
    other = OrganisationFactory(name="TuS Musterstadt", slug="tus")
    add_member(
        actor=None, organisation=other, user=UserFactory(role=Role.PARTNER, email="tus@example.org")
    )
    old(organisation, "Krabbelgruppe")
    old(other, "Kinderturnen")

    assert services.send_confirmation_reminders(now=NOW) == 2

    recipients = sorted(m.to[0] for m in OutboxMessage.objects.filter(purpose="offer.reminder"))
    assert recipients == ["partner@example.org", "tus@example.org"]


def test_partners_without_staff_are_skipped(organisation):
    old(organisation, "Krabbelgruppe")

    assert services.send_confirmation_reminders(now=NOW) == 0
    assert not OfferReminder.objects.exists()


def test_management_command_queues_the_reminders(partner_user, organisation):
    old(organisation, "Krabbelgruppe")
    out = io.StringIO()

    call_command("send_offer_reminders", stdout=out)
    call_command("send_offer_reminders", stdout=out)

    assert out.getvalue().splitlines() == ["1 reminder(s) queued", "0 reminder(s) queued"]


def test_still_correct_confirms_one_offer(partner_client, partner_user, organisation):
    first = old(organisation, "Krabbelgruppe")
    second = old(organisation, "Elterncafé")
    page = partner_client.get("/verwaltung/angebote/bestaetigen/").content.decode()
    assert "Krabbelgruppe" in page and "please check" in page

    response = partner_client.post("/verwaltung/angebote/bestaetigen/", {"offer": first.pk})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.confirmed_at is not None
    assert second.confirmed_at is None
    assert AuditEntry.objects.get(action="offer.confirm").actor == partner_user
    assert services.send_confirmation_reminders(now=timezone.now()) == 1  # second is due


def test_all_still_correct_confirms_every_published_offer(partner_client, organisation):
    old(organisation, "Krabbelgruppe")
    old(organisation, "Elterncafé")

    partner_client.post("/verwaltung/angebote/bestaetigen/", {"all": "1"})

    assert not Offer.objects.filter(status="published", confirmed_at=None).exists()
    assert services.send_confirmation_reminders(now=timezone.now()) == 0


def test_stale_offers_are_flagged_to_the_coordinators(coordinator_client, organisation):
    old(organisation, "Fast veraltet")  # 400 days: due for a reminder, not yet stale
    published(
        organisation=organisation,
        title="Längst veraltet",
        published_at=NOW - timedelta(days=500),
    )

    html = coordinator_client.get("/verwaltung/angebote/", {"stale": "on"}).content.decode()
    dashboard = coordinator_client.get("/verwaltung/").content.decode()

    assert "Längst veraltet" in html
    assert "Fast veraltet" not in html
    assert ">stale</span>" in html
    assert "1 offer is stale (not confirmed for 15 months)." in dashboard
