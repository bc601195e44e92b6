from __future__ import annotations

from datetime import timedelta
from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.core import ratelimit
from familienrathaus.core.exports import table_response
from familienrathaus.core.models import User
from familienrathaus.core.selectors import site_settings
from familienrathaus.core.views.access import require
from familienrathaus.newsletter import (
    compose,
    consent,
    permissions,
    selectors,
    sending,
    services,
    tokens,
)
from familienrathaus.newsletter.forms import (
    BounceForm,
    BounceImportForm,
    EditionForm,
    PreferencesForm,
    ScheduleForm,
    SubscribeForm,
    TopicForm,
)
from familienrathaus.newsletter.models import Edition, Subscriber, Topic, translation_languages

SUBSCRIBE_LIMIT = 10  # filled-in forms per address and hour
UNCERTAIN_SHOWN = 100  # addresses listed on the edition's page (all are in the CSV)

# --------------------------------------------------------------------------- public


def _consent_text() -> str:
    return consent.wording(consent.CURRENT_VERSION, alliance_name=site_settings().alliance_name)


def subscribe(request: HttpRequest) -> HttpResponse:
    initial = {"language": translation.get_language() or "de"}
    form = SubscribeForm(request.POST or None, initial=initial, consent_text=_consent_text())
    status = 200
    if request.method == "POST":
        if not ratelimit.allow(
            request, scope="newsletter-subscribe", limit=SUBSCRIBE_LIMIT, period_seconds=3600
        ):
            form.add_error(None, _("Too many attempts. Please try again in an hour."))
            status = 429
        elif form.is_valid():
            if not form.cleaned_data.get("website"):  # a bot filled in the honeypot
                services.request_subscription(
                    email=form.cleaned_data["email"],
                    topics=form.cleaned_data["topics"],
                    language=form.cleaned_data["language"],
                    ip=ratelimit.client_ip(request),
                )
            return redirect("newsletter:subscribe_done")
    return render(
        request,
        "newsletter/subscribe.html",
        {"form": form, "topics": Topic.objects.exists()},
        status=status,
    )


