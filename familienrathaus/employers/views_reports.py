"""Reports across rounds for the coordinators (``/verwaltung/arbeitgeber/berichte/``):
charts with their tables; ``?format=csv`` or ``?format=xlsx`` downloads the same figures
as one table. ``?runde=<id>`` (repeatable) limits them to some rounds."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from familienrathaus.core import charts, exports
from familienrathaus.core.views.access import require
from familienrathaus.employers import permissions
from familienrathaus.employers.selectors import reports

FORMATS = {"csv", "xlsx"}


class RoundsForm(forms.Form):
    runde = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Rounds"),
        required=False,
        queryset=reports.rounds(),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: all rounds."),
    )


@require_safe
@require(permissions.can_manage)
def overview(request: HttpRequest) -> HttpResponse:
    form = RoundsForm(request.GET or None)
    selected = list(form.cleaned_data["runde"]) if form.is_bound and form.is_valid() else []
    data = reports.report(selected)
    if request.GET.get("format") in FORMATS:
        return exports.table_response(
            request.GET["format"],
            "arbeitgeber-bericht",
            reports.export_header(),
            reports.export_rows(data),
        )
    query = request.GET.copy()
    query.pop("format", None)

    def bars(rows: list[reports.Row]) -> list[tuple[str, int]]:
        return [(row.label, row.count) for row in rows]

    return render(
        request,
        "employers/reports/overview.html",
        {
            "form": form,
            "report": data,
            "query": query.urlencode(),
            "charts": {
                "sector": charts.bar_chart(
                    title=_("Certified employers by sector"),
                    bars=bars(data.by_sector),
                    total=data.certified_total,
                ),
                "size": charts.bar_chart(
                    title=_("Certified employers by size"),
                    bars=bars(data.by_size),
                    total=data.certified_total,
                ),
                "measures": charts.bar_chart(
                    title=_("Measures taken most often"),
                    bars=bars(data.measures),
                    total=data.participants_total,
                ),
                "gaps": charts.bar_chart(
                    title=_("Gaps found most often"),
                    bars=bars(data.gaps),
                    total=data.handed_in_total,
                ),
            },
        },
    )
