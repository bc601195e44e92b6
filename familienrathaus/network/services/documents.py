"""Writes of a group's documents: folders, uploads and their versions.

An upload arrives checked (:class:`CheckedFile`, made by ``forms_documents`` with
``core.uploads``: the content is what the name says). Each upload is a numbered
version of a document (who, when, what changed); the first makes the document. The
file goes to private storage under a random name; its text is extracted for the search
and, for PDFs and pictures, a preview PNG is drawn. Version numbers are taken with the
document row locked, so two uploads at once get 1 and 2, never 2 and 2. Every new
version is a feed entry and reindexes the document.

The caller checked ``permissions.can_write``; the services check again and raise
:class:`NotAllowed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from familienrathaus.core import private_files
from familienrathaus.network import extract, permissions, previews, search_index
from familienrathaus.network.models import Document, DocumentVersion, Folder, Group, Post
from familienrathaus.network.services import feed

# Folders nest at most this deep (a phone shows the path in one line).
MAX_DEPTH = 4


class NotAllowed(Exception):
    """Only leads and members of the group write its documents."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed ``core.uploads``: its bytes under the name we chose."""

    content: ContentFile
    original_name: str

    @property
    def extension(self) -> str:
        return PurePath(self.content.name or "").suffix.lower().lstrip(".")


def _check(actor: Any, group: Group) -> None:
    if not permissions.can_write(actor, group):
        raise NotAllowed


# --------------------------------------------------------------------------- folders


def depth(folder: Folder | None) -> int:
    level = 0
    while folder is not None:
        level += 1
        folder = folder.parent
    return level


def create_folder(*, actor: Any, group: Group, name: str, parent: Folder | None = None) -> Folder:
    _check(actor, group)
    if parent is not None and parent.group_id != group.pk:
        raise NotAllowed
    name = name.strip()
    if depth(parent) >= MAX_DEPTH:
        raise ValidationError(
            {"name": _("Folders can be nested at most %(depth)s deep.") % {"depth": MAX_DEPTH}}
        )
    if Folder.objects.filter(group=group, parent=parent, name__iexact=name).exists():
        raise ValidationError({"name": _("There is already a folder of this name here.")})
    folder = Folder(group=group, parent=parent, name=name)
    folder.full_clean()
    folder.save()
    return folder


def delete_folder(*, actor: Any, folder: Folder) -> None:
    """An empty folder goes; one with documents or folders in it stays (ValidationError)."""
    _check(actor, folder.group)
    if folder.documents.exists() or folder.children.exists():
        raise ValidationError(_("Only an empty folder can be deleted."))
    folder.delete()


# --------------------------------------------------------------------------- documents


def upload(
    *,
    actor: Any,
    group: Group,
    title: str,
    file: CheckedFile,
    folder: Folder | None = None,
    note: str = "",
) -> Document:
    """A new document with its first version."""
    _check(actor, group)
    if folder is not None and folder.group_id != group.pk:
        raise NotAllowed
    with transaction.atomic():
        document = Document(group=group, folder=folder, title=title.strip(), created_by=actor)
        document.full_clean()
        document.save()
        _add_version(actor=actor, document=document, file=file, note=note)
    return document


def add_version(
    *, actor: Any, document: Document, file: CheckedFile, note: str = ""
) -> DocumentVersion:
    """A new version of ``document`` (the old ones stay downloadable)."""
    _check(actor, document.group)
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        return _add_version(actor=actor, document=locked, file=file, note=note)


def _add_version(
    *, actor: Any, document: Document, file: CheckedFile, note: str
) -> DocumentVersion:
    data = _bytes(file.content)
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DocumentVersion(
        document=document,
        number=number,
        original_name=PurePath(file.original_name or file.content.name or "").name[:255],
        size=len(data),
        content_type=private_files.content_type(file.content.name or ""),
        note=note.strip(),
        text=extract.text_of(data, file.extension),
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    version.file.save(
        file.content.name or f"dokument.{file.extension}", ContentFile(data), save=False
    )
    preview = previews.preview_png(data, file.extension)
    if preview:
        version.preview.save("vorschau.png", ContentFile(preview), save=False)
    try:
        version.full_clean()
        version.save()
    except Exception:
        # The row did not land: its files must not stay behind in private storage.
        private_files.delete_file(version.file)
        private_files.delete_file(version.preview)
        raise
    document.updated_at = version.uploaded_at
    document.save(update_fields=["updated_at"])
    search_index.index_document(document)
    feed.record(
        document.group,
        Post.Kind.DOCUMENT,
        (
            feed.Sentence(gettext_noop("New document: %(title)s"), {"title": document.title})
            if number == 1
            else feed.Sentence(
                gettext_noop("New version %(number)s of %(title)s"),
                {"number": number, "title": document.title},
            )
        ),
        reverse("network:document", kwargs={"slug": document.group.slug, "pk": document.pk}),
        text=version.note,
        source_key=f"document:{document.pk}:v{number}",
        author=actor,
    )
    return version


def edit(*, actor: Any, document: Document, title: str, folder: Folder | None) -> Document:
    """Rename a document or move it to another folder of its group."""
    _check(actor, document.group)
    if folder is not None and folder.group_id != document.group_id:
        raise NotAllowed
    document.title = title.strip()
    document.folder = folder
    document.full_clean()
    document.save(update_fields=["title", "folder"])
    search_index.index_document(document)
    return document


def delete(*, actor: Any, document: Document) -> None:
    """The document with all its versions and files (leads, or whoever made it)."""
    group = document.group
    if not (
        permissions.can_lead(actor, group)
        or (
            document.created_by_id == getattr(actor, "pk", None)
            and permissions.can_write(actor, group)
        )
    ):
        raise NotAllowed
    pk = document.pk
    with transaction.atomic():
        for version in document.versions.all():
            version.delete()  # each takes its files along (core.private_files)
        document.delete()
        search_index.remove(search_index.DOCUMENT, [pk])


def _bytes(content: ContentFile) -> bytes:
    content.seek(0)
    data = content.read()
    content.seek(0)
    return data if isinstance(data, bytes) else data.encode()
