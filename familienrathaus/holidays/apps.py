from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidaysConfig(AppConfig):
    name = "familienrathaus.holidays"
    label = "holidays"
    verbose_name = _("Holiday programme")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("holidays", "lottery")
    part_apps = ("lottery",)  # the lottery belongs to the holiday programme

    def ready(self) -> None:
        # tiles and navigation, tasks, and the invoice mail's PDF attachment (pdf)
        from familienrathaus.holidays import pdf, tasks, tiles  # noqa: F401
