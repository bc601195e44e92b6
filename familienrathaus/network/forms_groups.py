"""Forms of groups, members, invitations and handing over."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role as UserRole
from familienrathaus.network.models import Group, GroupMember
from familienrathaus.partners.models import Organisation


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "kind", "purpose"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "purpose": _("What the group is for, in two or three sentences. Members see it."),
        }


class AddMemberForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Partner staff and coordinators with an account. Others: invite them below."),
    )
    role = forms.ChoiceField(
        label=_("Role"), choices=GroupMember.Role.choices, initial=GroupMember.Role.MEMBER
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        taken = group.members.values_list("user_id", flat=True)
        queryset = (
            User.objects.with_role(UserRole.PARTNER, UserRole.COORDINATOR, UserRole.ADMINISTRATOR)
            .filter(is_active=True)
            .exclude(pk__in=taken)
            .prefetch_related("memberships__organisation")
            .order_by("name", "email")
        )
        field = self.fields["user"]
        field.queryset = queryset  # type: ignore[attr-defined]
        field.label_from_instance = _staff_label  # type: ignore[attr-defined]


def _staff_label(user: User) -> str:
    organisations = ", ".join(m.organisation.name for m in user.memberships.all())
    name = user.name or user.email
    return f"{name} – {organisations}" if organisations else name


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=GroupMember.Role.choices,
        initial=GroupMember.Role.MEMBER,
        help_text=_("Guests read, reply to meetings and comment; members also write and upload."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Represents"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        help_text=_("The partner organisation the person speaks for, if any."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=GroupMember.Role.choices)


class GuestAccountForm(forms.Form):
    """Somebody without an account accepts an invitation: name and a password."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
        help_text=_("At least 10 characters."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, name=data.get("name", ""))
                )
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class HandoverForm(forms.Form):
    from_user = forms.ModelChoiceField(
        label=_("Who hands over"),
        queryset=User.objects.none(),
        help_text=_("The coordinator (or group lead) who is leaving the role."),
    )
    to_user = forms.ModelChoiceField(
        label=_("Successor"),
        queryset=User.objects.none(),
        help_text=_("Needs an account already; they will be asked for a second factor."),
    )
    keep_access = forms.BooleanField(
        label=_("The predecessor stays a member of the groups (without lead role)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        active = User.objects.filter(is_active=True).order_by("name", "email")
        coordinators = User.objects.with_role(UserRole.COORDINATOR, UserRole.ADMINISTRATOR)
        leaving = active.filter(
            Q(pk__in=coordinators.values("pk")) | Q(network_memberships__isnull=False)
        ).distinct()
        self.fields["from_user"].queryset = leaving  # type: ignore[attr-defined]
        self.fields["to_user"].queryset = active.exclude(  # type: ignore[attr-defined]
            pk__in=User.objects.with_role(UserRole.FAMILY).values("pk")
        )
        for name in ("from_user", "to_user"):
            self.fields[name].label_from_instance = _account_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("from_user") and data.get("from_user") == data.get("to_user"):
            self.add_error("to_user", _("Please choose somebody else as successor."))
        return data


def _account_label(user: User) -> str:
    return f"{user.name} ({user.email})" if user.name else user.email
