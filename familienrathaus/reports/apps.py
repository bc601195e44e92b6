from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "familienrathaus.reports"
    label = "reports"
    verbose_name = _("reports (Berichte)")

    def ready(self) -> None:
        # tiles: the back-office tiles; tasks: the annual report's PDF build
        from familienrathaus.reports import tasks, tiles  # noqa: F401
