"""Minutes under /werkstatt/<group>/protokolle/: begun from the agenda, written by the
members, commented, approved by a lead, then corrected only by addenda; as PDF.

Every view first finds the group among the user's own (404 for anybody else), then
asks ``permissions`` for the step. On bad input the page comes back with what was
typed and the message next to the field; a conflicting save shows the difference.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familienrathaus.core.downloads import set_download_name
from familienrathaus.network import forms_minutes, marks, pdf, permissions
from familienrathaus.network.models import Minutes
from familienrathaus.network.selectors import minutes as selectors
from familienrathaus.network.selectors.groups import get_group_or_404, visible_groups
from familienrathaus.network.services import minutes as services
from familienrathaus.network.views_groups import group_tabs


def _detail_url(minutes: Minutes, anchor: str = "") -> str:
    return services.minutes_url(minutes) + (f"#{anchor}" if anchor else "")


def _edit_url(minutes: Minutes) -> str:
    return reverse("network:minutes-edit", args=[minutes.meeting.group.slug, minutes.pk])


def _refuse(request: HttpRequest, minutes: Minutes, exc: ValidationError) -> HttpResponse:
    messages.error(request, " ".join(exc.messages))
    return redirect(_detail_url(minutes))


# --------------------------------------------------------------------------- list


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    return render(
        request,
        "network/minutes/list.html",
        {
            "group": group,
            "minutes_list": selectors.group_minutes(group),
            "meetings": selectors.meetings_without_minutes(group),
            "may_write": permissions.can_write(request.user, group),
            "tabs": group_tabs(request, group),
        },
    )


@login_required
@require_POST
def start(request: HttpRequest, slug: str, meeting: int) -> HttpResponse:
    found = selectors.get_meeting_or_404(request.user, slug, meeting)
    if not permissions.can_write(request.user, found.group):
        raise Http404
    minutes = services.start(meeting=found, actor=request.user)
    return redirect(_edit_url(minutes))


# --------------------------------------------------------------------------- one


def _detail(
    request: HttpRequest, minutes: Minutes, *, status: int = 200, **forms: Any
) -> HttpResponse:
    group = minutes.meeting.group
    user = request.user
    sections = selectors.sections(minutes)
    comments = selectors.comments_by_section(minutes)
    bound = forms.pop("comment_form", None)
    bound_section = forms.pop("comment_section", None)
    present, excused = selectors.attendance(minutes)
    may_write = permissions.can_write(user, group)
    problems = services.problems(minutes) if may_write and not minutes.is_approved else {}
    context = {
        "group": group,
        "minutes": minutes,
        "meeting": minutes.meeting,
        "present": present,
        "excused": excused,
        "rows": [
            {
                "section": section,
                "comments": comments.get(section.pk, []),
                "problems": problems.get(section.pk, []),
                "html": marks.render(section.body),
                "form": bound
                if bound is not None and bound_section == section.pk
                else forms_minutes.CommentForm(initial={"section": section.pk}),
            }
            for section in sections
        ],
        "general_comments": comments.get(None, []),
        "general_form": bound
        if bound is not None and bound_section is None
        else forms_minutes.CommentForm(),
        "decisions": minutes.decisions.order_by("position", "pk"),
        "tasks": minutes.tasks.select_related("owner").order_by("pk"),
        "addenda": minutes.addenda.select_related("author"),
        "may_write": may_write,
        "may_lead": permissions.can_lead(user, group),
        "addendum_form": forms.pop("addendum_form", None) or forms_minutes.AddendumForm(),
    }
    return render(request, "network/minutes/detail.html", context, status=status)


@login_required
def by_number(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes by their number alone (links from search and the feed)."""
    minutes = (
        Minutes.objects.select_related("meeting__group")
        .filter(pk=pk, meeting__group__in=visible_groups(request.user))
        .first()
    )
    if minutes is None:
        raise Http404
    return redirect(_detail_url(minutes))


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_minutes_or_404(request.user, slug, pk))


def _editor(
    request: HttpRequest,
    minutes: Minutes,
    form: forms_minutes.MinutesForm,
    *,
    status: int = 200,
    conflict: Any = None,
) -> HttpResponse:
    problems = services.problems(minutes)
    return render(
        request,
        "network/minutes/edit.html",
        {
            "group": minutes.meeting.group,
            "minutes": minutes,
            "meeting": minutes.meeting,
            "form": form,
            "rows": [
                {
                    "section": s,
                    "base": form[f"base-{s.pk}"],
                    "heading": h,
                    "body": b,
                    "problems": problems.get(s.pk, []),
                }
                for s, h, b in form.rows()
            ],
            "conflict": conflict,
        },
        status=status,
    )


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    if not permissions.can_write(request.user, minutes.meeting.group):
        raise Http404
    if minutes.is_approved:
        messages.info(request, _("These minutes are approved and no longer change."))
        return redirect(_detail_url(minutes))
    sections = selectors.sections(minutes)
    if request.method != "POST":
        form = forms_minutes.MinutesForm(initial={"version": minutes.version}, sections=sections)
        return _editor(request, minutes, form)
    form = forms_minutes.MinutesForm(request.POST, sections=sections)
    if not form.is_valid():
        return _editor(request, minutes, form, status=422)
    try:
        saved = services.save(
            minutes=minutes,
            actor=request.user,
            version=form.cleaned_data["version"],
            sections=form.cleaned_sections(),
        )
    except services.Conflict as conflict:
        return _conflict(request, conflict.minutes, form)
    except ValidationError as exc:
        return _refuse(request, minutes, exc)
    text = (
        _("The minutes are saved.")
        + " "
        + ngettext("%(count)d decision", "%(count)d decisions", saved.decisions)
        % {"count": saved.decisions}
        + ", "
        + ngettext("%(count)d task", "%(count)d tasks", saved.tasks) % {"count": saved.tasks}
        + "."
    )
    messages.success(request, text)
    heading = form.cleaned_data["new_heading"]
    if request.POST.get("add") and heading:
        try:
            section = services.add_section(minutes=minutes, actor=request.user, heading=heading)
        except ValidationError as exc:
            return _refuse(request, minutes, exc)
        return redirect(_edit_url(minutes) + f"#abschnitt-{section.pk}")
    if saved.problems:
        messages.warning(
            request, _("Some tasks could not be matched completely; see the notes at the text.")
        )
    return redirect(_edit_url(minutes) + "#main")


