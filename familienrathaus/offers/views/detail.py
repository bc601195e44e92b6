"""The public offer page /angebote/<slug>/ with its "Angabe veraltet?" form."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from familienrathaus.core.ratelimit import allow
from familienrathaus.offers import jsonld, selectors, services
from familienrathaus.offers.forms import NoticeForm
from familienrathaus.offers.models import Offer

NOTICE_LIMIT = 5  # notices per hour and address


def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    offer = selectors.published_offer(slug)
    if offer is None:
        raise Http404
    form = NoticeForm(request.POST or None, prefix="notice")
    if request.method == "POST":
        if not allow(request, scope="offer-notice", limit=NOTICE_LIMIT, period_seconds=3600):
            messages.error(request, _("Too many messages. Please try again in an hour."))
        elif form.is_valid() and not form.cleaned_data["website"]:
            services.submit_notice(
                offer=offer,
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
            )
            messages.success(request, _("Thank you. Your notice has reached the coordinators."))
            return redirect(offer.get_absolute_url() + "#hinweis")
        elif form.is_valid():  # the hidden field was filled in: a bot
            return redirect(offer.get_absolute_url())
    context = page_context(request, offer)
    context.update(notice_form=form, json_ld=jsonld.script_tag(context["json_ld_data"]))
    return render(request, "offers/detail.html", context)


def page_context(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    """What the offer page shows; also used by the back-office preview and review."""
    url = request.build_absolute_uri(offer.get_absolute_url())
    share_text = f"{offer.title} – {url}"
    return {
        "offer": offer,
        "partner_url": _absolute(request, jsonld.partner_url(offer)),
        "accessibility": [
            label
            for key, label in Offer.Accessibility.choices
            if key in (offer.accessibility or [])
        ],
        "page_url": url,
        "share": {
            "mail": f"mailto:?subject={quote(offer.title)}&body={quote(share_text)}",
            "whatsapp": f"https://wa.me/?text={quote(share_text)}",
        },
        "json_ld_data": jsonld.offer_data(offer, absolute=request.build_absolute_uri),
    }


def _absolute(request: HttpRequest, path: str | None) -> str | None:
    return request.build_absolute_uri(path) if path else None
