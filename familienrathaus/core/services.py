"""Writes of the core app: site settings, pages, feedback, API tokens."""

from __future__ import annotations

import hashlib
import secrets
from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import (
    audit,
    permissions,
    personal_data,
    registries,
    selectors,
    slugs,
    tenancy,
)
from familienrathaus.core.models import (
    AccessibilityFeedback,
    AllianceMembership,
    ApiToken,
    LegalPage,
    SiteSettings,
    User,
)
from familienrathaus.core.models.alliance import Alliance
from familienrathaus.core.models.taxonomy import Vocabulary
from familienrathaus.core.models.users import Role
from familienrathaus.core.outbox import in_language, language_code, queue_mail
from familienrathaus.core.recipients import queue_by_language
from familienrathaus.core.selectors import TEAM_ROLES

# The migration's seed function, for a new alliance too (core.tenancy.on_create).
_SEEDING = import_module("familienrathaus.core.migrations.0003_seed_vocabularies")

API_TOKEN_PREFIX = "frh_"  # noqa: S105  a public prefix, not a secret


def _apply(instance: Any, fields: dict[str, Any]) -> dict[str, Any]:
    names = list(fields)
    before = audit.snapshot(instance, names)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    instance.save()
    return audit.diff(before, audit.snapshot(instance, names))


@transaction.atomic
def update_site_settings(*, actor: User, fields: dict[str, Any]) -> SiteSettings:
    settings = selectors.site_settings()
    changes = _apply(settings, fields)
    if changes:
        audit.record(actor=actor, action="site_settings.update", obj=settings, changes=changes)
    return settings


@transaction.atomic
def update_legal_page(
    *,
    actor: User,
    kind: str,
    title: str,
    body: str,
    summary: str | None = None,
    translations: dict[str, Any] | None = None,
) -> LegalPage:
    """``translations``: the other languages' title and summary (``title_tr`` …)."""
    page = LegalPage.objects.select_for_update().filter(kind=kind).first() or LegalPage(kind=kind)
    created = page.pk is None
    values = {"title": title, "body": body, **(translations or {})}
    if summary is not None:
        values["summary"] = summary
    changes = _apply(page, values)
    if changes:
        audit.record(
            actor=actor,
            action="legal_page.create" if created else "legal_page.update",
            obj=page,
            changes=changes,
        )
    return page


@transaction.atomic
def submit_accessibility_feedback(
    *, name: str, email: str, page_url: str, message: str
) -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(name=name, email=email, page_url=page_url, message=message)
    feedback.full_clean()
    feedback.save()
    site = selectors.site_settings()

    def render() -> tuple[str, str]:
        # In each coordinator's language, whatever the reporting visitor's page was in.
        subject = _("Accessibility feedback: %(start)s") % {"start": message[:60]}
        body = render_to_string(
            "core/mail/accessibility_feedback.txt", {"feedback": feedback, "site": site}
        )
        return subject, body

    queue_by_language(
        selectors.coordinator_emails(),
        render,
        purpose="accessibility_feedback",
        reply_to=[email] if email else [],
    )
    return feedback


@transaction.atomic
def mark_feedback_handled(*, actor: User, feedback: AccessibilityFeedback) -> None:
    feedback.handled = True
    feedback.save(update_fields=["handled"])
    audit.record(actor=actor, action="accessibility_feedback.handled", obj=feedback)


@transaction.atomic
def create_api_token(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored or shown again."""
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[: len(API_TOKEN_PREFIX) + 6],
        key_hash=hashlib.sha256(key.encode()).hexdigest(),
    )
    token.full_clean()
    token.save()
    audit.record(actor=user, action="api_token.create", obj=token)
    return token, key


@transaction.atomic
def revoke_api_token(*, user: User, token: ApiToken) -> None:
    if token.user_id != user.pk:
        raise PermissionError("Tokens can only be revoked by their owner.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=user, action="api_token.revoke", obj=token)


@transaction.atomic
def set_mail_language(*, user: User, language: str) -> User:
    """The language the person's mails, letters and notices are written in."""
    before = user.language
    user.language = language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["language"])
    if before != language:
        audit.record(
            actor=user,
            action="account.language",
            obj=user,
            changes={"language": {"before": before, "after": language}},
        )
    return user


def export_personal_data(*, user: User) -> dict[str, Any]:
    """Everything stored about a person, for the DSGVO right of access (Art. 15, 20):
    what every app registered in ``core.personal_data``, one key per holding."""
    return personal_data.export(user)