def _conflict(
    request: HttpRequest, fresh: Minutes, sent: forms_minutes.MinutesForm
) -> HttpResponse:
    """The editor again after somebody else saved meanwhile. Per section: what only the
    other person changed is taken into the form, what only this editor changed stays,
    and where both changed, this editor's text stays in the field and the difference
    is shown above. Nothing is saved yet; saving again is now deliberate."""
    sections = selectors.sections(fresh)
    merged = selectors.merge(sections, sent.typed(), sent.bases())
    data = request.POST.copy()
    for key, value in merged.data.items():
        data[key] = value
    data["version"] = str(fresh.version)
    form = forms_minutes.MinutesForm(data, sections=sections)
    form.is_valid()
    conflict = {
        "by": fresh.updated_by,
        "at": fresh.updated_at,
        "sections": merged.diffs,
        "taken": merged.taken,
        "kept": merged.kept,
    }
    return _editor(request, fresh, form, status=409, conflict=conflict)


@login_required
@require_POST
def comment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    form = forms_minutes.CommentForm(request.POST)
    section_pk = None
    section = None
    if form.is_valid():
        section_pk = form.cleaned_data.get("section")
        if section_pk is not None:
            section = minutes.sections.filter(pk=section_pk).first()
            if section is None:
                raise Http404
        try:
            services.comment(
                minutes=minutes, actor=request.user, text=form.cleaned_data["text"], section=section
            )
        except ValidationError as exc:
            return _refuse(request, minutes, exc)
        messages.success(request, _("Your comment is saved."))
        return redirect(
            _detail_url(minutes, f"abschnitt-{section_pk}" if section_pk else "kommentare")
        )
    raw = request.POST.get("section", "")
    section_pk = int(raw) if raw.isdigit() else None
    return _detail(request, minutes, status=422, comment_form=form, comment_section=section_pk)


@login_required
@require_POST
def send_draft(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    if not permissions.can_write(request.user, minutes.meeting.group):
        raise Http404
    try:
        count = services.send_draft(minutes=minutes, actor=request.user)
    except ValidationError as exc:
        return _refuse(request, minutes, exc)
    if count is None:
        messages.info(request, _("The group was told about this version of the draft already."))
        return redirect(_detail_url(minutes))
    if count == 0:
        messages.success(
            request,
            _(
                "The draft is in the group's news; the members read of it in their next "
                "summary, as they chose."
            ),
        )
        return redirect(_detail_url(minutes))
    messages.success(
        request,
        ngettext(
            "The draft is in the group's news; %(count)d member gets an e-mail now, "
            "the others with their next summary as they chose.",
            "The draft is in the group's news; %(count)d members get an e-mail now, "
            "the others with their next summary as they chose.",
            count,
        )
        % {"count": count},
    )
    return redirect(_detail_url(minutes))


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    try:
        raw = request.POST.get("version", "")
        services.approve(
            minutes=minutes, actor=request.user, version=int(raw) if raw.isdigit() else None
        )
    except PermissionDenied:
        messages.error(request, _("Only a lead of the group approves minutes."))
        return redirect(_detail_url(minutes))
    except ValidationError as exc:
        return _refuse(request, minutes, exc)
    messages.success(request, _("The minutes are approved. The group is told by e-mail."))
    return redirect(_detail_url(minutes))


@login_required
@require_POST
def addendum(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    if not permissions.can_lead(request.user, minutes.meeting.group):
        raise Http404
    form = forms_minutes.AddendumForm(request.POST)
    if not form.is_valid():
        return _detail(request, minutes, status=422, addendum_form=form)
    try:
        services.add_addendum(minutes=minutes, actor=request.user, text=form.cleaned_data["text"])
    except ValidationError as exc:
        return _refuse(request, minutes, exc)
    messages.success(request, _("The addendum is added to the minutes."))
    return redirect(_detail_url(minutes, "nachtraege"))


@login_required
def download(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = selectors.get_minutes_or_404(request.user, slug, pk)
    response = HttpResponse(pdf.render_minutes(minutes), content_type="application/pdf")
    day = selectors.local_day(minutes)
    set_download_name(response, f"Protokoll {minutes.meeting.group.name} {day:%Y-%m-%d}.pdf")
    return response
