"""Pages of a group's meetings: list, plan, change, cancel, agenda, replies, attendance.

Every address starts from ``get_group_or_404``: whoever is not a member of the group
gets "not found" (never "forbidden"), so a group's existence does not leak. Steps only
leads may take answer 404 to other members as well (they see no such button).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.downloads import content_disposition
from familienrathaus.core.forms import add_errors
from familienrathaus.network import forms_meetings as forms
from familienrathaus.network import ical, permissions
from familienrathaus.network.models import Group, Meeting, Reply
from familienrathaus.network.selectors import meetings as selectors
from familienrathaus.network.selectors.groups import get_group_or_404
from familienrathaus.network.services import meetings as services
from familienrathaus.network.services import replies


def _lead_group(request: HttpRequest, slug: str) -> Group:
    group = get_group_or_404(request.user, slug)
    if not permissions.can_lead(request.user, group):
        raise Http404
    return group


def _to_meeting(meeting: Meeting, anchor: str = "") -> HttpResponse:
    response = redirect("network:meeting", slug=meeting.group.slug, pk=meeting.pk)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@login_required
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    upcoming, past = selectors.group_meetings(group)
    return render(
        request,
        "network/meetings/list.html",
        {
            "group": group,
            "upcoming": upcoming,
            "past": past[:50],
            "may_lead": permissions.can_lead(request.user, group),
        },
    )


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    group = _lead_group(request, slug)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(
                actor=request.user,  # type: ignore[arg-type]
                group=group,
                invite=form.cleaned_data["invite"],
                **form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if form.cleaned_data["invite"]:
                messages.success(request, _("The meeting is planned; the members are invited."))
            else:
                messages.success(request, _("The meeting is planned."))
            return _to_meeting(meeting)
    return render(
        request,
        "network/meetings/form.html",
        {"group": group, "form": form, "meeting": None},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    return _detail(request, meeting)


def _detail(
    request: HttpRequest,
    meeting: Meeting,
    *,
    reply_form: forms.ReplyForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    group = meeting.group
    mine = selectors.reply_of(user, meeting)
    if reply_form is None:
        initial = {}
        if mine is not None:
            initial = {
                "answer": mine.answer,
                "delegate": mine.delegate_id,
                "delegate_name": "" if mine.delegate_id else mine.delegate_name,
            }
        reply_form = forms.ReplyForm(
            initial=initial,
            colleagues=replies.colleagues(user, group),  # type: ignore[arg-type]
        )
    may_lead = permissions.can_lead(user, group)
    grouped = selectors.replies(meeting)
    return render(
        request,
        "network/meetings/detail.html",
        {
            "group": group,
            "meeting": meeting,
            "items": list(meeting.items.all()),
            "mine": mine,
            "reply_form": reply_form,
            "reply_groups": [(label, grouped[value]) for value, label in Reply.Answer.choices],
            "not_answered": selectors.not_answered(meeting),
            "may_lead": may_lead,
            "may_write": permissions.can_write(user, group),
            "may_publish": services.can_publish(user, meeting),
            "carry_count": len(services.carry_over_candidates(meeting)) if may_lead else 0,
            "open": meeting.status == Meeting.Status.PLANNED,
        },
        status=status,
    )


@login_required
@require_POST
def meeting_reply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    form = forms.ReplyForm(
        request.POST,
        colleagues=replies.colleagues(request.user, group),  # type: ignore[arg-type]
    )
    if form.is_valid():
        try:
            replies.reply(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                answer=form.cleaned_data["answer"],
                delegate=form.cleaned_data.get("delegate"),
                delegate_name=form.cleaned_data["delegate_name"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Thank you, your reply is saved."))
            return _to_meeting(meeting, "antwort")
    return _detail(request, meeting, reply_form=form, status=400)


@login_required
def meeting_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    if meeting.status == Meeting.Status.CANCELLED:
        messages.error(request, _("This meeting was cancelled and can no longer be changed."))
        return _to_meeting(meeting)
    form = forms.MeetingForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        sequence = meeting.sequence
        try:
            changed = services.update_meeting(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                values=form.values(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if changed.sequence > sequence and changed.starts_at != meeting.starts_at:
                messages.success(request, _("The meeting is moved; the members are told."))
            else:
                messages.success(request, _("The meeting is saved."))
            return _to_meeting(changed)
    return render(
        request,
        "network/meetings/form.html",
        {"group": group, "form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


@login_required
def meeting_cancel(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    if request.method == "POST":
        services.cancel_meeting(actor=request.user, meeting=meeting)  # type: ignore[arg-type]
        messages.success(request, _("The meeting is cancelled; the members are told."))
        return _to_meeting(meeting)
    return render(request, "network/meetings/cancel.html", {"group": group, "meeting": meeting})


@login_required
@require_POST
def meeting_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    if not services.can_publish(request.user, meeting):
        raise Http404
    services.publish_as_event(actor=request.user, meeting=meeting)  # type: ignore[arg-type]
    messages.success(request, _("The meeting is now in the public event calendar."))
    return _to_meeting(meeting)


@login_required
def meeting_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The meeting as a calendar entry for the member's own calendar."""
    group = get_group_or_404(request.user, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    content = ical.invitation(
        meeting,
        attendee=request.user.email,  # type: ignore[union-attr]
        name=request.user.name,  # type: ignore[union-attr]
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition(f"{meeting.title}.ics")
    return response


# ------------------------------------------------------------------ agenda


@login_required
def item_form(request: HttpRequest, slug: str, pk: int, item_id: int | None = None) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    item = selectors.get_item_or_404(meeting, item_id) if item_id else None
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "title": item.title,
            "owner": item.owner_id,
            "minutes_planned": item.minutes_planned,
            "notes": item.notes,
            "documents": [d.pk for d in item.documents.all()],
        }
    form = forms.AgendaItemForm(request.POST or None, group=group, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_item(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                item=item,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The agenda is saved."))
            return _to_meeting(meeting, "tagesordnung")
    return render(
        request,
        "network/meetings/item_form.html",
        {"group": group, "meeting": meeting, "item": item, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def item_delete(request: HttpRequest, slug: str, pk: int, item_id: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    item = selectors.get_item_or_404(meeting, item_id)
    services.delete_item(actor=request.user, item=item)  # type: ignore[arg-type]
    messages.success(request, _("The item is removed from the agenda."))
    return _to_meeting(meeting, "tagesordnung")


@login_required
@require_POST
def item_move(request: HttpRequest, slug: str, pk: int, item_id: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    item = selectors.get_item_or_404(meeting, item_id)
    services.move_item(
        actor=request.user,  # type: ignore[arg-type]
        item=item,
        up=request.POST.get("direction") == "up",
    )
    return _to_meeting(meeting, f"punkt-{item.pk}")


@login_required
def carry_over(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    group = _lead_group(request, slug)
    meeting = selectors.get_meeting_or_404(group, pk)
    candidates = services.carry_over_candidates(meeting)
    form = forms.CarryOverForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        items = services.carry_over(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            tasks=form.cleaned_data["tasks"],
        )
        messages.success(
            request, _("%(count)d open tasks are on the agenda now.") % {"count": len(items)}
        )
        return _to_meeting(meeting, "tagesordnung")
    return render(
        request,
        "network/meetings/carry_over.html",
        {"group": group, "meeting": meeting, "form": form, "candidates": candidates},
        status=400 if form.errors else 200,
    )


# ------------------------------------------------------------------ attendance


@login_required
def attendance(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The list to tick on a phone at the door: one big line per person."""
    group = get_group_or_404(request.user, slug)
    if not permissions.can_write(request.user, group):
        raise Http404
    meeting = selectors.get_meeting_or_404(group, pk)
    if meeting.status == Meeting.Status.CANCELLED:
        messages.error(request, _("This meeting was cancelled."))
        return _to_meeting(meeting)
    guest_form = forms.GuestForm()
    status = 200
    if request.method == "POST" and "name" in request.POST:
        guest_form = forms.GuestForm(request.POST)
        if guest_form.is_valid():
            replies.add_guest(
                actor=request.user,  # type: ignore[arg-type]
                meeting=meeting,
                **guest_form.cleaned_data,
            )
            messages.success(
                request,
                _("%(name)s is on the list as present.")
                % {"name": guest_form.cleaned_data["name"]},
            )
            return redirect("network:meeting-attendance", slug=group.slug, pk=meeting.pk)
        status = 400
    elif request.method == "POST":
        count = replies.save_attendance(
            actor=request.user,  # type: ignore[arg-type]
            meeting=meeting,
            present=set(request.POST.getlist("present")),
        )
        messages.success(request, _("Attendance saved: %(count)d present.") % {"count": count})
        return redirect("network:meeting-attendance", slug=group.slug, pk=meeting.pk)
    people = replies.attendance_list(meeting)
    return render(
        request,
        "network/meetings/attendance.html",
        {
            "group": group,
            "meeting": meeting,
            "people": people,
            "present_count": sum(1 for p in people if p.present),
            "guest_form": guest_form,
        },
        status=status,
    )
