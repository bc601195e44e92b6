"""The annual report as a tagged PDF/UA (WeasyPrint, via ``guide.printing``).

A title page, the contents, the foreword, then each section with the coordinator's
text, its figures against the year before, its charts with their tables unfolded, and
at the end the district gap map with its table. Fonts and the stylesheet are the site's
own static files; rendering never opens a network connection.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import Renderer
from familienrathaus.reports.models import AnnualReport
from familienrathaus.reports.selectors import annual

STYLESHEETS = ["reports/annual-print.css"]
# Progress (percent) when the figures are read, when the layout starts and ends.
FIGURES_FROM, LAYOUT_AT, WRITING_AT = 5, 60, 95
# Pages a report usually has (title, contents, a page or two per section).
EXPECTED_PAGES = 16


def html(report: AnnualReport, *, on_progress: Callable[[int], None] | None = None) -> str:
    """The report's HTML for WeasyPrint (also checked by axe in the tests)."""
    tell = on_progress or (lambda percent: None)
    tell(FIGURES_FROM)

    def on_section(done: int, total: int) -> None:
        tell(FIGURES_FROM + (LAYOUT_AT - FIGURES_FROM) * done // total)

    data = annual.annual_data(report.year, texts=report.texts or {}, on_section=on_section)
    for section in data.sections:
        for chart in section.charts:
            chart.table_open = True
    return render_to_string(
        "reports/annual/pdf.html",
        {
            "data": data,
            "title": annual.document_title(report.year),
            "site": core_selectors.site_settings(),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "today": timezone.localdate(),
        },
    )


def render(report: AnnualReport, *, on_progress: Callable[[int], None] | None = None) -> bytes:
    tell = on_progress or (lambda percent: None)
    document = html(report, on_progress=tell)
    tell(LAYOUT_AT)

    def on_page(number: int) -> None:
        pages = min(number, EXPECTED_PAGES)
        tell(LAYOUT_AT + (WRITING_AT - LAYOUT_AT) * pages // EXPECTED_PAGES)

    renderer = Renderer(STYLESHEETS)
    laid_out = renderer.layout(document, on_page=on_page)
    tell(WRITING_AT)
    return renderer.write([laid_out]).content
