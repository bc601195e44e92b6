"""The partners part of the API (/api/v1/partners).

Reading is public and shows only public organisations and public contact persons.
Partner staff change their own organisation's profile with their API token;
coordinators change any. Who may change what is decided by
``partners.permissions.can_change_organisation`` as in the back office.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from familienrathaus.core import limits
from familienrathaus.core.api import Message, PathSlug, ValidationErrors, authenticated
from familienrathaus.core.models import User
from familienrathaus.partners import permissions, selectors, services
from familienrathaus.partners.models import Address, ContactPerson, Organisation

router = Router(tags=["partners"])

MAX_PAGE_SIZE = 100


class AddressOut(Schema):
    label: str
    street: str
    postcode: str
    city: str
    district: str | None
    latitude: float | None
    longitude: float | None


class ContactOut(Schema):
    id: int
    name: str
    role: str
    email: str
    phone: str
    vcard_url: str


class OrganisationSummary(Schema):
    slug: str
    name: str
    kind: Organisation.Kind
    kind_label: str
    url: str
    website: str
    logo_url: str | None
    logo_alt: str


class OrganisationOut(OrganisationSummary):
    description: str = Field(description="Markdown")
    email: str
    phone: str
    facebook_url: str
    instagram_url: str
    mastodon_url: str
    addresses: list[AddressOut]
    contacts: list[ContactOut] = Field(description="Only contact persons who agreed to be shown")


class OrganisationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[OrganisationSummary]


class OrganisationPatch(Schema):
    """Only the fields sent are changed. ``is_public`` and ``is_trusted``: coordinators only."""

    name: str | None = Field(None, max_length=200)
    kind: Organisation.Kind | None = None
    description: str | None = Field(
        None, max_length=limits.TEXT_DESCRIPTION, description="Markdown"
    )
    logo_alt: str | None = Field(None, max_length=200)
    website: str | None = Field(None, max_length=200)
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    facebook_url: str | None = Field(None, max_length=200)
    instagram_url: str | None = Field(None, max_length=200)
    mastodon_url: str | None = Field(None, max_length=200)
    is_public: bool | None = None
    is_trusted: bool | None = None


class ListFilters(Schema):
    kind: Organisation.Kind | None = None
    q: str = Field("", max_length=100, description="Words of the name")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _summary(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    return {
        "slug": organisation.slug,
        "name": organisation.name,
        "kind": organisation.kind,
        "kind_label": str(organisation.get_kind_display()),
        "url": _absolute(request, organisation.get_absolute_url()),
        "website": organisation.website,
        "logo_url": _absolute(request, organisation.logo.url) if organisation.logo else None,
        "logo_alt": organisation.logo_alt,
    }


def _coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _address(address: Address) -> dict[str, Any]:
    return {
        "label": address.label,
        "street": address.street,
        "postcode": address.postcode,
        "city": address.city,
        "district": address.district.name if address.district else None,
        "latitude": _coordinate(address.latitude),
        "longitude": _coordinate(address.longitude),
    }


def _contact(
    request: HttpRequest, organisation: Organisation, contact: ContactPerson
) -> dict[str, Any]:
    path = reverse("partners:contact_vcard", args=[organisation.slug, contact.pk])
    return {
        "id": contact.pk,
        "name": contact.name,
        "role": contact.role,
        "email": contact.email,
        "phone": contact.phone,
        "vcard_url": _absolute(request, path),
    }


def _detail(request: HttpRequest, organisation: Organisation) -> dict[str, Any]:
    return {
        **_summary(request, organisation),
        "description": organisation.description,
        "email": organisation.email,
        "phone": organisation.phone,
        "facebook_url": organisation.facebook_url,
        "instagram_url": organisation.instagram_url,
        "mastodon_url": organisation.mastodon_url,
        "addresses": [_address(a) for a in selectors.addresses(organisation)],
        "contacts": [
            _contact(request, organisation, c) for c in selectors.public_contacts(organisation)
        ],
    }


@router.get(
    "/", response=OrganisationPage, auth=None, summary="Public partner organisations, by name"
)
def list_organisations(request: HttpRequest, filters: Query[ListFilters]) -> Any:
    organisations = selectors.public_organisations(kind=filters.kind or "", q=filters.q)
    paginator = Paginator(organisations, filters.page_size)
    page = paginator.get_page(filters.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "page_size": filters.page_size,
        "items": [_summary(request, organisation) for organisation in page],
    }


@router.get(
    "/{slug}",
    response={200: OrganisationOut, 404: Message},
    auth=None,
    summary="One public partner organisation with its addresses and public contacts",
)
def get_organisation(request: HttpRequest, slug: PathSlug) -> Any:
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None or not organisation.is_public:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return Status(200, _detail(request, organisation))


@router.patch(
    "/{slug}",
    response={200: OrganisationOut, 403: Message, 404: Message, 422: ValidationErrors},
    auth=authenticated,
    summary="Change the profile of an organisation you work for",
)
def patch_organisation(request: HttpRequest, slug: PathSlug, payload: OrganisationPatch) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None or not permissions.can_view_organisation(user, organisation):
        return Status(404, {"detail": pgettext("api", "Not found.")})
    if not permissions.can_change_organisation(user, organisation):
        message = pgettext("api", "You may only change the organisations you work for.")
        return Status(403, {"detail": message})
    fields = payload.dict(exclude_unset=True)
    restricted = set(fields) & set(services.COORDINATOR_FIELDS)
    if restricted and not permissions.can_manage_organisations(user):
        message = pgettext("api", "Only coordinators may change: %(fields)s.")
        return Status(403, {"detail": message % {"fields": ", ".join(sorted(restricted))}})
    for name, value in fields.items():
        if value is None and name not in services.COORDINATOR_FIELDS and name != "kind":
            fields[name] = ""  # null empties a text field
    try:
        organisation = services.update_organisation(
            actor=user, organisation=organisation, fields=fields
        )
    except ValidationError as error:
        return Status(
            422,
            {
                "detail": [
                    {"loc": ["body", field], "msg": message}
                    for field, messages in error.message_dict.items()
                    for message in messages
                ]
            },
        )
    return Status(200, _detail(request, organisation))
