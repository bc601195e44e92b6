"""Writes of the holiday programme. Views, the API, tasks and the lottery call these.

Places are handed out through :mod:`familienrathaus.core.capacity`: the occasion is the
pool, and everything that takes, frees or moves its places (booking, cancelling,
offering a freed place to the next on the waiting list, letting an offer expire,
placing the lottery's result) happens inside the occasion's lock, counting the booking
rows themselves. On PostgreSQL a booking locks the *child* first (so two tabs of one
family cannot break the per-child rules), then the occasion; every writer that locks
both does so in this order. On SQLite each write transaction holds the database's lock.

The package is split by subject; callers keep using ``holidays.services.<name>``:

- :mod:`.common`: the refusal (:class:`BookingRefused`), mails, counting places;
- :mod:`.programme`: periods, activities, occasions;
- :mod:`.children`: children and their sensitive data;
- :mod:`.booking`: booking, cancelling, the waiting list, the lottery's placements;
- :mod:`.reminders`: occasions below their minimum, reminders;
- :mod:`.reductions`: reduced fees;
- :mod:`.invoices`: invoices and payments.

To replace a function in a test, patch it where it is called (its submodule).
"""

from familienrathaus.holidays.services.booking import (
    PlacementResult,
    _offer_free_places,
    accept_offer,
    book,
    can_cancel,
    cancel_booking,
    check_booking_rules,
    expire_offers,
    mail_participants,
    place_children,
    set_attendance,
    waitlist_position,
)
from familienrathaus.holidays.services.children import (
    CHILD_FIELDS,
    delete_child,
    purge_sensitive_data,
    save_child,
)
from familienrathaus.holidays.services.common import (
    CENT,
    BookingRefused,
    Status,
    my_bookings_url,
)
from familienrathaus.holidays.services.invoices import (
    _family_fees,
    fees_not_invoiced,
    invoice_lines,
    issue_invoices,
    mark_paid,
)
from familienrathaus.holidays.services.programme import (
    cancel_occasion,
    change_activity,
    create_activity,
    save_occasion,
    save_period,
    update_activity,
)
from familienrathaus.holidays.services.reductions import (
    add_reduction_kind,
    check_reduction,
    claim_reduction,
)
from familienrathaus.holidays.services.reminders import flag_below_minimum, send_reminders

__all__ = [
    "CENT",
    "CHILD_FIELDS",
    "BookingRefused",
    "PlacementResult",
    "Status",
    "_family_fees",
    "_offer_free_places",
    "accept_offer",
    "add_reduction_kind",
    "book",
    "can_cancel",
    "cancel_booking",
    "cancel_occasion",
    "change_activity",
    "check_booking_rules",
    "check_reduction",
    "claim_reduction",
    "create_activity",
    "delete_child",
    "expire_offers",
    "fees_not_invoiced",
    "flag_below_minimum",
    "invoice_lines",
    "issue_invoices",
    "mail_participants",
    "mark_paid",
    "my_bookings_url",
    "place_children",
    "purge_sensitive_data",
    "save_child",
    "save_occasion",
    "save_period",
    "send_reminders",
    "set_attendance",
    "update_activity",
    "waitlist_position",
]
