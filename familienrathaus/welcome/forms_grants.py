"""Forms of the welcome grant (approve, refuse, pay in cash), the payments list and the
transfer files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import banking
from familienrathaus.core.limits import TEXT_NOTE
from familienrathaus.core.widgets import DateInput
from familienrathaus.welcome.models import Payment, Registration


class ApproveForm(forms.Form):
    payout = forms.ChoiceField(
        label=_("Paid how"),
        choices=Registration.Payout.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the grant is paid.")},
    )
    account_holder = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        required=False,
        help_text=_("Only for a transfer."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        required=False,
        help_text=_("Only for a transfer. Checked when you approve."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("payout") == Registration.Payout.TRANSFER:
            if not (data.get("account_holder") or "").strip():
                self.add_error("account_holder", _("Enter the account holder for a transfer."))
            iban = data.get("iban") or ""
            if not iban.strip():
                self.add_error("iban", _("Enter the IBAN for a transfer."))
            else:
                try:
                    data["iban"] = banking.clean_iban(iban)
                except ValidationError as exc:
                    self.add_error("iban", exc)
        return data

    @classmethod
    def for_registration(cls, registration: Registration) -> ApproveForm:
        return cls(
            initial={
                "payout": registration.payout or Registration.Payout.CASH,
                "account_holder": registration.account_holder or registration.parent_names[:70],
                "iban": banking.formatted_iban(registration.iban) if registration.iban else "",
            }
        )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the family"),
        max_length=TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The family is told this reason by e-mail, in its language if possible."),
        error_messages={"required": _("Say why the grant is refused.")},
    )


class PayCashForm(forms.Form):
    payee_name = forms.CharField(
        label=_("Paid to"),
        max_length=200,
        help_text=_("The person who receives the money and signs the receipt."),
        error_messages={"required": _("Enter who receives the money.")},
    )

    @classmethod
    def for_registration(cls, registration: Registration) -> PayCashForm:
        return cls(initial={"payee_name": registration.parent_names})


class BatchForm(forms.Form):
    execution_date = forms.DateField(
        label=_("Execution date"),
        widget=DateInput(),
        help_text=_("The day the bank carries out the transfers (a working day)."),
    )

    def __init__(self, *args: Any, earliest: dt.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"execution_date": earliest})
        super().__init__(*args, **kwargs)
        self.earliest = earliest

    def clean_execution_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["execution_date"]
        if value < self.earliest:
            raise ValidationError(
                _("The earliest possible date is %(date)s.")
                % {"date": self.earliest.strftime("%d.%m.%Y")}
            )
        if value > timezone.localdate() + dt.timedelta(days=90):
            raise ValidationError(_("Choose a date within the next 90 days."))
        return value


class PaymentFilterForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Method"), choices=[("", _("all")), *Payment.Method.choices], required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("all")), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        return {
            "method": self.cleaned_data.get("method") or "",
            "year": self.cleaned_data.get("year"),
        }
