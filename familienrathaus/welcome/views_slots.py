"""Appointment slots: the coordinators' list and weekly pattern under
/verwaltung/babybegruessung/termine/, and the family's choice by its secret link
/babybegruessung/termin/<token>/ (no account needed; linked from the thanks page)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familienrathaus.core import capacity
from familienrathaus.welcome import forms_desk, views_guide
from familienrathaus.welcome.models import Registration, Slot
from familienrathaus.welcome.selectors import registrations as registration_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.selectors import slots as selectors
from familienrathaus.welcome.services import slots as services
from familienrathaus.welcome.views_desk import coordinators

# --------------------------------------------------------------------------- staff


@coordinators
def slot_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Slot.Kind.values:
        kind = ""
    return render(
        request,
        "welcome/desk/slot_list.html",
        {
            "days": selectors.upcoming_by_day(kind=kind),
            "kind": kind,
            "kinds": Slot.Kind.choices,
        },
    )


@coordinators
def slot_pattern(request: HttpRequest) -> HttpResponse:
    form = forms_desk.SlotPatternForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pattern = services.Pattern(
            kind=data["kind"],
            weekdays=tuple(data["weekdays"]),
            first_day=data["first_day"],
            weeks=data["weeks"],
            start=data["start"],
            end=data["end"],
            minutes=data["minutes"],
            capacity=data["capacity"],
            place=data["place"],
            note=data["note"],
        )
        try:
            result = services.create_from_pattern(actor=request.user, pattern=pattern)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s appointment was created.",
                    "%(count)s appointments were created.",
                    result.created,
                )
                % {"count": result.created},
            )
            if result.existing:
                messages.info(
                    request,
                    ngettext(
                        "%(count)s existed already and was kept.",
                        "%(count)s existed already and were kept.",
                        result.existing,
                    )
                    % {"count": result.existing},
                )
            if result.holidays:
                days = ", ".join(
                    formats.date_format(day, "SHORT_DATE_FORMAT") for day in result.holidays
                )
                messages.info(
                    request, _("Left out for public holidays: %(days)s.") % {"days": days}
                )
            return redirect("welcome:slots")
    return render(
        request,
        "welcome/desk/slot_pattern.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@coordinators
def slot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    slot = get_object_or_404(Slot, pk=pk)
    try:
        services.delete(actor=request.user, slot=slot)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The appointment was removed."))
    return redirect(reverse("welcome:slots") + (f"?kind={slot.kind}" if slot.kind else ""))


# --------------------------------------------------------------------------- the family


def slot_choice(request: HttpRequest, token: str) -> HttpResponse:
    """In the family's language unless the visitor chose another one (as the guide);
    private: never cached, the secret link not sent on as a referrer."""
    registration = registration_selectors.by_token_or_404(token)
    with translation.override(views_guide.language_for(request, registration)):
        return views_guide.private(_slot_choice(request, registration))


def _slot_choice(request: HttpRequest, registration: Registration) -> HttpResponse:
    token = registration.guide_token
    closed = registration.status in (Registration.Status.DONE, Registration.Status.DECLINED)
    kind = services.kind_for(registration)
    free = [] if closed else selectors.free_slots(kind=kind, keep=registration.slot)
    form = forms_desk.SlotChoiceForm(request.POST or None, initial={"slot": registration.slot_id})
    status = 200
    if request.method == "POST" and not closed:
        if request.POST.get("cancel") and registration.slot_id:
            services.cancel(registration=registration)
            messages.success(request, _("Your appointment was cancelled."))
            return redirect("welcome:slot-choice", token)
        if form.is_valid():
            try:
                services.book(registration=registration, slot_id=form.cleaned_data["slot"])
            except services.SlotTaken as exc:
                form.add_error("slot", exc.messages)
            except capacity.CapacityBusy:
                response = render(
                    request,
                    "welcome/desk/slot_busy.html",
                    {"registration": registration},
                    status=429,
                )
                response["Retry-After"] = "2"
                return response
            else:
                messages.success(request, _("Thank you! Your appointment is booked."))
                return redirect("welcome:slot-choice", token)
        status = 400
    return render(
        request,
        "welcome/desk/slot_choice.html",
        {
            "registration": registration,
            "form": form,
            "days": selectors.group_by_day(free),
            "place": selectors.common_place(free),
            "closed": closed,
            "kind": kind,
            "office_hours": settings_selectors.get().office_hours,
            "by_post": registration.delivery == Registration.Delivery.POST,
        },
        status=status,
    )
