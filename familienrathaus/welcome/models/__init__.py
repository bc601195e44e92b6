"""The welcome for newborns (Babybegrüßung): the shared data model of issue 19
(``/work/SPEC_WELCOME.md``).

A family registers its newborn (:class:`Registration`, online or recorded by staff);
a coordinator checks it, prepares a package from the stock (:class:`StockItem`,
:class:`StockMovement`), hands it over at an appointment (:class:`Slot`), posts it or
visits; approves and pays the welcome grant (:class:`Grant`, :class:`Payment`,
:class:`TransferBatch`). The family's secret link (``Registration.guide_token``) opens
its guide; it may ask for follow-up mails (:class:`FollowUp`) and pass a wish for a
Kita place on (:class:`KitaInterest`). Deleted personal data leaves its numbers in
:class:`MonthlyCount`. The coordinator's settings are one row of
:class:`WelcomeSettings`.
"""

from familienrathaus.welcome.models.family import (
    FollowUp,
    FollowUpSent,
    KitaInterest,
    KitaPreference,
)
from familienrathaus.welcome.models.money import Grant, MonthlyCount, Payment, TransferBatch
from familienrathaus.welcome.models.registrations import Registration, Slot
from familienrathaus.welcome.models.settings import WelcomeSettings
from familienrathaus.welcome.models.stock import StockItem, StockMovement

__all__ = [
    "FollowUp",
    "FollowUpSent",
    "Grant",
    "KitaInterest",
    "KitaPreference",
    "MonthlyCount",
    "Payment",
    "Registration",
    "Slot",
    "StockItem",
    "StockMovement",
    "TransferBatch",
    "WelcomeSettings",
]