@transaction.atomic
def delete_account(*, user: User) -> bool:
    """Delete everything the active alliance's apps hold about a person (by account and
    by e-mail address, see ``core.personal_data``) and the person's membership in it; the
    audit log keeps only the role and the pseudonym. The account itself goes with its
    last membership (it may belong to other alliances too): returns whether it went."""
    audit.record(
        actor=None,
        action="account.delete",
        object_type="core.user",
        changes={"role": user.role, "who": audit.actor_label(user)},
    )
    personal_data.erase(user)
    if AllianceMembership._base_manager.filter(user=user).exists():
        return False
    user.delete()
    return True


# --------------------------------------------------------------------------- people


@transaction.atomic
def add_to_alliance(*, actor: User | None, user: User, role: str) -> AllianceMembership:
    """The account (perhaps one of another alliance: the same person) gets ``role`` in
    the active alliance; a member already has the role changed."""
    before = user.role
    user.role = role
    user.save_role()
    membership = AllianceMembership.objects.get(user=user)
    audit.record(
        actor=actor,
        action="membership.role",
        obj=membership,
        changes={"who": audit.actor_label(user), "role": {"before": before, "after": role}},
    )
    return membership


@transaction.atomic
def remove_from_alliance(*, actor: User | None, user: User) -> None:
    """The account leaves the active alliance; the account itself stays (it may belong
    to other alliances; erasing a person is ``delete_account``)."""
    membership = AllianceMembership.objects.filter(user=user).first()
    if membership is None:
        return
    audit.record(
        actor=actor,
        action="membership.delete",
        obj=membership,
        changes={"who": audit.actor_label(user), "role": membership.role},
    )
    membership.delete()
    # Its API tokens of this alliance stop working with it.
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    user.remember_role(tenancy.require(), None)


# --------------------------------------------------------------------------- team


class TeamChangeRefused(Exception):
    """A change of the team (coordinators and administrators) that is not allowed; the
    message says why, for the person who tried, and ``field`` which input it is about."""

    def __init__(self, message: str, field: str = "email") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def password_link_days() -> int:
    """How many days a set-password link is valid."""
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def password_link(*, user: User, alliance: Alliance | None = None) -> str:
    """A link on ``alliance``'s site (the active one by default) where the account sets
    its password (allauth's reset-from-key page); valid for :func:`password_link_days`.
    Call it inside the recipient's language: the path carries the language prefix."""
    from allauth.account.utils import user_pk_to_url_str

    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return tenancy.site_url(alliance) + path.replace("UID-KEY", key)


