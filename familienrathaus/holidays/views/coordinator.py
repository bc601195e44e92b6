"""Back-office pages for coordinators: programmes, review queue, dashboard, invoices."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familienrathaus.core import capacity, private_files
from familienrathaus.core.exports import table_response
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.holidays import links, permissions, selectors, services
from familienrathaus.holidays.forms import PaymentForm, PeriodForm, ReductionKindForm
from familienrathaus.holidays.models import Activity, Invoice, Period, ReductionClaim


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _period(request: HttpRequest) -> Period | None:
    slug = request.GET.get("period")
    if slug:
        return get_object_or_404(Period, slug=slug)
    return selectors.current_period()


@require(permissions.can_run_programme)
def dashboard(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    if period is None:
        return redirect("holidays:periods")
    data = selectors.dashboard(period)
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        header = [
            _("Activity"),
            _("Organiser"),
            _("First day"),
            _("Number of places"),
            _("Minimum"),
            _("Taken"),
            _("Waiting list"),
            _("Fill rate (%)"),
            _("Cancelled"),
        ]
        rows = [
            [
                o.activity.title,
                o.activity.organisation.name,
                o.first_day.strftime("%d.%m.%Y") if o.first_day else "",
                o.max_places,
                o.min_places,
                o.taken,
                o.waiting,
                selectors.fill_rate(o),
                _("yes") if o.cancelled_at else "",
            ]
            for o in data.occasions
        ]
        return table_response(fmt, f"ferienspass-{period.slug}", header, rows)
    return render(
        request,
        "holidays/backoffice/dashboard.html",
        {
            "period": period,
            "data": data,
            "periods": Period.objects.all(),
            "review_count": Activity.objects.filter(status=Activity.Status.SUBMITTED).count(),
            "claims_pending": ReductionClaim.objects.filter(
                period=period, status=ReductionClaim.Status.PENDING
            ).count(),
            "links": links.backoffice_links_for(period),
        },
    )


@require(permissions.can_run_programme)
def period_list(request: HttpRequest) -> HttpResponse:
    return render(request, "holidays/backoffice/periods.html", {"periods": Period.objects.all()})


@require(permissions.can_run_programme)
def period_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk) if pk else Period()
    form = PeriodForm(request.POST or None, instance=period)
    kind_form = ReductionKindForm(request.POST or None, prefix="kind") if pk else None
    if request.method == "POST" and "add_kind" in request.POST and kind_form is not None:
        if kind_form.is_valid():
            services.add_reduction_kind(
                actor=_user(request), period=period, kind=kind_form.save(commit=False)
            )
            messages.success(request, _("Saved."))
            return redirect("holidays:period_edit", period.pk)
    elif request.method == "POST" and form.is_valid():
        try:
            services.save_period(actor=_user(request), period=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("holidays:period_edit", form.instance.pk)
    return render(
        request,
        "holidays/backoffice/period_form.html",
        {"form": form, "period": period if pk else None, "kind_form": kind_form},
    )


@require(permissions.can_run_programme)
def reductions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        claim = get_object_or_404(ReductionClaim, pk=request.POST.get("claim"))
        services.check_reduction(
            actor=_user(request),
            claim=claim,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", "")[:300],
        )
        messages.success(request, _("Saved."))
        return redirect("holidays:reductions")
    claims = ReductionClaim.objects.select_related("family", "kind", "period").order_by(
        "status", "-created_at"
    )
    return render(request, "holidays/backoffice/reductions.html", {"claims": claims})


@require(permissions.can_run_programme)
def reduction_proof(request: HttpRequest, pk: int) -> HttpResponse:
    claim = get_object_or_404(ReductionClaim, pk=pk)
    if not claim.proof:
        return redirect("holidays:reductions")
    return private_files.serve(claim.proof, download_name=f"nachweis-{claim.pk}.pdf")


@require(permissions.can_run_programme)
def invoices(request: HttpRequest, slug: str) -> HttpResponse:
    period = get_object_or_404(Period, slug=slug)
    rows = (
        Invoice.objects.filter(period=period)
        .select_related("family", "period")
        .prefetch_related("payments")
        .order_by("number")
    )
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        return table_response(fmt, f"kasse-{period.slug}", *cash_office_rows(rows))
    return render(
        request,
        "holidays/backoffice/invoices.html",
        {"period": period, "invoices": rows, "payment_form": PaymentForm()},
    )


def cash_office_rows(rows: Any) -> tuple[list[str], list[list[Any]]]:
    """The cash office's list: one row per invoice, amounts with a decimal comma."""
    header = [
        _("Invoice number"),
        _("Payer"),
        _("E-mail"),
        _("Amount (€)"),
        _("Paid (€)"),
        _("Status"),
        _("Issued"),
        _("Purpose"),
        _("Kind"),
        _("Due on"),
        _("Payments (date, amount, how)"),
    ]

    def euro(value: Decimal) -> str:
        return f"{value:.2f}".replace(".", ",")

    def paid_how(invoice: Invoice) -> str:
        return " | ".join(
            f"{p.booked_on:%d.%m.%Y} {euro(p.amount)} {p.get_method_display()}"
            + ("" if p.match == p.Match.EXACT else f" ({p.get_match_display()})")
            for p in invoice.payments.all()
        )

    body = [
        [
            invoice.number,
            invoice.payer_name,
            invoice.payer_email,
            euro(invoice.total),
            euro(invoice.paid_amount),
            invoice.get_status_display(),
            invoice.created_at,
            f"Ferienspass {invoice.period.name} {invoice.number}",
            invoice.get_kind_display(),
            invoice.due_on.strftime("%d.%m.%Y") if invoice.due_on else "",
            paid_how(invoice),
        ]
        for invoice in rows
    ]
    return header, body


@require_POST
@require(permissions.can_run_programme)
def invoices_issue(request: HttpRequest, slug: str) -> HttpResponse:
    period = get_object_or_404(Period, slug=slug)
    try:
        count = services.issue_invoices(actor=_user(request), period=period)
    except capacity.CapacityBusy:
        messages.error(
            request,
            _(
                "Invoices are being issued by someone else at this moment. "
                "Please try again in a minute; nothing is invoiced twice."
            ),
        )
        return redirect("holidays:invoices", period.slug)
    messages.success(
        request,
        ngettext("%(count)s invoice issued.", "%(count)s invoices issued.", count)
        % {"count": count},
    )
    return redirect("holidays:invoices", period.slug)


@require_POST
@require(permissions.can_run_programme)
def invoice_paid(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.select_related("period"), pk=pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        services.mark_paid(
            actor=_user(request), invoice=invoice, amount=form.cleaned_data["amount"]
        )
        messages.success(request, _("Payment saved."))
    else:
        messages.error(request, _("Please enter an amount."))
    return redirect("holidays:invoices", invoice.period.slug)


@require_POST
@require(permissions.can_run_programme)
def send_reminders(request: HttpRequest) -> HttpResponse:
    count = services.send_reminders()
    messages.success(
        request,
        ngettext("%(count)s reminder sent.", "%(count)s reminders sent.", count) % {"count": count},
    )
    return redirect("holidays:dashboard")
