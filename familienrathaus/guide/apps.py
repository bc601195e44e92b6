from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "familienrathaus.guide"
    label = "guide"
    verbose_name = _("Printed family guide")

    def ready(self) -> None:
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.guide import permissions, tasks  # noqa: F401  tasks and jobs

        register(
            Tile(
                _("Printed family guide"),
                _("Build the Familienwegweiser as a PDF for print: whole, by theme or audience."),
                "guide:builds",
                permissions.can_build_guide,
                order=45,
                section=Section.COMMUNICATION,
            )
        )
