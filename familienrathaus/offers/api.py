"""The offers part of the API (/api/v1/offers).

Reading is public and shows published offers only, with the same filters as the search
page (``search.search_offers``). Partner staff create drafts, change and submit the
offers of their own organisations with their API token; the same rules as in the back
office apply (``offers.permissions``, ``offers.services``): changes to a published
offer of a partner that is not trusted wait for review.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import pgettext
from ninja import Query, Router, Schema, Status
from pydantic import Field

from familienrathaus.core import limits
from familienrathaus.core.api import Message, PathSlug, ValidationErrors, authenticated
from familienrathaus.core.markdown import render as render_markdown
from familienrathaus.core.models import Audience, District, Language, Theme, User
from familienrathaus.core.review import Status as ReviewStatus
from familienrathaus.offers import content as offer_content
from familienrathaus.offers import permissions, search, selectors, services
from familienrathaus.offers.forms import LocationForm, OfferForm, TimeForm
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation

router = Router(tags=["offers"])

MAX_PAGE_SIZE = 100


# --------------------------------------------------------------------------- schemas


class Named(Schema):
    slug: str
    name: str


class LanguageOut(Schema):
    code: str
    name: str


class TimeOut(Schema):
    weekday: int = Field(description="0 = Monday … 6 = Sunday")
    weekday_name: str
    opens: str
    closes: str
    note: str


class LocationOut(Schema):
    label: str
    street: str
    postcode: str
    city: str
    district: str | None
    latitude: float | None
    longitude: float | None


class ImageOut(Schema):
    url: str
    alt_text: str


class AttachmentOut(Schema):
    url: str
    title: str


class OfferSummary(Schema):
    slug: str
    title: str
    summary: str
    url: str
    organisation: Named
    themes: list[Named]
    audiences: list[Named]
    districts: list[Named]
    languages: list[LanguageOut]
    cost: Offer.Cost
    cost_note: str
    age_min: int | None
    age_max: int | None


class OfferOut(OfferSummary):
    description: str = Field(description="Markdown")
    description_html: str = Field(description="The description as sanitised HTML")
    accessibility: list[Offer.Accessibility]
    online_url: str
    phone: str
    email: str
    times_note: str
    valid_from: date | None
    valid_until: date | None
    times: list[TimeOut]
    locations: list[LocationOut]
    images: list[ImageOut]
    attachments: list[AttachmentOut]
    published_at: str | None


class OwnOfferOut(OfferOut):
    id: int
    status: ReviewStatus  # Offer.Status, which mypy does not take as a type
    review_comment: str
    changes_pending: str | None = Field(
        description="State of changes to a published offer that wait for review: "
        '"submitted", "returned" (see changes_comment) or null'
    )
    changes_comment: str


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class OfferPage(Schema):
    total: int
    page: int
    pages: int
    items: list[OfferSummary]
    facets: dict[str, list[FacetValueOut]]


class TimeIn(Schema):
    weekday: int = Field(ge=0, le=6, description="0 = Monday … 6 = Sunday")
    opens: str = Field(max_length=5, description="HH:MM")
    closes: str = Field(max_length=5, description="HH:MM")
    note: str = Field("", max_length=150)


class LocationIn(Schema):
    label: str = Field("", max_length=150)
    street: str = Field(max_length=150)
    postcode: str = Field(max_length=10)
    city: str = Field(max_length=100)
    district: str | None = Field(None, max_length=100, description="Slug of a district")
    latitude: Decimal | None = None
    longitude: Decimal | None = None


class OfferIn(Schema):
    """Only the fields sent are changed (lists are replaced as a whole)."""

    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=300)
    description: str | None = Field(
        None, max_length=limits.TEXT_DESCRIPTION, description="Markdown"
    )
    themes: list[str] | None = Field(None, max_length=50, description="Slugs of themes")
    audiences: list[str] | None = Field(None, max_length=50, description="Slugs of audiences")
    districts: list[str] | None = Field(None, max_length=100, description="Slugs of districts")
    languages: list[str] | None = Field(
        None, max_length=50, description="Language codes, e.g. de, tr"
    )
    age_min: int | None = Field(None, ge=0, le=limits.MAX_AGE)
    age_max: int | None = Field(None, ge=0, le=limits.MAX_AGE)
    cost: Offer.Cost | None = None
    cost_note: str | None = Field(None, max_length=300)
    accessibility: list[Offer.Accessibility] | None = None
    online_url: str | None = Field(None, max_length=200)
    phone: str | None = Field(None, max_length=50)
    email: str | None = Field(None, max_length=254)
    times_note: str | None = Field(None, max_length=300)
    valid_from: date | None = Field(None, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    valid_until: date | None = Field(None, ge=limits.EARLIEST_DATE, le=limits.LATEST_DATE)
    times: list[TimeIn] | None = Field(None, max_length=50)
    locations: list[LocationIn] | None = Field(None, max_length=50)


class OfferCreate(OfferIn):
    organisation: str = Field(
        max_length=200, description="Slug of the organisation the offer belongs to"
    )
    title: str = Field(max_length=200)
    summary: str = Field(max_length=300)
    themes: list[str] = Field(max_length=50)


class UpdateResult(Schema):
    result: str = Field(description='"saved", or "proposed" when the changes wait for review')
    offer: OwnOfferOut


class SearchFilters(Schema):
    q: str = Field("", max_length=200, description="Words to search for")
    theme: list[str] = Field([], description="Slugs of themes")
    audience: list[str] = Field([], description="Slugs of audiences")
    district: list[str] = Field([], description="Slugs of districts")
    language: list[str] = Field([], description="Language codes")
    cost: list[Offer.Cost] = Field([], description="free, fee or reduced")
    age: int | None = Field(None, ge=0, le=120, description="Age of the child or person")
    sort: str = Field("relevance", max_length=20, description="relevance, title or newest")
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# --------------------------------------------------------------------------- output


def _named(items: Any) -> list[dict[str, str]]:
    return [{"slug": item.slug, "name": item.name} for item in items]


def _summary(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    return {
        "slug": offer.slug,
        "title": offer.title,
        "summary": offer.summary,
        "url": request.build_absolute_uri(offer.get_absolute_url()),
        "organisation": {"slug": offer.organisation.slug, "name": offer.organisation.name},
        "themes": _named(offer.themes.all()),
        "audiences": _named(offer.audiences.all()),
        "districts": _named(offer.districts.all()),
        "languages": [{"code": lang.code, "name": lang.name} for lang in offer.languages.all()],
        "cost": offer.cost,
        "cost_note": offer.cost_note,
        "age_min": offer.age_min,
        "age_max": offer.age_max,
    }


def _detail(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    return {
        **_summary(request, offer),
        "description": offer.description,
        "description_html": str(render_markdown(offer.description)),
        "accessibility": list(offer.accessibility or []),
        "online_url": offer.online_url,
        "phone": offer.phone,
        "email": offer.email,
        "times_note": offer.times_note,
        "valid_from": offer.valid_from,
        "valid_until": offer.valid_until,
        "times": [
            {
                "weekday": t.weekday,
                "weekday_name": str(t.get_weekday_display()),
                "opens": t.opens.strftime("%H:%M"),
                "closes": t.closes.strftime("%H:%M"),
                "note": t.note,
            }
            for t in offer.times.all()
        ],
        "locations": [
            {
                "label": loc.label,
                "street": loc.street,
                "postcode": loc.postcode,
                "city": loc.city,
                "district": loc.district.name if loc.district else None,
                "latitude": float(loc.latitude) if loc.latitude is not None else None,
                "longitude": float(loc.longitude) if loc.longitude is not None else None,
            }
            for loc in offer.locations.all()
        ],
        "images": [
            {"url": request.build_absolute_uri(i.image.url), "alt_text": i.alt_text}
            for i in offer.images.all()
            if not i.is_pending
        ],
        "attachments": [
            {"url": request.build_absolute_uri(a.file.url), "title": a.title}
            for a in offer.attachments.all()
            if not a.is_pending
        ],
        "published_at": offer.published_at.isoformat() if offer.published_at else None,
    }


def _own(request: HttpRequest, offer: Offer) -> dict[str, Any]:
    pending = offer.pending_changes or {}
    return {
        **_detail(request, offer),
        "id": offer.pk,
        "status": offer.status,
        "review_comment": offer.review_comment,
        "changes_pending": pending.get("state"),
        "changes_comment": pending.get("comment", ""),
    }


# ---------------------------------------------------------------------------- input


def _errors(items: list[tuple[list[str], str]]) -> Status[dict[str, Any]]:
    return Status(422, {"detail": [{"loc": ["body", *loc], "msg": msg} for loc, msg in items]})


def _unknown(name: str, value: str) -> str:
    """``Unknown themes: kita`` for a slug (or code) the site does not know."""
    messages = {
        "themes": pgettext("api", "Unknown themes: %(value)s"),
        "audiences": pgettext("api", "Unknown audiences: %(value)s"),
        "districts": pgettext("api", "Unknown districts: %(value)s"),
        "district": pgettext("api", "Unknown district: %(value)s"),
        "languages": pgettext("api", "Unknown languages: %(value)s"),
        "organisation": pgettext("api", "Unknown organisation: %(value)s"),
    }
    return messages[name] % {"value": value}


def _ids(model: Any, field: str, values: list[str], name: str) -> tuple[list[int], list[Any]]:
    found = dict(model.objects.filter(**{f"{field}__in": values}).values_list(field, "pk"))
    unknown = [value for value in values if value not in found]
    errors = [([name], _unknown(name, value)) for value in unknown]
    return sorted(found.values()), errors


def _validated_content(base: dict[str, Any], payload: OfferIn) -> tuple[dict[str, Any], list[Any]]:
    """Merge the sent fields onto ``base`` and check them like the back-office form."""
    sent = payload.dict(exclude_unset=True)
    sent.pop("organisation", None)
    errors: list[Any] = []
    merged = dict(base)
    for name, model, field in (
        ("themes", Theme, "slug"),
        ("audiences", Audience, "slug"),
        ("districts", District, "slug"),
        ("languages", Language, "code"),
    ):
        if name in sent:
            merged[name], unknown = _ids(model, field, sent.pop(name) or [], name)
            errors += unknown
    times = sent.pop("times", None)
    locations = sent.pop("locations", None)
    for name, value in sent.items():
        if isinstance(value, date):
            value = value.isoformat()
        merged[name] = (
            ""
            if value is None and name not in {"age_min", "age_max", "valid_from", "valid_until"}
            else value
        )
    form = OfferForm(data=_form_data(merged))
    if not form.is_valid():
        reported = {loc[0] for loc, _msg in errors}  # e.g. unknown themes: no "required" too
        errors += [
            ([field], str(msg))
            for field, msgs in form.errors.items()
            for msg in msgs
            if field not in reported
        ]
    else:
        merged.update(form.content())
    if times is not None:
        merged["times"] = []
        for number, row in enumerate(times):
            time_form = TimeForm(data={key: "" if v is None else v for key, v in row.items()})
            if time_form.is_valid():
                merged["times"].append(time_form.row())
            else:
                errors += [
                    (["times", str(number), field], str(msg))
                    for field, msgs in time_form.errors.items()
                    for msg in msgs
                ]
    if locations is not None:
        merged["locations"] = []
        for number, row in enumerate(locations):
            district = row.pop("district", None)
            data = {key: "" if v is None else str(v) for key, v in row.items()}
            if district:
                found = District.objects.filter(slug=district).first()
                if found is None:
                    errors.append(
                        (["locations", str(number), "district"], _unknown("district", district))
                    )
                    continue
                data["district"] = str(found.pk)
            location_form = LocationForm(data=data)
            if location_form.is_valid():
                merged["locations"].append(location_form.row())
            else:
                errors += [
                    (["locations", str(number), field], str(msg))
                    for field, msgs in location_form.errors.items()
                    for msg in msgs
                ]
    return merged, errors


def _form_data(content: dict[str, Any]) -> MultiValueDict[str, Any]:
    data: MultiValueDict[str, Any] = MultiValueDict()
    for name in OfferForm.Meta.fields:
        value = content.get(name)
        if isinstance(value, list):
            data.setlist(name, [str(item) for item in value])
        else:
            data[name] = "" if value is None else str(value)
    return data


def _find(user: User, slug: str) -> tuple[Offer | None, Status[dict[str, str]] | None]:
    """The offer the user may change, or the error answer: 404 unless they may see it."""
    offer = Offer.objects.select_related("organisation").filter(slug=slug).first()
    if offer is None or not permissions.can_view_offer(user, offer):
        return None, Status(404, {"detail": pgettext("api", "Not found.")})
    if not permissions.can_change_offer(user, offer):
        message = pgettext("api", "You may only change the offers of your organisations.")
        return None, Status(403, {"detail": message})
    return offer, None


def _reload(offer: Offer) -> Offer:
    found = selectors.offer_with_details(offer.pk)
    assert found is not None
    return found


# ------------------------------------------------------------------------ endpoints


@router.get("/", response=OfferPage, auth=None, summary="Search the published offers")
def list_offers(request: HttpRequest, filters: Query[SearchFilters]) -> Any:
    result = search.search_offers(
        text=filters.q,
        themes=filters.theme,
        audiences=filters.audience,
        districts=filters.district,
        languages=filters.language,
        costs=[str(cost) for cost in filters.cost],
        age=filters.age,
        sort=filters.sort,
        page=filters.page,
        per_page=filters.page_size,
    )
    offers = list(result.offers)
    prefetch_related_objects(
        offers, "organisation", "themes", "audiences", "districts", "languages"
    )
    return {
        "total": result.total,
        "page": result.page,
        "pages": result.pages,
        "items": [_summary(request, offer) for offer in offers],
        "facets": {
            name: [
                {
                    "value": str(v.value),
                    "label": str(v.label),
                    "count": v.count,
                    "selected": bool(v.selected),
                }
                for v in values
            ]
            for name, values in result.facets.items()
        },
    }


@router.get(
    "/mine",
    response=list[OwnOfferOut],
    auth=authenticated,
    summary="The offers of your organisations, in every state (drafts too)",
)
def my_offers(request: HttpRequest) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    offers = (
        selectors.offers_of(user)
        .prefetch_related(
            "themes",
            "audiences",
            "districts",
            "languages",
            "times",
            "locations__district",
            "images",
            "attachments",
        )
        .order_by("title", "pk")
    )
    return [_own(request, offer) for offer in offers]


@router.get(
    "/{slug}",
    response={200: OfferOut, 404: Message},
    auth=None,
    summary="One published offer with all its details",
)
def get_offer(request: HttpRequest, slug: PathSlug) -> Any:
    offer = selectors.published_offer(slug)
    if offer is None:
        return Status(404, {"detail": pgettext("api", "Not found.")})
    return Status(200, _detail(request, offer))


@router.post(
    "/",
    response={201: OwnOfferOut, 403: Message, 404: Message, 422: ValidationErrors},
    auth=authenticated,
    summary="Create a draft offer for an organisation you work for",
)
def create_offer(request: HttpRequest, payload: OfferCreate) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        return _errors([(["organisation"], _unknown("organisation", payload.organisation))])
    if not permissions.can_create_offer_for(user, organisation):
        message = pgettext("api", "You may only create offers for your organisations.")
        return Status(403, {"detail": message})
    merged, errors = _validated_content(offer_content.offer_content(Offer()), payload)
    if errors:
        return _errors(errors)
    try:
        offer = services.create_offer(actor=user, organisation=organisation, content=merged)
    except ValidationError as error:
        return _errors([([name], msg) for name, msgs in error.message_dict.items() for msg in msgs])
    return Status(201, _own(request, _reload(offer)))


@router.patch(
    "/{slug}",
    response={200: UpdateResult, 403: Message, 404: Message, 409: Message, 422: ValidationErrors},
    auth=authenticated,
    summary="Change an offer of your organisation",
    description="Changes to a published offer wait for review unless your organisation is "
    'trusted; the answer says "proposed" then, and the published version stays online.',
)
def update_offer(request: HttpRequest, slug: PathSlug, payload: OfferIn) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    offer, refusal = _find(user, slug)
    if refusal is not None:
        return refusal
    assert offer is not None
    if not permissions.can_edit_offer_content(user, offer):
        message = pgettext("api", "Rejected and archived offers cannot be changed.")
        return Status(409, {"detail": message})
    merged, errors = _validated_content(offer_content.working_content(offer), payload)
    if errors:
        return _errors(errors)
    try:
        result = services.update_offer(actor=user, offer=offer, content=merged)
    except ValidationError as error:
        return _errors([([name], msg) for name, msgs in error.message_dict.items() for msg in msgs])
    return Status(200, {"result": result, "offer": _own(request, _reload(offer))})


@router.post(
    "/{slug}/submit",
    response={200: OwnOfferOut, 403: Message, 404: Message, 409: Message},
    auth=authenticated,
    summary="Submit a draft (or a returned offer) for review",
)
def submit_offer(request: HttpRequest, slug: PathSlug) -> Any:
    user: User = request.auth  # type: ignore[attr-defined]
    offer, refusal = _find(user, slug)
    if refusal is not None:
        return refusal
    assert offer is not None
    if not permissions.can_submit(user, offer):
        message = pgettext("api", "An offer in the state “%(state)s” cannot be submitted.")
        return Status(409, {"detail": message % {"state": offer.get_status_display()}})
    services.change_status(actor=user, offer=offer, action="submit")
    return Status(200, _own(request, _reload(offer)))
