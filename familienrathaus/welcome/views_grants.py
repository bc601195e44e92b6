"""The welcome grant in the back office (coordinators only; everybody else gets 404).

- The grant panel on a registration's page (``welcome/grants/panel.html``, context from
  :func:`grant_panel`): approve, refuse with a reason, pay in cash. Each step posts to
  its own address and goes back to the registration's page; on bad input the grant's
  own page comes back with the form as typed and the message next to the field.
- The payments list (CSV/XLSX), each cash payment's receipt PDF.
- The transfer files: make one of all waiting transfer grants, download it as SEPA
  pain.001 and as a CSV list for German Excel. Files are made anew from the kept
  payment rows on each download and are never stored.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core import banking, capacity
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.exports import csv_response, table_response
from familienrathaus.core.forms import add_errors
from familienrathaus.core.models import User
from familienrathaus.core.pagination import page_of, query_without_page
from familienrathaus.core.views.access import require
from familienrathaus.welcome import forms_grants, permissions, receipt_pdf, sepa
from familienrathaus.welcome.models import Grant, Registration
from familienrathaus.welcome.selectors import payments as selectors
from familienrathaus.welcome.selectors import registrations as registration_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import grants as services
from familienrathaus.welcome.services import payments as payment_services

coordinators = require(permissions.can_manage_payments, hide=True)
BUSY = gettext_lazy(
    "Several people are working on payments right now. Please try again in a moment."
)


# --------------------------------------------------------------------------- the panel


PANEL = "welcome/grants/panel.html"


def grant_panel(request: HttpRequest, registration: Registration, **bound: Any) -> dict[str, Any]:
    """The context of the grant panel for a registration's page: add
    ``**grant_panel(request, registration)`` to the page's context and write
    ``{% if grant_panel %}{% include grant_panel %}{% endif %}`` where it goes
    (``grant_panel`` is the template's name, ``money`` its data). ``bound`` replaces a
    form by one with errors."""
    grant = selectors.grant_of(registration)
    payment = selectors.payment_of(grant)
    row = settings_selectors.get()
    status = grant.status if grant else ""
    eligible = (
        registration.eligibility == Registration.Eligibility.ELIGIBLE
        and registration.status != Registration.Status.DECLINED
    )
    panel: dict[str, Any] = {
        "registration": registration,
        "grant": grant,
        "payment": payment,
        "amount": grant.amount if grant else row.grant_amount,
        "enabled": row.grant_enabled,
        "eligible": eligible,
        "may_approve": row.grant_enabled
        and eligible
        and status in ("", Grant.Status.REQUESTED, Grant.Status.REFUSED),
        "may_refuse": status in (Grant.Status.REQUESTED, Grant.Status.APPROVED)
        or (status == "" and registration.wants_grant),
        "may_pay": status == Grant.Status.APPROVED,
        "iban": banking.formatted_iban(registration.iban) if registration.iban else "",
        "approve_form": forms_grants.ApproveForm.for_registration(registration),
        "refuse_form": forms_grants.RefuseForm(),
        "pay_form": forms_grants.PayCashForm.for_registration(registration),
    }
    panel.update(bound)
    return {"grant_panel": PANEL, "money": panel}


def _actor(request: HttpRequest) -> User:
    """The signed-in coordinator (the decorator let nobody else in)."""
    return cast(User, request.user)


def _registration(request: HttpRequest, pk: int) -> Registration:
    return registration_selectors.get_registration_or_404(request.user, pk)


def _back(pk: int) -> str:
    return reverse("welcome:desk-detail", args=[pk]) + "#zuschuss"


@coordinators
def grant_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The grant on its own page (also where a form with errors comes back)."""
    return _page(request, _registration(request, pk))


def _page(
    request: HttpRequest, registration: Registration, status: int = 200, **bound: Any
) -> HttpResponse:
    return render(
        request,
        "welcome/grants/grant.html",
        grant_panel(request, registration, **bound),
        status=status,
    )


def _step(request: HttpRequest, pk: int, form: Any, name: str, act: Any, done: str) -> HttpResponse:
    registration = _registration(request, pk)
    if form.is_valid():
        try:
            result = act(registration, form.cleaned_data)
        except services.StepRefused as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(_back(pk))
        except capacity.CapacityBusy:
            messages.error(request, BUSY)
            return redirect(_back(pk))
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, done)
            if name == "pay_form":
                return redirect("welcome:payment", number=result.number)
            return redirect(_back(pk))
    return _page(request, registration, status=400, **{name: form})


