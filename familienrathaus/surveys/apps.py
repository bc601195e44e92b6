from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "familienrathaus.surveys"
    label = "surveys"
    verbose_name = _("surveys and the Familienbeirat")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("surveys",)

    def ready(self) -> None:
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.surveys import (  # noqa: F401  start page, daily sweep (S2)
            home,
            library,  # the survey kind of the template library
            permissions,
            tasks,  # retention of answers (S3)
            tasks_answering,
        )

        register(
            Tile(
                _("Surveys"),
                _(
                    "Build parent surveys, hand out links, QR codes and invitation codes, "
                    "read the results."
                ),
                "surveys:manage-list",
                permissions.can_manage_surveys,
                order=44,
                section=Section.COMMUNICATION,
            )
        )
