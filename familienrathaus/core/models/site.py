from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import images
from familienrathaus.core.models.alliance import AllianceOwned

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, e.g. #0b5394."))


class FederalState(models.TextChoices):
    """The German states (ISO 3166-2:DE codes): their public holidays differ."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class SiteSettings(AllianceOwned):
    """The one row of settings a coordinator edits: who the alliance is and how it looks."""

    alliance_name = models.CharField(
        _("name of the alliance"), max_length=200, default="Lokales Bündnis für Familie"
    )
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    federal_state = models.CharField(
        _("federal state"),
        max_length=2,
        choices=FederalState.choices,
        default=FederalState.NW,
        help_text=_("Its public holidays count for opening hours and due dates."),
    )
    tagline = models.CharField(_("short description"), max_length=300, blank=True)
    # Printed on invoices (holiday programme) with a GiroCode; the IBAN is checked by
    # the settings form (schwifty), the BIC is taken from the IBAN when left empty.
    bank_account_holder = models.CharField(_("account holder"), max_length=70, blank=True)
    bank_iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bank_bic = models.CharField(_("BIC"), max_length=11, blank=True)
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"),
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("An invoice is due this many days after it is issued (on a working day)."),
    )
    logo = images.PictureField(
        _("logo"),
        upload_to="site/",
        blank=True,
        width_field="logo_width",
        height_field="logo_height",
    )
    logo_width = images.size_field()
    logo_height = images.size_field()
    logo_alt = models.CharField(
        _("alternative text of the logo"),
        max_length=200,
        blank=True,
        help_text=_("Describes the logo for people who cannot see it."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#0b5394", validators=[hex_colour]
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_address = models.TextField(_("contact address"), blank=True)
    notification_email = models.EmailField(
        _("e-mail for notifications"),
        blank=True,
        help_text=_("Feedback and notices go here; if empty, to every coordinator."),
    )
    reply_to_email = models.EmailField(
        _("reply-to address of mails"),
        blank=True,
        help_text=_("Replies to the alliance's mails go here; if empty, to the contact e-mail."),
    )
    # Empty lists mean "all": every language of the install, every optional app.
    languages = models.JSONField(
        _("languages offered"),
        default=list,
        blank=True,
        help_text=_("The languages families can choose on the site; German is always offered."),
    )
    disabled_apps = models.JSONField(
        _("parts not used"),
        default=list,
        blank=True,
        help_text=_("Parts of the site this alliance does not use are hidden everywhere."),
    )
    listed_in_directory = models.BooleanField(
        _("listed in the directory"),
        default=False,
        help_text=_(
            "Show the alliance with its public offers and events in the install's directory "
            "of alliances."
        ),
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    mastodon_url = models.URLField(_("Mastodon"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    # Sign-language videos (BITV 2.0), each with its WebVTT captions; checked and named
    # by core.uploads (clean_video, clean_captions), public like the logo.
    sign_video_home = models.FileField(
        _("sign-language video for the start page"),
        upload_to="site/gebaerdensprache/",
        blank=True,
        help_text=_("MP4 or WebM, at most 20 MB, in German Sign Language."),
    )
    sign_video_home_captions = models.FileField(
        _("captions for the start page's video (WebVTT)"),
        upload_to="site/gebaerdensprache/",
        blank=True,
        help_text=_("A WebVTT file (.vtt) with the German captions of the video."),
    )
    sign_video_accessibility = models.FileField(
        _("sign-language video for the accessibility statement"),
        upload_to="site/gebaerdensprache/",
        blank=True,
        help_text=_("MP4 or WebM, at most 20 MB, in German Sign Language."),
    )
    sign_video_accessibility_captions = models.FileField(
        _("captions for the accessibility statement's video (WebVTT)"),
        upload_to="site/gebaerdensprache/",
        blank=True,
        help_text=_("A WebVTT file (.vtt) with the German captions of the video."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.UniqueConstraint(fields=["alliance"], name="core_sitesettings_one_per_alliance")
        ]

    def __str__(self) -> str:
        return self.alliance_name

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
            ("Mastodon", self.mastodon_url),
            ("YouTube", self.youtube_url),
        ]
        return [(label, url) for label, url in links if url]


class LegalPage(AllianceOwned):
    """An editable page every footer links to: the legal pages and Leichte Sprache."""

    objects: ClassVar[models.Manager[LegalPage]]

    class Kind(models.TextChoices):
        IMPRINT = "impressum", _("Imprint")
        PRIVACY = "datenschutz", _("Privacy policy")
        ACCESSIBILITY = "barrierefreiheit", _("Accessibility statement")
        EASY_LANGUAGE = "leichte-sprache", _("Easy language")

    kind = models.CharField(_("page"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"), help_text=_("Markdown: # heading, **bold**, - list, [link](https://…).")
    )
    summary = models.TextField(
        _("summary"),
        blank=True,
        help_text=_(
            "A short summary in plain words, translated into the other languages; "
            "the German text above stays the binding one."
        ),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "kind"], name="core_legalpage_kind")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("core:legal_page", kwargs={"kind": self.kind})
