"""Pages of the lottery: the families' wish pages and outcome, the coordinators'
priority groups, runs, previews and confirmation. Thin: parse, call one service or
selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from familienrathaus.core import jobs
from familienrathaus.core.exports import table_response
from familienrathaus.core.models import User
from familienrathaus.core.views.access import require
from familienrathaus.holidays.models import Child, Period
from familienrathaus.lottery import permissions, selectors, services
from familienrathaus.lottery.forms import (
    ChildGroupsForm,
    ConfirmForm,
    GroupForm,
    RunForm,
    WishForm,
)
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _period(slug: str) -> Period:
    return get_object_or_404(selectors.wish_periods(), slug=slug)


# --------------------------------------------------------------------------- families


@require(permissions.can_wish)
def wishes(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    run = selectors.confirmed_run(period)
    return render(
        request,
        "lottery/wishes.html",
        {
            "period": period,
            "children": selectors.family_wishes(request.user, period),
            "is_open": services.wish_phase_open(period),
            "confirmed": run is not None,
        },
    )


@require(permissions.can_wish)
def wish_edit(request: HttpRequest, slug: str, child_pk: int) -> HttpResponse:
    period = _period(slug)
    child = get_object_or_404(Child, pk=child_pk)
    if not permissions.may_wish_for(request.user, child):
        raise Http404
    if not services.wish_phase_open(period):
        messages.info(request, _("The wish phase of this programme is not open."))
        return redirect("lottery:wishes", slug=period.slug)
    occasions = services.wishable_occasions(period, child)
    options = selectors.wish_options(occasions)
    labels = {option.pk: option.label for option in options}
    current = list(child.lottery_wishes.filter(period=period).order_by("rank"))
    initial = {}
    for wish in current:
        initial[f"occasion_{wish.rank}"] = str(wish.occasion_id)
        initial[f"group_{wish.rank}"] = wish.group_code
    form = WishForm(
        request.POST or None,
        initial=initial,
        slots=period.wishes_per_child,
        occasions=occasions,
        labels=labels,
        popularity=selectors.popularity(period),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_wishes(
                actor=_user(request), period=period, child=child, entries=form.entries()
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "The wishes for %(name)s are saved. You can change them until the wish "
                    "phase ends."
                )
                % {"name": child.first_name},
            )
            return redirect("lottery:wishes", slug=period.slug)
    return render(
        request,
        "lottery/wish_edit.html",
        {
            "period": period,
            "child": child,
            "form": form,
            "options": options,
            "suggested_code": services.new_group_code(),
        },
    )


def popularity(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    figures = selectors.popularity(period)
    labels = selectors.occasion_labels(period=period)
    rows = sorted(
        ((labels.get(pk, "?"), pop) for pk, pop in figures.items()),
        key=lambda row: (-row[1].ratio, row[0]),
    )
    return render(request, "lottery/popularity.html", {"period": period, "rows": rows})


@require(permissions.can_wish)
def outcome(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    run = selectors.confirmed_run(period)
    outcomes = selectors.family_outcomes(run, request.user) if run else []
    return render(
        request,
        "lottery/outcome.html",
        {"period": period, "run": run, "outcomes": outcomes},
    )


# --------------------------------------------------------------------------- back office


@require(permissions.can_run_lottery)
def home(request: HttpRequest) -> HttpResponse:
    periods = list(selectors.wish_periods())
    if len(periods) == 1:
        return redirect("lottery:period", slug=periods[0].slug)
    return render(request, "lottery/backoffice/home.html", {"periods": periods})


@require(permissions.can_run_lottery)
def period_view(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    form = RunForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.start_run(
            actor=_user(request),
            period=period,
            method=data["method"],
            time_limit=data["time_limit"],
            places_per_child=data["places_per_child"],
            groups=data["groups"],
            note=data["note"],
            seed=data["seed"],
        )
        messages.success(request, _("The run is queued. Its page shows the progress."))
        return redirect("lottery:run", pk=run.pk)
    figures = selectors.popularity(period)
    wished = [p for p in figures.values() if p.wishes]
    return render(
        request,
        "lottery/backoffice/period.html",
        {
            "period": period,
            "form": form,
            "runs": selectors.runs_of(period),
            "groups": selectors.groups_of(period),
            "wish_count": sum(p.wishes for p in wished),
            "child_count": selectors.children_of_period(period).count(),
            "occasion_count": len(wished),
            "oversubscribed": sum(1 for p in wished if p.ratio > 1),
            "is_open": services.wish_phase_open(period),
        },
    )


@require(permissions.can_run_lottery)
def group_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    period = _period(slug)
    group = get_object_or_404(PriorityGroup, pk=pk, period=period) if pk else None
    form = GroupForm(request.POST or None, instance=group or PriorityGroup(period=period))
    if request.method == "POST" and form.is_valid():
        services.save_group(actor=_user(request), group=form.instance)
        messages.success(request, _("The priority group is saved."))
        return redirect("lottery:period", slug=period.slug)
    return render(
        request,
        "lottery/backoffice/group_edit.html",
        {"period": period, "form": form, "group": group},
    )


@require(permissions.can_run_lottery)
def children(request: HttpRequest, slug: str) -> HttpResponse:
    period = _period(slug)
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.children_of_period(period, query), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "lottery/backoffice/children.html",
        {"period": period, "page": page, "query": query},
    )


@require(permissions.can_run_lottery)
def child_view(request: HttpRequest, slug: str, child_pk: int) -> HttpResponse:
    period = _period(slug)
    child = get_object_or_404(selectors.children_of_period(period), pk=child_pk)
    form = ChildGroupsForm(
        request.POST or None,
        period=period,
        initial={"groups": list(child.lottery_priority_groups.filter(period=period))},
    )
    if request.method == "POST" and form.is_valid():
        services.set_child_groups(
            actor=_user(request), period=period, child=child, groups=form.cleaned_data["groups"]
        )
        messages.success(request, _("The priority groups are saved."))
        return redirect("lottery:child", slug=period.slug, child_pk=child.pk)
    runs = [
        r for r in selectors.runs_of(period) if r.status in (Run.Status.DONE, Run.Status.CONFIRMED)
    ]
    selected = None
    if runs:
        wanted = request.GET.get("run")
        selected = next((r for r in runs if str(r.pk) == wanted), runs[0])
    return render(
        request,
        "lottery/backoffice/child.html",
        {
            "period": period,
            "child": child,
            "form": form,
            "wishes": child.lottery_wishes.filter(period=period)
            .select_related("occasion__activity")
            .order_by("rank"),
            "runs": runs,
            "selected": selected,
            "outcome": selectors.child_outcome(selected, child) if selected else None,
        },
    )


def _run(pk: int) -> Run:
    return get_object_or_404(Run.objects.select_related("period", "created_by"), pk=pk)


@require(permissions.can_run_lottery)
def run_view(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    occasions = selectors.preview_occasions(run) if run.summary else []
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"} and run.summary and request.GET.get("table") == "wishes":
        return table_response(
            fmt,
            f"los-{run.period.slug}-{run.pk}-wuensche",
            [
                _("Child"),
                _("Family"),
                _("Lottery number"),
                _("Priority"),
                _("Wish"),
                _("Occasion"),
                _("Outcome"),
                _("Waiting list position"),
            ],
            selectors.outcome_rows(run),
        )
    if fmt in {"csv", "xlsx"} and run.summary:
        header = [
            _("Occasion"),
            _("Number of places"),
            _("Wishes"),
            _("Placed"),
            _("Fill rate (%)"),
            _("Below minimum"),
        ]
        rows = [
            [
                o.label,
                o.capacity,
                o.wishes,
                o.taken,
                round(o.fill * 100),
                _("yes") if o.below_minimum else "",
            ]
            for o in occasions
        ]
        return table_response(fmt, f"los-{run.period.slug}-{run.pk}", header, rows)
    figures = run.summary.get("figures") or {}
    problem = None
    problem_code = ""
    if run.status == Run.Status.DONE:
        try:
            services.check_confirmable(run)
        except ValidationError as exc:
            problem = " ".join(exc.messages)
            problem_code = str(exc.error_list[0].code or "")
    return render(
        request,
        "lottery/backoffice/run.html",
        {
            "run": run,
            "period": run.period,
            "figures": figures,
            "groups": sorted((figures.get("groups") or {}).items()),
            "ranks": _ranks(figures),
            "occasions": occasions,
            "below": [o for o in occasions if o.below_minimum],
            "confirm_form": ConfirmForm(),
            "confirm_problem": problem,
            "confirm_problem_code": problem_code,
            "reasons": _reason_counts(run),
            "levels": _levels(run),
            "gap_percent": round(float(run.summary.get("gap") or 0) * 100, 3),
        },
    )


def _ranks(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Acceptance per rank, overall and per priority group (a share per group)."""
    groups = sorted((figures.get("groups") or {}).items())
    rows = []
    for row in figures.get("per_rank") or []:
        shares = []
        for _name, group in groups:
            found = next((r for r in group.get("per_rank", []) if r["rank"] == row["rank"]), None)
            shares.append(found)
        rows.append({**row, "groups": shares})
    return rows


