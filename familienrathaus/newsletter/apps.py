from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "familienrathaus.newsletter"
    label = "newsletter"
    verbose_name = _("Familien-Infobrief")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("newsletter",)

    def ready(self) -> None:
        from familienrathaus.newsletter import services, tasks, tiles  # noqa: F401  tasks, jobs
