"""The reports hold nothing about a family or a partner's staff: districts as areas with
counts of residents and children, postcodes, and the annual report of aggregate figures.
The annual report's ``updated_by`` is the coordinator's account that last saved it; it
becomes empty when that account is deleted (``SET_NULL``)."""

from __future__ import annotations

from familienrathaus.core.personal_data import not_personal

not_personal("reports.districtarea", "a district's outline, kind and a note about the place")
not_personal("reports.districtpopulation", "counts of residents and children of a district")
not_personal("reports.postcodedistrict", "which district a postcode belongs to")
not_personal(
    "reports.annualreport",
    "the alliance's yearly report: aggregate figures, the coordinators' texts and its PDF; "
    "the last editor's account is set empty when the account is deleted",
)
