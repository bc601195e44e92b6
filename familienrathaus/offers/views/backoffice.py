"""Back-office pages of the offers app under /verwaltung/angebote/.

Partner staff see and edit the offers of their organisations; coordinators see all,
review submissions and change proposals, and download the lists.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import review
from familienrathaus.core.exports import table_response
from familienrathaus.core.markdown import render as render_markdown
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.review import views as review_views
from familienrathaus.core.views.access import require
from familienrathaus.offers import content as offer_content
from familienrathaus.offers import permissions, selectors, services
from familienrathaus.offers.forms import OfferEditor, OfferFilterForm
from familienrathaus.offers.models import Offer, OfferNotice
from familienrathaus.offers.views.detail import page_context
from familienrathaus.offers.workflow import WORKFLOW
from familienrathaus.partners.models import Organisation

PAGE_SIZE = 50
# Decisions are taken on the review page, next to the offer; the rest on its own page.
REVIEW_PAGE_STEPS = {"approve", "return", "reject", "approve_changes", "return_changes"}
OWNER_PAGE_STEPS = set(review.STEPS) - REVIEW_PAGE_STEPS


def _offer_for_change(request: HttpRequest, pk: int) -> Offer:
    """The offer, if the user may change it; 404 otherwise (nothing about others' drafts)."""
    offer = selectors.offer_with_details(pk)
    if offer is None or not permissions.can_change_offer(request.user, offer):
        raise Http404
    return offer


# ---------------------------------------------------------------------------- lists


@require(permissions.can_manage_offers)
def offer_list(request: HttpRequest) -> HttpResponse:
    is_coordinator = permissions.can_review_offers(request.user)
    form = OfferFilterForm(request.GET or None)
    if not is_coordinator:
        for name in ("organisation", "stale", "waiting"):
            del form.fields[name]
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {key: value for key, value in form.cleaned_data.items() if value}
    offers = selectors.filter_offers(selectors.offers_of(request.user), **filters).order_by(
        "title", "pk"
    )
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return _export(file_format, offers)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/backoffice/list.html",
        {
            "form": form,
            "page": page,
            "is_coordinator": is_coordinator,
            "stale_before": timezone.now() - selectors.STALE_AFTER,
            "query": query_without_page(request),
            "total": offers.count(),
        },
    )


def _export(file_format: str, offers: QuerySet[Offer]) -> HttpResponse:
    offers = offers.prefetch_related("themes", "districts", "audiences")
    stale_before = timezone.now() - selectors.STALE_AFTER
    header = [
        _("Title"),
        _("Partner"),
        _("Status"),
        _("Changes waiting for review"),
        _("Themes"),
        _("Audiences"),
        _("Districts"),
        _("Cost"),
        _("Published"),
        _("Last confirmed"),
        _("Stale"),
        _("Address"),
    ]
    rows = (
        (
            offer.title,
            offer.organisation.name,
            offer.get_status_display(),
            _("yes") if offer.changes_waiting_for_review else _("no"),
            ", ".join(t.name for t in offer.themes.all()),
            ", ".join(a.name for a in offer.audiences.all()),
            ", ".join(d.name for d in offer.districts.all()),
            offer.get_cost_display(),
            offer.published_at,
            offer.last_confirmed,  # type: ignore[attr-defined]
            _("yes")
            if offer.status == Offer.Status.PUBLISHED and offer.last_confirmed < stale_before  # type: ignore[attr-defined]
            else _("no"),
            offer.get_absolute_url(),
        )
        for offer in offers
    )
    return table_response(file_format, "angebote", header, rows)


# ---------------------------------------------------------------------- create, edit


def _organisations_for(request: HttpRequest) -> QuerySet[Organisation]:
    organisations = Organisation.objects.order_by("name")
    if not permissions.can_review_offers(request.user):
        organisations = organisations.filter(memberships__user_id=request.user.pk or 0)
    return organisations


@require(permissions.can_manage_offers)
def offer_create(request: HttpRequest) -> HttpResponse:
    organisations = _organisations_for(request)
    if not organisations.exists():
        messages.error(request, _("You are not a member of any partner organisation yet."))
        return redirect("offers:backoffice_list")
    editor = OfferEditor(
        content=offer_content.offer_content(Offer()),
        data=request.POST or None,
        files=request.FILES or None,
        organisations=organisations,
    )
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = render_markdown(request.POST.get("description", ""))
            editor.silence()
        elif editor.is_valid():
            try:
                offer = services.create_offer(
                    actor=request.user,  # type: ignore[arg-type]
                    organisation=editor.form.chosen_organisation(),
                    content=editor.content(),
                )
            except ValidationError as exc:
                editor.form.add_error(None, exc.messages)
            else:
                if "submit" in request.POST:
                    services.change_status(actor=request.user, offer=offer, action="submit")  # type: ignore[arg-type]
                    messages.success(request, _("The offer was saved and submitted for review."))
                else:
                    messages.success(request, _("The offer was saved as a draft."))
                return redirect("offers:manage", pk=offer.pk)
    return render(
        request,
        "offers/backoffice/edit.html",
        {"editor": editor, "offer": None, "preview": preview, "can_submit": True},
    )


