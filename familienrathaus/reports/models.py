"""The reports' own data: districts as areas with their children, postcodes, and the
annual report (``/work/SPEC_REPORTS.md``, the binding data model).

- :class:`DistrictArea`: one per ``core.District`` (optional): Stadtteil or Ortsteil, an
  outline as a GeoJSON *geometry* (Polygon or MultiPolygon, WGS84, ``[lon, lat]``), a
  centre (set by hand, else computed from the outline) and since when it belongs to the
  town (a municipal reform).
- :class:`DistrictPopulation`: residents and children per age band (:data:`AGE_BANDS`)
  per district and year, entered or imported.
- :class:`PostcodeDistrict`: postcode → district, for addresses without coordinates.
- :class:`AnnualReport`: the annual report of one year (texts per section, the PDF built
  in the background: a :class:`core.jobs.Job`).

The reports app owns no content of other apps; it reads them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import jobs, private_files
from familienrathaus.core.models.alliance import AllianceOwned

# key, from age, to age (both inclusive)
AGE_BANDS: tuple[tuple[str, int, int], ...] = (
    ("0_2", 0, 2),
    ("3_5", 3, 5),
    ("6_9", 6, 9),
    ("10_13", 10, 13),
    ("14_17", 14, 17),
)
BAND_KEYS: tuple[str, ...] = tuple(key for key, _lo, _hi in AGE_BANDS)


def band_label(key: str) -> str:
    """``"0_2"`` → ``"0–2 Jahre"`` (in the active language)."""
    for band, low, high in AGE_BANDS:
        if band == key:
            return gettext("%(low)s–%(high)s years") % {"low": low, "high": high}
    raise KeyError(key)


def band_field(key: str) -> str:
    """The field of :class:`DistrictPopulation` holding a band: ``"children_0_2"``."""
    return f"children_{key}"


class DistrictArea(AllianceOwned):
    """What the reports know about one of the alliance's districts besides its name."""

    class Kind(models.TextChoices):
        QUARTER = "quarter", _("Stadtteil")
        VILLAGE = "village", _("Ortsteil")

    district = models.OneToOneField(
        "core.District", on_delete=models.CASCADE, related_name="area", verbose_name=_("district")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.QUARTER)
    # GeoJSON geometry (Polygon or MultiPolygon), WGS84, coordinates [lon, lat]
    outline = models.JSONField(_("outline"), null=True, blank=True)
    centre_latitude = models.DecimalField(
        _("centre latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    centre_longitude = models.DecimalField(
        _("centre longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    joined_year = models.PositiveSmallIntegerField(
        _("part of the town since"), null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("district area")
        verbose_name_plural = _("district areas")

    def __str__(self) -> str:
        return str(self.district)


class DistrictPopulation(AllianceOwned):
    """Residents and children per age band of one district in one year."""

    district = models.ForeignKey(
        "core.District",
        on_delete=models.CASCADE,
        related_name="populations",
        verbose_name=_("district"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    residents = models.PositiveIntegerField(_("residents"), null=True, blank=True)
    children_0_2 = models.PositiveIntegerField(_("children 0–2"), null=True, blank=True)
    children_3_5 = models.PositiveIntegerField(_("children 3–5"), null=True, blank=True)
    children_6_9 = models.PositiveIntegerField(_("children 6–9"), null=True, blank=True)
    children_10_13 = models.PositiveIntegerField(_("children 10–13"), null=True, blank=True)
    children_14_17 = models.PositiveIntegerField(_("children 14–17"), null=True, blank=True)
    source = models.CharField(_("source of the figures"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("district population")
        verbose_name_plural = _("district populations")
        ordering = ["district__name", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year"], name="reports_population_one_per_district_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}"

    def band(self, key: str) -> int | None:
        value: int | None = getattr(self, band_field(key))
        return value

    @property
    def children_total(self) -> int | None:
        """The sum of the bands entered; ``None`` when every band is empty."""
        values = [self.band(key) for key in BAND_KEYS]
        known = [v for v in values if v is not None]
        return sum(known) if known else None


class PostcodeDistrict(AllianceOwned):
    """Which district a postcode belongs to (for addresses without coordinates)."""

    postcode = models.CharField(_("postcode"), max_length=10)
    district = models.ForeignKey(
        "core.District", on_delete=models.CASCADE, related_name="+", verbose_name=_("district")
    )

    class Meta:
        verbose_name = _("postcode district")
        verbose_name_plural = _("postcode districts")
        ordering = ["postcode"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "postcode"], name="reports_postcodedistrict_postcode"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} → {self.district}"


class AnnualReport(jobs.Job):
    """The annual report of one year: the coordinator's texts and the PDF built from
    them and the figures of every app (in the background)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("being built")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    year = models.PositiveSmallIntegerField(_("year"))
    texts = models.JSONField(_("texts"), default=dict, blank=True)  # section key -> text
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)  # percent
    error = models.TextField(_("error"), blank=True)
    pdf = private_files.PrivateFileField(_("PDF"), folder="reports/annual", blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    publication = models.ForeignKey(
        "news.Publication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("publication"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "year"], name="reports_annualreport_year")
        ]

    def __str__(self) -> str:
        return str(self.year)
