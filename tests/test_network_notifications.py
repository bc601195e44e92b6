"""Mail about the feed (issue 17, point 6): at once, a daily or weekly digest, or none,
per member; each mail exactly once, never about a group the member is not in."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from familienrathaus.core.models import OutboxMessage
from familienrathaus.network import notifications
from familienrathaus.network.models import GroupMember, MemberProfile, Post
from familienrathaus.network.services import feed
from tests.conftest import english_client
from tests.factories.network import GroupFactory, member_of

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
Notify = MemberProfile.Notify


def at(day: int, hour: int) -> datetime:
    """A moment in a week of December 2026 (Monday the 7th) in Berlin."""
    return datetime(2026, 12, day, hour, 0, tzinfo=BERLIN)


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Ferienbetreuung")


def wants(user: Any, notify: str) -> Any:
    MemberProfile.objects.update_or_create(user=user, defaults={"notify": notify})
    return user


def mails_to(user: Any, purpose: str = "") -> list[OutboxMessage]:
    found = [m for m in OutboxMessage.objects.order_by("pk") if user.email in m.to]
    return [m for m in found if not purpose or m.purpose == purpose]


def test_at_once_mails_each_reader_once_and_never_the_author_or_outsiders(group: Any) -> None:
    author = wants(member_of(group), Notify.IMMEDIATE)
    reader = wants(member_of(group), Notify.IMMEDIATE)
    daily = member_of(group)  # the default: a daily digest
    outsider = wants(member_of(GroupFactory()), Notify.IMMEDIATE)
    for _ in range(2):
        feed.record(
            group,
            Post.Kind.DECISION,
            "Beschluss: Zuschuss für Ausflüge",
            "/werkstatt/x/",
            author=author,
            source_key="decision:1",
        )
    [mail] = mails_to(reader)
    assert mail.subject == "[Ferienbetreuung] Beschluss: Zuschuss für Ausflüge"
    assert "/werkstatt/x/" in mail.body_text and "/werkstatt/benachrichtigungen/" in mail.body_text
    assert not mails_to(author) and not mails_to(daily) and not mails_to(outsider)


def test_a_daily_digest_goes_once_per_day_with_what_is_new(group: Any) -> None:
    member = member_of(group)
    wants(member, Notify.DAILY)
    MemberProfile.objects.filter(user=member).update(last_digest_at=at(7, 7))
    feed.record(
        group, Post.Kind.DOCUMENT, "Neues Dokument: Elternbrief", "/a/", created_at=at(7, 12)
    )
    feed.record(GroupFactory(), Post.Kind.DOCUMENT, "Fremdes Dokument", "/b/", created_at=at(7, 13))
    assert notifications.send_digests(now=at(7, 20)) == 0  # not yet due: the next morning
    assert notifications.send_digests(now=at(8, 7) + timedelta(minutes=10)) == 1
    assert notifications.send_digests(now=at(8, 9)) == 0  # the same day: nothing twice
    [mail] = mails_to(member, notifications.PURPOSE_DIGEST)
    assert "Elternbrief" in mail.body_text and "Fremdes Dokument" not in mail.body_text
    assert mail.subject == "Ihre tägliche Zusammenfassung aus der Werkstatt"  # the site language

    # The next day brings only what came after.
    feed.record(group, Post.Kind.POST, "Raum gefunden", "/c/", created_at=at(8, 12))
    assert notifications.send_digests(now=at(9, 8)) == 1
    second = mails_to(member, notifications.PURPOSE_DIGEST)[1]
    assert "Raum gefunden" in second.body_text and "Elternbrief" not in second.body_text
    # Nothing new: no mail.
    assert notifications.send_digests(now=at(10, 8)) == 0


def test_a_weekly_digest_goes_on_monday_and_off_means_no_mail(group: Any) -> None:
    weekly = wants(member_of(group), Notify.WEEKLY)
    off = wants(member_of(group), Notify.OFF)
    MemberProfile.objects.filter(user=weekly).update(last_digest_at=at(7, 7))
    feed.record(group, Post.Kind.MEETING, "Treffen am Donnerstag", "/m/", created_at=at(8, 10))
    for day in (9, 10, 11, 12, 13):
        assert notifications.send_digests(now=at(day, 9)) == 0
    assert notifications.send_digests(now=at(14, 8)) == 1  # Monday
    [mail] = mails_to(weekly)
    assert "Treffen am Donnerstag" in mail.body_text
    assert mail.subject == "Ihre wöchentliche Zusammenfassung aus der Werkstatt"
    assert not mails_to(off)


def test_switching_to_a_digest_does_not_repeat_what_was_mailed_at_once(group: Any) -> None:
    member = wants(member_of(group), Notify.IMMEDIATE)
    feed.record(group, Post.Kind.POST, "Schon gemeldet", "/s/")
    assert len(mails_to(member)) == 1
    response = english_client(member).post("/werkstatt/benachrichtigungen/", {"notify": "daily"})
    assert response.status_code == 302
    assert MemberProfile.objects.get(user=member).notify == Notify.DAILY
    tomorrow = notifications.boundary(Notify.DAILY, datetime.now(BERLIN) + timedelta(days=1))
    assert notifications.send_digests(now=tomorrow + timedelta(hours=1)) == 0
    assert len(mails_to(member)) == 1


def test_a_member_who_left_the_group_gets_no_digest_about_it(group: Any) -> None:
    member = member_of(group)
    stays = GroupFactory()
    GroupMember.objects.create(group=stays, user=member)
    MemberProfile.objects.create(user=member, last_digest_at=at(7, 7))
    feed.record(group, Post.Kind.POST, "Nach dem Austritt", "/x/", created_at=at(7, 12))
    GroupMember.objects.filter(group=group, user=member).delete()
    assert notifications.send_digests(now=at(8, 8)) == 0
    assert not mails_to(member)
