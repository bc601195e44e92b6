"""The feed: the whole network's (/werkstatt/neuigkeiten/), a group's
(/werkstatt/<group>/neuigkeiten/), one entry with its comments, the mail settings and
the secret Atom link.

A group's feed answers 404 to anybody outside the group; an entry is found only among
those the user sees (``selectors.feed.visible``), so nothing leaks.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from familienrathaus.network import forms_feed as forms
from familienrathaus.network import notifications, permissions
from familienrathaus.network.models import Group
from familienrathaus.network.selectors import feed as selectors
from familienrathaus.network.selectors.groups import get_group_or_404
from familienrathaus.network.services import feed as services
from familienrathaus.network.views_groups import group_tabs

PER_PAGE = 20


def _feed_page(
    request: HttpRequest, *, group: Group | None, form: forms.PostForm | None, status: int = 200
) -> HttpResponse:
    user = request.user
    only = request.GET.get("nur", "")
    if group is None:
        if not permissions.can_use_workshop(user):
            raise Http404
        posts = selectors.network_feed(user, only="network" if only == "alle" else "")
    else:
        posts = selectors.group_feed(group)
    page = Paginator(posts, PER_PAGE).get_page(request.GET.get("seite"))
    may_post = services.can_post(user, group)
    return render(
        request,
        "network/feed/feed.html",
        {
            "group": group,
            "tabs": group_tabs(request, group) if group is not None else [],
            "show_group": group is None,
            "page": page,
            "only": only,
            "may_post": may_post,
            "form": (form or forms.PostForm()) if may_post else None,
        },
        status=status,
    )


def _post(request: HttpRequest, group: Group | None) -> HttpResponse:
    form = forms.PostForm(request.POST)
    if form.is_valid():
        try:
            services.create_post(
                author=request.user,
                group=group,
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
            )
        except services.NotAllowed as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your post is in the feed."))
            if group is None:
                return redirect("network:feed")
            return redirect("network:group-feed", slug=group.slug)
    return _feed_page(request, group=group, form=form, status=400)


@login_required
def network_feed(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _post(request, None)
    return _feed_page(request, group=None, form=None)


@login_required
def group_feed(request: HttpRequest, slug: str) -> HttpResponse:
    group = get_group_or_404(request.user, slug)
    if request.method == "POST":
        return _post(request, group)
    return _feed_page(request, group=group, form=None)


def _post_page(
    request: HttpRequest, pk: int, *, form: Any = None, status: int = 200
) -> HttpResponse:
    post = selectors.post_or_404(request.user, pk)
    may_comment = services.can_comment(request.user, post)
    may_delete = post.kind == post.Kind.POST and (
        post.author_id == request.user.pk
        or (post.group is not None and permissions.can_lead(request.user, post.group))
    )
    return render(
        request,
        "network/feed/post.html",
        {
            "post": post,
            "group": post.group,
            "comments": list(post.comments.all()),
            "form": (form or forms.CommentForm()) if may_comment else None,
            "may_delete": may_delete,
        },
        status=status,
    )


@login_required
def post(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return _post_page(request, pk)
    entry = selectors.post_or_404(request.user, pk)
    form = forms.CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(author=request.user, post=entry, text=form.cleaned_data["text"])
        except services.NotAllowed as exc:
            raise Http404 from exc
        except ValidationError as exc:
            form.add_error("text", exc.messages)
        else:
            messages.success(request, _("Your comment was added."))
            return redirect(reverse("network:post", args=[entry.pk]) + "#kommentare")
    return _post_page(request, pk, form=form, status=400)


@login_required
@require_POST
def delete_post(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.post_or_404(request.user, pk)
    group = entry.group
    try:
        services.delete_post(actor=request.user, post=entry)
    except services.NotAllowed as exc:
        raise Http404 from exc
    messages.success(request, _("The post was deleted."))
    if group is None:
        return redirect("network:feed")
    return redirect("network:group-feed", slug=group.slug)


# --------------------------------------------------------------------------- settings


def _ical_url(request: HttpRequest, token: str) -> str:
    """The member's calendar feed (the meetings part), if it is routed."""
    try:
        return request.build_absolute_uri(reverse("network:ical-feed", kwargs={"token": token}))
    except NoReverseMatch:
        return ""


@login_required
def notification_settings(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_use_workshop(user):
        raise Http404
    profile = notifications.profile_for(user)
    form = forms.NotifyForm(request.POST or None, initial={"notify": profile.notify})
    if request.method == "POST":
        if request.POST.get("action") == "renew":
            services.renew_feed_token(user=user)
            messages.success(
                request, _("Your feed has a new secret address. The old one no longer works.")
            )
            return redirect("network:notifications")
        if form.is_valid():
            services.set_notify(user=user, notify=form.cleaned_data["notify"])
            messages.success(request, _("Your setting was saved."))
            return redirect("network:notifications")
    profile.refresh_from_db()
    return render(
        request,
        "network/feed/settings.html",
        {
            "form": form,
            "profile": profile,
            "atom_url": request.build_absolute_uri(
                reverse("network:atom", kwargs={"token": profile.feed_token})
            ),
            "ical_url": _ical_url(request, profile.feed_token),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
