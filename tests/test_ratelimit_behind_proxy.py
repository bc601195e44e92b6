"""The public forms' rate limit counts per visitor, also behind the reverse proxy.

Behind nginx every request arrives from the proxy's address; the visitor's address is
the X-Forwarded-For entry the proxy appended (``ALLAUTH_TRUSTED_PROXY_COUNT``). Without
a trusted proxy the header is the visitor's own word and must not count.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from familienrathaus.newsletter.views import SUBSCRIBE_LIMIT

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def subscribe(client: Client, email: str, forwarded_for: str) -> Any:
    data = {"email": email, "language": "de", "consent": "on", "website": ""}
    return client.post("/infobrief/", data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def use_up_the_limit(client: Client, forwarded_for: str) -> None:
    for number in range(SUBSCRIBE_LIMIT):
        assert subscribe(client, f"a{number}@example.org", forwarded_for).status_code == 302
    assert subscribe(client, "late@example.org", forwarded_for).status_code == 429


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1)
def test_two_visitors_behind_one_proxy_have_their_own_limits(anon_client: Client) -> None:
    use_up_the_limit(anon_client, "198.51.100.1")
    # Another visitor, through the same proxy, is not blocked by the first one.
    assert subscribe(anon_client, "other@example.org", "198.51.100.2").status_code == 302
    # A forged entry in front of the one the proxy appended changes nothing.
    forged = subscribe(anon_client, "again@example.org", "192.0.2.99, 198.51.100.1")
    assert forged.status_code == 429


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_cannot_reset_the_limit(
    anon_client: Client,
) -> None:
    use_up_the_limit(anon_client, "198.51.100.1")
    assert subscribe(anon_client, "other@example.org", "198.51.100.2").status_code == 429