@require_POST
@coordinators
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms_grants.ApproveForm(request.POST),
        "approve_form",
        lambda registration, data: services.approve(
            actor=_actor(request),
            registration=registration,
            payout=data["payout"],
            account_holder=data.get("account_holder") or "",
            iban=data.get("iban") or "",
        ),
        _("The grant is approved."),
    )


@require_POST
@coordinators
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms_grants.RefuseForm(request.POST),
        "refuse_form",
        lambda registration, data: services.refuse(
            actor=_actor(request), registration=registration, reason=data["reason"]
        ),
        _("The grant is refused. The family is told by e-mail if it gave an address."),
    )


@require_POST
@coordinators
def pay_cash(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        forms_grants.PayCashForm(request.POST),
        "pay_form",
        lambda registration, data: services.pay_cash(
            actor=_actor(request), registration=registration, payee_name=data["payee_name"]
        ),
        _("Paid. Print the receipt and have it signed."),
    )


# --------------------------------------------------------------------------- payments


@coordinators
def payment_list(request: HttpRequest) -> HttpResponse:
    form = forms_grants.PaymentFilterForm(request.GET or None, years=selectors.payment_years())
    payments = selectors.payments(**form.filters())
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            "begruessungsgeld-zahlungen",
            [
                _("Receipt number"),
                _("Reference number"),
                _("Paid"),
                _("Method"),
                _("Payee"),
                _("IBAN"),
                _("Amount (EUR)"),
                _("Transfer file"),
            ],
            (
                (
                    p.number,
                    p.registration_reference,
                    p.paid_at,
                    p.get_method_display(),
                    p.payee_name,
                    banking.formatted_iban(p.iban) if p.iban else "",
                    payment_services.german_amount(p.amount) if file_format == "csv" else p.amount,
                    p.batch.message_id if p.batch else "",
                )
                for p in payments
            ),
        )
    page = page_of(request, payments)
    return render(
        request,
        "welcome/grants/payments.html",
        {
            "form": form,
            "page": page,
            "totals": selectors.totals(payments),
            "waiting_cash": selectors.approved_for_cash()[:50],
            "query": query_without_page(request),
        },
    )


@coordinators
def payment_detail(request: HttpRequest, number: str) -> HttpResponse:
    payment = selectors.payment_or_404(number)
    registration = payment.grant.registration if payment.grant else None
    return render(
        request,
        "welcome/grants/payment.html",
        {"payment": payment, "registration": registration},
    )


@coordinators
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    payment = selectors.payment_or_404(number)
    response = HttpResponse(receipt_pdf.render_receipt(payment), content_type="application/pdf")
    set_download_name(response, f"quittung-{payment.number}.pdf", attachment=False)
    return _private(response)


# --------------------------------------------------------------------------- transfer files


@coordinators
def batch_list(request: HttpRequest) -> HttpResponse:
    earliest = payment_services.earliest_execution_date()
    form = forms_grants.BatchForm(request.POST or None, earliest=earliest)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                batch = payment_services.create_batch(
                    actor=_actor(request), execution_date=form.cleaned_data["execution_date"]
                )
            except (sepa.SepaError, services.StepRefused) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
                return redirect("welcome:batches")
            except capacity.CapacityBusy:
                messages.error(request, BUSY)
                return redirect("welcome:batches")
            messages.success(
                request,
                _("Transfer file with %(count)s transfers made. Download it for the cash office.")
                % {"count": batch.count},
            )
            return redirect(reverse("welcome:batches") + f"#datei-{batch.pk}")
        status = 400
    try:
        payment_services.debtor_account()
        account_problem = ""
    except sepa.SepaError as exc:
        account_problem = str(exc)
    return render(
        request,
        "welcome/grants/batches.html",
        {
            "form": form,
            "batches": selectors.batches()[:100],
            "waiting": selectors.waiting_for_transfer(),
            "account_problem": account_problem,
            "schema": sepa.SCHEMA,
        },
        status=status,
    )


@coordinators
def batch_sepa(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_or_404(pk)
    try:
        content = payment_services.sepa_file(batch)
    except sepa.SepaError as exc:
        messages.error(request, str(exc))
        return redirect("welcome:batches")
    response = HttpResponse(content, content_type="application/xml; charset=utf-8")
    set_download_name(response, f"sepa-begruessungsgeld-{batch.message_id}.xml")
    return _private(response)


@coordinators
def batch_csv(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_or_404(pk)
    return _private(
        csv_response(
            f"ueberweisungen-{batch.message_id}",
            payment_services.csv_header(),
            payment_services.csv_rows(batch),
        )
    )


def _private(response: HttpResponse) -> HttpResponse:
    """Bank details and names: no cache on the way may keep a copy."""
    patch_cache_control(response, private=True, no_store=True)
    return response
