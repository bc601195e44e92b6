from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LotteryConfig(AppConfig):
    name = "familienrathaus.lottery"
    label = "lottery"
    verbose_name = _("Holiday programme lottery")
