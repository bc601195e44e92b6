"""A group's documents through the pages a member uses (issue 17, point 5): folders,
uploads of PDFs, office files and pictures checked by their content, versions with
who/when/what changed, a preview of a PDF's first page, downloads of any version only
for the group's members."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from PIL import Image

from familienrathaus.network.models import Document, DocumentVersion, Folder, GroupMember, Post
from tests.conftest import english_client
from tests.factories.network import GroupFactory, member_of
from tests.factories.network_files import docx_bytes, pdf_with_text, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def group() -> Any:
    return GroupFactory(name="Ferienbetreuung", slug="ferienbetreuung")


@pytest.fixture
def member(group: Any) -> Any:
    return member_of(group, name="Anna Schmidt", email="anna@example.org")


@pytest.fixture
def client(member: Any) -> Client:
    return english_client(member)


def upload_file(client: Client, group: Any, name: str, data: bytes, **fields: Any) -> Any:
    return client.post(
        f"/werkstatt/{group.slug}/dokumente/neu/", {"file": upload(name, data), **fields}
    )


def test_a_member_uploads_a_pdf_in_a_folder_and_gets_a_preview_and_a_feed_entry(
    client: Client, group: Any, member: Any
) -> None:
    response = client.post(
        f"/werkstatt/{group.slug}/dokumente/ordner/neu/", {"folder-name": "Konzepte"}
    )
    folder = Folder.objects.get(group=group, name="Konzepte")
    assert response.status_code == 302

    response = upload_file(
        client,
        group,
        "Konzeptskizze Sommer.pdf",
        pdf_with_text("Ferienbetreuung in den Sommerferien"),
        title="Konzeptskizze Sommerbetreuung",
        folder=folder.pk,
        note="Entwurf",
    )
    document = Document.objects.get(group=group)
    assert response.status_code == 302
    assert response["Location"] == f"/werkstatt/{group.slug}/dokumente/{document.pk}/"
    assert document.folder == folder
    version = document.versions.get()
    assert (version.number, version.uploaded_by, version.note) == (1, member, "Entwurf")
    assert version.original_name == "Konzeptskizze Sommer.pdf"
    assert "Sommerferien" in version.text

    page = client.get(response["Location"]).content.decode()
    assert "Konzeptskizze Sommerbetreuung" in page
    assert "Version 1" in page and "Anna Schmidt" in page

    preview = client.get(f"/werkstatt/{group.slug}/dokumente/{document.pk}/fassung/1/vorschau.png")
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/png"
    picture = Image.open(io.BytesIO(b"".join(preview.streaming_content)))
    assert picture.width <= 480 and picture.height > picture.width  # a portrait page

    folder_page = client.get(f"/werkstatt/{group.slug}/dokumente/ordner/{folder.pk}/")
    assert "Konzeptskizze Sommerbetreuung" in folder_page.content.decode()
    entry = Post.objects.get(group=group, kind=Post.Kind.DOCUMENT)
    assert entry.author == member and "Konzeptskizze Sommerbetreuung" in entry.title


def test_a_new_version_keeps_the_old_one_downloadable(
    client: Client, group: Any, member: Any
) -> None:
    first_bytes = docx_bytes("Erste Fassung")
    upload_file(client, group, "protokoll.docx", first_bytes, title="Satzung")
    document = Document.objects.get()
    url = f"/werkstatt/{group.slug}/dokumente/{document.pk}/"

    missing_note = client.post(
        url + "neue-fassung/", {"file": upload("satzung.docx", docx_bytes("x"))}
    )
    assert missing_note.status_code == 400
    assert document.versions.count() == 1

    response = client.post(
        url + "neue-fassung/",
        {"file": upload("satzung-v2.docx", docx_bytes("Zweite Fassung")), "note": "Paragraf 3 neu"},
    )
    assert response.status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(url).content.decode()
    assert "Paragraf 3 neu" in page and "Version 2" in page

    first = client.get(url + "fassung/1/")
    assert first.status_code == 200
    assert b"".join(first.streaming_content) == first_bytes
    assert first["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "attachment" in first["Content-Disposition"]
    assert 'filename="Satzung-v1.docx"' in first["Content-Disposition"]
    assert Post.objects.filter(kind=Post.Kind.DOCUMENT).count() == 2


def test_a_file_that_is_not_what_its_name_says_is_refused_and_the_form_keeps_the_rest(
    client: Client, group: Any
) -> None:
    html = b"<html><body>Kein PDF</body></html>"
    response = upload_file(
        client, group, "bericht.pdf", html, title="Jahresbericht 2026", note="für die Sitzung"
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "“bericht.pdf” is not a real PDF file, although its name ends in .pdf" in page
    assert 'value="Jahresbericht 2026"' in page and 'value="für die Sitzung"' in page
    assert "choose the file again" in page
    assert not Document.objects.exists()

    # An Excel workbook renamed to .docx, a text file named .xlsx, an unknown format.
    renamed = upload_file(client, group, "liste.docx", xlsx_bytes("Name"))
    assert "is not a real Word file" in renamed.content.decode()
    text = upload_file(client, group, "liste.xlsx", b"Name;Telefon\n")
    assert "is not a real Excel file" in text.content.decode()
    unknown = upload_file(client, group, "programm.exe", b"MZ\x90\x00")
    assert "cannot be stored here" in unknown.content.decode()
    assert not DocumentVersion.objects.exists()


def test_spreadsheets_and_pictures_are_accepted(client: Client, group: Any) -> None:
    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(picture, format="PNG")
    assert (
        upload_file(client, group, "teilnehmende.xlsx", xlsx_bytes("Kita Sonnenschein")).status_code
        == 302
    )
    assert upload_file(client, group, "foto.png", picture.getvalue()).status_code == 302
    versions = {v.original_name: v for v in DocumentVersion.objects.all()}
    assert "Kita Sonnenschein" in versions["teilnehmende.xlsx"].text
    assert versions["foto.png"].preview  # pictures get a small preview too
    assert set(Document.objects.values_list("title", flat=True)) == {"teilnehmende", "foto"}


def test_guests_read_and_download_but_do_not_upload(group: Any) -> None:
    writer = member_of(group)
    english_client(writer).post(
        f"/werkstatt/{group.slug}/dokumente/neu/",
        {"file": upload("a.pdf", pdf_with_text("Hallo")), "title": "Einladung"},
    )
    document = Document.objects.get()
    guest = english_client(member_of(group, GroupMember.Role.GUEST))
    assert (
        guest.get(f"/werkstatt/{group.slug}/dokumente/{document.pk}/fassung/1/").status_code == 200
    )
    page = guest.get(f"/werkstatt/{group.slug}/dokumente/").content.decode()
    assert "Einladung" in page and "Upload a document" not in page
    refused = guest.post(
        f"/werkstatt/{group.slug}/dokumente/neu/", {"file": upload("b.pdf", pdf_with_text("x"))}
    )
    assert refused.status_code == 404
    assert Document.objects.count() == 1


def test_nobody_outside_the_group_sees_or_downloads_its_documents(group: Any, member: Any) -> None:
    english_client(member).post(
        f"/werkstatt/{group.slug}/dokumente/neu/",
        {"file": upload("a.pdf", pdf_with_text("Geheim")), "title": "Haushalt"},
    )
    document = Document.objects.get()
    other = member_of(GroupFactory())
    base = f"/werkstatt/{group.slug}/dokumente/"
    for url in (
        base,
        f"{base}{document.pk}/",
        f"{base}{document.pk}/fassung/1/",
        f"{base}{document.pk}/fassung/1/vorschau.png",
    ):
        assert english_client(other).get(url).status_code == 404, url
        assert english_client().get(url).status_code == 302, url  # to the login

    # A member who is removed loses the download at once.
    GroupMember.objects.filter(user=member).delete()
    assert english_client(member).get(f"{base}{document.pk}/fassung/1/").status_code == 404


def test_a_folder_name_twice_is_refused_next_to_the_field(client: Client, group: Any) -> None:
    client.post(f"/werkstatt/{group.slug}/dokumente/ordner/neu/", {"folder-name": "Protokolle"})
    response = client.post(
        f"/werkstatt/{group.slug}/dokumente/ordner/neu/", {"folder-name": "protokolle"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is already a folder of this name here." in page
    assert 'value="protokolle"' in page
    assert Folder.objects.count() == 1


def test_only_the_uploader_or_a_lead_deletes_a_document_and_its_files_go(
    client: Client, group: Any, member: Any, django_capture_on_commit_callbacks: Any
) -> None:
    upload_file(client, group, "a.pdf", pdf_with_text("Entwurf"), title="Entwurf")
    document = Document.objects.get()
    version = document.versions.get()
    stored = version.file.path
    url = f"/werkstatt/{group.slug}/dokumente/{document.pk}/loeschen/"
    assert english_client(member_of(group)).post(url).status_code == 404
    lead = member_of(group, GroupMember.Role.LEAD)
    with django_capture_on_commit_callbacks(execute=True):
        response = english_client(lead).post(url)
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not Path(stored).exists()
