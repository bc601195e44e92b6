from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "familienrathaus.search"
    label = "search"
    verbose_name = _("Full-text search")

    def ready(self) -> None:
        from familienrathaus.search import postgres  # noqa: F401  registers its backend
