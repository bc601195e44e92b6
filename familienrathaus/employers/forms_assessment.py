"""The form of one item of the self-assessment (each item is saved on its own)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import uploads
from familienrathaus.core.limits import TEXT_NOTE
from familienrathaus.employers.models import Answer, Criterion
from familienrathaus.employers.services.assessment import AnswerInput

ACCEPT = "application/pdf,image/png,image/jpeg,image/webp,.pdf,.png,.jpg,.jpeg,.webp"
FILE_HELP = _("One PDF (up to 10 MB) or one picture (PNG, JPEG, WebP, up to 5 MB).")


def clean_evidence(upload: UploadedFile | None) -> ContentFile | None:
    """A PDF or picture checked by ``core.uploads`` (its content, not its name)."""
    if not upload:
        return None
    name = (upload.name or "").lower()
    if name.endswith(".pdf") or upload.content_type == "application/pdf":
        return uploads.clean_pdf(upload)
    return uploads.clean_image(upload)


class AnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("How far is this in place?"),
        choices=Answer.Score.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose how far this is in place.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For your team and the jury: what exists, what is missing, who knows more."),
    )
    evidence_text = forms.CharField(
        label=_("Evidence"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. the name of a works agreement, a link to the intranet page."),
    )
    evidence_file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=FILE_HELP,
    )
    remove_file = forms.BooleanField(label=_("Remove the stored file"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(
        self, *args: Any, criterion: Criterion, answer: Answer | None = None, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", f"c{criterion.pk}")
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "score": answer.score,
                "comment": answer.comment,
                "evidence_text": answer.evidence_text,
                "version": answer.version,
            }
        kwargs.setdefault("initial", {"version": 0})
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.answer = answer
        self.evidence: ContentFile | None = None
        if answer is None or not answer.evidence_file:
            del self.fields["remove_file"]

    def clean_evidence_file(self) -> Any:
        self.evidence = clean_evidence(self.cleaned_data.get("evidence_file"))
        return self.cleaned_data.get("evidence_file")

    def to_input(self) -> AnswerInput:
        data = self.cleaned_data
        return AnswerInput(
            score=data["score"],
            comment=data.get("comment", ""),
            evidence_text=data.get("evidence_text", ""),
            evidence_file=self.evidence,
            remove_file=bool(data.get("remove_file")),
        )

    @property
    def file_lost(self) -> bool:
        """A file was chosen but the form came back: browsers do not keep it."""
        return self.is_bound and bool(self.files.get(self.add_prefix("evidence_file")))
