"""What core itself holds about a person, in the registry of ``core.personal_data``.

The account (with its e-mail addresses, API tokens and second factors), the audit
entries, the mails in the outbox, accessibility feedback and import runs. Loaded by
``CoreConfig.ready``; the apps' holdings are in their own ``personal_data`` modules.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import audit
from familienrathaus.core.models import (
    AccessibilityFeedback,
    AllianceMembership,
    ApiToken,
    AuditEntry,
    ImportRun,
    OutboxMessage,
)
from familienrathaus.core.personal_data import Person, not_personal, references, register

# ---------------------------------------------------------------------------- account


def _export_account(person: Person) -> dict[str, Any]:
    user = person.user
    return {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "alliance_memberships": [
            {"alliance": m.alliance.name, "role": m.role, "joined_at": m.joined_at}
            for m in AllianceMembership._base_manager.filter(user=user)
            .select_related("alliance")
            .order_by("joined_at", "pk")
        ],
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in user.emailaddress_set.all()  # type: ignore[attr-defined]
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at, "revoked_at": t.revoked_at}
            for t in ApiToken.objects.filter(user=user)
        ],
        "second_factors": [
            {"type": a.type, "created_at": a.created_at}
            for a in user.authenticator_set.all()  # type: ignore[attr-defined]
        ],
    }


def _erase_account(person: Person) -> None:
    """The alliance's tokens and membership go now. With that the last membership, the
    second factors and addresses go too, and the user row last
    (``services.delete_account``), its admin log entries with it; else the account stays
    for the person's other alliances."""
    user = person.user
    ApiToken.objects.filter(user=user).delete()
    AllianceMembership.objects.filter(user=user).delete()
    if AllianceMembership._base_manager.filter(user=user).exists():
        return
    user.authenticator_set.all().delete()  # type: ignore[attr-defined]
    user.emailaddress_set.all().delete()  # type: ignore[attr-defined]


register(
    "account",
    label=_("Account"),
    models=[
        "core.user",
        "core.alliancemembership",
        "core.apitoken",
        "account.emailaddress",
        "account.emailconfirmation",
        "mfa.authenticator",
        "admin.logentry",
    ],
    export=_export_account,
    erase=_erase_account,
    order=1000,
    labels={"second_factors": _("second factors")},
)

# ------------------------------------------------------------------------------ audit


def _mentions(person: Person) -> Q:
    query = Q(object_type="core.user", object_id=str(person.user.pk))
    for address in person.emails:
        query |= (
            Q(object_repr__icontains=address)
            | Q(actor_label__icontains=address)
            | Q(changes__icontains=address)
        )
    return query


def _export_audit(person: Person) -> list[dict[str, Any]]:
    entries = AuditEntry.objects.filter(actor=person.user).order_by("created_at", "pk")
    return [
        {"when": e.created_at, "action": e.action, "object_type": e.object_type} for e in entries
    ]


def _erase_audit(person: Person) -> None:
    """Entries keep the role and the pseudonym; whatever names the person goes."""
    AuditEntry.objects.filter(actor=person.user).update(actor=None)
    for entry in AuditEntry.objects.filter(_mentions(person)):
        if entry.object_type == "core.user" and entry.object_id == str(person.user.pk):
            entry.object_repr = ""
            entry.changes = {}
        if any(a in entry.actor_label.lower() for a in person.emails):
            entry.actor_label = audit.actor_label(person.user)
        entry.object_repr = audit.mask_emails(entry.object_repr)
        entry.changes = audit.mask_emails(entry.changes)
        entry.save(update_fields=["actor_label", "object_repr", "changes"])


register(
    "audit",
    label=_("Changes you made (audit log)"),
    models=[AuditEntry],
    export=_export_audit,
    erase=_erase_audit,
    order=900,
)

# ----------------------------------------------------------------------------- outbox


def _mails_to(person: Person) -> list[OutboxMessage]:
    query = Q(pk__in=[])
    for address in person.emails:
        query |= Q(to__icontains=address)
    return [
        m for m in OutboxMessage.objects.filter(query) if any(person.has_email(a) for a in m.to)
    ]


def _export_outbox(person: Person) -> list[dict[str, Any]]:
    return [
        {"queued_at": m.created_at, "subject": m.subject, "status": m.status, "sent_at": m.sent_at}
        for m in sorted(_mails_to(person), key=lambda m: (m.created_at, m.pk))
    ]


def _erase_outbox(person: Person) -> None:
    for message in _mails_to(person):
        others = [a for a in message.to if not person.has_email(a)]
        if others and message.status != OutboxMessage.Status.SENT:
            message.to = others
            message.save(update_fields=["to"])
        else:
            message.delete()


register(
    "outbox",
    label=_("E-mails sent to you"),
    models=[OutboxMessage],
    export=_export_outbox,
    erase=_erase_outbox,
)

# ---------------------------------------------------- accessibility feedback, imports


def _export_feedback(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "name": f.name,
            "email": f.email,
            "page": f.page_url,
            "message": f.message,
            "created_at": f.created_at,
        }
        for f in AccessibilityFeedback.objects.filter(person.email_q("email"))
    ]


def _erase_feedback(person: Person) -> None:
    AccessibilityFeedback.objects.filter(person.email_q("email")).delete()


register(
    "accessibility_feedback",
    label=_("Messages about accessibility"),
    models=[AccessibilityFeedback],
    export=_export_feedback,
    erase=_erase_feedback,
)

_imports = references(
    ImportRun, ["created_by"], lambda r: {"file": r.file_name, "created_at": r.created_at}
)
register(
    "imports",
    label=_("Imports you started"),
    models=[ImportRun],
    export=_imports[0],
    erase=_imports[1],
)

# ------------------------------------------------------------------- nothing personal

not_personal("auth.permission", "names of permissions")
not_personal("auth.group", "names of permission groups")
not_personal("core.sitesettings", "the alliance's public contact details, not a person's")
not_personal("core.alliance", "an alliance's public name, short name and domain")
for _vocabulary in ("core.theme", "core.audience", "core.district", "core.language"):
    not_personal(_vocabulary, "names of vocabulary entries")
not_personal(
    "django_tasks_database.dbtaskresult",
    "queue and backend names; task arguments are ids, results are pruned after 30 days",
)
