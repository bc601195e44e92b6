"""Staff record a registration from a home visit, a phone call or a paper form
(/verwaltung/babybegruessung/neu/)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from familienrathaus.core.forms import add_errors
from familienrathaus.core.views.access import require
from familienrathaus.welcome import permissions
from familienrathaus.welcome.forms_registration import RecordForm
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import registrations as services
from familienrathaus.welcome.views_public import private


@require(permissions.can_record_registration, hide=True)
def record(request: HttpRequest) -> HttpResponse:
    rules = settings_selectors.get()
    form = RecordForm(
        request.POST or None,
        rules=rules,
        initial={"town": settings_selectors.town_name(rules), "language": "de"},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            registration = services.register(
                values=data,
                channel=data["channel"],
                recorded_by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request,
                _("The registration %(reference)s is recorded.")
                % {"reference": registration.reference},
            )
            try:
                return redirect(reverse("welcome:desk-detail", kwargs={"pk": registration.pk}))
            except NoReverseMatch:
                return redirect("welcome:record")
    return private(
        render(
            request,
            "welcome/settings/record.html",
            {"form": form, "rules": rules},
            status=400 if request.method == "POST" else 200,
        )
    )
