"""The family's request for follow-up mails, from its guide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class FollowUpForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254, required=False)
    agree = forms.BooleanField(
        label=_("Yes, please send me these e-mails. I can stop them at any time with one click."),
        required=True,
        error_messages={"required": _("Please tick the box to ask for the e-mails.")},
    )

    def __init__(self, *args: Any, has_address: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.has_address = has_address
        if has_address:
            self.fields["email"].help_text = _(
                "Leave empty to use the e-mail address you registered with."
            )
        else:
            self.fields["email"].required = True
            self.fields["email"].error_messages["required"] = _(
                "Please give the e-mail address for the reminders."
            )
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
