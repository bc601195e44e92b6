from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "familienrathaus.ideas"
    label = "ideas"
    verbose_name = _("ideas of the Familienbeirat")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("ideas",)

    def ready(self) -> None:
        from familienrathaus.ideas import tiles  # noqa: F401
