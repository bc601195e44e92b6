from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotteryConfig(AppConfig):
    name = "familienrathaus.lottery"
    label = "lottery"
    verbose_name = _("Holiday programme lottery")

    def ready(self) -> None:
        from familienrathaus.core.backoffice import Tile, register
        from familienrathaus.lottery import permissions

        register(
            Tile(
                _("Holiday lottery"),
                _("Priority groups, lottery runs with preview, confirmation of the places."),
                "lottery:home",
                permissions.can_run_lottery,
                order=46,
            )
        )
