"""Minutes as a tagged PDF (PDF/UA, WeasyPrint) in the site's print layout."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from familienrathaus.core import selectors as core_selectors
from familienrathaus.guide.printing import render_pdf
from familienrathaus.network import marks
from familienrathaus.network.models import Minutes
from familienrathaus.network.selectors import minutes as selectors

STYLESHEETS = ["network/minutes_pdf.css"]


def render_minutes(minutes: Minutes) -> bytes:
    """The minutes with attendance, sections (decisions and tasks marked), the lists of
    decisions and tasks, and every addendum; a draft says so on every page."""
    present, excused = selectors.attendance(minutes)
    html = render_to_string(
        "network/pdf/minutes.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "group": minutes.meeting.group,
            "sections": [(s, marks.render(s.body)) for s in selectors.sections(minutes)],
            "present": present,
            "excused": excused,
            "decisions": minutes.decisions.order_by("position", "pk"),
            "tasks": minutes.tasks.select_related("owner").order_by("pk"),
            "addenda": minutes.addenda.select_related("author"),
            "site": core_selectors.site_settings(),
            "language": translation.get_language(),
            "today": timezone.localdate(),
        },
    )
    return render_pdf(html, stylesheets=STYLESHEETS).content
