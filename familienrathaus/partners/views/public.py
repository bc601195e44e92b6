"""The public partner list, the partner page and the contact cards (vCard)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.pagination import query_without_page
from familienrathaus.partners import jsonld, permissions, selectors, vcard
from familienrathaus.partners.forms import PublicFilterForm
from familienrathaus.partners.models import Organisation

PAGE_SIZE = 20


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = PublicFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {"q": form.cleaned_data["q"], "kind": form.cleaned_data["kind"]}
    organisations = selectors.public_organisations(**filters)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/list.html",
        {
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "filtered": bool(filters),
        },
    )


def _visible_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None or not permissions.can_view_organisation(request.user, organisation):
        raise Http404
    return organisation


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _visible_organisation(request, slug)
    addresses = list(selectors.addresses(organisation))
    contacts = list(selectors.public_contacts(organisation))
    data = jsonld.organisation(request, organisation, addresses=addresses, contacts=contacts)
    return render(
        request,
        "partners/detail.html",
        {
            "organisation": organisation,
            "addresses": addresses,
            "contacts": contacts,
            "offers": list(selectors.published_offers(organisation)),
            "jsonld": jsonld.dumps(data),
            "can_change": permissions.can_change_organisation(request.user, organisation),
        },
    )


def contact_vcard(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _visible_organisation(request, slug)
    contact = get_object_or_404(selectors.public_contacts(organisation), pk=pk)
    body = vcard.contact_vcard(contact, selectors.addresses(organisation)[:1])
    response = HttpResponse(body.encode("utf-8"), content_type="text/vcard; charset=utf-8")
    filename = slugify(contact.name) or "kontakt"
    set_download_name(response, f"{filename}.vcf")
    return response
