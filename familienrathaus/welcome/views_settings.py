"""The coordinator's settings screen (/verwaltung/babybegruessung/einstellungen/) with the
short link and its QR code (PNG and SVG) for flyers in hospitals and at the registry
office."""

from __future__ import annotations

import io

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from familienrathaus.core import tenancy
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.views.access import require
from familienrathaus.welcome import permissions
from familienrathaus.welcome.forms_settings import SettingsForm
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import settings as services


def short_url() -> str:
    """The short link of the flyers (absolute; printed, so without a language: the
    visitor's browser leads on to theirs)."""
    return tenancy.site_url() + unprefixed(reverse("welcome:short"))


@require(permissions.can_edit_settings, hide=True)
def edit(request: HttpRequest) -> HttpResponse:
    row = settings_selectors.get()
    form = SettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in SettingsForm.Meta.fields}
        services.update(
            actor=request.user,  # type: ignore[arg-type]
            values=values,
            kita_office_users=form.cleaned_data["kita_office_accounts"],
        )
        messages.success(request, _("The settings are saved."))
        return redirect("welcome:settings")
    return render(
        request,
        "welcome/settings/edit.html",
        {"form": form, "row": row, "short_url": short_url()},
        status=400 if request.method == "POST" else 200,
    )


@require(permissions.can_edit_settings, hide=True)
def qr_code(request: HttpRequest, fmt: str) -> HttpResponse:
    """The short link as QR code: PNG for office documents, SVG for the print shop."""
    if fmt not in ("png", "svg"):
        raise Http404
    code = segno.make(short_url(), error="m", micro=False)
    out = io.BytesIO()
    if fmt == "svg":
        code.save(out, kind="svg", scale=10, border=4, title=short_url())
        content_type = "image/svg+xml"
    else:
        code.save(out, kind="png", scale=12, border=4)
        content_type = "image/png"
    response = HttpResponse(out.getvalue(), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="babybegruessung-qr.{fmt}"'
    return response
