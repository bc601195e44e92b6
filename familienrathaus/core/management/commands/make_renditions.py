"""Make the WebP renditions of public pictures stored before they existed (or, with
``--all``, of every picture again, e.g. after :data:`core.images.WIDTHS` changed).

New pictures get theirs when they are saved (``core.images.PictureField``); this is for
an install upgraded from a version without them. Idempotent: run it as often as you like.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import CommandParser

from familienrathaus.core import images, tenancy


class Command(tenancy.AllianceCommand):
    help = "Make the WebP renditions (and record the size) of stored public pictures."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Remake them for every picture, not only new ones."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        made = 0
        for model in apps.get_models():
            for field in images.picture_fields(model):
                if not field.width_field or not field.height_field:
                    continue
                rows = model._default_manager.exclude(**{field.attname: ""})
                if not options["all"]:
                    rows = rows.filter(**{f"{field.width_field}__isnull": True})
                for pk, name in rows.values_list("pk", field.attname).iterator():
                    size = images.make_renditions(field.storage, name)
                    if size is None:
                        continue
                    model._default_manager.filter(pk=pk).update(
                        **{field.width_field: size[0], field.height_field: size[1]}
                    )
                    made += 1
        self.stdout.write(f"Renditions made for {made} pictures.")
