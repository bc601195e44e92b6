"""Views of the dashboard of key figures and what needs attention today (R4).

One page for coordinators: "Heute zu tun" first, then every app's key figures of the
chosen year against the year before, and the way to the other reports.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core.views.access import require
from familienrathaus.reports import permissions
from familienrathaus.reports.forms_dashboard import YearForm
from familienrathaus.reports.selectors import attention, figures

# The other reports, as buttons (their pages come from the other parts of the app).
REPORT_LINKS = (
    ("reports:districts", "districts"),
    ("reports:gaps", "gaps"),
    ("reports:annual", "annual"),
)


def _report_links() -> list[tuple[str, str]]:
    labels = {
        "districts": _("Districts and children"),
        "gaps": _("Gaps in the districts"),
        "annual": _("Annual report"),
    }
    links = []
    for url_name, key in REPORT_LINKS:
        try:
            links.append((reverse(url_name), labels[key]))
        except NoReverseMatch:  # that part of the app is not there (yet)
            continue
    return links


@require_safe
@require(permissions.can_view_reports, hide=True)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = figures.today()
    form = YearForm(request.GET or None, years=figures.years(on=today))
    year = form.year()
    current, previous = figures.periods_for(year, on=today)
    key_figures = figures.key_figures(year, on=today)
    return render(
        request,
        "reports/dashboard/dashboard.html",
        {
            "form": form,
            "year": year,
            "current": current,
            "previous": previous,
            "year_to_date": figures.is_year_to_date(current),
            "groups": figures.by_app(key_figures),
            "attention": attention.for_user(request.user, on=today),
            "report_links": _report_links(),
        },
    )
