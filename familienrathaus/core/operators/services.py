"""What the host's operators do to an alliance; each step is in core's audit log.

The entry goes into the log of the alliance acted on (its coordinators see what the host
did), and for a deletion into the log of the alliance whose site the operator used.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import alliance_files, audit, backup, jobs, tenancy
from familienrathaus.core import services as core_services
from familienrathaus.core.models import AllianceMembership, User
from familienrathaus.core.models.alliance import Alliance, AllianceOwned
from familienrathaus.core.models.users import Role
from familienrathaus.core.operators import transfer
from familienrathaus.core.operators.importer import dependency_order
from familienrathaus.core.outbox import in_language, language_code, queue_mail

logger = logging.getLogger(__name__)

DELETE_TASK = "core.operators.delete_alliance"
# What an operator may change of an alliance (the coordinators edit the rest).
OPERATOR_FIELDS = [
    "name",
    "domain",
    "sender_email",
    "sender_name",
    "tile_url",
    "tile_attribution",
    "upload_quota_mb",
    "mails_per_hour",
]


def exports_dir() -> Path:
    """Where a deleted alliance's export goes: private, never served."""
    return Path(settings.VAR_DIR) / "exports"


def _record(
    actor: User, action: str, alliance: Alliance, changes: dict[str, Any] | None = None
) -> None:
    with tenancy.activate(alliance):
        audit.record(actor=actor, action=action, obj=alliance, changes=changes or {})


# --------------------------------------------------------------------------- create, edit


def create_alliance(
    *, actor: User, slug: str, name: str, domain: str | None, coordinator_email: str
) -> Alliance:
    """A new alliance with what every app starts it with and its first coordinator, who
    gets a mail with a link to set a password (an existing account gets the role)."""
    with transaction.atomic():
        alliance = tenancy.create(slug=slug, name=name, domain=domain)
        with tenancy.activate(alliance):
            user, _new = core_services.account_with_role(
                email=coordinator_email, role=Role.COORDINATOR
            )
            email = user.email
            audit.record(
                actor=actor,
                action="alliance.create",
                obj=alliance,
                changes={"slug": slug, "name": name, "domain": domain or "", "coordinator": email},
            )
            _send_welcome(user=user, alliance=alliance)
    return alliance


def _send_welcome(*, user: User, alliance: Alliance) -> None:
    with in_language(user.language):
        site = tenancy.site_url(alliance)
        queue_mail(
            language=language_code(user.language),
            to=[user.email],
            subject=_("Your alliance's website: %(name)s") % {"name": alliance.name},
            body_text=render_to_string(
                "core/mail/operators_welcome.txt",
                {
                    "alliance": alliance,
                    "url": core_services.password_link(user=user, alliance=alliance),
                    "days": core_services.password_link_days(),
                    "login_url": site + reverse("account_login"),
                    "site_url": site,
                },
            ),
            purpose="core:operators_welcome",
        )


def update_alliance(*, actor: User, alliance: Alliance, fields: dict[str, Any]) -> Alliance:
    before = audit.snapshot(alliance, OPERATOR_FIELDS)
    for name in OPERATOR_FIELDS:
        if name in fields:
            value = fields[name]
            setattr(alliance, name, None if name == "domain" and not value else value)
    alliance.full_clean()
    with transaction.atomic():
        alliance.save()
        changes = audit.diff(before, audit.snapshot(alliance, OPERATOR_FIELDS))
        if changes:
            _record(actor, "alliance.update", alliance, changes)
    return alliance


def set_active(*, actor: User, alliance: Alliance, active: bool) -> Alliance:
    """Suspend (its site answers 503, nothing is deleted) or resume an alliance."""
    with transaction.atomic():
        Alliance.objects.filter(pk=alliance.pk).update(is_active=active)
        alliance.is_active = active
        _record(actor, "alliance.resume" if active else "alliance.suspend", alliance)
    tenancy.forget_hosts()
    return alliance


# --------------------------------------------------------------------------- delete


def export_path(alliance: Alliance, day: date | None = None) -> Path:
    day = day or timezone.localdate()
    return exports_dir() / f"{alliance.slug}-{day:%Y-%m-%d}.zip"


def status_path(export: Path) -> Path:
    return export.with_suffix(".json")


