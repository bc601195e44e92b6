from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "familienrathaus.offers"
    label = "offers"
    verbose_name = _("Family guide")

    def ready(self) -> None:
        from familienrathaus.core import registries
        from familienrathaus.offers import renames, tasks, tiles  # noqa: F401  tiles, navigation, tasks

        registries.on_renamed(renames.reindex_offers_named_by)
