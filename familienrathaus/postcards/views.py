from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.exports import table_response
from familienrathaus.core.views.access import require
from familienrathaus.postcards import pdf, permissions, selectors, services
from familienrathaus.postcards.forms import PostcardForm
from familienrathaus.postcards.models import Postcard


@require_safe
def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """The address in the QR code: count the scan (card and day only) and go to the page."""
    postcard = selectors.by_code(code)
    if postcard is None or not _is_local(postcard.target_path):
        raise Http404
    if request.method == "GET":
        services.record_scan(postcard=postcard)
    response = HttpResponseRedirect(postcard.target_path)
    response["Cache-Control"] = "no-store"
    return response


def _is_local(path: str) -> bool:
    """Checked again on every redirect, whatever the database says."""
    return path.startswith("/") and not path.startswith("//") and "\\" not in path


@require(permissions.can_manage_postcards)
def postcard_list(request: HttpRequest) -> HttpResponse:
    cards = selectors.postcards()
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            "postcard-scans",
            [_("Short code"), _("Headline"), _("Page"), _("Day"), _("Scans")],
            (
                (code, headline, target, day.strftime("%d.%m.%Y"), count)
                for code, headline, target, day, count in selectors.scan_rows(cards)
            ),
        )
    return render(
        request,
        "postcards/list.html",
        {"postcards": cards, "recent_days": selectors.RECENT_DAYS},
    )


@require(permissions.can_manage_postcards)
def postcard_create(request: HttpRequest) -> HttpResponse:
    form = PostcardForm(request.POST or None, own_origins=[_origin(request)])
    if request.method == "POST" and form.is_valid():
        postcard = services.create_postcard(
            actor=request.user,  # type: ignore[arg-type]
            target_path=form.cleaned_data["target_path"],
            headline=form.cleaned_data["headline"],
            text=form.cleaned_data["text"],
            orientation=form.cleaned_data["orientation"],
        )
        messages.success(request, _("The postcard was created. Download it as a PDF for print."))
        return redirect("postcards:detail", pk=postcard.pk)
    return render(request, "postcards/form.html", {"form": form, "postcard": None})


@require(permissions.can_manage_postcards)
def postcard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    postcard = get_object_or_404(Postcard, pk=pk)
    form = PostcardForm(request.POST or None, instance=postcard, own_origins=[_origin(request)])
    if request.method == "POST" and form.is_valid():
        services.update_postcard(
            actor=request.user,  # type: ignore[arg-type]
            postcard=get_object_or_404(Postcard, pk=pk),
            fields=form.cleaned_data,
        )
        messages.success(request, _("The postcard was saved."))
        return redirect("postcards:detail", pk=pk)
    return render(request, "postcards/form.html", {"form": form, "postcard": postcard})


@require(permissions.can_manage_postcards)
def postcard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    postcard = get_object_or_404(selectors.postcards(), pk=pk)
    days = selectors.daily_scans(postcard)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            f"postcard-{postcard.code}",
            [_("Day"), _("Scans")],
            ((day.strftime("%d.%m.%Y"), count) for day, count in days),
        )
    return render(
        request,
        "postcards/detail.html",
        {
            "postcard": postcard,
            "days": days,
            "recent_days": selectors.RECENT_DAYS,
            "printed_address": pdf.printed_address(postcard.short_url),
        },
    )


@require(permissions.can_manage_postcards)
def postcard_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    postcard = get_object_or_404(Postcard, pk=pk)
    response = HttpResponse(pdf.render_postcard(postcard), content_type="application/pdf")
    set_download_name(response, f"postkarte-{postcard.code}.pdf")
    return response


def _origin(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"
