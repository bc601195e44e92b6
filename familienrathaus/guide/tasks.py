"""Background tasks of the printed guide, run by the worker (``manage.py worker``)."""

from __future__ import annotations

from django_tasks import task

from familienrathaus.core import jobs
from familienrathaus.guide import services


@jobs.provides(services.BUILD)
@task()
def build_guide(build_id: int) -> int:
    """Build the PDF of a queued guide build; returns its number of pages."""
    build = services.run_build(build_id=build_id)
    return build.page_count or 0
