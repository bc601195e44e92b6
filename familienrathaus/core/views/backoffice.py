from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.core import (
    backoffice,
    outbox,
    permissions,
    quota,
    selectors,
    services,
    tenancy,
)
from familienrathaus.core.exports import csv_response
from familienrathaus.core.forms import (
    ApiTokenForm,
    AuditFilterForm,
    LegalPageForm,
    SiteSettingsForm,
)
from familienrathaus.core.models import AccessibilityFeedback, LegalPage, OutboxMessage
from familienrathaus.core.pagination import query_without_page
from familienrathaus.core.views.access import require

PAGE_SIZE = 50


@require(permissions.can_use_backoffice)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/backoffice/dashboard.html",
        {
            "sections": backoffice.sections_for(request.user),
            "notices": backoffice.notices_for(request.user),
        },
    )


@require(permissions.can_edit_site_settings)
def site_settings(request: HttpRequest) -> HttpResponse:
    current = selectors.site_settings()
    form = SiteSettingsForm(request.POST or None, request.FILES or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.update_site_settings(actor=request.user, fields=form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The site settings were saved."))
        return redirect("core:site_settings")
    storage = quota.storage(tenancy.require())  # "x of y used" of the upload quota
    return render(request, "core/backoffice/site_settings.html", {"form": form, "storage": storage})


@require(permissions.can_edit_legal_pages)
def legal_pages(request: HttpRequest) -> HttpResponse:
    existing = {page.kind: page for page in selectors.legal_pages()}
    pages = [(kind, existing.get(kind.value)) for kind in LegalPage.Kind]
    return render(request, "core/backoffice/legal_pages.html", {"pages": pages})


@require(permissions.can_edit_legal_pages)
def legal_page_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in LegalPage.Kind.values:
        raise Http404
    page = selectors.legal_page(kind) or LegalPage(kind=kind, title=str(LegalPage.Kind(kind).label))
    form = LegalPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.update_legal_page(
            actor=request.user,  # type: ignore[arg-type]
            kind=kind,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            summary=form.cleaned_data["summary"],
            translations={
                name: form.cleaned_data[name]
                for names in form.translation_names().values()
                for name in names
            },
        )
        messages.success(request, _("The page was saved."))
        return redirect("core:legal_page", kind=kind)
    return render(
        request,
        "core/backoffice/legal_page_edit.html",
        {"form": form, "kind": LegalPage.Kind(kind)},
    )


@require(permissions.can_read_audit_log)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None, choices=selectors.audit_filter_choices())
    filters: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()  # an invalid field shows its error; the valid ones still filter
        filters = form.cleaned_data
    entries = selectors.audit_entries(**filters).select_related("actor")
    if request.GET.get("format") == "csv":
        return csv_response(
            "audit-log",
            [_("When"), _("Who"), _("Action"), _("Object type"), _("Object"), _("Changes")],
            (
                (e.created_at, e.who, e.action, e.object_type, e.object_repr, e.summary)
                for e in entries.iterator()
            ),
        )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/backoffice/audit_log.html",
        {"form": form, "page": page, "query": query_without_page(request)},
    )


@require(permissions.can_manage_outbox)
def outbox_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in OutboxMessage.Status.values:
        status = ""
    messages_ = selectors.outbox_messages(status=status)
    if request.GET.get("format") == "csv":
        return csv_response(
            "outbox",
            [_("Queued at"), _("To"), _("Subject"), _("Status"), _("Attempts"), _("Sent at")],
            (
                (
                    m.created_at,
                    ", ".join(m.to),
                    m.subject,
                    m.get_status_display(),
                    m.attempts,
                    m.sent_at,
                )
                for m in messages_.iterator()
            ),
        )
    page = Paginator(messages_, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/backoffice/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": OutboxMessage.Status.choices,
            "counts": selectors.outbox_counts(),
            "query": query_without_page(request),
        },
    )


@require(permissions.can_manage_outbox)
@require_POST
def outbox_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    try:
        outbox.resend(message)
    except ValueError:
        messages.error(request, _("Only failed or uncertain e-mails can be sent again."))
    else:
        messages.success(request, _("The e-mail was queued again."))
    return redirect("core:outbox")


@require(permissions.can_read_accessibility_feedback)
def feedback_list(request: HttpRequest) -> HttpResponse:
    feedback = selectors.accessibility_feedback()
    if request.GET.get("format") == "csv":
        return csv_response(
            "accessibility-feedback",
            [_("Received"), _("Name"), _("E-mail address"), _("Page"), _("Message"), _("Handled")],
            (
                (
                    f.created_at,
                    f.name,
                    f.email,
                    f.page_url,
                    f.message,
                    _("yes") if f.handled else _("no"),
                )
                for f in feedback.iterator()
            ),
        )
    page = Paginator(feedback, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/backoffice/feedback_list.html", {"page": page, "query": ""})


@require(permissions.can_read_accessibility_feedback)
@require_POST
def feedback_handled(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(AccessibilityFeedback, pk=pk)
    services.mark_feedback_handled(actor=request.user, feedback=feedback)  # type: ignore[arg-type]
    messages.success(request, _("Marked as handled."))
    return redirect("core:feedback_list")


@require(permissions.can_manage_own_api_tokens)
def api_tokens(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = services.create_api_token(
            user=request.user,  # type: ignore[arg-type]
            name=form.cleaned_data["name"],
        )
        form = ApiTokenForm()
    return render(
        request,
        "core/backoffice/api_tokens.html",
        {
            "form": form,
            "new_key": new_key,
            "tokens": selectors.api_tokens_of(request.user),  # type: ignore[arg-type]
        },
    )


@require(permissions.can_manage_own_api_tokens)
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)  # type: ignore[arg-type]
    services.revoke_api_token(user=request.user, token=token)  # type: ignore[arg-type]
    messages.success(request, _("The token was revoked."))
    return redirect("core:api_tokens")
