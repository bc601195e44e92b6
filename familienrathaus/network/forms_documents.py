"""Forms of a group's documents: folders, uploads, new versions.

An upload is checked by its content, not its name (``core.uploads``): a file whose
name ends in ``.pdf`` must parse as a PDF, ``.docx`` must be a Word document and so
on; anything else is refused with a message next to the file field that names the
file and what it should have been. The other fields keep what was typed; browsers do
not keep a chosen file, which the page says (``file_lost``).
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import uploads
from familienrathaus.network.models import Document, Folder, Group
from familienrathaus.network.selectors import documents as selectors
from familienrathaus.network.services.documents import CheckedFile

MAX_BYTES = 20 * 1024 * 1024
IMAGE_MAX_BYTES = 10 * 1024 * 1024

# What a name's extension promises, for the message when the content is something else.
FORMATS: dict[str, Any] = {
    "pdf": "PDF",
    "docx": "Word",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "odt": _("OpenDocument text"),
    "ods": _("OpenDocument spreadsheet"),
    "odp": _("OpenDocument presentation"),
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
    "webp": "WebP",
}
IMAGES = {"png", "jpg", "jpeg", "webp"}
ACCEPT = ",".join(f".{extension}" for extension in FORMATS)
# Refusals of core.uploads that mean "the content is not what the name says".
_NOT_WHAT_IT_SAYS = {"invalid_pdf", "invalid_image", "invalid_office"}


def check_file(upload: UploadedFile) -> CheckedFile:
    """The upload checked by its content, or :class:`ValidationError` with a message
    that names the file."""
    name = PurePath(upload.name or "").name
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in FORMATS:
        raise ValidationError(
            gettext(
                "“%(name)s” cannot be stored here. Please upload a PDF, an office file "
                "(Word, Excel, PowerPoint, OpenDocument) or a picture (PNG, JPEG, WebP)."
            )
            % {"name": name},
            code="unknown_format",
        )
    try:
        if extension == "pdf":
            content = uploads.clean_pdf(upload, MAX_BYTES)
        elif extension in IMAGES:
            content = uploads.clean_image(upload, IMAGE_MAX_BYTES)
        else:
            content = uploads.clean_office(upload, MAX_BYTES)
    except ValidationError as exc:
        if exc.code in _NOT_WHAT_IT_SAYS:
            raise ValidationError(
                gettext(
                    "“%(name)s” is not a real %(format)s file, although its name ends in "
                    ".%(extension)s. The file may be damaged or renamed. Please check it, save "
                    "it again in its program if needed, and choose it again."
                )
                % {"name": name, "format": FORMATS[extension], "extension": extension},
                code="not_what_it_says",
            ) from exc
        raise
    return CheckedFile(content=content, original_name=name)


class FileInput(forms.ClearableFileInput):
    def __init__(self) -> None:
        super().__init__(attrs={"accept": ACCEPT})


def _file_field(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        widget=FileInput(),
        help_text=_(
            "PDF, Word, Excel, PowerPoint, OpenDocument (up to 20 MB) or a picture "
            "(PNG, JPEG, WebP, up to 10 MB)."
        ),
    )


class _FileForm(forms.Form):
    checked: CheckedFile | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = check_file(upload)
        return upload

    @property
    def file_lost(self) -> bool:
        """A file was chosen but the form came back: browsers do not keep it."""
        return self.is_bound and bool(self.files.get("file")) and bool(self.errors)


class FolderChoice(forms.ModelChoiceField):
    def __init__(self, group: Group, **kwargs: Any) -> None:
        self.paths = dict(selectors.all_folders(group))
        super().__init__(
            queryset=Folder.objects.filter(group=group),
            required=False,
            label=_("Folder"),
            empty_label=gettext("– top level –"),
            **kwargs,
        )

    def label_from_instance(self, obj: Any) -> str:
        return self.paths.get(obj, str(obj))


class UploadForm(_FileForm):
    file = _file_field(_("File"))
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("E.g. “draft for the meeting on 12 March”."),
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"] = FolderChoice(group)
        self.order_fields(["file", "title", "folder", "note"])

    def title_or_name(self) -> str:
        title = (self.cleaned_data.get("title") or "").strip()
        if title:
            return title
        name = self.checked.original_name if self.checked else ""
        return (PurePath(name).stem.replace("_", " ").strip() or gettext("Document"))[:200]


class VersionForm(_FileForm):
    file = _file_field(_("New version"))
    note = forms.CharField(
        label=_("What changed?"),
        max_length=300,
        help_text=_("A short note for the others, e.g. “comments of the steering group added”."),
    )


class FolderForm(forms.Form):
    name = forms.CharField(label=_("Name of the new folder"), max_length=150)


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["title", "folder"]

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["folder"] = FolderChoice(group)
