from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "familienrathaus.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from familienrathaus.core import (  # noqa: F401  registers tiles, tasks, jobs
            backoffice_tiles,
            services,
            tasks,
            tenancy,
        )

        tenancy.on_create(services.seed_alliance)
