"""Back-office pages for organisers (partner staff; coordinators see everything):
their activities and occasions, participant lists, attendance, mail to participants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import capacity, review
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.exports import table_response
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.holidays import pdf, permissions, selectors, services
from familienrathaus.holidays.forms import (
    ActivityForm,
    CancelOccasionForm,
    MailForm,
    OccasionForm,
)
from familienrathaus.holidays.models import Activity, Booking, Occasion
from familienrathaus.holidays.workflow import CONTENT_FIELDS, WORKFLOW
from familienrathaus.partners.models import Organisation


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _activity(request: HttpRequest, pk: int) -> Activity:
    activity = get_object_or_404(Activity.objects.select_related("period", "organisation"), pk=pk)
    if not permissions.is_activity_owner(request.user, activity):
        raise Http404
    return activity


def _occasion(request: HttpRequest, pk: int) -> Occasion:
    occasion = get_object_or_404(
        Occasion.objects.select_related("activity__period", "activity__organisation"), pk=pk
    )
    if not permissions.can_see_participants(request.user, occasion):
        raise Http404
    return occasion


def _organisations(user: Any) -> Any:
    if permissions.is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=permissions.organisation_ids(user))


@require(permissions.can_organise)
def activity_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "holidays/backoffice/activities.html",
        {
            "activities": selectors.organiser_activities(request.user),
            "occasions": selectors.with_minimum_flags(selectors.organiser_occasions(request.user)),
            "is_coordinator": permissions.is_coordinator(request.user),
        },
    )


@require(permissions.can_organise)
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(
        request.POST or None, request.FILES or None, organisations=_organisations(request.user)
    )
    if request.method == "POST" and form.is_valid():
        activity = form.instance
        if not permissions.can_create_activity_for(request.user, activity.organisation):
            raise Http404
        try:
            services.create_activity(actor=_user(request), activity=activity)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved. Now add its dates (occasions)."))
            return redirect("holidays:activity_manage", activity.pk)
    return render(request, "holidays/backoffice/activity_form.html", {"form": form})


@require(permissions.can_organise)
def activity_manage(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    return render(
        request,
        "holidays/backoffice/activity_manage.html",
        {
            "activity": activity,
            "occasions": selectors.occasions_of_activity(activity),
            "review": review.panel(WORKFLOW, request, activity),
            "is_coordinator": permissions.is_coordinator(request.user),
        },
    )


@require(permissions.can_organise)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    form = ActivityForm(request.POST or None, request.FILES or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        fields = {
            name: value
            for name, value in form.cleaned_data.items()
            if name in CONTENT_FIELDS or name in ("image", "image_alt")
        }
        try:
            result = services.change_activity(
                actor=_user(request), activity=activity, fields=fields
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if result == "proposed":
                messages.success(
                    request,
                    _(
                        "Your changes were sent for review. The published version stays "
                        "online until a coordinator approves them."
                    ),
                )
            else:
                messages.success(request, _("Saved."))
            return redirect("holidays:activity_manage", activity.pk)
    return render(
        request, "holidays/backoffice/activity_form.html", {"form": form, "activity": activity}
    )


@require(permissions.can_organise)
def occasion_edit(request: HttpRequest, activity_pk: int, pk: int | None = None) -> HttpResponse:
    activity = _activity(request, activity_pk)
    occasion = get_object_or_404(Occasion, pk=pk, activity=activity) if pk else None
    form = OccasionForm(request.POST or None, instance=occasion or Occasion(activity=activity))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_occasion(actor=_user(request), occasion=form.instance, dates=form.spans())
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("holidays:activity_manage", activity.pk)
    return render(
        request,
        "holidays/backoffice/occasion_form.html",
        {"form": form, "activity": activity, "occasion": occasion},
    )


@require(permissions.can_organise)
def occasion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    bookings = selectors.participants(occasion)
    return render(
        request,
        "holidays/backoffice/occasion.html",
        {
            "occasion": occasion,
            "activity": occasion.activity,
            "bookings": bookings,
            "waiting": selectors.waiting_list(occasion),
            "sensitive": permissions.can_see_sensitive_data(request.user, occasion),
            "mail_form": MailForm(),
            "cancel_form": CancelOccasionForm(),
        },
    )


def participant_rows(occasion: Occasion, sensitive: bool) -> tuple[list[str], list[list[Any]]]:
    header = [
        _("Last name"),
        _("First name"),
        _("Date of birth"),
        _("Status"),
        _("Family e-mail"),
        _("Attended"),
    ]
    if sensitive:
        header += [_("Emergency contact"), _("Health and allergy notes")]
    rows = []
    for booking in selectors.participants(occasion):
        child = booking.child
        row: list[Any] = [
            child.last_name,
            child.first_name,
            child.birth_date.strftime("%d.%m.%Y"),
            booking.get_status_display(),
            child.family.email,
            {True: _("yes"), False: _("no")}.get(booking.attended, ""),  # type: ignore[arg-type]
        ]
        if sensitive:
            row += [child.emergency_contact, child.health_notes]
        rows.append(row)
    return header, rows


@require(permissions.can_organise)
def participants_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    occasion = _occasion(request, pk)
    sensitive = permissions.can_see_sensitive_data(request.user, occasion)
    if fmt == "pdf":
        response = HttpResponse(
            pdf.render_participants(occasion, sensitive=sensitive), content_type="application/pdf"
        )
        set_download_name(response, f"teilnehmende-{occasion.pk}.pdf", attachment=False)
        return response
    header, rows = participant_rows(occasion, sensitive)
    return table_response(fmt, f"teilnehmende-{occasion.pk}", header, rows)


@require_POST
@require(permissions.can_organise)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    user = _user(request)
    for booking in Booking.objects.filter(occasion=occasion, status__in=Booking.TAKES_PLACE):
        value = booking.pk in present
        if booking.attended != value:
            services.set_attendance(actor=user, booking=booking, attended=value)
    messages.success(request, _("Attendance saved."))
    return redirect("holidays:occasion", occasion.pk)


@require(permissions.can_organise)
def occasion_mail(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    form = MailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.mail_participants(
            actor=_user(request),
            occasion=occasion,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("The message goes to %(count)s families.") % {"count": count})
        return redirect("holidays:occasion", occasion.pk)
    return render(
        request, "holidays/backoffice/occasion_mail.html", {"form": form, "occasion": occasion}
    )


@require(permissions.can_organise)
def occasion_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    occasion = _occasion(request, pk)
    form = CancelOccasionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.cancel_occasion(
                actor=_user(request), occasion=occasion, reason=form.cleaned_data["reason"]
            )
        except capacity.CapacityBusy:
            messages.warning(request, _("Please try again in a moment."))
        else:
            messages.success(
                request, _("Cancelled; %(count)s families were told.") % {"count": count}
            )
        return redirect("holidays:occasion", occasion.pk)
    return render(
        request, "holidays/backoffice/occasion_cancel.html", {"form": form, "occasion": occasion}
    )
