"""The holiday programme (Ferienspaß): periods, activities, occasions, children, bookings.

A :class:`Period` is one holiday (e.g. "Sommerferien 2027") with its phases and rules.
Partners submit :class:`Activity` records (reviewed like offers, core/review.py); each
activity has one or more :class:`Occasion` rows, the bookable units with places, ages
and fees, and each occasion has one or more :class:`OccasionDate` rows (a single day,
several days, or one row spanning a trip with nights).

Families keep their children (:class:`Child`) in their account and book them onto
occasions (:class:`Booking`). The occasion is the capacity *pool* (core/capacity.py):
confirmed bookings and places held for someone (``offered``) take places; the waiting
list is the ``waitlisted`` bookings in the order of ``queued_at`` then ``id``.

The models live in three modules: :mod:`.programme` (periods, reduction kinds,
activities, occasions, dates), :mod:`.families` (children, bookings, reduction claims)
and :mod:`.invoices`; payments of invoices are in :mod:`familienrathaus.holidays.payment_models`.
"""

from familienrathaus.holidays.models.families import Booking, Child, ReductionClaim
from familienrathaus.holidays.models.invoices import Invoice, InvoiceCounter
from familienrathaus.holidays.models.programme import (
    Activity,
    Occasion,
    OccasionDate,
    Period,
    ReductionKind,
    _feed_token,
)

# Last: the payment models import Invoice from this package.
from familienrathaus.holidays.payment_models import (
    InvoiceReminder,
    Payment,
    PaymentImport,
)

__all__ = [
    "Activity",
    "Booking",
    "Child",
    "Invoice",
    "InvoiceCounter",
    "InvoiceReminder",
    "Occasion",
    "OccasionDate",
    "Payment",
    "PaymentImport",
    "Period",
    "ReductionClaim",
    "ReductionKind",
    "_feed_token",
]
