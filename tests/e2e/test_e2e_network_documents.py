"""A working group's papers and news on a phone, in Chromium, checked by axe on every
page: a member uploads a file that is not what its name says (refused, the title kept),
then the real PDF into a folder, sees the preview of its first page, uploads a second
version, finds it by a word of its text, writes a post, a guest comments on it, and the
member chooses a daily digest and sees the secret feed address."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from familienrathaus.core.models.users import Role
from familienrathaus.network.models import Comment, Document, GroupMember, MemberProfile, Post
from tests.e2e.conftest import Browse, screenshots
from tests.factories.network import GroupFactory
from tests.factories.network_files import pdf_with_text

pytestmark = pytest.mark.e2e

shot = screenshots("network")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_papers_and_news_of_a_working_group_on_a_phone(
    browse: Browse, make_user: Any, tmp_path: Path
) -> None:
    group = GroupFactory(name="Frühe Hilfen", slug="fruehe-hilfen-e2e")
    member = make_user("mia@musterstadt.example", role=Role.PARTNER, name="Mia Mitglied")
    guest = make_user("gerd@musterstadt.example", role=Role.FAMILY, name="Gerd Gast")
    GroupMember.objects.create(group=group, user=member)
    GroupMember.objects.create(group=group, user=guest, role=GroupMember.Role.GUEST)
    fake = tmp_path / "Elternbrief.pdf"
    fake.write_text("<html>kein PDF</html>")
    real = tmp_path / "Elternbrief-Entwurf.pdf"
    real.write_bytes(pdf_with_text("Elternbrief zur Babybegruessung"))
    second = tmp_path / "Elternbrief-final.pdf"
    second.write_bytes(pdf_with_text("Elternbrief zur Babybegruessung, final"))
    page = browse.page
    base = f"/werkstatt/{group.slug}/dokumente/"

    browse.visit(base)
    browse.log_in(member.email)
    form = page.locator("main form").filter(has=page.get_by_label("Name des neuen Ordners"))
    form.get_by_label("Name des neuen Ordners").fill("Elternbriefe")
    browse.submit(form)
    expect(page.locator("h1")).to_have_text("Elternbriefe")

    # A file that is not what its name says: refused by name, the title kept.
    browse.click(page.get_by_role("link", name="Dokument hochladen"))
    form = page.locator("main form")
    form.get_by_label("Datei").set_input_files(str(fake))
    form.get_by_label("Titel").fill("Elternbrief Babybegrüßung")
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("„Elternbrief.pdf“ ist keine echte PDF-Datei")
    expect(page.get_by_label("Titel")).to_have_value("Elternbrief Babybegrüßung")
    shot(browse, "documents-upload-refused-phone")
    page.get_by_label("Datei").set_input_files(str(real))
    browse.submit(page.locator("main form"))
    expect(page.locator("h1")).to_have_text("Elternbrief Babybegrüßung")
    expect(page.locator("main img")).to_be_visible()
    # The button keeps its visible label (KERN would size it as an icon-only button).
    download = page.locator(".frh-nw-doc__download a").bounding_box()
    assert download is not None and download["width"] > 120
    shot(browse, "document-detail-phone")

    form = page.locator("main form").filter(has=page.get_by_label("Was hat sich geändert?"))
    form.get_by_label("Neue Fassung").set_input_files(str(second))
    form.get_by_label("Was hat sich geändert?").fill("Anmerkungen der Hebammen eingearbeitet")
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("Fassung 2")
    expect(page.locator("main")).to_contain_text("Anmerkungen der Hebammen eingearbeitet")
    assert Document.objects.get().versions.count() == 2

    browse.visit(base)
    shot(browse, "documents-index-phone")
    browse.visit("/werkstatt/suche/?q=Babybegruessung")
    expect(page.locator("main")).to_contain_text("Elternbrief Babybegrüßung")
    shot(browse, "search-phone")

    # A post for the group, and a guest's comment.
    browse.visit(f"/werkstatt/{group.slug}/neuigkeiten/")
    page.locator("summary").click()
    form = page.locator("main form")
    form.get_by_label("Überschrift").fill("Treffen mit den Hebammen am Donnerstag")
    browse.submit(form)
    expect(page.locator("main")).to_contain_text("Treffen mit den Hebammen am Donnerstag")
    shot(browse, "group-feed-phone")

    page.context.clear_cookies()
    post = Post.objects.get(kind=Post.Kind.POST)
    browse.visit(f"/werkstatt/neuigkeiten/{post.pk}/")
    browse.log_in(guest.email)
    page.get_by_label("Ihr Kommentar").fill("Ich bringe die Flyer mit.")
    browse.submit(page.locator("main form"))
    expect(page.locator("main")).to_contain_text("Ich bringe die Flyer mit.")
    shot(browse, "post-phone")
    assert Comment.objects.get().author == guest

    page.context.clear_cookies()
    browse.visit("/werkstatt/benachrichtigungen/")
    browse.log_in(member.email)
    page.get_by_label("Wöchentlich gesammelt").check()
    browse.submit(page.locator("main form").first)
    shot(browse, "settings-phone")
    profile = MemberProfile.objects.get(user=member)
    assert profile.notify == MemberProfile.Notify.WEEKLY
    expect(page.get_by_label("Atom-Feed")).to_have_value(
        browse.url(f"/werkstatt/feed/{profile.feed_token}.atom")
    )
    browse.visit("/werkstatt/neuigkeiten/")
    shot(browse, "network-feed-phone")
