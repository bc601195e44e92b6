from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core import jobs
from familienrathaus.core.exports import table_response
from familienrathaus.core.views.access import require
from familienrathaus.guide import permissions, selectors, services
from familienrathaus.guide.forms import BuildForm
from familienrathaus.guide.models import GuideBuild

Scope = GuideBuild.Scope


# --------------------------------------------------------------------------- public


@require_safe
def public_guide(request: HttpRequest) -> HttpResponseBase:
    return _public_file(selectors.latest_done(scope=Scope.ALL))


@require_safe
def public_theme_guide(request: HttpRequest, slug: str) -> HttpResponseBase:
    return _public_file(selectors.latest_done(scope=Scope.THEME, theme_slug=slug))


@require_safe
def public_audience_guide(request: HttpRequest, slug: str) -> HttpResponseBase:
    return _public_file(selectors.latest_done(scope=Scope.AUDIENCE, audience_slug=slug))


def _public_file(build: GuideBuild | None) -> HttpResponseBase:
    if build is None:
        raise Http404
    return _file_response(build, as_attachment=False)


def _file_response(build: GuideBuild, *, as_attachment: bool) -> FileResponse:
    try:
        handle = build.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=as_attachment,
        filename=(build.file.name or "guide.pdf").rsplit("/", 1)[-1],
    )


# --------------------------------------------------------------------------- back office


@require(permissions.can_build_guide)
def builds(request: HttpRequest) -> HttpResponse:
    form = BuildForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            build = services.request_build(
                actor=request.user,  # type: ignore[arg-type]
                scope=form.cleaned_data["scope"],
                theme=form.cleaned_data["theme"],
                audience=form.cleaned_data["audience"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The guide is being built in the background."))
            return redirect("guide:build", pk=build.pk)
    all_builds = selectors.builds()
    file_format = request.GET.get("format", "")
    if file_format in {"csv", "xlsx"}:
        return table_response(
            file_format,
            "guide-builds",
            [
                _("Requested"),
                _("Guide"),
                _("Status"),
                _("Offers"),
                _("Pages"),
                _("Size in bytes"),
                _("Requested by"),
                _("Finished"),
            ],
            (
                (
                    b.created_at,
                    b.title,
                    b.get_status_display(),
                    b.offer_count,
                    b.page_count,
                    b.file_size,
                    b.requested_by.email if b.requested_by else "",
                    b.finished_at,
                )
                for b in all_builds.iterator()
            ),
        )
    return render(
        request,
        "guide/builds.html",
        {
            "form": form,
            "builds": all_builds[:100],
            "downloads": [
                (build, request.build_absolute_uri(_public_path(build)))
                for build in selectors.published_downloads()
            ],
        },
    )


def _public_path(build: GuideBuild) -> str:
    """The public address in the language of the build's file (German unprefixed), not in
    the language of the back office that lists it."""
    with translation.override(build.language):
        return _public_path_in_language(build)


def _public_path_in_language(build: GuideBuild) -> str:
    if build.scope == Scope.THEME and build.theme is not None:
        return reverse("guide:public_theme", kwargs={"slug": build.theme.slug})
    if build.scope == Scope.AUDIENCE and build.audience is not None:
        return reverse("guide:public_audience", kwargs={"slug": build.audience.slug})
    return reverse("guide:public")


@require(permissions.can_build_guide)
def build_detail(request: HttpRequest, pk: int) -> HttpResponse:
    build = get_object_or_404(selectors.builds(), pk=pk)
    return render(request, "guide/build.html", {"build": build})


@require(permissions.can_build_guide)
def build_status(request: HttpRequest, pk: int) -> HttpResponse:
    """The state of a build, for the progress display (static/frh/progress.js)."""
    build = get_object_or_404(selectors.builds(), pk=pk)
    return jobs.progress_response(
        services.BUILDS, build, text=_status_text(build), running=not build.is_finished
    )


def _status_text(build: GuideBuild) -> str:
    text = build.get_status_display().capitalize()
    if not build.is_finished and build.step != GuideBuild.Step.WAITING:
        text += f": {build.get_step_display()}"
        if build.step_detail:
            text += f" – {build.step_detail}"
    return text


@require(permissions.can_build_guide)
def build_file(request: HttpRequest, pk: int) -> HttpResponse:
    build = get_object_or_404(GuideBuild, pk=pk, status=GuideBuild.Status.DONE)
    if not build.file:
        raise Http404
    # A streamed file; ``require`` is typed for ordinary responses.
    return cast(HttpResponse, _file_response(build, as_attachment=True))
