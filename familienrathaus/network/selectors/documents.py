"""Reads of a group's documents; the caller has the group from ``get_group_or_404``
(so the user is a member), and everything here is limited to that group."""

from __future__ import annotations

from django.db.models import Count, Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404

from familienrathaus.network.models import Document, DocumentVersion, Folder, Group


def folders(group: Group, parent: Folder | None) -> QuerySet[Folder]:
    """The folders directly in ``parent`` (None: the top), with how much is inside."""
    return (
        Folder.objects.filter(group=group, parent=parent)
        .annotate(
            document_count=Count("documents", distinct=True),
            folder_count=Count("children", distinct=True),
        )
        .order_by("name", "pk")
    )


def all_folders(group: Group) -> list[tuple[Folder, str]]:
    """Every folder of the group with its path ("Konzepte / 2026"), for a choice."""
    rows = list(Folder.objects.filter(group=group).select_related("parent"))
    by_pk = {folder.pk: folder for folder in rows}

    def path(folder: Folder) -> str:
        names = []
        seen: set[int] = set()
        current: Folder | None = folder
        while current is not None and current.pk not in seen:
            seen.add(current.pk)
            names.append(current.name)
            current = by_pk.get(current.parent_id) if current.parent_id else None
        return " / ".join(reversed(names))

    return sorted(((folder, path(folder)) for folder in rows), key=lambda pair: pair[1].lower())


def folder_or_404(group: Group, pk: int | None) -> Folder | None:
    if pk is None:
        return None
    folder = Folder.objects.filter(group=group, pk=pk).select_related("parent").first()
    if folder is None:
        raise Http404
    return folder


def trail(folder: Folder | None) -> list[Folder]:
    """The folders from the top down to ``folder`` (for the breadcrumb)."""
    path: list[Folder] = []
    seen: set[int] = set()
    while folder is not None and folder.pk not in seen:
        seen.add(folder.pk)
        path.append(folder)
        folder = folder.parent
    return list(reversed(path))


def documents(group: Group, folder: Folder | None) -> QuerySet[Document]:
    """The documents in ``folder`` (None: at the top) with their newest version."""
    newest = DocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    return (
        Document.objects.filter(group=group, folder=folder)
        .annotate(
            version_count=Max("versions__number"),
            newest_name=Subquery(newest.values("original_name")[:1]),
            newest_size=Subquery(newest.values("size")[:1]),
        )
        .order_by("title", "pk")
    )


def recent_documents(group: Group, limit: int = 5) -> QuerySet[Document]:
    return Document.objects.filter(group=group).order_by("-updated_at", "-pk")[:limit]


def document_or_404(group: Group, pk: int) -> Document:
    document = (
        Document.objects.filter(group=group, pk=pk)
        .select_related("folder", "created_by", "group")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            )
        )
        .first()
    )
    if document is None:
        raise Http404
    return document


def version_or_404(document: Document, number: int) -> DocumentVersion:
    version = DocumentVersion.objects.filter(document=document, number=number).first()
    if version is None:
        raise Http404
    return version


def documents_to_attach(group: Group) -> QuerySet[Document]:
    """The group's documents to pick as a meeting's attachments (newest first)."""
    return Document.objects.filter(group=group).order_by("-updated_at", "title")
