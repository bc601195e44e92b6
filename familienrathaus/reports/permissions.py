"""Who may use the reports. Views, downloads and the API ask only these.

The reports are for **coordinators**: they show the whole town across every app.
Partner staff, families and visitors get nothing (the views answer 404, never 403,
the API 403).
"""

from __future__ import annotations

from familienrathaus.core.permissions import AnyUser


def _coordinator(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and getattr(user, "is_coordinator", False))


def can_view_reports(user: AnyUser) -> bool:
    """The dashboard, the district gap report and the annual report."""
    return _coordinator(user)


def can_manage_districts(user: AnyUser) -> bool:
    """Outlines, children per age band and postcodes of the districts."""
    return _coordinator(user)


def can_use_reports_api(user: AnyUser) -> bool:
    """The district figures and key figures as JSON (/api/v1/reports)."""
    return _coordinator(user)
