"""Public pages of concerns: the form, the receipt, the status page, the family's list,
and the coordinators' settings page (emergency numbers, retention periods).

Thin: each view parses the form, calls one service or selector and renders.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.concerns import permissions
from familienrathaus.concerns.forms_public import (
    AddInformationForm,
    ConcernForm,
    LookupForm,
    ReopenForm,
    SettingsForm,
)
from familienrathaus.concerns.models import Concern
from familienrathaus.concerns.selectors import intake as selectors
from familienrathaus.concerns.services import intake as services
from familienrathaus.concerns.services import postcards as postcard_services
from familienrathaus.core import private_files, ratelimit
from familienrathaus.core.forms import add_errors
from familienrathaus.core.views.access import require
from familienrathaus.postcards.models import Postcard

# A family sends one concern, maybe two; a robot sends hundreds. Over the limit the form
# comes back with everything typed and asks to wait: nothing is stored, nothing lost.
SUBMIT_PER_MINUTE = 3
SUBMIT_PER_HOUR = 20
WRITE_PER_HOUR = 30
LOOKUP_PER_HOUR = 20


def _private(response: HttpResponse) -> HttpResponse:
    """Pages about one family's concern: not cached, not indexed, and the link never
    sent to another site as referrer. ``same-origin``, not ``no-referrer``: with the
    latter browsers send ``Origin: null`` and Django refuses the page's own forms."""
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def _submit_allowed(request: HttpRequest) -> bool:
    return ratelimit.allow(
        request, scope="concerns.submit", limit=SUBMIT_PER_MINUTE, period_seconds=60
    ) and ratelimit.allow(
        request, scope="concerns.submit.hour", limit=SUBMIT_PER_HOUR, period_seconds=3600
    )


def _postcard(code: str) -> Postcard | None:
    return Postcard.objects.filter(code=code).first() if code else None