@require(permissions.can_manage_offers)
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_change(request, pk)
    if not permissions.can_edit_offer_content(request.user, offer):
        messages.error(request, _("Rejected and archived offers cannot be changed."))
        return redirect("offers:manage", pk=offer.pk)
    editor = OfferEditor(
        content=offer_content.working_content(offer),
        offer=offer,
        data=request.POST or None,
        files=request.FILES or None,
    )
    can_submit = permissions.can_submit(request.user, offer)
    needs_review = permissions.changes_need_review(request.user, offer)
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = render_markdown(request.POST.get("description", ""))
            editor.silence()
        elif editor.is_valid():
            try:
                result = services.update_offer(
                    actor=request.user,  # type: ignore[arg-type]
                    offer=offer,
                    content=editor.content(),
                )
            except ValidationError as exc:
                editor.form.add_error(None, exc.messages)
            else:
                if result == "proposed":
                    messages.success(
                        request,
                        _(
                            "Your changes were sent for review. The published version stays "
                            "online until a coordinator approves them."
                        ),
                    )
                elif "submit" in request.POST and can_submit:
                    services.change_status(actor=request.user, offer=offer, action="submit")  # type: ignore[arg-type]
                    messages.success(request, _("The offer was saved and submitted for review."))
                else:
                    messages.success(request, _("The offer was saved."))
                return redirect("offers:manage", pk=offer.pk)
    return render(
        request,
        "offers/backoffice/edit.html",
        {
            "editor": editor,
            "offer": offer,
            "preview": preview,
            "can_submit": can_submit,
            "needs_review": needs_review,
            "pending": offer.pending_changes,
        },
    )


# ------------------------------------------------------------------- one offer


@require(permissions.can_manage_offers)
def offer_manage(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_change(request, pk)
    return render(
        request,
        "offers/backoffice/manage.html",
        {
            "offer": offer,
            "review": review.panel(WORKFLOW, request, offer, steps=OWNER_PAGE_STEPS),
            "can_edit": permissions.can_edit_offer_content(request.user, offer),
            "can_review": permissions.can_review_offers(request.user),
            "pending": offer.pending_changes,
            "is_stale": selectors.is_stale(offer),
        },
    )


@require(permissions.can_manage_offers)
def offer_preview(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_change(request, pk)
    context = page_context(request, offer)
    context["preview"] = True
    return render(request, "offers/detail.html", context)


# -------------------------------------------------------------------------- review


@require(permissions.can_review_offers)
def review_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's page: the proposal or submission next to the offer itself. Its
    decisions go to the one transition view (a POST here is handed on to it)."""
    if request.method == "POST":
        return review_views.transition(request, pk, workflow=WORKFLOW, back=request.path)
    offer = selectors.offer_with_details(pk)
    if offer is None:
        raise Http404
    context = page_context(request, offer)
    context.update(
        changes_waiting=offer.changes_waiting_for_review,
        review=review.panel(
            WORKFLOW,
            request,
            offer,
            steps=REVIEW_PAGE_STEPS,
            next=reverse("offers:review_queue"),
        ),
    )
    return render(request, "offers/backoffice/review.html", context)


# -------------------------------------------------------------------- confirmation


@require(permissions.can_manage_own_offers)
def confirm(request: HttpRequest) -> HttpResponse:
    offers = (
        selectors.offers_of(request.user)
        .filter(status=Offer.Status.PUBLISHED)
        .order_by("organisation__name", "title")
    )
    if request.method == "POST":
        if "all" in request.POST:
            chosen = list(offers)
        else:
            chosen = list(offers.filter(pk__in=request.POST.getlist("offer")))
        if not chosen:
            messages.error(request, _("Please choose an offer."))
        else:
            count = services.confirm_offers(actor=request.user, offers=chosen)  # type: ignore[arg-type]
            messages.success(
                request,
                _("Thank you: %(count)s offer(s) confirmed as still correct.") % {"count": count},
            )
        return redirect("offers:confirm")
    return render(
        request,
        "offers/backoffice/confirm.html",
        {
            "offers": offers,
            "due_before": timezone.now() - services.REMIND_AFTER,
        },
    )


# ------------------------------------------------------------------------ notices


@require(permissions.can_review_offers)
def notice_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("alle") == "1"
    notices = selectors.notices(handled=None if show_all else False)
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            "hinweise-angebote",
            [
                _("Received"),
                _("Offer"),
                _("Partner"),
                _("Message"),
                _("E-mail address"),
                _("Handled"),
            ],
            (
                (
                    n.created_at,
                    n.offer.title,
                    n.offer.organisation.name,
                    n.message,
                    n.email,
                    _("yes") if n.handled else _("no"),
                )
                for n in notices
            ),
        )
    page = Paginator(notices, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "offers/backoffice/notices.html",
        {"page": page, "show_all": show_all, "query": query_without_page(request)},
    )


@require(permissions.can_review_offers)
@require_POST
def notice_handled(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(OfferNotice, pk=pk)
    services.mark_notice_handled(actor=request.user, notice=notice)  # type: ignore[arg-type]
    messages.success(request, _("Marked as handled."))
    return redirect(reverse("offers:notices"))
