"""Back-office pages for paying invoices: import a bank statement, see what it matched,
assign the lines it could not match, undo an import. Coordinators only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.holidays import payment_selectors, permissions
from familienrathaus.holidays.bank_statements import StatementProblem
from familienrathaus.holidays.models import Payment, PaymentImport
from familienrathaus.holidays.payment_forms import AssignForm, StatementUploadForm
from familienrathaus.holidays.services import payments as payment_services


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require(permissions.can_run_programme)
def imports(request: HttpRequest) -> HttpResponse:
    form = StatementUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["statement"]
        try:
            batch = payment_services.import_statement(
                actor=_user(request), content=upload.read(), file_name=upload.name
            )
        except StatementProblem as problem:
            problems = problem.problems
            form.add_error(
                "statement",
                _("Nothing was imported. Please correct the file and upload it again."),
            )
        else:
            messages.success(request, _("The statement was imported."))
            return redirect("holidays:payment_import", batch.pk)
    return render(
        request,
        "holidays/backoffice/payment_imports.html",
        {
            "form": form,
            "problems": problems,
            "imports": payment_selectors.imports()[:50],
        },
        status=400 if problems or form.errors else 200,
    )


@require(permissions.can_run_programme)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PaymentImport, pk=pk)
    return render(
        request,
        "holidays/backoffice/payment_import.html",
        {"batch": batch, "assign_form": AssignForm(), **payment_selectors.import_overview(batch)},
    )


@require_POST
@require(permissions.can_run_programme)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(Payment, pk=pk, invoice=None)
    form = AssignForm(request.POST)
    if form.is_valid():
        payment_services.assign_payment(
            actor=_user(request), payment=payment, invoice=form.cleaned_data["invoice"]
        )
        messages.success(request, _("The payment was assigned."))
    else:
        messages.error(request, _("Please choose an open invoice."))
    if payment.batch_id:
        return redirect("holidays:payment_import", payment.batch_id)
    return redirect("holidays:payment_imports")


@require_POST
@require(permissions.can_run_programme)
def undo(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PaymentImport, pk=pk)
    count = payment_services.undo_import(actor=_user(request), batch=batch)
    messages.success(
        request,
        ngettext(
            "The import was undone: %(count)s payment removed.",
            "The import was undone: %(count)s payments removed.",
            count,
        )
        % {"count": count},
    )
    return redirect("holidays:payment_imports")
