"""The ways to a survey: channels with their links and QR codes, invitation codes and
their letters or cards as a PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.core.downloads import set_download_name
from familienrathaus.surveys import letters
from familienrathaus.surveys.forms_builder import ChannelForm, CodesForm
from familienrathaus.surveys.models import Channel, Survey
from familienrathaus.surveys.selectors import builder as selectors
from familienrathaus.surveys.services import distribution
from familienrathaus.surveys.views_manage import manage, running_context

QR_TYPES = {"svg": "image/svg+xml", "png": "image/png"}


@manage
def channels(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = ChannelForm(request.POST or None, survey=survey)
    if request.method == "POST" and form.is_valid():
        channel = distribution.add_channel(
            actor=request.user,  # type: ignore[arg-type]
            survey=survey,
            name=form.cleaned_data["name"],
        )
        messages.success(
            request,
            _("The channel “%(name)s” was added with its own link and QR code.")
            % {"name": channel.name},
        )
        return redirect(
            reverse("surveys:manage-channels", kwargs={"pk": pk}) + f"#channel-{channel.pk}"
        )
    return render(
        request,
        "surveys/manage/channels.html",
        {
            "form": form,
            "channels": selectors.channels(survey),
            "direct": distribution.direct_channel(survey),
            **running_context(survey),
        },
    )


@manage
@require_POST
def channel_delete(request: HttpRequest, pk: int, channel_pk: int) -> HttpResponse:
    channel = get_object_or_404(Channel, pk=channel_pk, survey_id=pk)
    if distribution.delete_channel(actor=request.user, channel=channel):  # type: ignore[arg-type]
        messages.success(request, _("The channel “%(name)s” was deleted.") % {"name": channel.name})
    else:
        messages.error(
            request,
            _(
                "Families have answered through “%(name)s”: it stays, so that their "
                "answers keep their channel."
            )
            % {"name": channel.name},
        )
    return redirect("surveys:manage-channels", pk=pk)


@manage
@require_safe
def channel_qr(request: HttpRequest, pk: int, channel_pk: int, file_format: str) -> HttpResponse:
    channel = get_object_or_404(
        Channel.objects.select_related("survey"), pk=channel_pk, survey_id=pk
    )
    if file_format not in QR_TYPES or channel.paper:
        raise Http404
    response = HttpResponse(
        letters.qr_file(channel.url, file_format), content_type=QR_TYPES[file_format]
    )
    set_download_name(response, f"qr-{channel.survey.slug}-{channel.name}.{file_format}")
    return response


@manage
def codes(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    form = CodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created = distribution.generate_codes(
            actor=request.user,  # type: ignore[arg-type]
            survey=survey,
            count=form.cleaned_data["count"],
        )
        messages.success(
            request,
            ngettext(
                "%(count)d new code was created. Download it for print below.",
                "%(count)d new codes were created. Download them for print below.",
                len(created),
            )
            % {"count": len(created)},
        )
        url = reverse("surveys:manage-codes", kwargs={"pk": pk})
        return redirect(f"{url}?ab={created[0].pk}&bis={created[-1].pk}#print")
    first, last = _int(request.GET.get("ab")), _int(request.GET.get("bis"))
    batch = selectors.codes_for_print(survey, first=first, last=last).count() if first else 0
    return render(
        request,
        "surveys/manage/codes.html",
        {
            "form": form,
            "counts": selectors.code_counts(survey),
            "batch": {"first": first, "last": last, "count": batch} if first else None,
            **running_context(survey),
        },
    )


@manage
@require_safe
def codes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    survey = get_object_or_404(Survey, pk=pk)
    rows = list(
        selectors.codes_for_print(
            survey, first=_int(request.GET.get("ab")), last=_int(request.GET.get("bis"))
        )[: distribution.MAX_CODES_AT_ONCE]
    )
    if not rows:
        messages.error(request, _("There are no unused codes to print. Create some first."))
        return redirect("surveys:manage-codes", pk=pk)
    layout = request.GET.get("layout", "cards")
    response = HttpResponse(
        letters.render_codes(survey, rows, layout=layout), content_type="application/pdf"
    )
    name = _("letters") if layout == "letters" else _("cards")
    set_download_name(response, f"{survey.slug}-{name}.pdf")
    return response


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None
