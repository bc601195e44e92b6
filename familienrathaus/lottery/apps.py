from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotteryConfig(AppConfig):
    name = "familienrathaus.lottery"
    label = "lottery"
    verbose_name = _("Holiday programme lottery")

    def ready(self) -> None:
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.holidays import links as programme_links
        from familienrathaus.lottery import links, permissions, tasks  # noqa: F401  tasks, jobs

        programme_links.register(links.programme_links)
        programme_links.register_backoffice(links.backoffice_links)

        register(
            Tile(
                _("Holiday lottery"),
                _("Priority groups, lottery runs with preview, confirmation of the places."),
                "lottery:home",
                permissions.can_run_lottery,
                order=46,
                section=Section.HOLIDAYS,
            )
        )
