"""The welcome's settings: one row per alliance the coordinator edits on the settings screen."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT, LimitedTextField
from familienrathaus.core.models.alliance import AllianceOwned

DEFAULT_PROOF = "Geburtsurkunde im Rathaus vorgelegt"

DEFAULT_CONSENT = (
    "Ich bin damit einverstanden, dass die Stadt meine Angaben (Name, Anschrift, "
    "Geburtsdatum und Vorname des Kindes, Kontaktdaten und meine Wünsche) für die "
    "Babybegrüßung speichert: um das Begrüßungspaket zu schicken oder zu übergeben, "
    "einen Termin zu vereinbaren, über das Begrüßungsgeld zu entscheiden und es "
    "auszuzahlen. Die Angaben werden nicht an Dritte weitergegeben. Sie werden 12 Monate "
    "nach dem letzten Schritt gelöscht; Zahlungsbelege bewahrt die Stadtkasse so lange auf, "
    "wie das Gesetz es verlangt (10 Jahre). Die Einwilligung ist freiwillig und kann "
    "jederzeit widerrufen werden."
)


class WelcomeSettings(AllianceOwned):
    """The alliance's single row of settings (``selectors.settings.get()`` creates it)."""

    intro = LimitedTextField(
        _("introduction"),
        max_length=TEXT_SHORT,
        blank=True,
        help_text=_("Shown at the top of the public page /babybegruessung/."),
    )
    postcodes = models.CharField(
        _("postcodes of the town"),
        max_length=300,
        blank=True,
        help_text=_('Separated by commas, e.g. "58452, 58453". Empty: no check.'),
    )
    town_name = models.CharField(
        _("name of the town"),
        max_length=100,
        blank=True,
        help_text=_("Empty: the municipality of the site settings."),
    )
    moved_in_months = models.PositiveSmallIntegerField(
        _("moved in within … months after birth"),
        default=6,
        help_text=_(
            "A family that moved into the town at most this many months after the birth "
            "still counts."
        ),
    )
    age_limit_months = models.PositiveSmallIntegerField(
        _("age limit in months"),
        default=12,
        help_text=_("The child is at most this many months old when registered."),
    )
    grant_enabled = models.BooleanField(_("welcome grant offered"), default=True)
    grant_amount = models.DecimalField(
        _("amount of the grant"), max_digits=7, decimal_places=2, default=Decimal("100.00")
    )
    proof_required = models.CharField(
        _("proof required"),
        max_length=300,
        default=DEFAULT_PROOF,
        help_text=_("What the coordinator must have seen before the grant is approved."),
    )
    consent_text = LimitedTextField(
        _("consent text"), max_length=TEXT_SHORT, default=DEFAULT_CONSENT
    )
    consent_version = models.PositiveSmallIntegerField(_("version of the consent text"), default=1)
    kita_deadline_months = models.PositiveSmallIntegerField(
        _("Kita registration: months before care starts"), default=6
    )
    kita_registration_url = models.URLField(_("the town's Kita portal"), blank=True)
    kita_office_email = models.EmailField(
        _("e-mail of the Kita office"),
        blank=True,
        help_text=_("Receives a mail for every new Kita interest."),
    )
    kita_office_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accounts of the Kita office"),
        blank=True,
        related_name="+",
        help_text=_("These accounts see the list of Kita interests and its export, nothing else."),
    )
    followup_ages = models.CharField(
        _("ages for follow-up mails (months)"),
        max_length=50,
        default="3,12,36",
        help_text=_('Separated by commas, e.g. "3,12,36".'),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("delete personal data after … months"),
        default=12,
        help_text=_("Counted from the last step of a registration."),
    )
    payment_retention_years = models.PositiveSmallIntegerField(
        _("keep payment records for … years"), default=10
    )
    office_hours = LimitedTextField(
        _("office hours"),
        max_length=TEXT_NOTE,
        blank=True,
        help_text=_('e.g. "Tue 8–18, Thu 8–18"; shown with the appointments.'),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("settings of the welcome for newborns")
        verbose_name_plural = _("settings of the welcome for newborns")
        constraints = [
            models.UniqueConstraint(fields=["alliance"], name="welcome_welcomesettings_alliance")
        ]

    def __str__(self) -> str:
        return str(_("settings of the welcome for newborns"))

    @property
    def postcode_list(self) -> list[str]:
        return [p.strip() for p in self.postcodes.replace(";", ",").split(",") if p.strip()]

    @property
    def followup_age_list(self) -> list[int]:
        ages = []
        for part in self.followup_ages.split(","):
            part = part.strip()
            if part.isdigit():
                ages.append(int(part))
        return sorted(set(ages))