def submit(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    code = (request.POST.get("karte") or request.GET.get("karte") or "")[:16]
    postcard = _postcard(code)
    initial: dict[str, Any] = {"karte": postcard.code if postcard else ""}
    if user is not None:
        initial.update(name=user.name, email=user.email)
    form = ConcernForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not _submit_allowed(request):
            form.is_valid()  # show what was typed, with any field messages
            messages.error(
                request,
                _(
                    "Many concerns were sent from your connection just now. Please wait a "
                    "minute and send again: everything you typed is still here."
                ),
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data.get("website"):  # a robot filled in the honeypot
                return redirect("concerns:thanks")
            data = form.cleaned_data
            if postcard is not None:
                channel = Concern.Channel.POSTCARD
            elif user is not None:
                channel = Concern.Channel.ACCOUNT
            else:
                channel = Concern.Channel.FORM
            try:
                concern = services.submit(
                    kind=data["kind"],
                    text=data["text"],
                    topic=data["topic"],
                    district=data["district"],
                    privacy=data["privacy"],
                    name=data["name"],
                    email=data["email"],
                    phone=data["phone"],
                    channel=channel,
                    postcard=postcard,
                    user=user,
                    uploads=[form.upload] if form.upload else [],
                )
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                return redirect("concerns:receipt", tracking_token=concern.tracking_token)
        else:
            status = 400
    context = {
        "form": form,
        "postcard": postcard,
        "emergency_lines": selectors.emergency_lines(),
        "signed_in": user is not None,
    }
    return render(request, "concerns/public/submit.html", context, status=status)


@require_safe
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/public/receipt.html", {"concern": None})


@require_safe
def receipt(request: HttpRequest, tracking_token: str) -> HttpResponse:
    concern = selectors.by_token(tracking_token)
    if concern is None:
        raise Http404
    context = {"concern": concern, "status_url": services.status_url(concern)}
    return _private(render(request, "concerns/public/receipt.html", context))


def lookup(request: HttpRequest) -> HttpResponse:
    form = LookupForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(
            request, scope="concerns.lookup", limit=LOOKUP_PER_HOUR, period_seconds=3600
        ):
            form.is_valid()
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            concern = selectors.by_reference(form.cleaned_data["reference"])
            if concern is not None:
                return redirect("concerns:status", tracking_token=concern.tracking_token)
            form.add_error(
                "reference",
                _("We found no concern with this code. Please check it against your confirmation."),
            )
            status = 404
    return render(request, "concerns/public/lookup.html", {"form": form}, status=status)


def status(request: HttpRequest, tracking_token: str) -> HttpResponse:
    own = selectors.by_token(tracking_token)
    if own is None:
        return render(request, "concerns/public/not_found.html", status=404)
    concern = own  # texts, messages and files: the family's own concern only
    state = selectors.shown(own)  # status: that of the concern it was merged into
    add_form = AddInformationForm()
    reopen_form = ReopenForm()
    code = 200
    if request.method == "POST":
        action = request.POST.get("action")
        author = request.user if request.user.is_authenticated else None
        if not ratelimit.allow(
            request, scope="concerns.write", limit=WRITE_PER_HOUR, period_seconds=3600
        ):
            messages.error(request, _("Too many messages. Please try again in an hour."))
            code = 429
            # Show what was typed again, without storing it.
            if action == "add":
                add_form = AddInformationForm(initial={"text": request.POST.get("add-text", "")})
            elif action == "reopen":
                reopen_form = ReopenForm(initial={"text": request.POST.get("reopen-text", "")})
        elif action == "add":
            add_form = AddInformationForm(request.POST, request.FILES)
            if add_form.is_valid():
                try:
                    services.add_information(
                        concern=concern,
                        text=add_form.cleaned_data["text"],
                        uploads=[add_form.upload] if add_form.upload else [],
                        author=author,
                    )
                except services.NotOpenError:
                    messages.error(request, _("This concern is closed. Please send a new one."))
                else:
                    messages.success(request, _("Thank you. We have added your information."))
                return redirect("concerns:status", tracking_token=tracking_token)
            code = 400
        elif action == "reopen":
            reopen_form = ReopenForm(request.POST)
            if reopen_form.is_valid():
                try:
                    services.reopen(
                        concern=concern,
                        text=reopen_form.cleaned_data["text"],
                        author=author,
                    )
                except services.NotOpenError:
                    messages.error(request, _("This concern cannot be opened again."))
                else:
                    messages.success(
                        request, _("Thank you for telling us. We will look at your concern again.")
                    )
                return redirect("concerns:status", tracking_token=tracking_token)
            code = 400
    context = {
        "concern": concern,
        "merged": own.merged_into_id is not None,
        "token": tracking_token,
        "steps": selectors.steps(state),
        "explanation": selectors.EXPLANATIONS.get(state.status, ""),
        "whereabouts": selectors.whereabouts(state),
        "first_files": selectors.first_files(own),
        "timeline": selectors.public_messages(concern),
        "may_add": services.may_add(concern),
        "may_reopen": services.may_reopen(concern),
        "add_form": add_form,
        "reopen_form": reopen_form,
    }
    return _private(render(request, "concerns/public/status.html", context, status=code))


@require_safe
def attachment(request: HttpRequest, tracking_token: str, attachment_id: int) -> HttpResponse:
    own = selectors.by_token(tracking_token)
    if own is None or own.redacted_at is not None:
        raise Http404
    file = selectors.visible_attachment(own, attachment_id)
    if file is None or not file.file:
        raise Http404
    extension = str(file.file.name).rsplit(".", 1)[-1]
    name = f"anliegen-{own.reference}-{file.pk}.{extension}"
    return _private(private_files.serve(file.file, download_name=name))


@login_required
@require_safe
def my_concerns(request: HttpRequest) -> HttpResponse:
    concerns = selectors.family_concerns(request.user)  # type: ignore[arg-type]
    return _private(render(request, "concerns/public/mine.html", {"concerns": concerns}))


@require(permissions.can_manage_settings)
def settings_form(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=selectors.settings())
    if request.method == "POST" and form.is_valid():
        services.update_settings(actor=request.user, fields=form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("The settings were saved."))
        return redirect("concerns:settings")
    context = {"form": form, "postcards": selectors.postcard_entries()}
    return render(request, "concerns/public/settings.html", context)


@require_POST
@require(permissions.can_manage_settings)
def postcard_to_form(request: HttpRequest) -> HttpResponse:
    """Make a new card that leads to the form, or point an existing one there."""
    actor = request.user
    if request.POST.get("postcard"):
        card = Postcard.objects.filter(pk=request.POST["postcard"]).first()
        if card is None:
            raise Http404
        postcard_services.point_to_form(actor=actor, postcard=card)  # type: ignore[arg-type]
        messages.success(request, _("The postcard now leads to the concerns form."))
    else:
        card = postcard_services.create_for_form(actor=actor)  # type: ignore[arg-type]
        messages.success(
            request, _("The postcard was made. Check its text and print it from its page.")
        )
    return redirect("postcards:detail", pk=card.pk)
