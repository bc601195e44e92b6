"""What a browser gets to protect the site: CSP and the other security headers."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(anon_client):
    response = anon_client.get("/")
    assert response.status_code == 200
    return response


def test_content_security_policy_is_strict(home):
    policy = home["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "object-src 'none'" in policy


def test_page_needs_no_inline_script_or_style(home):
    html = home.content.decode()

    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"
    # The one inline style, the alliance's colours, is allowed by its hash alone.
    [theme] = re.findall(r"<style>(.*?)</style>", html, re.S)
    digest = base64.b64encode(hashlib.sha256(theme.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in home["Content-Security-Policy"]
    assert "nonce-" not in home["Content-Security-Policy"]
    assert not re.search(r"\sstyle=", html), "inline style attribute"
    assert not re.search(r"\son[a-z]+=", html), "inline event handler"


def test_other_security_headers(home):
    assert home["X-Content-Type-Options"] == "nosniff"
    assert home["X-Frame-Options"] == "DENY"
    assert home["Referrer-Policy"] == "same-origin"
    assert home["Cross-Origin-Opener-Policy"] == "same-origin"


def test_nothing_is_loaded_from_other_sites(home):
    html = home.content.decode()

    for tag in re.findall(r"<[a-zA-Z][^>]*>", html):
        for url in re.findall(r'\b(?:src|href)="([^"]+)"', tag):
            if not url.startswith(("http://", "https://", "//")):
                continue
            # Only the page's own addresses in the other languages are written out in
            # full (<link rel="alternate" hreflang>, which loads nothing) and they stay
            # on this site; anything else (script, style, font, picture) is relative.
            assert tag.startswith("<link ") and 'rel="alternate"' in tag, tag
            assert url.startswith("http://testserver/"), tag
