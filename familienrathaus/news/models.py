"""News posts ("Aktuelles") and publications (brochures as PDF)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import images, limits
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.core.review.models import ReviewedContent


class Category(AllianceOwned):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("short name in addresses"), max_length=120)

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="news_category_name"),
            models.UniqueConstraint(fields=["alliance", "slug"], name="news_category_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class NewsPost(ReviewedContent):
    """A news post: written by coordinators, or submitted by partners and reviewed."""

    objects: ClassVar[models.Manager[NewsPost]]

    organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="news_posts",
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220)
    summary = models.CharField(
        _("teaser"), max_length=300, help_text=_("One or two sentences for lists and previews.")
    )
    text = limits.LimitedTextField(
        _("text"),
        help_text=_("Markdown: **bold**, - list, [link](https://…)."),
        max_length=limits.TEXT_ARTICLE,
    )
    image = images.PictureField(
        _("image"),
        upload_to="news/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = images.size_field()
    image_height = images.size_field()
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("Describes the picture for people who cannot see it."),
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), related_name="posts", blank=True
    )
    publish_at = models.DateTimeField(
        _("publish on"),
        default=timezone.now,
        validators=[limits.validate_date],
        help_text=_("The post appears on the site from this time on, once it is published."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "slug"], name="news_newspost_slug"),
            limits.date_range_constraint("publish_at", "news_post_publish_at_sane", moment=True),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.image and not self.image_alt.strip():
            raise ValidationError(
                {"image_alt": _("Please describe the picture for people who cannot see it.")}
            )

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.publish_at <= timezone.now()


class Publication(AllianceOwned):
    """An uploaded brochure (PDF)."""

    title = models.CharField(_("title"), max_length=200)
    description = models.CharField(_("description"), max_length=300, blank=True)
    file = models.FileField(_("PDF file"), upload_to="publications/")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="de"
    )
    size_bytes = models.PositiveIntegerField(_("size"), default=0)
    is_public = models.BooleanField(_("listed on the site"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:publication_file", kwargs={"pk": self.pk})
