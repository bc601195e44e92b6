"""``manage.py createsuperuser``: Django's. The account is an operator of the install
(``is_superuser``: logs in on every alliance's site) and the administrator of one
alliance (core.tenancy): the one named by ``--alliance SLUG``, else the install's first."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.management.commands import createsuperuser
from django.core.management.base import CommandError, CommandParser

from familienrathaus.core import tenancy


class Command(createsuperuser.Command):
    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--alliance",
            metavar="SLUG",
            help="The alliance it administers (default: the first).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        slug = options.pop("alliance", None)
        alliance = tenancy.Alliance.objects.filter(slug=slug).first() if slug else tenancy.first()
        if alliance is None:
            raise CommandError(f"No alliance has the short name {slug!r}.")
        with tenancy.activate(alliance):
            super().handle(*args, **options)
