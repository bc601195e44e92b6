from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "familienrathaus.news"
    label = "news"
    verbose_name = _("News and publications")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("news",)

    def ready(self) -> None:
        from familienrathaus.news import publications, socialkit, tiles  # noqa: F401

        socialkit._register_builtin()
