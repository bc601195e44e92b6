"""The family's welcome guide by its secret link /babybegruessung/leitfaden/<token>/:
the timeline with what is due now, what the town offers at the child's age, the letter
PDF and the timeline as an iCal feed (subscribe with ``webcal://`` or download).

No account is needed; an unknown token answers 404. The pages show the child's first
name and age, never the address. They are rendered in the family's language unless
the visitor chose another one (the header's language switch, or ``?sprache=``), and are
not cached. They send ``Referrer-Policy: same-origin``: the secret link does not travel
to the sites the guide links to, while the guide's own forms keep their Origin for the
CSRF check ("no-referrer" made the browser send ``Origin: null`` and the form answered 403).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from familienrathaus.core import tenancy
from familienrathaus.core.downloads import set_download_name
from familienrathaus.welcome import guide_pdf, ical
from familienrathaus.welcome.models import Registration
from familienrathaus.welcome.selectors import guide as guide_selectors
from familienrathaus.welcome.selectors import registrations as registration_selectors

LANGUAGE_PARAM = "sprache"


def language_for(request: HttpRequest, registration: Registration) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    for asked in (
        request.GET.get(LANGUAGE_PARAM, ""),
        request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""),  # the header's switch
    ):
        if asked in codes:
            return asked
    return registration.language if registration.language in codes else settings.LANGUAGE_CODE


def private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def optional_url(name: str, token: str) -> str:
    """A part built by another engineer may not be there yet."""
    try:
        return reverse(name, kwargs={"token": token})
    except NoReverseMatch:
        return ""


def calendar_urls(token: str) -> tuple[str, str]:
    """(subscribe, download): ``webcal://`` for calendar apps, https for a file."""
    path = reverse("welcome:guide-ical", kwargs={"token": token})
    host = tenancy.site_url().split("://", 1)[-1].rstrip("/")
    return f"webcal://{host}{path}", f"{tenancy.site_url()}{path}?download=1"


@require_safe
def guide(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.by_token_or_404(token)
    language = language_for(request, registration)
    subscribe_url, download_url = calendar_urls(token)
    with translation.override(language):
        data = guide_selectors.for_registration(registration)
        response = render(
            request,
            "welcome/guide/page.html",
            {
                "guide": data,
                "links": guide_selectors.links(),
                "token": token,
                "language": language,
                "subscribe_url": subscribe_url,
                "download_url": download_url,
                "kita_url": optional_url("welcome:kita-from-guide", token),
                "slot_url": optional_url("welcome:slot-choice", token)
                if registration.wants_appointment
                else "",
            },
        )
    return private(response)


@require_safe
def letter(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.by_token_or_404(token)
    subscribe_url, _download = calendar_urls(token)
    pdf = guide_pdf.render_letter(
        registration,
        guide_url=tenancy.site_url() + reverse("welcome:guide", kwargs={"token": token}),
        calendar_url=subscribe_url,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    with translation.override(registration.language or settings.LANGUAGE_CODE):
        set_download_name(response, _("welcome-guide") + ".pdf", attachment=False)
    return private(response)


@require_safe
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    registration = registration_selectors.by_token_or_404(token)
    with translation.override(language_for(request, registration)):
        name = (
            _("First years of %(name)s") % {"name": registration.child_first_name}
            if registration.child_first_name
            else _("Our child's first years")
        )
        body = ical.timeline_calendar(
            guide_selectors.items_for(registration.birth_date),
            token=token,
            name=name,
            guide_url=tenancy.site_url() + reverse("welcome:guide", kwargs={"token": token}),
        )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        set_download_name(
            response, _("first-years") + ".ics", attachment=bool(request.GET.get("download"))
        )
    return private(response)
