from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "familienrathaus.employers"
    label = "employers"
    verbose_name = _("family-conscious employers")
