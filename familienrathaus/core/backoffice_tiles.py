from django.utils.translation import gettext_lazy as _

from familienrathaus.core import permissions
from familienrathaus.core.backoffice import Section, Tile, register
from familienrathaus.core.navigation import NavItem
from familienrathaus.core.navigation import register as register_nav

register_nav(NavItem(_("Home"), "core:home", order=0))

register(
    Tile(
        _("Site settings"),
        _("Name, logo, colours, contact and social media of the alliance."),
        "core:site_settings",
        permissions.can_edit_site_settings,
        order=10,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("Team"),
        _("Coordinators and administrators: add a person, also from another alliance."),
        "core:team",
        permissions.can_manage_team,
        order=15,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("Pages"),
        _("Imprint, privacy policy, accessibility statement and easy language."),
        "core:legal_pages",
        permissions.can_edit_legal_pages,
        order=20,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("Accessibility feedback"),
        _("Barriers reported through the accessibility statement."),
        "core:feedback_list",
        permissions.can_read_accessibility_feedback,
        order=30,
        section=Section.COMMUNICATION,
    )
)
register(
    Tile(
        _("Outgoing e-mails"),
        _("Every e-mail the site sends, with its status."),
        "core:outbox",
        permissions.can_manage_outbox,
        order=80,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("Audit log"),
        _("Who changed what and when."),
        "core:audit_log",
        permissions.can_read_audit_log,
        order=90,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("API tokens"),
        _("Personal tokens for the programming interface."),
        "core:api_tokens",
        permissions.can_manage_own_api_tokens,
        order=95,
        section=Section.ADMINISTRATION,
    )
)
register(
    Tile(
        _("Import"),
        _("Partners and offers from CSV or Excel files, checked before anything is saved."),
        "core:import_index",
        permissions.can_import,
        order=70,
    )
)
register(
    Tile(
        _("Themes, audiences and districts"),
        _("The lists offers are tagged with: themes, audiences, districts and languages."),
        "core:vocabularies",
        permissions.can_edit_vocabularies,
        order=60,
    )
)
register(
    Tile(
        _("Translations"),
        _(
            "Content whose German text has no translation into the chosen language yet. "
            "Families reading that language see the German text in its place."
        ),
        "core:translations",
        permissions.can_see_missing_translations,
        order=65,
    )
)
