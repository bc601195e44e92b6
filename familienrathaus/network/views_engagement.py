"""Engagement figures and handing over, for coordinators (points 7 and 8 of issue 17)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familienrathaus.core import exports
from familienrathaus.core.models import User
from familienrathaus.network import forms_groups, permissions
from familienrathaus.network.selectors import engagement as selectors
from familienrathaus.network.services import handover as services


def _day(value: Any) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATE_FORMAT") if value else ""


def _tables() -> dict[str, tuple[str, list[str], list[list[Any]]]]:
    """The three lists as (title, header, rows), for the page's downloads."""
    meetings, attendance = selectors.plenary_attendance()
    yes, no = _("present"), _("absent")
    attendance_rows = [
        [row.organisation.name, *[yes if p else no for p in row.present], row.count]
        for row in attendance
    ]
    header = [
        _("Organisation"),
        *[f"{m.title} ({_day(m.starts_at)})" for m in meetings],
        _("present (of %(n)s)") % {"n": len(meetings)},
    ]
    unseen = [
        [row.organisation.name, _day(row.last_seen) or _("never")]
        for row in selectors.unseen_partners()
    ]
    quiet = [
        [q.group.name, q.group.get_kind_display(), _day(q.last_meeting) or _("never")]
        for q in selectors.quiet_groups()
    ]
    return {
        "attendance": (_("Alliance meetings"), header, attendance_rows),
        "unseen": (_("Not seen for a year"), [_("Organisation"), _("last seen")], unseen),
        "quiet": (
            _("Groups without meetings"),
            [_("Group"), _("Kind"), _("last meeting")],
            quiet,
        ),
    }


@login_required
def engagement(request: HttpRequest) -> HttpResponse:
    if not permissions.can_manage_groups(request.user):
        raise Http404
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        tables = _tables()
        if file_format == "xlsx":
            first, *rest = tables.values()
            return exports.xlsx_response(
                "engagement", first[1], first[2], title=str(first[0]), sheets=rest
            )
        chosen = request.GET.get("list", "attendance")
        if chosen not in tables:
            raise Http404
        _title, header, rows = tables[chosen]
        return exports.csv_response(f"engagement-{chosen}", header, rows)
    meetings, attendance = selectors.plenary_attendance()
    return render(
        request,
        "network/engagement/overview.html",
        {
            "meetings": meetings,
            "attendance": attendance,
            "unseen": selectors.unseen_partners(),
            "quiet": selectors.quiet_groups(),
            "unseen_days": selectors.UNSEEN_DAYS,
        },
    )


@login_required
def handover(request: HttpRequest) -> HttpResponse:
    """Choose predecessor and successor, see what passes on, then confirm."""
    if not permissions.can_manage_groups(request.user):
        raise Http404
    form = forms_groups.HandoverForm(request.POST or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "1":
            try:
                done = services.hand_over(
                    actor=request.user,  # type: ignore[arg-type]
                    from_user=data["from_user"],
                    to_user=data["to_user"],
                    keep_access=data["keep_access"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    _("%(to)s has taken over from %(from)s.")
                    % {"to": done.to_user, "from": done.from_user},
                )
                # Who handed over their own role is no coordinator any more.
                me = User.objects.filter(pk=request.user.pk or 0).first()
                if permissions.can_manage_groups(me):
                    return redirect("network:handover")
                return redirect("core:account")
        else:
            preview = selectors.handover_preview(from_user=data["from_user"])
    return render(
        request,
        "network/engagement/handover.html",
        {
            "form": form,
            "preview": preview,
            "recent": selectors.recent_handovers(),
        },
        status=400 if form.errors else 200,
    )
