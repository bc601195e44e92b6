"""Many alliances on one install (core.tenancy): the Alliance table and the install's
first alliance, which the rows that exist already will belong to."""

from typing import Any

import django.core.validators
from django.db import migrations, models


def create_first_alliance(apps: Any, schema_editor: Any) -> None:
    Alliance = apps.get_model("core", "Alliance")
    SiteSettings = apps.get_model("core", "SiteSettings")
    settings_row = SiteSettings.objects.first()
    name = settings_row.alliance_name if settings_row else "Lokales Bündnis für Familie"
    Alliance.objects.create(slug="buendnis", name=name)


class Migration(migrations.Migration):
    dependencies = [("core", "0014_sign_language_videos")]

    operations = [
        migrations.CreateModel(
            name="Alliance",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        help_text="Lower-case letters, digits and hyphens: the subdomain of the install.",
                        max_length=63,
                        unique=True,
                        verbose_name="short name",
                    ),
                ),
                ("name", models.CharField(max_length=200, verbose_name="name")),
                (
                    "domain",
                    models.CharField(
                        blank=True,
                        help_text="Optional, e.g. familie.musterstadt.de; the host must point at the install.",
                        max_length=253,
                        null=True,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
                                "Enter a host name such as familie.musterstadt.de, without https:// and without a path.",
                            )
                        ],
                        verbose_name="own domain",
                    ),
                ),
                (
                    "is_active",
                    models.BooleanField(
                        default=True,
                        help_text="A suspended alliance's site answers with a notice; nothing is deleted.",
                        verbose_name="active",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
            ],
            options={
                "verbose_name": "alliance",
                "verbose_name_plural": "alliances",
                "ordering": ["pk"],
            },
        ),
        migrations.RunPython(create_first_alliance, migrations.RunPython.noop),
    ]
