"""Back office of the event calendar under /verwaltung/veranstaltungen/.

Partner staff see and change their organisations' events and participants only;
coordinators all, and they review submissions (core.review through events.workflow).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import exports, review
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.forms import add_errors
from familienrathaus.core.views.access import require
from familienrathaus.events import importer, permissions, recurrence, selectors, services
from familienrathaus.events.forms import EventForm, ImportForm, OccurrenceForm
from familienrathaus.events.models import Event, ICalSource, Occurrence, Registration
from familienrathaus.events.workflow import WORKFLOW
from familienrathaus.guide.printing import render_pdf


def _event_for(request: HttpRequest, pk: int) -> Event:
    event = get_object_or_404(Event.objects.select_related("organisation"), pk=pk)
    if not permissions.can_change_event(request.user, event):
        raise Http404  # not even whether it exists
    return event


def _occurrence_for(request: HttpRequest, pk: int) -> Occurrence:
    occurrence = get_object_or_404(
        Occurrence.objects.select_related("event", "event__organisation"), pk=pk
    )
    if not permissions.can_see_participants(request.user, occurrence.event):
        raise Http404
    return occurrence


@require(permissions.can_manage_events)
def event_list(request: HttpRequest) -> HttpResponse:
    queryset = selectors.events_for(request.user)
    status = request.GET.get("status", "")
    if status in Event.Status.values:
        queryset = queryset.filter(status=status)
    file_format = request.GET.get("format")
    if file_format in {"csv", "xlsx"}:
        rows = (
            [
                event.title,
                event.organiser_name,
                timezone.localtime(event.start).strftime("%d.%m.%Y %H:%M"),
                recurrence.describe(event),
                event.get_status_display(),
                event.get_event_status_display(),
            ]
            for event in queryset
        )
        header = [
            _("Title"),
            _("Partner"),
            _("First date"),
            _("Repeats"),
            _("Status"),
            _("Takes place"),
        ]
        return exports.table_response(file_format, "veranstaltungen", header, rows)
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = urlencode({"status": status} if status else {})
    return render(
        request,
        "events/backoffice/list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": Event.Status.choices,
            "is_coordinator": permissions.can_review_events(request.user),
            "total": page.paginator.count,
        },
    )


def _organisations(request: HttpRequest) -> tuple[list[Any], bool]:
    return permissions.organisations_for(request.user), permissions.can_review_events(request.user)


@require(permissions.can_manage_events)
def event_create(request: HttpRequest) -> HttpResponse:
    organisations, coordinator = _organisations(request)
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        coordinator=coordinator,
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation")
        if not permissions.can_create_event_for(request.user, organisation):
            raise PermissionDenied
        try:
            event = services.create_event(
                actor=request.user,  # type: ignore[arg-type]
                organisation=organisation,
                values=form.values(),
                image=form.cleaned_data.get("image_file"),
                image_alt=form.cleaned_data.get("image_alt") or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The event was saved as a draft."))
            return redirect("events:manage", pk=event.pk)
    return render(request, "events/backoffice/edit.html", {"form": form, "event": None})


@require(permissions.can_manage_events)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    if not permissions.can_edit_event_content(request.user, event):
        raise PermissionDenied
    organisations, coordinator = _organisations(request)
    # A waiting proposal is where the next edit starts from (for a POST the form's
    # values are complete anyway).
    shown, related = (event, {}) if request.method == "POST" else services.working_copy(event)
    form = EventForm(
        request.POST or None,
        request.FILES or None,
        instance=shown,
        initial=related,
        organisations=organisations,
        coordinator=coordinator,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_event(
                actor=request.user,  # type: ignore[arg-type]
                event=Event.objects.get(pk=event.pk),
                values=form.values(),
                image=form.cleaned_data.get("image_file"),
                image_alt=form.cleaned_data.get("image_alt") or "",
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            event.refresh_from_db()
            if event.changes_waiting_for_review:
                messages.success(
                    request, _("Your changes wait for review; the published version stays online.")
                )
            else:
                messages.success(request, _("The event was saved."))
            return redirect("events:manage", pk=event.pk)
    return render(request, "events/backoffice/edit.html", {"form": form, "event": event})


@require(permissions.can_manage_events)
def event_manage(request: HttpRequest, pk: int) -> HttpResponse:
    event = _event_for(request, pk)
    occurrences = list(event.occurrences.order_by("start").prefetch_related("registrations")[:200])
    for occurrence in occurrences:
        # From the prefetched rows, counted as services.taken() counts: no query per date.
        registrations = occurrence.registrations.all()
        occurrence.taken_places = sum(  # type: ignore[attr-defined]
            r.seats for r in registrations if r.status == Registration.Status.CONFIRMED
        )
        occurrence.waiting = sum(  # type: ignore[attr-defined]
            1 for r in registrations if r.status == Registration.Status.WAITING
        )
    return render(
        request,
        "events/backoffice/manage.html",
        {
            "event": event,
            "occurrences": occurrences,
            "review": review.panel(WORKFLOW, request, event),
            "is_reviewer": permissions.can_review_events(request.user),
            "can_edit": permissions.can_edit_event_content(request.user, event),
            "rule": recurrence.describe(event),
        },
    )


@require(permissions.can_manage_events)
def occurrence_edit(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence_for(request, pk)
    if not permissions.can_edit_event_content(request.user, occurrence.event):
        raise PermissionDenied
    form = OccurrenceForm(request.POST or None, instance=occurrence)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_occurrence(
                actor=request.user,  # type: ignore[arg-type]
                occurrence=Occurrence.objects.get(pk=occurrence.pk),
                start=data["start"],
                end=data["end"],
                status=data["date_status"],
                title_override=data.get("title_override") or "",
                note=data.get("note") or "",
                capacity_override=data.get("capacity"),
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The date was saved."))
            return redirect("events:manage", pk=occurrence.event_id)
    return render(
        request, "events/backoffice/occurrence.html", {"form": form, "occurrence": occurrence}
    )


@require(permissions.can_manage_events)
def participants(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = _occurrence_for(request, pk)
    registrations = list(selectors.participants(occurrence))
    file_format = request.GET.get("format", "")
    when = timezone.localtime(occurrence.start)
    if file_format in {"csv", "xlsx"}:
        header = [
            _("Name"),
            _("E-mail"),
            _("Adults"),
            _("Children"),
            _("Status"),
            _("Registered"),
            _("Message"),
        ]
        rows = (
            [
                r.name,
                r.email,
                r.adults,
                r.children,
                r.get_status_display(),
                timezone.localtime(r.created_at).strftime("%d.%m.%Y %H:%M"),
                r.message,
            ]
            for r in registrations
        )
        return exports.table_response(
            file_format, f"teilnehmende-{occurrence.event.slug[:40]}-{when:%Y-%m-%d}", header, rows
        )
    context = {
        "occurrence": occurrence,
        "event": occurrence.event,
        "registrations": registrations,
        "confirmed": [r for r in registrations if r.status == "confirmed"],
        "waiting": [r for r in registrations if r.status == "waiting"],
        "taken": services.taken(occurrence),
    }
    if file_format == "pdf":
        html = render_to_string("events/backoffice/participants_pdf.html", context, request=request)
        pdf = render_pdf(html)
        response = HttpResponse(pdf.content, content_type="application/pdf")
        set_download_name(response, f"teilnehmende-{when:%Y-%m-%d}.pdf")
        return response
    return render(request, "events/backoffice/participants.html", context)


@require(permissions.can_import_calendar)
def import_calendar(request: HttpRequest) -> HttpResponse:
    organisations, coordinator = _organisations(request)
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        organisations=organisations,
        coordinator=coordinator,
    )
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation")
        if not permissions.can_create_event_for(request.user, organisation):
            raise PermissionDenied
        url = form.cleaned_data.get("url") or ""
        try:
            if url:
                source = importer.add_source(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=organisation,
                    url=url,
                    nightly=bool(form.cleaned_data.get("nightly")),
                )
                result = importer.run_source(source, actor=request.user)  # type: ignore[arg-type]
                importer.schedule(source)
            else:
                upload = form.cleaned_data["file"]
                result = importer.import_calendar(
                    data=upload.read(),
                    source=None,
                    organisation=organisation,
                    actor=request.user,  # type: ignore[arg-type]
                )
        except importer.ImportFailed as exc:
            form.add_error("url" if url else "file", str(exc))
        else:
            messages.success(
                request, _("Calendar imported: %(summary)s") % {"summary": result.summary()}
            )
            return redirect("events:import")
    return render(
        request,
        "events/backoffice/import.html",
        {"form": form, "sources": selectors.sources_for(request.user)[:50]},
    )


@require(permissions.can_import_calendar)
@require_POST
def source_stop(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(ICalSource, pk=pk)
    if not permissions.can_use_source(request.user, source):
        raise Http404
    importer.stop_source(actor=request.user, source=source)  # type: ignore[arg-type]
    messages.success(request, _("The nightly import was switched off."))
    return redirect("events:import")
