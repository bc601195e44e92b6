"""Mail about the feed, per member: at once, a daily or weekly digest, or none.

How often is ``MemberProfile.notify`` (default: daily). Each mail goes out exactly once:

- **At once**: :func:`post_created` queues one mail per member who wants mail at once,
  in the transaction that writes the feed entry (``services.feed.record`` calls it). A
  feed entry is written once per ``source_key``, so its mail is too; a rolled-back
  entry takes its mails with it (``core.outbox``).
- **Digests**: :func:`send_digests` runs every hour (``network.feed_tasks``). A member's
  digest is due once the day's (or the week's, Monday) ``DIGEST_HOUR`` has passed in
  Europe/Berlin and no digest went out since then. It covers the entries created after
  ``last_digest_at`` up to a moment ``LAG`` ago (so an entry whose transaction was
  still open is not skipped), and the mail and the new ``last_digest_at`` are written in
  one transaction with the profile row locked: a second run, or a crash after the
  commit, finds the digest already sent; a crash before the commit sends nothing.
  Nothing new: no mail, the window still moves on.
- Changing the setting (``services.feed.set_notify``) moves ``last_digest_at`` to now,
  so what was already mailed at once is not mailed again in a digest.

A member sees in a mail only entries of groups they belong to at sending time, and of
the whole network's feed; their own entries are left out. Every mail is written in the
member's language (``User.language``), its links carry that language's prefix
(:func:`link_in`), whoever wrote the entry and in whatever language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core import i18n, outbox, tenancy
from familienrathaus.core.models import User
from familienrathaus.network.models import GroupMember, MemberProfile, Post
from familienrathaus.network.selectors import feed as feed_selectors

Notify = MemberProfile.Notify
BERLIN = ZoneInfo("Europe/Berlin")
DIGEST_HOUR = 7  # local time: digests go out in the morning
LAG = timedelta(minutes=5)
MAX_ENTRIES = 50  # per digest; the rest is one click away
PURPOSE_NOW = "network.notify"
PURPOSE_DIGEST = "network.digest"


def absolute(url: str) -> str:
    """An address on the active alliance's own site (mails link to its host)."""
    return url if url.startswith(("http://", "https://")) else tenancy.site_url() + url


def post_link(post: Post) -> str:
    return absolute(post.url or reverse("network:post", kwargs={"pk": post.pk}))


def settings_link() -> str:
    return absolute(reverse("network:notifications"))


def profile_for(user: Any) -> MemberProfile:
    """The member's profile, created with the defaults on first use."""
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    return profile


def readers(post: Post) -> QuerySet[User]:
    """Everybody who sees ``post``: the group's members, or for the whole network's
    feed every member of any group."""
    members = GroupMember.objects.all()
    if post.group_id is not None:
        members = members.filter(group_id=post.group_id)
    return User.objects.filter(is_active=True, pk__in=members.values("user_id")).order_by("pk")


def immediate_recipients(post: Post) -> list[User]:
    """Readers of ``post`` who want mail at once (not its author)."""
    users = readers(post).filter(network_profile__notify=Notify.IMMEDIATE)
    if post.author_id is not None:
        users = users.exclude(pk=post.author_id)
    return list(users)


def post_created(post: Post) -> int:
    """Queue the mails "at once" about a new feed entry, one per member in the member's
    language; the number queued. Call inside the transaction that wrote ``post``."""
    recipients = immediate_recipients(post)
    texts: dict[str, tuple[str, str]] = {}
    for user in recipients:
        language = outbox.language_code(user.language)
        if language not in texts:
            with outbox.in_language(language):
                texts[language] = _render_single(post)
        subject, body = texts[language]
        outbox.queue_mail(
            to=[user.email],
            subject=subject,
            body_text=body,
            purpose=PURPOSE_NOW,
            headers=_list_headers(),
            language=language,
        )
    return len(recipients)