def start_deletion(*, actor: User, alliance: Alliance) -> Path:
    """Suspend the alliance now and delete it in the background: first the export to
    :func:`export_path`, then every row and file. Returns the export's path."""
    path = export_path(alliance)
    here = tenancy.current()
    log_in = here if here is not None and here.pk != alliance.pk else _other_than(alliance)
    with transaction.atomic():
        Alliance.objects.filter(pk=alliance.pk).update(is_active=False)
        _write_status(path, alliance, "queued")
        if log_in is not None:
            with tenancy.activate(log_in):
                audit.record(
                    actor=actor,
                    action="alliance.delete",
                    object_type="core.alliance",
                    changes={"slug": alliance.slug, "name": alliance.name, "export": str(path)},
                )
        jobs.enqueue(DELETE_TASK, alliance.pk, str(path))
    tenancy.forget_hosts()
    return path


def _other_than(alliance: Alliance) -> Alliance | None:
    return Alliance.objects.exclude(pk=alliance.pk).order_by("pk").first()


def _write_status(path: Path, alliance: Alliance, state: str, error: str = "") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    status = {
        "slug": alliance.slug,
        "name": alliance.name,
        "state": state,
        "export": str(path),
        "error": error,
        "updated": timezone.now().isoformat(),
    }
    status_path(path).write_text(json.dumps(status), encoding="utf-8")


def deletions() -> list[dict[str, Any]]:
    """The deletions the exports folder knows of, newest first."""
    found = []
    for file in sorted(exports_dir().glob("*.json"), reverse=True):
        try:
            found.append(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    return found


def run_deletion(alliance_id: int, path: str) -> str:
    """The background job: export, then delete (nothing is deleted if the export fails)."""
    export = Path(path)
    alliance = Alliance.objects.filter(pk=alliance_id).first()
    if alliance is None:
        return "gone already"
    try:
        _write_status(export, alliance, "exporting")
        transfer.export_alliance(alliance, export)
        _write_status(export, alliance, "deleting")
        removed = delete_everything(alliance)
    except Exception as exc:
        logger.exception("Deleting %s failed", alliance.slug)
        _write_status(export, alliance, "failed", error=str(exc))
        raise
    _write_status(export, alliance, "done")
    return f"{alliance.slug}: exported to {export}, {removed} file(s) removed"


def delete_everything(alliance: Alliance) -> int:
    """Delete every row of ``alliance``, the accounts that belonged to it alone (not
    operators) and, once that is committed, its files. Returns the number of files.

    The rows go model by model with one DELETE each (children first; the database
    checks the foreign keys at commit, so the order needs no care in a cycle), not
    through Django's collector, which would load every row and refuse a protected key
    to a row it deletes by a faster path."""
    with tenancy.unscoped():
        files = alliance_files.files(alliance)
        members = set(
            AllianceMembership._base_manager.filter(alliance=alliance).values_list(
                "user_id", flat=True
            )
        )
        with transaction.atomic():
            elsewhere = set(
                AllianceMembership._base_manager.filter(user__in=members)
                .exclude(alliance=alliance)
                .values_list("user_id", flat=True)
            )
            owned = [m for m in backup.backed_up_models() if issubclass(m, AllianceOwned)]
            for model in reversed(dependency_order(owned)):
                for m2m in transfer._many_to_many(model):
                    through: Any = m2m.remote_field.through
                    links = through._base_manager.filter(
                        **{f"{m2m.m2m_field_name()}__alliance": alliance}
                    )
                    links._raw_delete(links.db)
                rows = model._base_manager.filter(alliance=alliance)
                rows._raw_delete(rows.db)
            Alliance.objects.filter(pk=alliance.pk).delete()
            alone = User._base_manager.filter(pk__in=members - elsewhere, is_superuser=False)
            for user in alone:
                try:
                    with transaction.atomic():
                        user.delete()
                except ProtectedError:
                    logger.warning("Account %s is still referred to; kept", user.pk)
            transaction.on_commit(lambda: _delete_files(files))
    tenancy.forget_hosts()
    return len(files)


def _delete_files(files: list[alliance_files.StoredFile]) -> None:
    for file in files:
        try:
            file.storage.delete(file.name)
        except OSError:
            logger.warning("Could not delete %s", file.name)
