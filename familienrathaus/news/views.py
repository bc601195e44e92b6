from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from familienrathaus.core import review
from familienrathaus.core.downloads import set_download_name
from familienrathaus.core.models import User
from familienrathaus.core.selectors import site_settings
from familienrathaus.core.views.access import require
from familienrathaus.news import permissions, selectors, services, socialkit
from familienrathaus.news.forms import CategoryForm, PostForm, PublicationForm
from familienrathaus.news.models import NewsPost, Publication
from familienrathaus.news.workflow import WORKFLOW
from familienrathaus.partners.models import Organisation

# --------------------------------------------------------------------------- public


@require_safe
def post_list(request: HttpRequest) -> HttpResponse:
    posts = selectors.published_posts()
    category = request.GET.get("kategorie", "")
    if category:
        posts = posts.filter(categories__slug=category)
    page = Paginator(posts, 12).get_page(request.GET.get("page"))
    return render(
        request,
        "news/list.html",
        {
            "page": page,
            "categories": selectors.categories(),
            "category": category,
            "query": f"kategorie={category}" if category else "",
        },
    )


@require_safe
def post_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = get_object_or_404(NewsPost, slug=slug)
    if not permissions.can_view_post(request.user, post):
        raise Http404
    if post.image:
        og_image = socialkit.absolute(post.image.url)
    else:
        og_image = socialkit.absolute(f"{post.get_absolute_url()}karte.png")
    return render(
        request,
        "news/detail.html",
        {
            "post": post,
            "page_url": socialkit.absolute(post.get_absolute_url()),
            "og_image": og_image,
            "preview": not post.is_public,
        },
    )


@require_safe
def post_card(request: HttpRequest, slug: str) -> HttpResponse:
    """The post's picture card, also used as its Open Graph image."""
    post = get_object_or_404(selectors.published_posts(), slug=slug)
    item = socialkit.source("news").load(post.pk)  # type: ignore[union-attr]
    if item is None:
        raise Http404
    return _png(item)


@require_safe
def share_card(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """The picture card of a published offer, event or news post, for anyone: the
    Open Graph image of its page (see the ``share_image_url`` template tag)."""
    chosen = socialkit.source(kind)
    item = chosen.load(pk) if chosen else None
    if item is None:
        raise Http404
    return _png(item)


@require_safe
def publications(request: HttpRequest) -> HttpResponse:
    return render(request, "news/publications.html", {"rows": selectors.public_publications()})


@require_safe
def publication_file(request: HttpRequest, pk: int) -> FileResponse:
    publication = get_object_or_404(Publication, pk=pk)
    if not publication.is_public and not permissions.can_manage_publications(request.user):
        raise Http404
    try:
        handle = publication.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        content_type="application/pdf",
        filename=(publication.file.name or "publication.pdf").rsplit("/", 1)[-1],
    )


# --------------------------------------------------------------------------- back office


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _organisations_for(user: User) -> Any:
    if permissions.can_review_news(user):
        return None
    return Organisation.objects.filter(memberships__user=user).order_by("name")


@require(permissions.can_manage_news)
def manage_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    category_form = CategoryForm()
    if request.method == "POST" and permissions.can_review_news(user):
        category_form = CategoryForm(request.POST)
        if category_form.is_valid():
            try:
                services.create_category(actor=user, name=category_form.cleaned_data["name"])
            except ValidationError as exc:
                category_form.add_error("name", exc.messages[0])
            else:
                messages.success(request, _("The category was added."))
                return redirect("news:manage")
    return render(
        request,
        "news/backoffice/list.html",
        {
            "posts": selectors.posts_for_backoffice(user),
            "is_reviewer": permissions.can_review_news(user),
            "category_form": category_form,
            "categories": selectors.categories(),
        },
    )


@require(permissions.can_manage_news)
def manage_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisations = _organisations_for(user)
    form = PostForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = form.cleaned_data.get("organisation")
        if not permissions.can_post_for(user, organisation):
            raise PermissionDenied
        try:
            post = services.create_post(
                actor=user,
                organisation=organisation,
                values=form.values(),
                categories=list(form.cleaned_data["categories"]),
                image=form.cleaned_data.get("image_upload"),
                publish="publish" in request.POST and permissions.can_review_news(user),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The news post was saved."))
            return redirect("news:manage_edit", pk=post.pk)
    return render(
        request,
        "news/backoffice/form.html",
        {"form": form, "post": None, "is_reviewer": permissions.can_review_news(user)},
    )


@require(permissions.can_manage_news)
def manage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    post = get_object_or_404(NewsPost, pk=pk)
    if not permissions.is_owner(user, post):
        raise PermissionDenied
    form = PostForm(
        request.POST or None,
        request.FILES or None,
        instance=post,
        organisations=_organisations_for(user),
    )
    if request.method == "POST":
        if not permissions.can_change_post(user, post):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.update_post(
                    actor=user,
                    post=post,
                    values=form.values(),
                    categories=list(form.cleaned_data["categories"]),
                    image=form.cleaned_data.get("image_upload"),
                    remove_image=bool(form.cleaned_data.get("remove_image")),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The news post was saved."))
                return redirect("news:manage_edit", pk=post.pk)
    return render(
        request,
        "news/backoffice/form.html",
        {
            "form": form,
            "post": post,
            "review": review.panel(WORKFLOW, request, post),
            "is_reviewer": permissions.can_review_news(user),
            "can_change": permissions.can_change_post(user, post),
        },
    )


@require(permissions.can_manage_publications)
def manage_publications(request: HttpRequest) -> HttpResponse:
    form = PublicationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_publication(
            actor=_user(request),
            title=form.cleaned_data["title"],
            description=form.cleaned_data["description"],
            language=form.cleaned_data["language"],
            file=form.cleaned_data["file"],
        )
        messages.success(request, _("The publication was added."))
        return redirect("news:manage_publications")
    return render(
        request,
        "news/backoffice/publications.html",
        {
            "form": form,
            "uploaded": Publication.objects.all(),
            "rows": selectors.public_publications(),
        },
    )


@require_POST
@require(permissions.can_manage_publications)
def manage_publication_delete(request: HttpRequest, pk: int) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=pk)
    services.delete_publication(actor=_user(request), publication=publication)
    messages.success(request, _("The publication was deleted."))
    return redirect("news:manage_publications")


@require(permissions.can_use_social_kit)
def social_kit(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("art", "")
    chosen = socialkit.source(kind)
    item = None
    item_id = request.GET.get("id", "")
    if chosen is not None and item_id.isdigit():
        item = chosen.load(int(item_id))
        if item is None:
            raise Http404
    settings_row = site_settings()
    return render(
        request,
        "news/backoffice/social_kit.html",
        {
            "sources": socialkit.sources(),
            "kind": kind,
            "chosen": chosen,
            "choices": chosen.choices() if chosen else [],
            "item": item,
            "item_id": item_id,
            "text": socialkit.post_text(item, alliance_name=settings_row.alliance_name)
            if item
            else "",
        },
    )


@require_safe
@require(permissions.can_use_social_kit)
def social_kit_card(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    chosen = socialkit.source(kind)
    item = chosen.load(pk) if chosen else None
    if item is None:
        raise Http404
    response = _png(item)
    if "download" in request.GET:
        set_download_name(response, f"{kind}-{pk}.png")
    return response


def _png(item: socialkit.ShareItem) -> HttpResponse:
    settings_row = site_settings()
    data = socialkit.card_png(
        item, alliance_name=settings_row.alliance_name, primary=settings_row.primary_colour
    )
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "max-age=600"
    return response
