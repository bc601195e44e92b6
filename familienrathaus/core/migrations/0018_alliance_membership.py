"""One account, a role in each alliance (issue 23, point 3): every account's alliance and
role become its first ``AllianceMembership``; the account itself is no longer alliance
content."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import familienrathaus.core.models.alliance


def memberships_from_accounts(apps, schema_editor):
    User = apps.get_model("core", "User")
    AllianceMembership = apps.get_model("core", "AllianceMembership")
    rows = User._base_manager.using(schema_editor.connection.alias).values_list(
        "pk", "alliance_id", "role", "date_joined"
    )
    AllianceMembership._base_manager.using(schema_editor.connection.alias).bulk_create(
        [
            AllianceMembership(user_id=pk, alliance_id=alliance_id, role=role, joined_at=joined)
            for pk, alliance_id, role, joined in rows.iterator()
        ],
        batch_size=500,
    )


def accounts_from_memberships(apps, schema_editor):
    """Back to one alliance per account: its first membership's (the others are lost)."""
    User = apps.get_model("core", "User")
    AllianceMembership = apps.get_model("core", "AllianceMembership")
    alias = schema_editor.connection.alias
    seen = set()
    for membership in AllianceMembership._base_manager.using(alias).order_by("pk"):
        if membership.user_id in seen:
            continue
        seen.add(membership.user_id)
        User._base_manager.using(alias).filter(pk=membership.user_id).update(
            alliance_id=membership.alliance_id, role=membership.role
        )


class RemoveAllianceField(migrations.RemoveField):
    """Removes ``User.alliance``; put back (migrating backwards), the accounts belong to
    the install's first alliance until their memberships say otherwise."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT MIN(id) FROM core_alliance")
            row = cursor.fetchone()
        token = familienrathaus.core.models.alliance.migration_alliance.set(row[0] if row else None)
        try:
            super().database_backwards(app_label, schema_editor, from_state, to_state)
        finally:
            familienrathaus.core.models.alliance.migration_alliance.reset(token)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0017_alliance_settings"),
    ]

    operations = [
        migrations.CreateModel(
            name="AllianceMembership",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "role",
                    models.CharField(
                        choices=[
                            ("family", "Family"),
                            ("partner", "Partner staff"),
                            ("coordinator", "Coordinator"),
                            ("administrator", "Administrator"),
                        ],
                        default="family",
                        max_length=20,
                        verbose_name="role",
                    ),
                ),
                (
                    "joined_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="joined"),
                ),
                (
                    "alliance",
                    models.ForeignKey(
                        default=familienrathaus.core.models.alliance.current_alliance_id,
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.alliance",
                        verbose_name="alliance",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="alliance_memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account",
                    ),
                ),
            ],
            options={
                "verbose_name": "membership in the alliance",
                "verbose_name_plural": "memberships in the alliance",
                "ordering": ["alliance", "user"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("alliance", "user"), name="core_alliance_membership_unique"
                    )
                ],
            },
        ),
        migrations.RunPython(memberships_from_accounts, accounts_from_memberships),
        RemoveAllianceField(model_name="user", name="alliance"),
        migrations.RemoveField(model_name="user", name="role"),
    ]
