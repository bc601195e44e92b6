"""Imprint, privacy policy, accessibility statement and easy language: edited by
coordinators, linked from every public page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, LegalPage
from familienrathaus.core.selectors import site_settings
from tests.factories import LegalPageFactory

pytestmark = pytest.mark.django_db

FOOTER_LINKS = [
    "/seite/impressum/",
    "/seite/datenschutz/",
    "/seite/barrierefreiheit/",
    "/seite/leichte-sprache/",
]


def edit(client, kind: str, title: str, body: str):
    return client.post(
        reverse("core:legal_page_edit", kwargs={"kind": kind}), {"title": title, "body": body}
    )


def main_content(html: str) -> str:
    match = re.search(r"<main\b.*?</main>", html, re.S)
    assert match
    return match.group(0)


def test_edited_imprint_is_shown_on_the_public_page_and_audited(coordinator_client, anon_client):
    LegalPageFactory(kind=LegalPage.Kind.IMPRINT, title="Impressum", body="Alter Text")

    response = edit(coordinator_client, "impressum", "Impressum", "Neuer Text vom Familienbüro")

    assert response.status_code == 302
    assert response["Location"] == "/seite/impressum/"
    page = main_content(anon_client.get("/seite/impressum/").content.decode())
    assert "Neuer Text vom Familienbüro" in page
    assert "Alter Text" not in page
    entry = AuditEntry.objects.get(action="legal_page.update")
    assert entry.who == "koordination@example.org"
    assert entry.object_type == "core.legalpage"
    assert entry.changes == {
        "body": {"before": "Alter Text", "after": "Neuer Text vom Familienbüro"}
    }


def test_a_page_not_written_yet_can_be_created(coordinator_client, anon_client):
    assert (
        "This page has not been written yet."
        in anon_client.get("/seite/leichte-sprache/").content.decode()
    )

    edit(coordinator_client, "leichte-sprache", "Leichte Sprache", "Hier ist **alles** leicht.")

    page = main_content(anon_client.get("/seite/leichte-sprache/").content.decode())
    assert "Hier ist <strong>alles</strong> leicht." in page
    assert AuditEntry.objects.filter(action="legal_page.create").count() == 1


def test_saving_an_unchanged_page_writes_no_audit_entry(coordinator_client):
    LegalPageFactory(kind=LegalPage.Kind.PRIVACY, title="Datenschutz", body="Text")

    edit(coordinator_client, "datenschutz", "Datenschutz", "Text")

    assert not AuditEntry.objects.filter(action__startswith="legal_page").exists()


def test_script_in_markdown_is_removed(coordinator_client, anon_client):
    body = (
        "## Kontakt\n\n"
        "Schreiben Sie **uns**.<script>alert('x')</script>\n\n"
        '<img src="x" onerror="alert(1)">\n\n'
        "[Klick](javascript:alert(1)) und [Rathaus](https://example.org/rathaus)\n"
    )

    edit(coordinator_client, "datenschutz", "Datenschutz", body)

    page = main_content(anon_client.get("/seite/datenschutz/").content.decode())
    assert "<strong>uns</strong>" in page
    assert "<h2>Kontakt</h2>" in page
    assert "<script" not in page
    assert "onerror" not in page
    assert "javascript:" not in page
    assert 'href="https://example.org/rathaus"' in page


def test_an_empty_title_is_refused_with_a_message(coordinator_client):
    LegalPageFactory(kind=LegalPage.Kind.IMPRINT, title="Impressum", body="Text")

    response = edit(coordinator_client, "impressum", "", "Neuer Text")

    assert response.status_code == 200
    assert 'id="id_title-error"' in response.content.decode()
    assert "Neuer Text</textarea>" in response.content.decode()
    assert LegalPage.objects.get().body == "Text"


def test_unknown_page_is_not_found(anon_client, coordinator_client):
    assert anon_client.get("/seite/agb/").status_code == 404
    assert coordinator_client.get("/verwaltung/seiten/agb/").status_code == 404


def test_edit_button_only_for_those_who_may_edit(anon_client, partner_client, coordinator_client):
    edit_url = reverse("core:legal_page_edit", kwargs={"kind": "impressum"})

    assert edit_url not in anon_client.get("/seite/impressum/").content.decode()
    assert edit_url not in partner_client.get("/seite/impressum/").content.decode()
    assert edit_url in coordinator_client.get("/seite/impressum/").content.decode()


PUBLIC_PAGES = ["/", *FOOTER_LINKS, "/konto/login/", "/konto/signup/", "/konto/password/reset/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_links_to_the_four_pages_in_its_footer(anon_client, path):
    response = anon_client.get(path)

    assert response.status_code == 200
    footer = re.search(r"<footer\b.*?</footer>", response.content.decode(), re.S)
    assert footer, f"{path} has no footer"
    links = re.findall(r'href="([^"]+)"', footer.group(0))
    for link in FOOTER_LINKS:
        assert link in links, f"{path}: footer does not link to {link}"


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_names_the_alliance_in_its_header(anon_client, path):
    settings = site_settings()
    settings.alliance_name = "Bündnis für Familie Hattingen"
    settings.save()

    html = anon_client.get(path).content.decode()

    # the name is isolated (<bdi>) so that it reads right in a right-to-left page
    assert re.search(
        r'<span class="frh-brand__name">(?:<bdi>)?Bündnis für Familie Hattingen(?:</bdi>)?</span>',
        html,
    )


def test_typed_line_breaks_show_and_the_text_is_marked_german(coordinator_client, anon_client):
    edit(
        coordinator_client,
        "impressum",
        "Impressum",
        "Familienbüro\nRathausplatz 1\n12345 Musterstadt",
    )
    html = main_content(anon_client.get("/seite/impressum/").content.decode())
    assert "Familienbüro<br" in html and "Rathausplatz 1<br" in html
    # The interface is English here, the page text German: the text says which it is.
    assert re.search(r'<div lang="de">\s*<p>Familienbüro', html)


def test_audit_log_shows_where_a_long_text_changed(coordinator_client):
    opening = "Dies ist ein langer Einleitungstext, der gleich bleibt. " * 3
    LegalPageFactory(kind=LegalPage.Kind.PRIVACY, title="Datenschutz", body=opening + "Alt.")
    edit(coordinator_client, "datenschutz", "Datenschutz", opening + "Neu.")
    summary = AuditEntry.objects.get(action="legal_page.update").summary
    assert "Alt." in summary and "Neu." in summary