@require_safe
def subscribe_done(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "newsletter/subscribe_done.html",
        {"hours": services.tokens.confirm_max_age() // 3600},
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        services.tokens.read_confirm_token(token)
        problem = ""
    except services.signing.SignatureExpired:
        problem = "expired"
    except services.signing.BadSignature:
        problem = "invalid"
    if problem:
        return render(request, "newsletter/confirm.html", {"problem": problem}, status=400)
    if request.method == "POST":
        subscriber = services.confirm(token=token)
        return render(
            request,
            "newsletter/confirm.html",
            {
                "done": True,
                "manage_url": reverse(
                    "newsletter:manage",
                    args=[services.tokens.manage_token(subscriber.pk, subscriber.email)],
                ),
            },
        )
    return render(request, "newsletter/confirm.html", {"token": token})


def _subscriber_or_404(token: str) -> Subscriber:
    subscriber = services.subscriber_from_token(token)
    if subscriber is None:
        raise Http404
    return subscriber


def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber = services.subscriber_from_token(token)
    if subscriber is None:
        return render(request, "newsletter/manage.html", {"gone": True}, status=404)
    form = PreferencesForm(
        request.POST or None,
        initial={"topics": subscriber.topics.all(), "language": subscriber.language},
    )
    if request.method == "POST" and form.is_valid():
        services.update_preferences(
            subscriber=subscriber,
            topics=form.cleaned_data["topics"],
            language=form.cleaned_data["language"],
        )
        messages.success(request, _("Your settings were saved."))
        return redirect("newsletter:manage", token=token)
    return render(
        request,
        "newsletter/manage.html",
        {"form": form, "subscriber": subscriber, "token": token},
    )


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click: a POST (from the mail program) unsubscribes at once, with no
    session and no CSRF token. A GET (a person following the link) shows a button."""
    subscriber = services.subscriber_from_token(token)
    if request.method == "POST":
        if subscriber is not None:
            services.unsubscribe(subscriber=subscriber)
        if "List-Unsubscribe" in request.POST:  # the mail program, not a person
            return HttpResponse(_("You are unsubscribed."), content_type="text/plain")
        return render(request, "newsletter/unsubscribe.html", {"done": True})
    if subscriber is None:
        return render(request, "newsletter/unsubscribe.html", {"done": True})
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"subscriber": subscriber, "token": token, "active": subscriber.status == "active"},
    )


@require_safe
def archive(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.sent_editions(), 20).get_page(request.GET.get("page"))
    # Subjects in the page's language where the edition has that translation.
    page.object_list = selectors.in_language(list(page.object_list), translation.get_language())
    return render(request, "newsletter/archive.html", {"page": page})


@require_safe
def archive_detail(request: HttpRequest, slug: str) -> HttpResponse:
    edition = selectors.readable_editions().filter(slug=slug).first()
    if edition is not None:
        # In the page's language when the edition has that translation, else German.
        edition = compose.translated(edition, translation.get_language())
        # The snapshot taken when sending started: what the mails say.
        body = mark_safe(edition.html_snapshot) or compose.render_web(edition)  # noqa: S308
        return render(request, "newsletter/archive_detail.html", {"edition": edition, "body": body})
    # Not sent yet: coordinators see what the link in the mail will show; for
    # everybody else the edition does not exist.
    if not permissions.can_manage_newsletter(request.user):
        raise Http404
    return _unsent_preview(request, get_object_or_404(Edition, slug=slug))


@require_safe
def preview_link(request: HttpRequest, token: str) -> HttpResponse:
    """The signed "read in the browser" link of a test mail."""
    found = tokens.read_preview_token(token)
    edition = Edition.objects.filter(pk=found[0], slug=found[1]).first() if found else None
    if edition is None:
        raise Http404
    if selectors.readable_editions().filter(pk=edition.pk).exists():
        return redirect(edition.get_absolute_url())
    return _unsent_preview(request, edition)


def _unsent_preview(request: HttpRequest, edition: Edition) -> HttpResponse:
    response = render(
        request,
        "newsletter/archive_detail.html",
        {"edition": edition, "body": compose.render_web(edition), "preview": True},
    )
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class ArchiveFeed(Feed):
    def title(self) -> str:
        return _("Familien-Infobrief of %(name)s") % {"name": site_settings().alliance_name}

    def link(self) -> str:
        return reverse("newsletter:archive")

    def description(self) -> str:
        return _("The editions of the newsletter.")

    def items(self) -> list[Edition]:
        return list(selectors.sent_editions()[:20])

    def item_title(self, item: Edition) -> str:
        return item.subject

    def item_description(self, item: Edition) -> str:
        return item.html_snapshot

    def item_pubdate(self, item: Edition) -> Any:
        return item.sent_at


# --------------------------------------------------------------------------- back office


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@require(permissions.can_manage_newsletter)
def index(request: HttpRequest) -> HttpResponse:
    topic_form = TopicForm(request.POST or None)
    if request.method == "POST" and topic_form.is_valid():
        try:
            services.create_topic(actor=_user(request), name=topic_form.cleaned_data["name"])
        except ValidationError as exc:
            topic_form.add_error("name", exc.messages[0])
        else:
            messages.success(request, _("The topic was added."))
            return redirect("newsletter:manage_index")
    return render(
        request,
        "newsletter/backoffice/index.html",
        {
            "editions": selectors.editions(),
            "counts": selectors.subscriber_counts(),
            "topics": selectors.topics(),
            "topic_form": topic_form,
        },
    )


@require(permissions.can_manage_newsletter)
def edition_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk) if pk else None
    locked = edition is not None and edition.status not in {"draft", "scheduled"}
    form = EditionForm(request.POST or None, instance=edition)
    if request.method == "POST" and not locked and form.is_valid():
        data = form.cleaned_data
        try:
            edition = services.save_edition(
                actor=_user(request),
                edition=edition,
                values={name: data[name] for name in services.EDITION_FIELDS},
                news=data["news"],
                offers=data["offers"],
                topics=data["topics"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The edition was saved."))
            return redirect("newsletter:edition", pk=edition.pk)
    if edition is not None and request.GET.get("format") in {"csv", "xlsx"}:
        return _recipients_table(request.GET["format"], edition)
    context: dict[str, Any] = {"form": form, "edition": edition, "locked": locked}
    if edition is not None:
        context["progress"] = selectors.progress(edition)
        context["problems"] = selectors.deliveries(edition).filter(
            message__status__in=["failed", "uncertain"]
        )[:50]
        uncertain = sending.uncertain(edition)
        context["uncertain"] = uncertain[:UNCERTAIN_SHOWN]
        context["uncertain_count"] = uncertain.count()
        context["schedule_form"] = ScheduleForm()
        context["blocks"] = compose.blocks(edition)
        context["translations"] = selectors.translations(edition)
        # Live progress (progress.js) while sending, and from "Send" until the
        # worker starts: without it the page would sit at "scheduled".
        context["watch_progress"] = edition.status == Edition.Status.SENDING or (
            edition.status == Edition.Status.SCHEDULED
            and edition.scheduled_at is not None
            and edition.scheduled_at <= timezone.now() + timedelta(minutes=1)
        )
    return render(request, "newsletter/backoffice/edition.html", context)


def _recipients_table(file_format: str, edition: Edition) -> HttpResponse:
    header = [_("E-mail"), _("Status"), _("Attempts"), _("Sent at"), _("Last error")]
    rows = (
        [
            delivery.message.to[0] if delivery.message else "",
            delivery.message.get_status_display() if delivery.message else "",
            delivery.message.attempts if delivery.message else "",
            delivery.message.sent_at if delivery.message else "",
            delivery.message.last_error if delivery.message else "",
        ]
        for delivery in selectors.deliveries(edition).iterator(chunk_size=2000)
    )
    return table_response(file_format, f"infobrief-{edition.slug}-empfaenger", header, rows)


@require_safe
@require(permissions.can_manage_newsletter)
def edition_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The sending progress for static/frh/progress.js: the counts per state, and the
    share of final messages as done/total; "scheduled" counts as running (the page was
    loaded right after "Send", before the worker began)."""
    edition = get_object_or_404(Edition, pk=pk)
    progress = selectors.progress(edition)
    return JsonResponse(
        {
            "status": edition.status,
            "status_label": edition.get_status_display(),
            **progress,
            "running": edition.status in {Edition.Status.SENDING, Edition.Status.SCHEDULED},
            "done": progress["percent"],
            "total": 100,
            "text": edition.get_status_display(),
        }
    )


@require_safe
@require(permissions.can_manage_newsletter)
def edition_preview(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    # ?sprache=tr: the Turkish edition (its translation), as its subscribers read it.
    language = request.GET.get("sprache")
    if language not in dict(translation_languages()):
        language = None
    return render(
        request,
        "newsletter/backoffice/preview.html",
        {
            "edition": compose.translated(edition, language),
            "body": compose.render_web(edition, language),
            "language": language,
        },
    )


@csp_replace({"style-src": [SELF, UNSAFE_INLINE]})
@require_safe
@require(permissions.can_manage_newsletter)
def edition_mail(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """The mail exactly as a subscriber gets it (HTML or plain-text part)."""
    edition = get_object_or_404(Edition, pk=pk)
    language = request.GET.get("sprache") or translation.get_language() or "de"
    html, text = compose.render_mail(edition, language)
    example = reverse("newsletter:subscribe")
    if part == "txt":
        body = compose.personalise(text, manage_url=example, unsubscribe_url=example)
        return HttpResponse(body, content_type="text/plain; charset=utf-8")
    body = compose.personalise(html, manage_url=example, unsubscribe_url=example)
    return HttpResponse(body)


@require_POST
@require(permissions.can_manage_newsletter)
def edition_test(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    language = request.POST.get("sprache", "")
    services.send_test(actor=_user(request), edition=edition, language=language)
    messages.success(
        request, _("A test mail is on its way to %(email)s.") % {"email": _user(request).email}
    )
    return redirect("newsletter:edition", pk=pk)


@require_POST
@require(permissions.can_manage_newsletter)
def edition_resend_uncertain(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the edition's "uncertain" mails once more (one click on the edition page)."""
    edition = get_object_or_404(Edition, pk=pk)
    count = sending.resend_uncertain(actor=_user(request), edition=edition)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s mail is being sent once more.",
                "%(count)s mails are being sent once more.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("No uncertain mail is left to send again."))
    return redirect("newsletter:edition", pk=pk)


@require_POST
@require(permissions.can_manage_newsletter)
def edition_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(Edition, pk=pk)
    form = ScheduleForm(request.POST)
    if "stop" in request.POST:
        try:
            services.unschedule(actor=_user(request), edition=edition)
            messages.success(request, _("The edition will not be sent."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("newsletter:edition", pk=pk)
    if not form.is_valid():
        messages.error(request, _("Please enter a valid date and time."))
        return redirect("newsletter:edition", pk=pk)
    at = form.cleaned_data.get("send_at")
    if at is not None and at < timezone.now():
        at = None
    if edition.status not in {Edition.Status.DRAFT, Edition.Status.SCHEDULED}:
        messages.error(request, _("This edition is already being sent."))
        return redirect("newsletter:edition", pk=pk)
    # Nothing is queued before the coordinator has seen how many people get the
    # mail and when, and said yes to exactly that.
    recipients = services.recipients(edition).count()
    if request.POST.get("confirm") != "1" or request.POST.get("recipients") != str(recipients):
        return render(
            request,
            "newsletter/backoffice/confirm_send.html",
            {
                "edition": edition,
                "at": at,
                "recipients": recipients,
                "topics": list(edition.topics.all()),
                "changed": request.POST.get("confirm") == "1",
            },
        )
    try:
        services.schedule(actor=_user(request), edition=edition, at=at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if at is None:
            messages.success(request, _("The edition is being sent."))
        else:
            messages.success(request, _("The edition is scheduled."))
    return redirect("newsletter:edition", pk=pk)


@require(permissions.can_manage_newsletter)
def subscriber_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    query = request.GET.get("q", "")
    found = selectors.subscribers(status=status, query=query)
    if request.GET.get("format") in {"csv", "xlsx"}:
        header = [
            _("E-mail"),
            _("Status"),
            _("Language"),
            _("Topics"),
            _("Source"),
            _("Consent given at"),
            _("Wording version"),
            _("Wording"),
            _("Confirmed at"),
            _("Keyed hash of the IP address"),
            _("Hard bounces"),
        ]
        rows = (
            [
                s.email,
                s.get_status_display(),
                s.language,
                ", ".join(t.name for t in s.topics.all()),
                s.get_source_display(),
                s.consent_requested_at,
                s.consent_version,
                s.consent_text,
                s.confirmed_at,
                s.ip_hash,
                s.hard_bounces,
            ]
            for s in found
        )
        return table_response(request.GET["format"], "infobrief-abonnenten", header, rows)
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "newsletter/backoffice/subscribers.html",
        {
            "page": page,
            "status": status,
            "q": query,
            "statuses": Subscriber.Status.choices,
            "query": f"status={status}&q={query}",
            "bounce_form": BounceForm(),
            "bounce_limit": services.hard_bounce_limit(),
            "import_form": BounceImportForm(),
        },
    )


@require_POST
@require(permissions.can_manage_newsletter)
def subscriber_delete(request: HttpRequest, pk: int) -> HttpResponse:
    subscriber = get_object_or_404(Subscriber, pk=pk)
    services.delete_subscriber(actor=_user(request), subscriber=subscriber)
    messages.success(request, _("The address was deleted."))
    return redirect("newsletter:subscribers")


@require_POST
@require(permissions.can_manage_newsletter)
def bounce_mark(request: HttpRequest) -> HttpResponse:
    form = BounceForm(request.POST)
    if form.is_valid():
        subscriber = Subscriber.objects.filter(email=form.cleaned_data["email"].lower()).first()
        if subscriber is None:
            messages.error(request, _("No subscriber has this address."))
        else:
            services.record_bounce(
                actor=_user(request),
                subscriber=subscriber,
                kind=form.cleaned_data["kind"],
                source="manual",
            )
            messages.success(request, _("The bounce was recorded."))
    else:
        messages.error(request, _("Please enter a valid e-mail address."))
    return redirect("newsletter:subscribers")


@require_POST
@require(permissions.can_manage_newsletter)
def bounce_import(request: HttpRequest) -> HttpResponse:
    form = BounceImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(
            request,
            " ".join(str(e) for e in form.errors.get("file", [])) or _("Please choose a file."),
        )
        return redirect("newsletter:subscribers")
    upload = form.cleaned_data["file"]
    result = services.import_bounces(actor=_user(request), content=upload.read(), source="import")
    messages.success(
        request,
        _(
            "Bounces recorded: %(recorded)s; addresses not found: %(unknown)s; "
            "disabled now: %(disabled)s."
        )
        % {"recorded": result.recorded, "unknown": result.unknown, "disabled": result.disabled},
    )
    return redirect("newsletter:subscribers")
