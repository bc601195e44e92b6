"""Forms of the bank statement import: the upload and assigning a line by hand."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.holidays.models import Invoice
from familienrathaus.holidays.services.invoices import euro, open_amount

MAX_BYTES = 5 * 1024 * 1024


class StatementUploadForm(forms.Form):
    statement = forms.FileField(
        label=_("Bank statement"),
        help_text=_(
            "CAMT.053 (XML) or CSV in the CAMT format of your bank (Sparkasse, Volksbank: "
            "“Export as CSV-CAMT”), at most 5 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.csv,.txt,text/xml,text/csv"}),
    )

    def clean_statement(self) -> Any:
        upload = self.cleaned_data["statement"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file may be at most 5 MB."))
        if not upload.name.lower().endswith((".xml", ".csv", ".txt")):
            raise forms.ValidationError(
                _("Please upload the statement as CAMT.053 (.xml) or CSV (.csv).")
            )
        return upload


class InvoiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} – {obj.payer_name or obj.payer_email} – {euro(open_amount(obj))}"


class AssignForm(forms.Form):
    invoice = InvoiceChoiceField(
        label=_("Invoice"),
        queryset=Invoice.objects.none(),
        empty_label=_("Choose an invoice"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["invoice"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Invoice.objects.filter(status=Invoice.Status.OPEN, total__gt=0)
            .exclude(kind=Invoice.Kind.CREDIT)
            .order_by("number")
        )
