"""Signed links of the newsletter: nothing to store, nothing to guess.

- The confirmation link carries what the person asked for (address, topics, language,
  when, the wording version and the keyed hash of the IP address) and expires after
  ``NEWSLETTER_CONFIRM_MAX_AGE`` seconds (default two days). Until it is used, the
  address is stored nowhere. It names the alliance too: it subscribes to that
  alliance's Infobrief only, and is refused on another alliance's host.
- The management link (preferences, one-click unsubscribe) names the subscriber and
  a hash of the address; it does not expire, so a years-old mail can still
  unsubscribe. It stops working when the subscriber is deleted.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from django.conf import settings
from django.core import signing

from familienrathaus.core import tenancy

CONFIRM_SALT = "newsletter.confirm"
MANAGE_SALT = "newsletter.manage"
PREVIEW_SALT = "newsletter.preview"


def confirm_max_age() -> int:
    return int(getattr(settings, "NEWSLETTER_CONFIRM_MAX_AGE", 2 * 24 * 3600))


def _address_hash(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def ip_hash(ip: str) -> str:
    """A keyed hash of the IP address: proves two requests came from the same place,
    without storing where that was."""
    key = hashlib.sha256(("newsletter-ip" + settings.SECRET_KEY).encode()).digest()
    return hmac.new(key, ip.encode(), hashlib.sha256).hexdigest()


def confirm_token(payload: dict[str, Any]) -> str:
    payload = {**payload, "a": tenancy.require().pk}
    return signing.dumps(payload, salt=CONFIRM_SALT, compress=True)


def read_confirm_token(token: str) -> dict[str, Any]:
    """The payload; raises ``signing.SignatureExpired`` or ``signing.BadSignature`` (also
    for a link of another alliance than the active one)."""
    data: dict[str, Any] = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    if data.get("a", tenancy.require().pk) != tenancy.require().pk:
        raise signing.BadSignature("This link belongs to another alliance.")
    return data


def manage_token(subscriber_id: int, email: str) -> str:
    return signing.dumps({"s": subscriber_id, "h": _address_hash(email)}, salt=MANAGE_SALT)


def read_manage_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=MANAGE_SALT)
    except signing.BadSignature:
        return None
    return int(data["s"]), str(data["h"])


def matches(email: str, address_hash: str) -> bool:
    return hmac.compare_digest(_address_hash(email), address_hash)


def preview_max_age() -> int:
    return int(getattr(settings, "NEWSLETTER_PREVIEW_MAX_AGE", 14 * 24 * 3600))


def preview_token(edition_id: int, slug: str) -> str:
    return signing.dumps({"e": edition_id, "s": slug}, salt=PREVIEW_SALT)


def read_preview_token(token: str) -> tuple[int, str] | None:
    """(edition id, slug), or None for a forged or expired link."""
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=preview_max_age())
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return int(data["e"]), str(data["s"])
