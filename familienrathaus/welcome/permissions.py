"""Who may do what in the welcome for newborns. Views, downloads and the API ask only
these (and the ``get_*_or_404`` helpers in ``selectors/``).

- **Coordinators** run everything: registrations, checks, packages, stock, slots,
  grants, payments, SEPA files, Kita interests, reports, settings.
- The **Kita office**: the accounts listed in ``WelcomeSettings.kita_office_users`` (any
  role) see the list of Kita interests and its export, nothing else of the app.
- **Partner staff and families** never see registrations. A family reaches its own guide,
  appointment choice, Kita interest and follow-up mails only by its secret links.

Whatever a person may not see answers 404, never 403.
"""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser
from familienrathaus.welcome.models import WelcomeSettings


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_manage(user: AnyUser) -> bool:
    """Coordinators: everything of the welcome."""
    return bool(_active(user) and getattr(user, "is_coordinator", False))


def is_kita_office(user: AnyUser) -> bool:
    """The account is one of the Kita office's (listed in the settings)."""
    if not _active(user):
        return False
    return WelcomeSettings.objects.filter(kita_office_users=user.pk).exists()


def can_see_kita_interests(user: AnyUser) -> bool:
    """Coordinators and the Kita office's accounts: the Kita interests and their export."""
    return can_manage(user) or is_kita_office(user)


def can_manage_payments(user: AnyUser) -> bool:
    """Coordinators: approve, pay, make SEPA files."""
    return can_manage(user)


def is_kita_office_only(user: AnyUser) -> bool:
    """A Kita office account that does not run the welcome (coordinators reach the
    Kita wishes from the desk)."""
    return is_kita_office(user) and not can_manage(user)


def can_edit_settings(user: AnyUser) -> bool:
    return can_manage(user)


def can_record_registration(user: AnyUser) -> bool:
    """Staff who record a registration from a visit, a phone call or a paper form."""
    return can_manage(user)
