from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmployersConfig(AppConfig):
    name = "familienrathaus.employers"
    label = "employers"
    verbose_name = _("family-conscious employers")
    # An optional part of the site (core.parts): its URL namespaces.
    part_namespaces = ("employers",)

    def ready(self) -> None:
        from familienrathaus.core import tenancy
        from familienrathaus.core.backoffice import Section, Tile, register
        from familienrathaus.core.navigation import NavItem, register_account
        from familienrathaus.core.navigation import register as register_nav
        from familienrathaus.employers import (  # noqa: F401  (personal_data registers itself)
            library,  # the criteria catalogue in the template library
            permissions,
            personal_data,
            tasks,  # periodic: reminders before expiry and of annual checks
            workshop_gate,
        )
        from familienrathaus.employers.services import catalogue
        from familienrathaus.events import gates

        tenancy.on_create(catalogue.seed_alliance)
        gates.register(workshop_gate.workshop_refusal)
        register_nav(NavItem(_("Family-conscious employers"), "employers:public-list", order=75))
        register_account(NavItem(_("My employer"), "employers:team-home", order=40))
        for tile in (
            Tile(
                _("FAMILIENbewusste Unternehmen"),
                _(
                    "Rounds of the employers' programme: applications and admission, "
                    "workshops, jury, criteria catalogue."
                ),
                "employers:manage-rounds",
                permissions.can_manage,
                order=60,
                section=Section.CONTENT,
            ),
            Tile(
                _("Employers: evaluation"),
                _("Review self-assessments, measures and evidence; decide; certificates."),
                "employers:review-list",
                permissions.can_manage,
                order=61,
                section=Section.CONTENT,
            ),
        ):
            register(tile)
