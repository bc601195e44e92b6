"""The family account: children, "Meine Buchungen", iCal feeds, reductions, invoices."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import capacity, personal_data, private_files
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.holidays import ical, links, pdf, permissions, selectors, services
from familienrathaus.holidays.forms import ChildForm, ReductionClaimForm
from familienrathaus.holidays.models import Booking, Child, Invoice, Period, ReductionClaim


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _own_child(request: HttpRequest, pk: int) -> Child:
    """The child if it belongs to the user's family; 404 otherwise (nothing leaks)."""
    child = get_object_or_404(Child, pk=pk)
    if not permissions.is_family_of(request.user, child):
        raise Http404
    return child


def _own_booking(request: HttpRequest, pk: int) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related("child", "occasion__activity__period"), pk=pk
    )
    if not permissions.is_family_of(request.user, booking.child):
        raise Http404
    return booking


@require(permissions.can_have_children)
def family(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    period = selectors.current_period()
    return render(
        request,
        "holidays/family.html",
        {
            "children": selectors.children_of(user),
            "period": period,
            "claims": ReductionClaim.objects.filter(family=user).select_related("kind", "period"),
            "invoices": Invoice.objects.filter(family=user).select_related("period"),
            "programmes": links.links_for_periods(selectors.visible_periods()),
        },
    )


@require(permissions.can_have_children)
def child_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    user = _user(request)
    child = _own_child(request, pk) if pk else Child(family=user)
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_child(
                actor=user, child=form.instance, consent=form.cleaned_data["consent"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("holidays:family")
    return render(request, "holidays/child_form.html", {"form": form, "child": child})


@require(permissions.can_have_children)
def child_delete(request: HttpRequest, pk: int) -> HttpResponse:
    child = _own_child(request, pk)
    if request.method == "POST":
        services.delete_child(actor=_user(request), child=child)
        messages.success(request, _("The child and its bookings were deleted."))
        return redirect("holidays:family")
    return render(request, "holidays/child_delete.html", {"child": child})


@require(permissions.can_have_children)
def my_bookings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    return render(
        request,
        "holidays/my_bookings.html",
        {
            "groups": selectors.bookings_of_family(user),
            "period": selectors.current_period(),
            "programmes": links.links_for_periods(selectors.visible_periods()),
        },
    )


@require(permissions.can_have_children)
def my_bookings_pdf(request: HttpRequest) -> HttpResponse:
    content = pdf.render_my_bookings(_user(request))
    response = HttpResponse(content, content_type="application/pdf")
    set_download_name(response, "meine-buchungen.pdf", attachment=False)
    return response


@require(permissions.can_have_children)
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks (names activity, child and dates), POST cancels: one tap loses nothing."""
    booking = _own_booking(request, pk)
    if request.method != "POST":
        if not services.can_cancel(booking):
            messages.error(request, _("This booking can no longer be cancelled here."))
            return redirect("holidays:my_bookings")
        return render(request, "holidays/booking_cancel.html", {"booking": booking})
    try:
        services.cancel_booking(actor=_user(request), booking=booking)
    except services.BookingRefused as exc:
        messages.error(request, " ".join(exc.messages))
    except capacity.CapacityBusy:
        messages.warning(request, _("Please try again in a moment."))
    else:
        messages.success(request, _("The booking was cancelled."))
    return redirect("holidays:my_bookings")


@require_POST
@require(permissions.can_have_children)
def booking_accept(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_booking(request, pk)
    try:
        services.accept_offer(actor=_user(request), booking=booking)
    except services.BookingRefused as exc:
        messages.error(request, " ".join(exc.messages))
    except capacity.CapacityBusy:
        messages.warning(request, _("Please try again in a moment."))
    else:
        messages.success(request, _("The place is yours."))
    return redirect("holidays:my_bookings")


def child_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCal feed of one child's confirmed bookings; the token is the secret."""
    child = get_object_or_404(Child, feed_token=token)
    response = HttpResponse(ical.child_calendar(child), content_type="text/calendar; charset=utf-8")
    set_download_name(response, f"ferienspass-{child.first_name}.ics", attachment=False)
    return response


@require(permissions.can_have_children)
def reduction_claim(request: HttpRequest, slug: str) -> HttpResponse:
    period = get_object_or_404(Period, slug=slug, is_archived=False)
    form = ReductionClaimForm(request.POST or None, request.FILES or None, period=period)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_reduction(
                actor=_user(request),
                period=period,
                kind=form.cleaned_data["kind"],
                proof=form.cleaned_data.get("proof"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Thank you. The family office will check your proof."))
            return redirect("holidays:family")
    return render(request, "holidays/reduction_form.html", {"form": form, "period": period})


@require(permissions.can_have_children)
def reduction_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The proof file of a reduction claim: private, only for its family and the
    coordinators (``permissions.can_view_proof``), always as a download."""
    claim = get_object_or_404(ReductionClaim, pk=pk)
    if not permissions.can_view_proof(request.user, claim) or not claim.proof:
        raise Http404
    return private_files.serve(claim.proof, download_name=f"nachweis-{claim.pk}.pdf")


@require(permissions.can_have_children)
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.select_related("period", "family"), pk=pk)
    if invoice.family_id != request.user.pk and not permissions.is_coordinator(request.user):
        raise Http404
    response = HttpResponse(pdf.render_invoice(invoice), content_type="application/pdf")
    set_download_name(response, f"{invoice.number}.pdf", attachment=False)
    return response


@require(permissions.can_have_children)
def my_data(request: HttpRequest) -> HttpResponse:
    """Download everything the holiday programme stores about the family (JSON)."""
    # The holiday programme's part of the account's export (core.personal_data), with
    # the lottery's wishes and group codes: children, bookings, claims, proofs, invoices.
    held = personal_data.export(_user(request), keys=["holidays", "lottery"])
    data = {**held["holidays"], "lottery": held["lottery"]}
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    set_download_name(response, "ferienspass-daten.json")
    return response
