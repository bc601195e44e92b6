"""The results of a survey as a tagged PDF (WeasyPrint): every chart with its table."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import render_pdf
from familienrathaus.surveys import results_charts
from familienrathaus.surveys.models import Survey
from familienrathaus.surveys.selectors import public_results
from familienrathaus.surveys.selectors.results import Filter, survey_questions

STYLESHEETS = ["surveys/report.css"]


def render_report(
    survey: Survey, *, flt: Filter | None = None, questions: list[Any] | None = None
) -> bytes:
    if questions is None:
        questions = survey_questions(survey)
    result, from_snapshot = public_results.coordinator_results(survey, flt=flt, questions=questions)
    html = render_to_string(
        "surveys/results/report_pdf.html",
        {
            "survey": survey,
            "result": result,
            "from_snapshot": from_snapshot,
            "items": results_charts.questions(result, table_open=True),
            "channel_chart": results_charts.channel_chart(result, table_open=True),
            "day_chart": results_charts.day_chart(result, table_open=True),
            "flt": flt,
            "site": core_selectors.site_settings(),
            "language": translation.get_language(),
            "today": timezone.localdate(),
        },
    )
    return render_pdf(html, stylesheets=STYLESHEETS).content
