"""Seed the topics from the alliance's seven Themenfelder and the settings row.

The names are read from ``core.Theme`` (seeded by core's migration 0003 from Hamm's seven
Themenfelder); when that table is empty the same seven names are used.
"""

from django.db import migrations

THEMENFELDER = [
    "Balance von Familie und Arbeitswelt",
    "Bildung und Betreuung",
    "Gesundheit",
    "Erziehung in der Familie",
    "Wohnen, Wohnumfeld und Mobilität",
    "Sport, Freizeit und Kultur",
    "Integration und Nachbarschaft",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    Topic = apps.get_model("concerns", "Topic")
    ConcernSettings = apps.get_model("concerns", "ConcernSettings")
    names = list(Theme.objects.order_by("position", "name").values_list("name", flat=True)[:7])
    for position, name in enumerate(names or THEMENFELDER, start=1):
        Topic.objects.get_or_create(name=name, defaults={"position": position * 10})
    ConcernSettings.objects.get_or_create()


def unseed(apps, schema_editor):
    """Nothing to undo: the rows go with the tables."""


class Migration(migrations.Migration):
    dependencies = [
        ("concerns", "0001_initial"),
        ("core", "0003_seed_vocabularies"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
