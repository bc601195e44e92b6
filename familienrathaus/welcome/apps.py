from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeConfig(AppConfig):
    name = "familienrathaus.welcome"
    label = "welcome"
    verbose_name = _("welcome for newborns (Babybegrüßung)")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("welcome",)

    def ready(self) -> None:
        # tiles: navigation, start page and back-office tiles;
        # tasks: periodic tasks (the daily follow-up mails)
        # notices: low stock on the back-office dashboard; services.slots: the .ics of
        # the appointment mail (an outbox attachment provider)
        from familienrathaus.core import tenancy
        from familienrathaus.welcome import notices, tasks, tiles  # noqa: F401
        from familienrathaus.welcome.services import settings, slots  # noqa: F401

        tenancy.on_create(settings.seed_alliance)