LEVEL_NAMES = {
    "placed": gettext_lazy("Children with at least one place"),
    "first_wishes": gettext_lazy("First wishes"),
    "ranks": gettext_lazy("Rank points (better ranks and more places)"),
}


def _levels(run: Run) -> list[dict[str, Any]]:
    """The solver's levels with readable names, in the order they were optimised."""
    levels = []
    for level in run.summary.get("levels") or []:
        name = str(level["name"])
        base = name.removesuffix("_priority")
        label = str(LEVEL_NAMES.get(base, base))
        if name.endswith("_priority"):
            label = _("%(level)s, priority groups") % {"level": label}
        levels.append({**level, "label": label})
    return levels


def _reason_counts(run: Run) -> list[tuple[str, int]]:
    if not run.summary:
        return []
    from django.db.models import Count

    counts = dict(
        run.outcomes.exclude(reason=Outcome.Reason.ACCEPTED)
        .values_list("reason")
        .annotate(n=Count("pk"))
        .values_list("reason", "n")
    )
    return [
        (str(label), counts[value]) for value, label in Outcome.Reason.choices if value in counts
    ]


@require(permissions.can_run_lottery)
def run_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The state of a run, for the progress display (static/frh/progress.js)."""
    run = _run(pk)
    return jobs.progress_response(
        services.RUNS,
        run,
        text=_("%(percent)s %% done") % {"percent": run.progress},
        running=run.status in (Run.Status.QUEUED, Run.Status.RUNNING, Run.Status.CONFIRMING),
    )


@require(permissions.can_run_lottery)
@require_POST
def run_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.request_confirmation(
            actor=_user(request),
            run=run,
            open_booking=bool(form.cleaned_data.get("open_booking")),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The confirmation is queued: bookings, waiting lists and mails are written now."),
        )
    return redirect("lottery:run", pk=run.pk)
