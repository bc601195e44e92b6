"""A group's documents under /werkstatt/<group>/dokumente/: folders, uploads, versions,
downloads and previews.

Every view first finds the group among the user's own (``get_group_or_404``: 404 for
anybody else, so a group's existence does not leak), then asks ``permissions`` for a
write. Files leave only through ``core.private_files.serve`` after that check. A
refused upload comes back with the message next to the file field and the other
fields as typed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import private_files
from familienrathaus.network import forms_documents as forms
from familienrathaus.network import permissions
from familienrathaus.network.models import Document, Folder, Group
from familienrathaus.network.selectors import documents as selectors
from familienrathaus.network.selectors.groups import get_group_or_404
from familienrathaus.network.services import documents as services
from familienrathaus.network.views_groups import group_tabs


def _folder_url(group: Group, folder: Folder | None) -> str:
    if folder is None:
        return reverse("network:documents", args=[group.slug])
    return reverse("network:documents-folder", args=[group.slug, folder.pk])


def _document_url(document: Document) -> str:
    return reverse("network:document", args=[document.group.slug, document.pk])


def _folder_param(request: HttpRequest) -> int | None:
    value = request.GET.get("ordner") or request.POST.get("ordner") or ""
    return int(value) if value.isdigit() else None


# --------------------------------------------------------------------------- folders


@login_required
def index(request: HttpRequest, slug: str, folder: int | None = None) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    current = selectors.folder_or_404(group, folder)
    may_write = permissions.can_write(request.user, group)
    folder_form = forms.FolderForm(prefix="folder")
    return render(
        request,
        "network/documents/index.html",
        {
            "group": group,
            "tabs": group_tabs(request, group),
            "folder": current,
            "trail": selectors.trail(current),
            "folders": selectors.folders(group, current),
            "documents": selectors.documents(group, current),
            "may_write": may_write,
            "folder_form": folder_form,
        },
    )


@login_required
@require_POST
def create_folder(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    if not permissions.can_write(request.user, group):
        raise Http404
    parent = selectors.folder_or_404(group, _folder_param(request))
    form = forms.FolderForm(request.POST, prefix="folder")
    if form.is_valid():
        try:
            folder = services.create_folder(
                actor=request.user, group=group, name=form.cleaned_data["name"], parent=parent
            )
        except ValidationError as exc:
            form.add_error("name", exc.message_dict.get("name", exc.messages))
        else:
            messages.success(
                request, _("The folder “%(name)s” was created.") % {"name": folder.name}
            )
            return redirect(_folder_url(group, folder))
    return render(
        request,
        "network/documents/index.html",
        {
            "group": group,
            "folder": parent,
            "trail": selectors.trail(parent),
            "folders": selectors.folders(group, parent),
            "documents": selectors.documents(group, parent),
            "may_write": True,
            "folder_form": form,
        },
        status=400,
    )


@login_required
@require_POST
def delete_folder(request: HttpRequest, slug: str, folder: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    current = selectors.folder_or_404(group, folder)
    assert current is not None
    try:
        services.delete_folder(actor=request.user, folder=current)
    except services.NotAllowed as exc:
        raise Http404 from exc
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_folder_url(group, current))
    messages.success(request, _("The folder was deleted."))
    return redirect(_folder_url(group, current.parent))


# --------------------------------------------------------------------------- uploads


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    if not permissions.can_write(request.user, group):
        raise Http404
    folder = selectors.folder_or_404(group, _folder_param(request))
    form = forms.UploadForm(
        request.POST or None,
        request.FILES or None,
        group=group,
        initial={"folder": folder.pk if folder else None},
    )
    if request.method == "POST" and form.is_valid() and form.checked is not None:
        document = services.upload(
            actor=request.user,
            group=group,
            title=form.title_or_name(),
            file=form.checked,
            folder=form.cleaned_data.get("folder"),
            note=form.cleaned_data.get("note", ""),
        )
        messages.success(request, _("The document was uploaded."))
        return redirect(_document_url(document))
    return render(
        request,
        "network/documents/upload.html",
        {"group": group, "folder": folder, "trail": selectors.trail(folder), "form": form},
        status=400 if form.is_bound else 200,
    )


def _detail(
    request: HttpRequest, document: Document, *, status: int = 200, **extra: Any
) -> HttpResponse:
    group = document.group
    user = request.user
    may_write = permissions.can_write(user, group)
    context: dict[str, Any] = {
        "group": group,
        "document": document,
        "versions": list(document.versions.all()),
        "trail": selectors.trail(document.folder),
        "may_write": may_write,
        "may_delete": permissions.can_lead(user, group)
        or (may_write and document.created_by_id == user.pk),
        "version_form": forms.VersionForm() if may_write else None,
        "edit_form": forms.DocumentForm(instance=document, group=group) if may_write else None,
    }
    context.update(extra)
    return render(request, "network/documents/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    return _detail(request, selectors.document_or_404(group, pk))


@login_required
@require_POST
def add_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    document = selectors.document_or_404(group, pk)
    if not permissions.can_write(request.user, group):
        raise Http404
    form = forms.VersionForm(request.POST, request.FILES)
    if form.is_valid() and form.checked is not None:
        version = services.add_version(
            actor=request.user, document=document, file=form.checked, note=form.cleaned_data["note"]
        )
        messages.success(
            request, _("Version %(number)s was uploaded.") % {"number": version.number}
        )
        return redirect(_document_url(document))
    return _detail(request, document, status=400, version_form=form)


@login_required
@require_POST
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    document = selectors.document_or_404(group, pk)
    if not permissions.can_write(request.user, group):
        raise Http404
    form = forms.DocumentForm(request.POST, instance=document, group=group)
    if form.is_valid():
        services.edit(
            actor=request.user,
            document=document,
            title=form.cleaned_data["title"],
            folder=form.cleaned_data.get("folder"),
        )
        messages.success(request, _("The document was saved."))
        return redirect(_document_url(document))
    document.refresh_from_db()
    return _detail(request, document, status=400, edit_form=form)


@login_required
@require_POST
def delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    document = selectors.document_or_404(group, pk)
    folder = document.folder
    try:
        services.delete(actor=request.user, document=document)
    except services.NotAllowed as exc:
        raise Http404 from exc
    messages.success(request, _("The document was deleted."))
    return redirect(_folder_url(group, folder))


# --------------------------------------------------------------------------- files


@login_required
def download(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    document = selectors.document_or_404(group, pk)
    version = selectors.version_or_404(document, number)
    # serve() puts the stored file's extension on the name: no dot may stay in the title.
    title = document.title.replace(".", " ").replace("/", " ").strip() or _("Document")
    return private_files.serve(version.file, download_name=f"{title} v{version.number}")


@login_required
def preview(request: HttpRequest, slug: str, pk: int, number: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    document = selectors.document_or_404(group, pk)
    version = selectors.version_or_404(document, number)
    if not version.preview:
        raise Http404
    response = private_files.serve(
        version.preview, download_name=f"vorschau-{document.pk}-{number}"
    )
    # Shown on the page as a picture, not saved as a download.
    response["Content-Disposition"] = "inline"
    return response
