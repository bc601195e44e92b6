from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from familienrathaus.core import tenancy
from familienrathaus.core.models.alliance import Alliance

FIRST = ("musterstadt", "Lokales Bündnis für Familie Musterstadt")
SECOND = ("beispieldorf", "Lokales Bündnis für Familie Beispieldorf")


class Command(BaseCommand):
    help = (
        "Create the demo alliances 'Lokales Bündnis für Familie Musterstadt' (the install's "
        "first alliance, also on the plain address) and the smaller 'Lokales Bündnis für "
        "Familie Beispieldorf' (on beispieldorf.<base domain>). Safe to run again: existing "
        "demo data is left as it is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # Texts the demo stores (e.g. the consent wording a subscriber agreed to) are in
        # the site's language, as if a German visitor had created them.
        with translation.override(settings.LANGUAGE_CODE):
            self._load()

    def _load(self) -> None:
        # Each app of ours may have a demo module: load() fills Musterstadt, load_second()
        # (where there is one) Beispieldorf; core comes first, each app in its own
        # transaction. The command names both alliances itself, so it is no
        # AllianceCommand (which would run it once per alliance).
        modules = _demo_modules()
        with tenancy.activate(_musterstadt()) as alliance:
            self.stdout.write(f"{alliance.name} ({alliance.slug}):")
            for label, module in modules:
                with transaction.atomic():
                    created = module.load()
                self.stdout.write(f"{label}: {created} new object(s)")
        with tenancy.activate(_beispieldorf()) as alliance:
            self.stdout.write(f"{alliance.name} ({alliance.slug}):")
            for label, module in modules:
                load_second = _second(label, module)
                if load_second is None:
                    continue
                with transaction.atomic():
                    created = load_second()
                self.stdout.write(f"{label}: {created} new object(s)")


def _demo_modules() -> list[tuple[str, ModuleType]]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("familienrathaus."):
            continue
        try:
            module = import_module(f"{config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.demo":
                raise
            continue
        modules.append((config.label, module))
    return modules


def _second(label: str, module: ModuleType) -> Any:
    """Beispieldorf's loader of an app: ``demo.load_second``, or ``load`` of the app's
    ``demo_second`` module where the second alliance's data has a module of its own."""
    if hasattr(module, "load_second"):
        return module.load_second
    try:
        second = import_module(module.__name__.removesuffix(".demo") + ".demo_second")
    except ModuleNotFoundError as exc:
        if not str(exc.name).endswith(".demo_second"):
            raise
        return None
    return second.load


def _musterstadt() -> Alliance:
    """The install's first alliance, named Musterstadt (it keeps the plain address)."""
    slug, name = FIRST
    alliance = tenancy.first()
    if alliance is None:  # an empty database, before core's migrations made one
        return tenancy.create(slug=slug, name=name)
    if (alliance.slug, alliance.name) == FIRST:
        return alliance
    alliance.slug, alliance.name = slug, name
    alliance.full_clean()
    alliance.save()
    return alliance


def _beispieldorf() -> Alliance:
    slug, name = SECOND
    existing = Alliance.objects.filter(slug=slug).first()
    return existing or tenancy.create(slug=slug, name=name)
