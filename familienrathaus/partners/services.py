"""Writes of the partners app. Each change is validated (``full_clean``) and audited.

The services do not check permissions: views and API endpoints ask
``partners.permissions`` first and pass only the fields the user may change.
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from familienrathaus.core import audit, registries, slugs, tenancy, translated_forms
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.core.outbox import in_language, language_code, queue_mail
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation

# What partner staff maintain themselves.
PROFILE_FIELDS = (
    "name",
    "kind",
    "description",
    "logo",
    "logo_alt",
    "website",
    "email",
    "phone",
    "facebook_url",
    "instagram_url",
    "mastodon_url",
    # The profile's text in the other languages (partners/translation.py).
    *translated_forms.names(Organisation, ("description",)),
)
# What only coordinators decide.
COORDINATOR_FIELDS = ("is_public", "is_trusted")
ADDRESS_FIELDS = ("label", "street", "postcode", "city", "district", "latitude", "longitude")
CONTACT_FIELDS = ("name", "role", "email", "phone", "is_public")


def _apply(instance: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> dict[str, Any]:
    """Set, validate and save ``fields``; return the audit diff."""
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"not changeable here: {', '.join(sorted(unknown))}")
    names = list(fields)
    before = audit.snapshot(instance, names)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return audit.diff(before, audit.snapshot(instance, names))


def _logo_value(fields: dict[str, Any]) -> dict[str, Any]:
    """A form's logo value: None keeps the logo, False removes it, a file replaces it."""
    fields = dict(fields)
    if "logo" in fields:
        logo = fields["logo"]
        if logo is None:
            del fields["logo"]
        elif logo is False:
            fields["logo"] = ""
    return fields


def _delete_file_later(storage: Any, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def create_organisation(*, actor: User, fields: dict[str, Any]) -> Organisation:
    organisation = Organisation(
        slug=slugs.unique_slug(Organisation, str(fields.get("name", "")), fallback="partner")
    )
    changes = _apply(organisation, _logo_value(fields), PROFILE_FIELDS + COORDINATOR_FIELDS)
    audit.record(actor=actor, action="organisation.create", obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def update_organisation(
    *, actor: User, organisation: Organisation, fields: dict[str, Any]
) -> Organisation:
    """Change profile fields (and, if the caller allows it, ``is_public``/``is_trusted``)."""
    # From the database: a ModelForm has already put the new values on the instance.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    fields = _logo_value(fields)
    old_logo = organisation.logo.name if "logo" in fields else ""
    changes = _apply(organisation, fields, PROFILE_FIELDS + COORDINATOR_FIELDS)
    if old_logo and organisation.logo.name != old_logo:
        _delete_file_later(organisation.logo.storage, old_logo)
    if changes:
        audit.record(actor=actor, action="organisation.update", obj=organisation, changes=changes)
    if "name" in changes:
        # Offers are found by their partner's name too; the index must learn the new one.
        registries.renamed(Organisation, organisation.pk)
    return organisation


# --------------------------------------------------------------------------- addresses


@transaction.atomic
def add_address(*, actor: User, organisation: Organisation, fields: dict[str, Any]) -> Address:
    address = Address(organisation=organisation)
    changes = _apply(address, fields, ADDRESS_FIELDS)
    audit.record(actor=actor, action="address.create", obj=address, changes=changes)
    return address


@transaction.atomic
def update_address(*, actor: User, address: Address, fields: dict[str, Any]) -> Address:
    # From the database: a ModelForm has already put the new values on the instance.
    address = Address.objects.select_for_update().get(pk=address.pk)
    changes = _apply(address, fields, ADDRESS_FIELDS)
    if changes:
        audit.record(actor=actor, action="address.update", obj=address, changes=changes)
    return address


@transaction.atomic
def delete_address(*, actor: User, address: Address) -> None:
    audit.record(
        actor=actor,
        action="address.delete",
        obj=address,
        changes={"organisation": address.organisation.name},
    )
    address.delete()


# --------------------------------------------------------------------------- contacts


@transaction.atomic
def add_contact(
    *, actor: User, organisation: Organisation, fields: dict[str, Any]
) -> ContactPerson:
    contact = ContactPerson(organisation=organisation)
    changes = _apply(contact, fields, CONTACT_FIELDS)
    audit.record(actor=actor, action="contact.create", obj=contact, changes=changes)
    return contact


@transaction.atomic
def update_contact(*, actor: User, contact: ContactPerson, fields: dict[str, Any]) -> ContactPerson:
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    changes = _apply(contact, fields, CONTACT_FIELDS)
    if changes:
        audit.record(actor=actor, action="contact.update", obj=contact, changes=changes)
    return contact


@transaction.atomic
def delete_contact(*, actor: User, contact: ContactPerson) -> None:
    audit.record(
        actor=actor,
        action="contact.delete",
        obj=contact,
        changes={"organisation": contact.organisation.name},
    )
    contact.delete()


# --------------------------------------------------------------------------- members


@transaction.atomic
def add_member(*, actor: User | None, organisation: Organisation, user: User) -> Membership:
    membership, created = Membership.objects.get_or_create(user=user, organisation=organisation)
    if user.role in (None, Role.FAMILY):  # None: an account of another alliance joins
        user.role = Role.PARTNER
        user.save_role()
    if created:
        audit.record(
            actor=actor,
            action="membership.create",
            obj=membership,
            changes={"user": user.email, "organisation": organisation.name},
        )
    return membership


@transaction.atomic
def invite_member(
    *, actor: User, organisation: Organisation, email: str, name: str = ""
) -> tuple[Membership, bool]:
    """Add the person with this e-mail address to the organisation's staff.

    Someone without an account gets a partner-staff account without a password and an
    invitation mail with a link to set one (allauth's password-reset link, valid for
    ``PASSWORD_RESET_TIMEOUT``). The address counts as verified: a coordinator entered
    it, and only its owner receives the link. Returns the membership and whether an
    account was created.
    """
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.find_account(email)
    invited = user is None
    if user is None:
        user = User.objects.create_user(email, None, name=name.strip(), role=Role.PARTNER)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        audit.record(
            actor=actor,
            action="user.invite",
            obj=user,
            changes={"email": email, "organisation": organisation.name},
        )
        _send_invitation(user=user, organisation=organisation, actor=actor)
    elif not user.is_active:
        raise ValidationError(
            {"email": _("This account is deactivated. Please ask an administrator.")}
        )
    return add_member(actor=actor, organisation=organisation, user=user), invited


def _send_invitation(*, user: User, organisation: Organisation, actor: User) -> None:
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    site = core_selectors.site_settings()
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)
    # In the account's language (a new account starts with the site's language).
    with in_language(user.language):
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        url = tenancy.site_url() + path.replace("UID-KEY", key)
        queue_mail(
            language=language_code(user.language),
            to=[user.email],
            reply_to=[actor.email] if actor.email else [],
            subject=_("Invitation to %(site)s") % {"site": site.alliance_name},
            body_text=render_to_string(
                "partners/mail/invitation.txt",
                {
                    "user": user,
                    "organisation": organisation,
                    "site": site,
                    "url": url,
                    "days": days,
                    "login_url": tenancy.site_url() + reverse("account_login"),
                },
            ),
            purpose="partners:invitation",
        )


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    audit.record(
        actor=actor,
        action="membership.delete",
        obj=membership,
        changes={"user": membership.user.email, "organisation": membership.organisation.name},
    )
    membership.delete()
