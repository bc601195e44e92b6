from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from familienrathaus.core import (
    colours,
    navigation,
    permissions,
    personal_data,
    registries,
    selectors,
    services,
)
from familienrathaus.core import home as home_page
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.forms import (
    AccessibilityFeedbackForm,
    DeleteAccountForm,
    MailLanguageForm,
)
from familienrathaus.core.models import LegalPage
from familienrathaus.core.ratelimit import allow
from familienrathaus.core.second_factor import has_second_factor


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "core/home.html", {"is_home": True, "sections": home_page.sections_for(request)}
    )


def legal_page(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalPage.Kind.values:
        raise Http404
    page = selectors.legal_page(kind)
    feedback_form = None
    if kind == LegalPage.Kind.ACCESSIBILITY:
        feedback_form = AccessibilityFeedbackForm(request.POST or None)
        if request.method == "POST":
            if not allow(request, scope="a11y-feedback", limit=5, period_seconds=3600):
                messages.error(request, _("Too many messages. Please try again in an hour."))
            elif feedback_form.is_valid() and not feedback_form.cleaned_data["website"]:
                data = feedback_form.cleaned_data
                services.submit_accessibility_feedback(
                    name=data["name"],
                    email=data["email"],
                    page_url=data["page_url"],
                    message=data["message"],
                )
                messages.success(
                    request, _("Thank you. Your message has reached the coordinators.")
                )
                return redirect(request.path + "#feedback")
            elif feedback_form.is_valid():  # the hidden field was filled in: a bot
                return redirect(request.path)
    return render(
        request,
        "core/legal_page.html",
        {
            "page": page,
            "kind": LegalPage.Kind(kind),
            "feedback_form": feedback_form,
            "can_edit": permissions.can_edit_legal_pages(request.user),
            **selectors.legal_page_translation(page, kind),
        },
    )


@require_GET
@cache_control(max_age=300)
def theme_css(request: HttpRequest) -> HttpResponse:
    """The alliance's colours as CSS variables, so no inline style is needed."""
    css = colours.theme_css(selectors.site_settings().primary_colour)
    return HttpResponse(css, content_type="text/css; charset=utf-8")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    language_form = MailLanguageForm(request.POST or None, instance=request.user)
    if request.method == "POST" and language_form.is_valid():
        services.set_mail_language(
            user=request.user,  # type: ignore[arg-type]
            language=language_form.cleaned_data["language"],
        )
        messages.success(request, _("Saved. Our mails to you will be in this language."))
        return redirect("core:account")
    return render(
        request,
        "core/account.html",
        {
            "organisations": registries.organisations_of(request.user),
            "has_second_factor": has_second_factor(request.user),  # type: ignore[arg-type]
            "account_pages": navigation.account_items(request.user),
            "language_form": language_form,
        },
    )


@login_required
def account_data(request: HttpRequest) -> HttpResponse:
    """Everything stored about the person: JSON (a download), or with ``?format=html``
    a readable page (printable) built from the same registry."""
    if request.GET.get("format") == "html":
        sections = personal_data.export_sections(request.user)  # type: ignore[arg-type]
        return render(request, "core/account_data.html", {"sections": sections})
    data = services.export_personal_data(user=request.user)  # type: ignore[arg-type]
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    set_download_name(response, "meine-daten.json")
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        deleted = services.delete_account(user=request.user)  # type: ignore[arg-type]
        logout(request)
        if deleted:
            messages.success(request, _("Your account and its data were deleted."))
        else:
            messages.success(
                request,
                _(
                    "Your data here and your registration with this alliance were deleted. "
                    "Your account stays for the other alliances you belong to."
                ),
            )
        return redirect("core:home")
    return render(request, "core/account_delete.html", {"form": form})
