"""Follow-up mails: double opt-in from the guide, a mail at each chosen age once (in the
family's language, with one-click unsubscribe), nothing for unconfirmed or stopped
ones."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.core import periodic
from familienrathaus.core.models import OutboxMessage
from familienrathaus.welcome import tasks
from familienrathaus.welcome.models import FollowUp, FollowUpSent, Registration
from familienrathaus.welcome.services import followup as services
from tests.factories.welcome import FollowUpFactory, RegistrationFactory, welcome_settings

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 5)


def mails(purpose: str) -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(purpose=purpose).order_by("pk"))


def test_double_opt_in_from_the_guide_in_the_family_language(client: Client) -> None:
    registration: Registration = RegistrationFactory.create(language="tr", email="aile@example.org")
    url = reverse("welcome:followup", kwargs={"token": registration.guide_token})
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "", "agree": "on"})
    assert response.status_code == 302
    followup = FollowUp.objects.get(registration=registration)
    assert followup.status == FollowUp.Status.PENDING
    assert followup.email == "aile@example.org"
    (mail,) = mails("welcome.followup.confirm")
    assert mail.to == ["aile@example.org"]
    assert "onaylayın" in mail.subject  # Turkish
    link = re.search(r"https?://\S+/bestaetigen/", mail.body_text)
    assert link is not None
    path = link.group(0).split("://", 1)[1]
    path = path[path.index("/") :]
    # opening the link (a mail scanner does) confirms nothing; the button does
    assert client.get(path).status_code == 200
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.PENDING
    assert client.post(path).status_code == 200
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ACTIVE
    assert followup.confirmed_at is not None


def test_the_box_must_be_ticked_and_nothing_typed_is_lost(client: Client) -> None:
    registration: Registration = RegistrationFactory.create(email="")
    url = reverse("welcome:followup", kwargs={"token": registration.guide_token})
    response = client.post(url, {"email": "neu@example.org"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="neu@example.org"' in html
    assert "Häkchen" in html
    assert not FollowUp.objects.exists()


def test_old_confirmation_link_does_not_work(client: Client) -> None:
    followup: FollowUp = FollowUpFactory.create(created_at=timezone.now() - timedelta(days=8))
    path = reverse("welcome:followup-confirm", kwargs={"token": followup.token})
    assert client.post(path).status_code == 400
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.PENDING


def test_each_age_is_mailed_once_with_one_click_unsubscribe() -> None:
    welcome_settings(followup_ages="3,12,36")
    # three months old today: 5 Sep 2026 → 5 Dec 2026
    active: FollowUp = FollowUpFactory.create(
        status=FollowUp.Status.ACTIVE,
        birth_date=date(2026, 9, 5),
        language="en",
        child_first_name="Noah",
    )
    FollowUpFactory.create(status=FollowUp.Status.PENDING, birth_date=date(2026, 9, 5))
    FollowUpFactory.create(status=FollowUp.Status.ENDED, birth_date=date(2026, 9, 5))
    # subscribed at 14 months: the 12-month mail was due 2 months ago and is skipped
    FollowUpFactory.create(status=FollowUp.Status.ACTIVE, birth_date=date(2025, 10, 5))
    assert services.send_due(today=TODAY) == 1
    (mail,) = mails("welcome.followup")
    assert mail.to == [active.email]
    assert mail.subject == "Your child is 3 months old: what is due now"
    assert "U4 check-up" in mail.body_text  # 3rd–4th month: 5 Nov 2026 – 4 Jan 2027
    with translation.override("en"):  # the link opens the page in the mail's language
        unsubscribe = services.unsubscribe_url(active)
    assert unsubscribe in mail.body_text
    assert mail.headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert mail.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert FollowUpSent.objects.filter(followup=active, age_months=3).count() == 1
    # the next day's run, or a second worker, sends nothing again
    assert services.send_due(today=TODAY + timedelta(days=1)) == 0
    assert len(mails("welcome.followup")) == 1


def test_the_one_year_mail_lists_the_u6_still_to_catch_up() -> None:
    welcome_settings(followup_ages="12")
    # born 5 Dec 2025: U6 (10th–12th month) ended 4 Dec 2026, possible until 4 Feb 2027
    FollowUpFactory.create(
        status=FollowUp.Status.ACTIVE, birth_date=date(2025, 12, 5), language="en"
    )
    assert services.send_due(today=TODAY) == 1
    (mail,) = mails("welcome.followup")
    assert mail.subject == "Your child is 1 year old: what is due now"
    assert "U6 check-up" in mail.body_text
    assert "still possible until 02/04/2027" in mail.body_text


def test_an_age_recorded_by_another_worker_is_not_mailed_again() -> None:
    followup: FollowUp = FollowUpFactory.create(
        status=FollowUp.Status.ACTIVE, birth_date=date(2026, 9, 5)
    )
    FollowUpSent.objects.create(followup=followup, age_months=3)
    assert services.send_age(followup, 3, today=TODAY) is False
    assert mails("welcome.followup") == []


def test_one_click_unsubscribe_without_a_session(client: Client) -> None:
    followup: FollowUp = FollowUpFactory.create(status=FollowUp.Status.ACTIVE)
    path = reverse("welcome:followup-unsubscribe", kwargs={"token": followup.token})
    # a person following the link sees a button first
    assert client.get(path).status_code == 200
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ACTIVE
    csrf_client = Client(enforce_csrf_checks=True)
    response = csrf_client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    followup.refresh_from_db()
    assert followup.status == FollowUp.Status.ENDED
    assert services.send_due(today=TODAY) == 0


def test_follow_up_mails_run_daily() -> None:
    assert periodic.interval(tasks.send_followup_mails) == periodic.DAY
