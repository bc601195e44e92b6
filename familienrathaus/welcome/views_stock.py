"""The package stock under /verwaltung/babybegruessung/bestand/ (coordinators): items
with their quantity, goods received, corrections and each item's history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core.forms import add_errors
from familienrathaus.welcome import forms_desk
from familienrathaus.welcome.models import StockItem
from familienrathaus.welcome.selectors import stock as selectors
from familienrathaus.welcome.services import stock as services
from familienrathaus.welcome.views_desk import coordinators


@coordinators
def stock_list(request: HttpRequest) -> HttpResponse:
    items = list(selectors.items())
    return render(
        request,
        "welcome/desk/stock_list.html",
        {
            "items": items,
            "low_stock": selectors.low_items(),
            "languages": dict(forms_desk.language_choices()),
        },
    )


@coordinators
def stock_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(StockItem, pk=pk) if pk else None
    form = forms_desk.StockItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_item(
                actor=request.user,  # type: ignore[arg-type]
                item=get_object_or_404(StockItem, pk=pk) if pk else None,
                values=form.cleaned_data,
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The item was saved."))
            return redirect("welcome:stock-item", saved.pk)
    return render(
        request,
        "welcome/desk/stock_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


def _item_page(
    request: HttpRequest, item: StockItem, status: int = 200, **forms: Any
) -> HttpResponse:
    return render(
        request,
        "welcome/desk/stock_item.html",
        {
            "item": item,
            "movements": selectors.movements(item),
            "language": forms_desk.language_name(item.language) if item.language else "",
            "receive_form": forms.get("receive_form") or forms_desk.ReceiveForm(),
            "correct_form": forms.get("correct_form") or forms_desk.CorrectForm(),
        },
        status=status,
    )


@coordinators
def stock_item(request: HttpRequest, pk: int) -> HttpResponse:
    return _item_page(request, get_object_or_404(StockItem, pk=pk))


@require_POST
@coordinators
def stock_receive(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StockItem, pk=pk)
    form = forms_desk.ReceiveForm(request.POST)
    if form.is_valid():
        try:
            services.receive(
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The goods received were booked."))
            return redirect("welcome:stock-item", pk)
    return _item_page(request, item, status=400, receive_form=form)


@require_POST
@coordinators
def stock_correct(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StockItem, pk=pk)
    form = forms_desk.CorrectForm(request.POST)
    if form.is_valid():
        try:
            services.correct(
                actor=request.user,  # type: ignore[arg-type]
                item=item,
                change=form.cleaned_data["change"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The stock was corrected."))
            return redirect("welcome:stock-item", pk)
    return _item_page(request, item, status=400, correct_form=form)
