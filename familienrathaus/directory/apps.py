from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The install's directory of alliances (issue 23): on its own host
    (FRH_DIRECTORY_HOST), the listed alliances with their public offers and events."""

    name = "familienrathaus.directory"
    label = "directory"
    verbose_name = _("Directory of alliances")
