"""Daily work of the programme (registered through ``core.periodic``): the reminder three
months before a certificate ends, and the reminder of the annual checks."""

from __future__ import annotations

from familienrathaus.core import periodic
from familienrathaus.employers.services import certificates


@periodic.every(periodic.DAY)
def remind_certificate_expiry() -> int:
    """Each team once, three months before its certificate ends."""
    return certificates.send_expiry_reminders()


@periodic.every(periodic.DAY)
def remind_annual_checks() -> int:
    """Each open annual check once, a month before it is due."""
    return certificates.send_annual_check_reminders()
