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
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core import review
from familienrathaus.core.exports import table_response
from familienrathaus.core.markdown import render as render_markdown
from familienrathaus.core.views.access import require
from familienrathaus.offers import content as offer_content
from familienrathaus.offers import diff, permissions, selectors, services
from familienrathaus.offers.forms import OfferEditor, OfferFilterForm, ReviewForm
from familienrathaus.offers.models import Offer, OfferNotice
from familienrathaus.offers.views.detail import page_context
from familienrathaus.offers.workflow import WORKFLOW
from familienrathaus.partners.models import Organisation

PAGE_SIZE = 50
# Shown on the offer's own page; approve, return and reject need the review page.
REVIEW_ONLY = {"approve", "return", "reject"}


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
            "query": _query_without_page(request),
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
            _("yes") if review.changes_waiting_for_review(offer) else _("no"),
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
    can_submit = review.can(WORKFLOW, request.user, offer, "submit")
    needs_review = review.needs_review(WORKFLOW, request.user, offer)
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
    transitions = [
        t for t in review.available(WORKFLOW, request.user, offer) if t.name not in REVIEW_ONLY
    ]
    return render(
        request,
        "offers/backoffice/manage.html",
        {
            "offer": offer,
            "transitions": transitions,
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


@require(permissions.can_manage_offers)
@require_POST
def offer_transition(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_change(request, pk)
    action = request.POST.get("action", "")
    if action not in review.TRANSITIONS or action in REVIEW_ONLY:
        return HttpResponseBadRequest()
    try:
        services.change_status(actor=request.user, offer=offer, action=action)  # type: ignore[arg-type]
    except review.TransitionNotAllowed:
        messages.error(request, _("This is not possible in the offer's current state."))
    else:
        messages.success(
            request,
            _("Done: the offer is now “%(status)s”.") % {"status": offer.get_status_display()},
        )
    return redirect("offers:manage", pk=offer.pk)


@require(permissions.can_manage_offers)
@require_POST
def offer_withdraw_changes(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _offer_for_change(request, pk)
    try:
        services.withdraw_changes(actor=request.user, offer=offer)  # type: ignore[arg-type]
    except review.TransitionNotAllowed:
        messages.error(request, _("There are no changes to withdraw."))
    else:
        messages.success(request, _("Your changes were withdrawn; the published version stays."))
    return redirect("offers:manage", pk=offer.pk)


# -------------------------------------------------------------------------- review


@require(permissions.can_review_offers)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "offers/backoffice/review_queue.html",
        {
            "offers": selectors.review_queue(),
            "open_notices": selectors.open_notice_count(),
            "stale_count": selectors.stale_offers().count(),
        },
    )


@require(permissions.can_review_offers)
def review_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_with_details(pk)
    if offer is None:
        raise Http404
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "")
        comment = form.cleaned_data["comment"]
        actor: Any = request.user
        try:
            if action in REVIEW_ONLY:
                services.change_status(actor=actor, offer=offer, action=action, comment=comment)
            elif action == "approve_changes":
                services.approve_changes(actor=actor, offer=offer)
            elif action == "return_changes":
                services.return_changes(actor=actor, offer=offer, comment=comment)
            else:
                return HttpResponseBadRequest()
        except ValidationError as exc:
            for message in exc.message_dict.get("comment", exc.messages):
                form.add_error("comment", message)
        except review.TransitionNotAllowed:
            messages.error(
                request, _("This is no longer possible: the offer was changed meanwhile.")
            )
            return redirect("offers:review", pk=offer.pk)
        else:
            messages.success(request, str(_REVIEW_MESSAGES[action]) % {"title": offer.title})
            return redirect("offers:review_queue")
    pending = offer.pending_changes or {}
    context = page_context(request, offer)
    context.update(
        form=form,
        is_submission=offer.status == Offer.Status.SUBMITTED,
        changes_waiting=review.changes_waiting_for_review(offer),
        pending=pending,
        diff_rows=(
            diff.rows(offer_content.offer_content(offer), pending.get("values") or {})
            if pending
            else []
        ),
        transitions=[
            t for t in review.available(WORKFLOW, request.user, offer) if t.name in REVIEW_ONLY
        ],
    )
    return render(
        request,
        "offers/backoffice/review.html",
        context,
    )


_REVIEW_MESSAGES = {
    "approve": gettext_lazy("“%(title)s” is published."),
    "return": gettext_lazy("“%(title)s” was sent back to the partner."),
    "reject": gettext_lazy("“%(title)s” was rejected."),
    "approve_changes": gettext_lazy("The changes to “%(title)s” are online."),
    "return_changes": gettext_lazy("The changes to “%(title)s” were sent back to the partner."),
}


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
        {"page": page, "show_all": show_all, "query": _query_without_page(request)},
    )


@require(permissions.can_review_offers)
@require_POST
def notice_handled(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(OfferNotice, pk=pk)
    services.mark_notice_handled(actor=request.user, notice=notice)  # type: ignore[arg-type]
    messages.success(request, _("Marked as handled."))
    return redirect(reverse("offers:notices"))


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()
