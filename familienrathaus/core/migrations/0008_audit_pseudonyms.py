"""Audit entries written before issue 13 named their actor by e-mail address: they get
the role and pseudonym that ``core.audit`` writes now, and e-mail addresses in an
entry's object name or changes are masked."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from familienrathaus.core import audit


def pseudonymise(apps: Any, schema_editor: Any) -> None:
    entry_model = apps.get_model("core", "AuditEntry")
    user_model = apps.get_model("core", "User")
    roles = dict(user_model.objects.values_list("pk", "role"))
    for entry in entry_model.objects.filter(actor_label__contains="@").iterator():
        if entry.actor_id in roles:
            entry.actor_label = f"{roles[entry.actor_id]}:{audit.pseudonym(entry.actor_id)}"
        else:
            entry.actor_label = audit.MASK
        entry.save(update_fields=["actor_label"])
    for entry in entry_model.objects.all().iterator():
        object_repr = audit.mask_emails(entry.object_repr)
        changes = audit.mask_emails(entry.changes)
        if object_repr != entry.object_repr or changes != entry.changes:
            entry.object_repr, entry.changes = object_repr, changes
            entry.save(update_fields=["object_repr", "changes"])


class Migration(migrations.Migration):
    dependencies = [("core", "0007_sitesettings_federal_state")]

    operations = [migrations.RunPython(pseudonymise, migrations.RunPython.noop, elidable=True)]