def link_in(url: str) -> str:
    """A page link (a path or an address on this site) in the active language: the feed
    keeps the link its entry was written with (``/en/werkstatt/…``), a mail gives it
    in the recipient's language (``/tr/werkstatt/…``). Call inside ``in_language``."""
    site = tenancy.site_url()
    path = url.removeprefix(site) if url.startswith(site) else url
    if path.startswith("/"):
        path = i18n.path_in_language(path, outbox.current_language())
    return absolute(path)


def _render_single(post: Post) -> tuple[str, str]:
    text = render_to_string(
        "network/mail/digest_single.txt",
        {"post": post, "link": link_in(post_link(post)), "settings_link": settings_link()},
    )
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _list_headers() -> dict[str, str]:
    return {"List-Id": f"Bündnis-Werkstatt <werkstatt.{outbox.message_id_domain()}>"}


# --------------------------------------------------------------------------- digests


def boundary(notify: str, now: datetime) -> datetime:
    """The last moment a digest of this kind became due, at or before ``now``."""
    local = timezone.localtime(now, BERLIN)
    start = local.replace(hour=DIGEST_HOUR, minute=0, second=0, microsecond=0)
    if start > local:
        start -= timedelta(days=1)
    if notify == Notify.WEEKLY:
        start -= timedelta(days=start.weekday())
    return start


def period(notify: str) -> timedelta:
    return timedelta(days=7) if notify == Notify.WEEKLY else timedelta(days=1)


def digest_entries(user: Any, since: datetime, until: datetime) -> list[Post]:
    posts = feed_selectors.visible(user).filter(created_at__gt=since, created_at__lte=until)
    posts = posts.exclude(author=user).select_related("group", "author")
    return list(posts.order_by("group__name", "-created_at")[: MAX_ENTRIES + 1])


def send_digests(*, now: datetime | None = None) -> int:
    """Send every digest that is due; the number of mails queued."""
    now = now or timezone.now()
    sent = 0
    for user_id in _members_wanting_digests():
        sent += send_digest(user_id, now=now)
    return sent


def _members_wanting_digests() -> Iterable[int]:
    members = GroupMember.objects.filter(user__is_active=True)
    members = members.exclude(user__network_profile__notify__in=[Notify.IMMEDIATE, Notify.OFF])
    return sorted(set(members.values_list("user_id", flat=True)))


def send_digest(user_id: int, *, now: datetime) -> int:
    """The digest of one member if due (1 when a mail was queued, else 0)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0
    profile_for(user)
    with transaction.atomic():
        profile = MemberProfile.objects.select_for_update().get(user=user)
        if profile.notify not in {Notify.DAILY, Notify.WEEKLY}:
            return 0
        due = boundary(profile.notify, now)
        if profile.last_digest_at is not None and profile.last_digest_at >= due:
            return 0
        since = profile.last_digest_at or (due - period(profile.notify))
        until = now - LAG
        entries = digest_entries(user, since, until)
        profile.last_digest_at = until
        profile.save(update_fields=["last_digest_at"])
        if not entries:
            return 0
        _queue_digest(user, profile, entries)
    return 1


def _queue_digest(user: Any, profile: MemberProfile, entries: list[Post]) -> None:
    more = len(entries) > MAX_ENTRIES
    entries = entries[:MAX_ENTRIES]
    language = outbox.language_code(user.language)
    with outbox.in_language(language):
        text = render_to_string(
            "network/mail/digest.txt",
            {
                "user": user,
                "weekly": profile.notify == Notify.WEEKLY,
                "entries": [(post, link_in(post_link(post))) for post in entries],
                "more": more,
                "feed_link": absolute(reverse("network:feed")),
                "settings_link": settings_link(),
            },
        )
    subject, _sep, body = text.strip().partition("\n")
    outbox.queue_mail(
        to=[user.email],
        subject=subject.strip(),
        body_text=body.strip() + "\n",
        purpose=PURPOSE_DIGEST,
        headers=_list_headers(),
        language=language,
    )
