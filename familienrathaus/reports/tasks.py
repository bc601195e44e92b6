"""Background tasks of the reports: the annual report's PDF build (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from familienrathaus.core import jobs
from familienrathaus.reports.services import annual


@jobs.provides(annual.BUILD)
@task()
def build_annual_report(report_id: int) -> str:
    """Build the PDF of a queued annual report; returns its status."""
    return str(annual.run_build(report_id=report_id).status)
