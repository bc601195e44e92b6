"""File names in ``Content-Disposition`` cannot break the header (core.downloads)."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from django.urls import reverse

from familienrathaus.core.downloads import content_disposition
from tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

HOSTILE = 'Jürgen "Jo"; filename=evil.html\r\nSet-Cookie: x=1'


def _parts(header: str) -> dict[str, str]:
    disposition, _, rest = header.partition("; ")
    fields = {"disposition": disposition}
    for item in rest.split("; "):
        key, _, value = item.partition("=")
        fields[key] = value
    return fields


def test_the_child_feed_names_its_file_safely_whatever_the_childs_name(anon_client):
    child = ChildFactory(first_name=HOSTILE)

    response = anon_client.get(reverse("holidays:child_feed", args=[child.feed_token]))

    assert response.status_code == 200
    header = response["Content-Disposition"]
    assert "\r" not in header and "\n" not in header
    fields = _parts(header)
    # Exactly the three parts we wrote: nothing the name smuggled in became a parameter.
    assert set(fields) == {"disposition", "filename", "filename*"}
    assert fields["disposition"] == "inline"
    assert fields["filename"] == '"ferienspass-Juergen-Jo-filename-evil.html-Set-Cookie-x-1.ics"'
    assert fields["filename*"].startswith("UTF-8''")
    assert unquote(fields["filename*"].removeprefix("UTF-8''")) == (
        'ferienspass-Jürgen "Jo"; filename=evil.html Set-Cookie: x=1.ics'
    )
    assert "Set-Cookie" not in {key.title() for key in response.headers}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("meine-daten.json", 'attachment; filename="meine-daten.json"'),
        (
            "Übersicht.pdf",
            "attachment; filename=\"Uebersicht.pdf\"; filename*=UTF-8''%C3%9Cbersicht.pdf",
        ),
        ("../../etc/passwd", "attachment; filename=\"etc-passwd\"; filename*=UTF-8''etc%20passwd"),
        ("", 'attachment; filename="download"'),
    ],
)
def test_content_disposition_gives_an_ascii_fallback_and_the_exact_name(name, expected):
    assert content_disposition(name) == expected


def test_inline_downloads_say_so():
    assert content_disposition("a.pdf", attachment=False) == 'inline; filename="a.pdf"'
