"""Public pages of the holiday programme: the programme, an activity, booking, brochure."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import capacity
from familienrathaus.core.downloads import set_download_name
from familienrathaus.holidays import jsonld, links, pdf, permissions, rules, selectors, services
from familienrathaus.holidays.forms import ProgrammeFilterForm
from familienrathaus.holidays.models import Activity, Child, Occasion, OccasionDate, Period


def index(request: HttpRequest) -> HttpResponse:
    period = selectors.current_period()
    if period is not None:
        return redirect(period.get_absolute_url())
    return render(request, "holidays/index.html", {"periods": []})


def _children(request: HttpRequest) -> Any:
    if request.user.is_authenticated:
        return Child.objects.filter(family=request.user)
    return None


def period_detail(request: HttpRequest, slug: str) -> HttpResponse:
    period = get_object_or_404(Period, slug=slug, is_archived=False)
    children = _children(request)
    form = ProgrammeFilterForm(request.GET or None, children=children)
    filters = selectors.ProgrammeFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ProgrammeFilter(
            child=data.get("child"),
            day=data.get("day"),
            category=data.get("category") or "",
            free_only=bool(data.get("free_only")),
            query=data.get("q") or "",
        )
    try:
        week = int(request.GET.get("woche", ""))
    except ValueError:
        week = None
    page = selectors.programme_page(period, filters, week=week)
    # Filters stay in the URL: week links and paging keep every GET parameter.
    kept = request.GET.copy()
    kept.pop("woche", None)
    return render(
        request,
        "holidays/period.html",
        {
            "period": period,
            "form": form,
            "page": page,
            "occasions": page.occasions,
            "kept_query": kept.urlencode(),
            "filters": filters,
            "children": list(children) if children is not None else [],
            "programme_links": links.links_for(period),
            "other_periods": [
                links.PeriodLinks(other, links.links_for(other))
                for other in selectors.visible_periods()
                if other.pk != period.pk
            ],
        },
    )


def activity_detail(request: HttpRequest, slug: str) -> HttpResponse:
    activity = get_object_or_404(
        Activity.objects.select_related("period", "organisation"), slug=slug
    )
    if not permissions.can_view_activity(request.user, activity):
        raise Http404
    occasions = selectors.occasions_of_activity(activity)
    children = list(_children(request) or [])
    booked = selectors.family_bookings(request.user, [o.pk for o in occasions])
    rows = []
    for occasion in occasions:
        mine = booked[occasion.pk]
        taken = {b.child_id for b in mine}
        fitting = [
            c for c in children if c.pk not in taken and rules.child_fits_occasion(c, occasion)
        ]
        rows.append({"occasion": occasion, "children": fitting, "bookings": mine})
    return render(
        request,
        "holidays/activity.html",
        {
            "activity": activity,
            "period": activity.period,
            "rows": rows,
            "children": children,
            "booking_open": activity.period.is_booking_open,
            "json_ld": jsonld.activity_script(
                activity, occasions, absolute=request.build_absolute_uri
            ),
        },
    )


BOOKING_FIELDS = [
    "activity_id",
    "age_rule",
    "age_min",
    "age_max",
    "age_tolerance_months",
    "cancelled_at",
    "activity__slug",
    "activity__title",
    "activity__status",
    "activity__period_id",
    *(
        f"activity__period__{name}"
        for name in (
            "is_archived",
            "holiday_start",
            "holiday_end",
            "submission_start",
            "submission_end",
            "wish_start",
            "wish_end",
            "booking_opens",
            "booking_closes",
            "places_per_child",
            "one_per_day",
            "travel_minutes",
        )
    ),
]


@require_POST
def book(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a child onto an occasion (the second click)."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.POST.get('next', '')}")
    occasion = get_object_or_404(
        # Only what the rules need: this is the page hundreds of parents hit at once.
        Occasion.objects.select_related("activity__period")
        .only(*BOOKING_FIELDS)
        .prefetch_related(Prefetch("dates", queryset=OccasionDate.objects.order_by("starts"))),
        pk=pk,
    )
    back = occasion.activity.get_absolute_url()
    raw_child = request.POST.get("child", "")
    if not raw_child.isdigit():
        messages.error(request, _("Please choose one of your children."))
        return redirect(back)
    try:
        booking = services.book(actor=request.user, child=int(raw_child), occasion=occasion)
    except services.BookingRefused as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    except capacity.CapacityBusy:
        messages.warning(
            request, _("Very many people are booking right now. Please try again in a moment.")
        )
        return redirect(back)
    except PermissionDenied:
        messages.error(request, _("Please choose one of your children."))
        return redirect(back)
    except ValidationError as exc:  # pragma: no cover - defensive
        messages.error(request, " ".join(exc.messages))
        return redirect(back)
    child = booking.child
    if booking.status == booking.Status.CONFIRMED:
        messages.success(
            request,
            _("Booked: %(name)s has a place in “%(title)s”.")
            % {"name": child.first_name, "title": occasion.activity.title},
        )
    else:
        position = getattr(booking, "position", None) or services.waitlist_position(booking)
        messages.info(
            request,
            _(
                "The occasion is full. %(name)s is on the waiting list at position "
                "%(position)s; we will write to you when a place becomes free."
            )
            % {"name": child.first_name, "position": position},
        )
    target = request.POST.get("next") or ""
    return redirect(target if _safe(target) else back)


def _safe(url: str | None) -> bool:
    return bool(url and url.startswith("/") and not url.startswith("//"))


def brochure(request: HttpRequest, slug: str) -> HttpResponse:
    period = get_object_or_404(Period, slug=slug, is_archived=False)
    order = "category" if request.GET.get("order") == "category" else "date"
    response = HttpResponse(
        pdf.render_brochure(period, order=order), content_type="application/pdf"
    )
    set_download_name(response, f"ferienspass-{period.slug}-{order}.pdf", attachment=False)
    return response
