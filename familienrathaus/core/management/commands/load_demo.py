from __future__ import annotations

from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation


class Command(BaseCommand):
    help = (
        "Create the demo alliance 'Lokales Bündnis für Familie Musterstadt'. "
        "Safe to run again: existing demo data is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Texts the demo stores (e.g. the consent wording a subscriber agreed to) are in
        # the site's language, as if a German visitor had created them.
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self) -> None:
        # Each app of ours may have a demo module with load(); core comes first.
        for config in apps.get_app_configs():
            if not config.name.startswith("familienrathaus."):
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            with transaction.atomic():
                created = module.load()
            self.stdout.write(f"{config.label}: {created} new object(s)")
