"""Writes about employers and their teams: registration on the public site, a partner
organisation joining as employer, the employer's details, and team invitations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit, uploads
from familienrathaus.core.models import User
from familienrathaus.core.slugs import unique_slug
from familienrathaus.employers.models import Employer, EmployerMember
from familienrathaus.employers.services.programme import account_for, send_mail, site_url
from familienrathaus.partners.models import Organisation

EMPLOYER_FIELDS = [
    "name",
    "size",
    "sector",
    "street",
    "postcode",
    "city",
    "website",
    "email",
    "phone",
    "logo_alt",
    "public_text",
]


def _apply(employer: Employer, values: dict[str, Any], logo: UploadedFile | None) -> None:
    for name in EMPLOYER_FIELDS:
        if name in values:
            setattr(employer, name, values[name])
    if logo is not None:
        cleaned = uploads.clean_image(logo)
        employer.logo.save(cleaned.name or "logo.png", cleaned, save=False)
    if employer.logo and not employer.logo_alt:
        raise ValidationError(
            {"logo_alt": _("Please describe the logo for people who cannot see it.")}
        )


@transaction.atomic
def register_employer(
    *,
    user: User,
    values: dict[str, Any],
    logo: UploadedFile | None = None,
    member_name: str = "",
    position: str = "",
    organisation: Organisation | None = None,
) -> Employer:
    """A new employer with ``user`` as its contact person. With ``organisation`` (a
    partner organisation the user works for) the partner joins as employer."""
    if organisation is not None and Employer.objects.filter(organisation=organisation).exists():
        raise ValidationError(_("This partner organisation has already joined as employer."))
    employer = Employer(
        slug=unique_slug(Employer, str(values.get("name", "")), fallback="arbeitgeber"),
        organisation=organisation,
    )
    _apply(employer, values, logo)
    employer.full_clean()
    employer.save()
    EmployerMember.objects.create(
        employer=employer,
        user=user,
        role=EmployerMember.Role.CONTACT,
        name=member_name or user.name,
        position=position,
    )
    audit.record(
        actor=user,
        action="employers.employer.create",
        obj=employer,
        changes={"organisation": organisation.name if organisation else ""},
    )
    return employer


@transaction.atomic
def update_employer(
    *, actor: User, employer: Employer, values: dict[str, Any], logo: UploadedFile | None = None
) -> Employer:
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    before = audit.snapshot(employer, EMPLOYER_FIELDS)
    _apply(employer, values, logo)
    employer.full_clean()
    employer.save()
    audit.record(
        actor=actor,
        action="employers.employer.update",
        obj=employer,
        changes=audit.diff(before, audit.snapshot(employer, EMPLOYER_FIELDS)),
    )
    return employer


# ------------------------------------------------------------------ team


@transaction.atomic
def invite_member(
    *,
    actor: User,
    employer: Employer,
    email: str,
    name: str = "",
    position: str = "",
    role: str = EmployerMember.Role.ASSESSOR,
) -> EmployerMember:
    """Add a person to the employer's team and tell them by mail (with a link to set a
    password when they had no account)."""
    user, link, created = account_for(actor=actor, email=email, name=name)
    if EmployerMember.objects.filter(employer=employer, user=user).exists():
        raise ValidationError({"email": _("This person is already in your team.")})
    member = EmployerMember.objects.create(
        employer=employer, user=user, role=role, name=name or user.name, position=position
    )
    audit.record(
        actor=actor,
        action="employers.member.add",
        obj=member,
        changes={"employer": employer.name, "user": user.email, "role": role},
    )
    send_mail(
        to=user.email,
        subject=gettext_lazy("Invitation to the team of %(employer)s – %(site)s"),
        subject_args={"employer": employer.name},
        template="employers/registration/mail/team_invitation.txt",
        context={
            "employer": employer,
            "member": member,
            "actor": actor,
            "url": link,
            "new_account": created,
            "team_url": site_url(reverse("employers:team-home")),
        },
        purpose="employers:team-invitation",
    )
    return member


@transaction.atomic
def remove_member(*, actor: User, member: EmployerMember) -> None:
    """Take a person off the team; the last contact person stays."""
    contacts = EmployerMember.objects.filter(
        employer_id=member.employer_id, role=EmployerMember.Role.CONTACT
    ).select_for_update()
    if member.role == EmployerMember.Role.CONTACT and contacts.count() <= 1:
        raise ValidationError(_("The team needs a contact person. Please name another one first."))
    audit.record(
        actor=actor,
        action="employers.member.remove",
        obj=member,
        changes={"employer": member.employer.name, "user": member.user.email},
    )
    member.delete()


@transaction.atomic
def set_role(*, actor: User, member: EmployerMember, role: str) -> EmployerMember:
    if role == member.role:
        return member
    if member.role == EmployerMember.Role.CONTACT:
        others = EmployerMember.objects.filter(
            employer_id=member.employer_id, role=EmployerMember.Role.CONTACT
        ).exclude(pk=member.pk)
        if not others.exists():
            raise ValidationError(
                _("The team needs a contact person. Please name another one first.")
            )
    old = member.role
    member.role = role
    member.save(update_fields=["role"])
    audit.record(
        actor=actor,
        action="employers.member.role",
        obj=member,
        changes={"role": {"old": old, "new": role}},
    )
    return member
