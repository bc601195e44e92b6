from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "familienrathaus.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from familienrathaus.core import backoffice, navigation, registries
        from familienrathaus.partners import permissions, selectors

        registries.provide_organisations(selectors.organisations_of)

        navigation.register(navigation.NavItem(_("Partners"), "partners:list", order=40))
        backoffice.register(
            backoffice.Tile(
                _("Partner organisations"),
                _("Profiles, addresses and contact persons of the partner organisations."),
                "partners:backoffice_list",
                permissions.can_use_partner_backoffice,
                order=40,
            )
        )
