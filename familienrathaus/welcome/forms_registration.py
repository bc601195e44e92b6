"""The registration form: the parents' own on a phone, and the staff's for a visit, a
phone call or a paper form (the same questions plus the channel and a note).

Few questions per group (``groups()``: the child, where you live, how we reach you, what
you would like, consent). The town's rules are checked here with a message next to the
field (``services.registrations.eligibility_errors``); nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import banking
from familienrathaus.core.limits import validate_date
from familienrathaus.core.models import District
from familienrathaus.core.widgets import DateInput
from familienrathaus.welcome.models import Registration, WelcomeSettings
from familienrathaus.welcome.services.registrations import eligibility_errors

YES_NO = [("1", _("Yes")), ("0", _("No"))]


def _yes(value: str) -> bool:
    return value == "1"


def language_choices() -> list[tuple[str, str]]:
    """The site's languages (``settings.LANGUAGES``, read at run time), each in its own
    name ("Deutsch", "Türkçe"), so a parent finds theirs whatever the page's language."""
    choices = []
    for code, _name in settings.LANGUAGES:
        try:
            local = get_language_info(code)["name_local"]
        except KeyError:
            local = str(_name)
        choices.append((code, local[:1].upper() + local[1:]))
    return choices


class RegistrationForm(forms.Form):
    """What the parents tell us. ``rules``: the town's settings (age limit, postcodes …)."""

    GROUPS: list[tuple[Any, list[str]]] = [
        (_("Your child"), ["child_first_name", "birth_date", "first_born"]),
        (
            _("Where you live"),
            [
                "parent_names",
                "street",
                "postcode",
                "town",
                "district",
                "lived_here_at_birth",
                "moved_in_on",
            ],
        ),
        (_("How we reach you"), ["language", "email", "phone"]),
        (_("What you would like"), ["delivery", "wants_grant", "payout", "account_holder", "iban"]),
        (_("Later on"), ["wants_followup"]),
    ]

    child_first_name = forms.CharField(
        label=_("Child's first name"),
        max_length=100,
        required=False,
        help_text=_("So that the guide can greet your child by name."),
    )
    birth_date = forms.DateField(
        label=_("Date of birth"), widget=DateInput(), validators=[validate_date]
    )
    first_born = forms.TypedChoiceField(
        label=_("Is it your first child?"),
        choices=[("1", _("Yes, our first child")), ("0", _("No, it has older siblings"))],
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one of the answers.")},
    )
    parent_names = forms.CharField(
        label=_("Parents' names"),
        max_length=200,
        help_text=_("First and last names, e.g. “Anna and Ben Schmidt”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    street = forms.CharField(
        label=_("Street and house number"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "postal-code",
                "inputmode": "numeric",
                "class": "frh-input-short",
            }
        ),
    )
    town = forms.CharField(
        label=_("Town"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.all(),
        required=False,
        empty_label=_("Not sure"),
    )
    lived_here_at_birth = forms.TypedChoiceField(
        label=_("Did you live in the town when your child was born?"),
        choices=[("1", _("Yes")), ("0", _("No, we moved here later"))],
        coerce=_yes,
        widget=forms.RadioSelect,
        initial="1",
    )
    moved_in_on = forms.DateField(
        label=_("Moved in on"),
        required=False,
        widget=DateInput(),
        validators=[validate_date],
        help_text=_("Only if you moved here after the birth."),
    )
    language = forms.ChoiceField(label=_("Which language would you like us to write in?"))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("We send you the link to your personal guide."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        help_text=_("An e-mail address or a phone number is enough."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    delivery = forms.ChoiceField(
        label=_("How would you like to receive the welcome package?"),
        choices=Registration.Delivery.choices,
        widget=forms.RadioSelect,
        initial=Registration.Delivery.POST,
        error_messages={"required": _("Please choose one of the answers.")},
    )
    wants_grant = forms.BooleanField(label=_("I apply for the welcome grant."), required=False)
    payout = forms.ChoiceField(
        label=_("How should we pay the grant?"),
        choices=Registration.Payout.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    account_holder = forms.CharField(
        label=_("Account holder"),
        max_length=70,
        required=False,
        help_text=_("Only for a bank transfer."),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        required=False,
        help_text=_("Only for a bank transfer, e.g. DE89 3704 0044 0532 0130 00."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    wants_followup = forms.BooleanField(
        label=_("Yes, send me short e-mails at the ages of my child with what is due."),
        required=False,
        help_text=_("You confirm by a link in an e-mail and can stop them with one click."),
    )
    consent = forms.BooleanField(
        label=_("I agree to the text above."),
        error_messages={"required": _("Without your consent we may not store your registration.")},
    )

    def __init__(self, *args: Any, rules: WelcomeSettings, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rules = rules
        self.fields["language"].choices = language_choices()  # type: ignore[attr-defined]
        if rules.grant_enabled:
            self.fields["wants_grant"].label = _(
                "I apply for the welcome grant of %(amount)s €."
            ) % {"amount": number_format(rules.grant_amount, 2)}
            self.fields["wants_grant"].help_text = rules.proof_required and _(
                "Needed: %(proof)s."
            ) % {"proof": rules.proof_required}
        else:
            for name in ("wants_grant", "payout", "account_holder", "iban"):
                del self.fields[name]

    def groups(self) -> list[tuple[Any, list[forms.BoundField]]]:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.GROUPS
        ]

    def clean_postcode(self) -> str:
        return str(self.cleaned_data["postcode"]).strip().replace(" ", "")

    def clean_iban(self) -> str:
        return str(self.cleaned_data.get("iban") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data is None:  # pragma: no cover
            return {}
        for field, message in eligibility_errors(data, rules=self.rules).items():
            if field in self.fields and field not in self.errors:
                self.add_error(field, message)
        if not data.get("email") and not data.get("phone") and "email" not in self.errors:
            self.add_error("email", _("Please give an e-mail address or a phone number."))
        if data.get("wants_followup") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("For the e-mails we need your e-mail address."))
        if data.get("wants_grant"):
            self._clean_payout(data)
        return data

    def _clean_payout(self, data: dict[str, Any]) -> None:
        payout = data.get("payout")
        if not payout:
            self.add_error("payout", _("Please choose how we should pay the grant."))
            return
        if payout != Registration.Payout.TRANSFER:
            return
        if not data.get("account_holder"):
            self.add_error("account_holder", _("Please give the account holder."))
        if not data.get("iban"):
            self.add_error("iban", _("Please give the IBAN for the transfer."))
            return
        try:
            data["iban"] = banking.clean_iban(data["iban"])
        except ValidationError as exc:
            self.add_error("iban", exc)
        else:
            data["bic"] = banking.bic_for(data["iban"])


class RecordForm(RegistrationForm):
    """Staff record a registration from a visit, a phone call or a paper form."""

    GROUPS = [
        (_("How it came in"), ["channel", "staff_note"]),
        *[
            (legend, names)
            for legend, (_own, names) in zip(
                [
                    _("The child"),
                    _("Where the family lives"),
                    _("How we reach the family"),
                    _("What the family would like"),
                    _("Later on"),
                ],
                RegistrationForm.GROUPS,
                strict=True,
            )
        ],
    ]

    channel = forms.ChoiceField(
        label=_("The registration came"),
        choices=[c for c in Registration.Channel.choices if c[0] != Registration.Channel.ONLINE],
        widget=forms.RadioSelect,
        initial=Registration.Channel.PAPER,
    )
    staff_note = forms.CharField(
        label=_("Internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, rules: WelcomeSettings, **kwargs: Any) -> None:
        super().__init__(*args, rules=rules, **kwargs)
        self.fields["consent"].label = _(
            "The family has agreed to the consent text (signed on paper or read out on the phone)."
        )
