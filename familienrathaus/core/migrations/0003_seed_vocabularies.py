"""Seed Hamm's seven Themenfelder and the usual audiences; coordinators edit them later."""

from django.db import migrations
from django.utils.text import slugify

THEMES = [
    "Balance von Familie und Arbeitswelt",
    "Bildung und Betreuung",
    "Gesundheit",
    "Erziehung in der Familie",
    "Wohnen, Wohnumfeld und Mobilität",
    "Sport, Freizeit und Kultur",
    "Integration und Nachbarschaft",
]
AUDIENCES = [
    "Schwangere und junge Eltern / Frühe Hilfen",
    "Alleinerziehende",
    "Familien mit geringem Einkommen",
    "Kinder",
    "Jugendliche",
    "Senior:innen",
    "Pflegende Angehörige",
    "Familien mit pflegebedürftigen Kindern",
    "Zugewanderte",
]
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "Englisch"),
    ("tr", "Türkisch"),
    ("uk", "Ukrainisch"),
    ("ru", "Russisch"),
    ("ar", "Arabisch"),
    ("pl", "Polnisch"),
    ("dgs", "Deutsche Gebärdensprache"),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("core", "Theme")
    Audience = apps.get_model("core", "Audience")
    Language = apps.get_model("core", "Language")
    for position, name in enumerate(THEMES):
        Theme.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, "position": position}
        )
    for position, name in enumerate(AUDIENCES):
        Audience.objects.get_or_create(
            slug=slugify(name.replace(":", "")), defaults={"name": name, "position": position}
        )
    for position, (code, name) in enumerate(LANGUAGES):
        Language.objects.get_or_create(
            code=code, defaults={"name": name, "slug": code, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audience_district_language_theme")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
