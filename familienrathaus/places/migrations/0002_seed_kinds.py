"""The usual kinds of places, with their icons; coordinators may change them later."""

from __future__ import annotations

from typing import Any

from django.db import migrations

KINDS = [
    ("Notinsel", "notinsel", "shield"),
    ("Still- und Wickelort", "still-und-wickelort", "baby"),
    ("Familienzentrum", "familienzentrum", "family"),
    ("Beratungsstelle", "beratungsstelle", "advice"),
    ("Spielplatz", "spielplatz", "playground"),
    ("Kita", "kita", "kita"),
    ("Jugendtreff", "jugendtreff", "youth"),
    ("Familienbüro", "familienbuero", "office"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    kind_model = apps.get_model("places", "PlaceKind")
    for position, (name, slug, icon) in enumerate(KINDS):
        if not kind_model.objects.filter(slug=slug).exists():
            kind_model.objects.create(name=name, slug=slug, icon=icon, position=position)


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
