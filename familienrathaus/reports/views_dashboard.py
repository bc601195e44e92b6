"""Views of the dashboard of key figures and what needs attention today.

One page for coordinators: "Heute zu tun" first, then every app's key figures of the
chosen year against the year before, and the way to the other reports.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from familienrathaus.core.views.access import require
from familienrathaus.reports import permissions
from familienrathaus.reports.forms_dashboard import YearForm
from familienrathaus.reports.selectors import attention, figures


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
        },
    )