def account_with_role(*, email: str, role: str) -> tuple[User, bool]:
    """The account with this address (of any alliance: the same person, whose password and
    second factor stay its own) gets ``role`` in the active alliance; without one, a new
    account with that role and a confirmed address, which has no password yet (send it a
    :func:`password_link`). Returns the account and whether it is new. Not audited."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.find_account(email)
    if user is not None:
        user.role = role
        user.save_role()
        return user, False
    user = User.objects.create_user(email, None, role=role)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    return user, True


@transaction.atomic
def add_to_team(*, actor: User, email: str, role: str) -> tuple[User, bool]:
    """``email`` gets ``role`` (coordinator or administrator) in the active alliance: an
    existing account (perhaps another alliance's) gets an info mail, a new one a mail to
    set its password. Returns the account and whether it is new."""
    if role not in TEAM_ROLES:
        raise TeamChangeRefused(_("Please choose coordinator or administrator."), "role")
    existing = User.objects.find_account(email)
    before = existing.role if existing is not None else None
    if not permissions.can_give_role(actor, role, before=before):
        raise TeamChangeRefused(
            _("Only an administrator can give or change the administrator role."), "role"
        )
    if before == role:
        raise TeamChangeRefused(_("This person already has this role here."))
    if existing is not None and not existing.is_active:
        raise TeamChangeRefused(_("This account is deactivated. Please ask an administrator."))
    user, created = account_with_role(email=email, role=role)
    membership = AllianceMembership.objects.get(user=user)
    audit.record(
        actor=actor,
        action="membership.role",
        obj=membership,
        changes={
            "who": audit.actor_label(user),
            "role": {"before": before, "after": role},
            "new_account": created,
        },
    )
    _send_team_mail(user=user, role=role, actor=actor, new_account=created)
    return user, created


def _send_team_mail(*, user: User, role: str, actor: User, new_account: bool) -> None:
    alliance = tenancy.require()
    name = selectors.site_settings().alliance_name or alliance.name
    with in_language(user.language):
        site = tenancy.site_url(alliance)
        context = {
            "alliance_name": name,
            "role": Role(role).label,
            "site_url": site,
            "login_url": site + reverse("account_login"),
            "days": password_link_days(),
            "url": password_link(user=user, alliance=alliance) if new_account else "",
        }
        queue_mail(
            language=language_code(user.language),
            to=[user.email],
            reply_to=[actor.email] if actor.email else [],
            subject=_("Your role at %(name)s: %(role)s") % {"name": name, "role": context["role"]},
            body_text=render_to_string(
                "core/mail/team_welcome.txt" if new_account else "core/mail/team_role.txt",
                context,
            ),
            purpose="core:team_welcome" if new_account else "core:team_role",
        )


@transaction.atomic
def remove_from_team(*, actor: User, user: User) -> None:
    """The person loses the role in the active alliance (their account stays: it may
    belong to other alliances). Nobody removes themselves, and the alliance keeps at
    least one coordinator or administrator."""
    # Locks the team's rows: two removals at once cannot both pass the count.
    members = list(
        AllianceMembership.objects.select_for_update()
        .filter(role__in=TEAM_ROLES)
        .values_list("user_id", "role")
    )
    role = dict(members).get(user.pk)
    if role is None:
        raise TeamChangeRefused(_("This person is not a coordinator or administrator here."))
    if user.pk == actor.pk:
        raise TeamChangeRefused(_("You cannot remove your own role. Please ask someone else."))
    if not permissions.can_give_role(actor, role, before=role):
        raise TeamChangeRefused(_("Only an administrator can remove an administrator."))
    if len(members) <= 1:
        raise TeamChangeRefused(
            _("The alliance needs at least one coordinator or administrator: this is the last one.")
        )
    remove_from_alliance(actor=actor, user=user)


# --------------------------------------------------------------------------- vocabularies


class VocabularyEntryInUse(Exception):
    """An entry offers are tagged with cannot be deleted."""

    def __init__(self, entry: Vocabulary, offer_count: int) -> None:
        super().__init__(f"{entry} is used by {offer_count} offer(s)")
        self.entry = entry
        self.offer_count = offer_count


def _entry_fields(entry: Vocabulary) -> list[str]:
    return [
        field.name
        for field in entry._meta.concrete_fields
        if field.name in {"name", "slug", "position", "description", "code"}
    ]


@transaction.atomic
def create_vocabulary_entry(
    *, actor: User, model: type[Vocabulary], fields: dict[str, Any]
) -> Vocabulary:
    entry = model(**fields)
    entry.slug = slugs.unique_slug(model, str(fields.get("name", "")), fallback="eintrag")
    entry.full_clean()
    entry.save()
    audit.record(
        actor=actor,
        action=f"{model._meta.model_name}.create",
        obj=entry,
        changes=audit.diff({}, audit.snapshot(entry, _entry_fields(entry))),
    )
    return entry


@transaction.atomic
def update_vocabulary_entry(
    *, actor: User, entry: Vocabulary, fields: dict[str, Any]
) -> Vocabulary:
    """Change an entry; the slug stays, so links to filtered lists keep working.

    A new name reaches the search index of the published offers tagged with the
    entry once the transaction has committed.
    """
    # Fresh from the database: a bound form may already have changed the instance given.
    entry = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    fields = {name: value for name, value in fields.items() if name != "slug"}
    changes = _apply(entry, fields)
    if changes:
        audit.record(
            actor=actor, action=f"{entry._meta.model_name}.update", obj=entry, changes=changes
        )
    if any(name == "name" or name.startswith("name_") for name in changes):
        model, pk = type(entry), entry.pk
        # Offers are found by these names: the app that indexes them listens.
        transaction.on_commit(lambda: registries.renamed(model, pk))
    return entry


@transaction.atomic
def delete_vocabulary_entry(*, actor: User, entry: Vocabulary) -> None:
    """Delete an entry no offer uses; raise :class:`VocabularyEntryInUse` otherwise."""
    entry = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    offer_count = entry.offers.count()  # type: ignore[attr-defined]
    if offer_count:
        raise VocabularyEntryInUse(entry, offer_count)
    audit.record(
        actor=actor,
        action=f"{entry._meta.model_name}.delete",
        obj=entry,
        changes=audit.diff(audit.snapshot(entry, _entry_fields(entry)), {}),
    )
    entry.delete()


def seed_alliance() -> None:
    """What a new alliance starts with from core (core.tenancy.create): the themes,
    audiences and languages every install began with, and its settings row."""
    alliance = tenancy.require()
    _SEEDING.seed(django_apps, None)
    SiteSettings.objects.get_or_create(defaults={"alliance_name": alliance.name})
