"""Forms of the holiday programme."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits, translated_forms, uploads
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.holidays.models import (
    Activity,
    Child,
    Occasion,
    OccasionDate,
    Period,
    ReductionKind,
)
from familienrathaus.holidays.workflow import TRANSLATED
from familienrathaus.partners.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammeFilterForm(forms.Form):
    child = forms.ModelChoiceField(
        label=_("Suitable for my child"),
        queryset=Child.objects.none(),
        required=False,
        empty_label=_("all ages"),
    )
    day = forms.DateField(label=_("On this day"), required=False, widget=DATE)
    category = forms.ChoiceField(label=_("Category"), required=False)
    q = forms.CharField(label=_("Search words"), required=False, max_length=100)
    free_only = forms.BooleanField(label=_("Only with free places"), required=False)

    def __init__(self, *args: Any, children: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children if children is not None else Child.objects.none()  # type: ignore[attr-defined]
        self.fields["category"].choices = [("", _("all categories")), *Activity.Category.choices]  # type: ignore[attr-defined]
        if children is None or not children.exists():
            del self.fields["child"]


class ChildForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that these health notes and the emergency contact are stored."),
        help_text=_(
            "Only the organisers of your child's activities see them, and only during the "
            "holiday programme. They are deleted automatically afterwards. You can withdraw "
            "your consent at any time by unticking this box."
        ),
        required=False,
    )

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "birth_date", "health_notes", "emergency_contact"]
        widgets = {"birth_date": DATE, "health_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "off"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        if self.instance.pk and self.instance.sensitive_consent_at:
            self.fields["consent"].initial = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sensitive = (data.get("health_notes") or "").strip() or (
            data.get("emergency_contact") or ""
        ).strip()
        if sensitive and not data.get("consent"):
            self.add_error(
                "consent",
                _("Please agree to the storage, or leave the health notes and contact empty."),
            )
        return data

    def _post_clean(self) -> None:
        # The model's own check for consent runs in the service (consent is set there).
        opts = self._meta
        try:
            self.instance = forms.models.construct_instance(self, self.instance, opts.fields)
        except ValidationError as exc:  # pragma: no cover
            self._update_errors(exc)  # type: ignore[attr-defined]


class BookForm(forms.Form):
    child = forms.ModelChoiceField(label=_("Child"), queryset=Child.objects.none())

    def __init__(self, *args: Any, children: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children if children is not None else Child.objects.none()  # type: ignore[attr-defined]


class ActivityForm(TranslationsMixin, forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organiser"), queryset=Organisation.objects.none()
    )
    period = forms.ModelChoiceField(label=_("Holiday programme"), queryset=Period.objects.none())

    class Meta:
        model = Activity
        fields = [
            "period",
            "organisation",
            "title",
            "summary",
            "description",
            "category",
            "what_to_bring",
            "meeting_point",
            "accessibility",
            "contact_email",
            "image",
            "image_alt",
            *translated_forms.names(Activity, TRANSLATED),
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "what_to_bring": forms.Textarea(attrs={"rows": 2}),
            "accessibility": forms.Textarea(attrs={"rows": 2}),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Activity)
        self.fields["organisation"].queryset = organisations or Organisation.objects.none()  # type: ignore[attr-defined]
        self.fields["period"].queryset = Period.objects.filter(is_archived=False)  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["organisation"]
            del self.fields["period"]

    def clean_image(self) -> Any:
        image = self.cleaned_data.get("image")
        if image and image != self.initial.get("image"):
            return uploads.clean_image(image, uploads.IMAGE_MAX_BYTES)
        return image


class OccasionForm(forms.ModelForm):
    """An occasion with its dates: every day from the first to the last day at the same
    times, or - for a trip - one stretch from the first day's start to the last day's end."""

    first_day = forms.DateField(label=_("First day"), widget=DATE)
    last_day = forms.DateField(
        label=_("Last day"), widget=DATE, required=False, help_text=_("Empty: a single day.")
    )
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    trip = forms.BooleanField(
        label=_("A trip with nights"),
        required=False,
        help_text=_("The children stay overnight from the first to the last day."),
    )

    class Meta:
        model = Occasion
        fields = [
            "note",
            "min_places",
            "max_places",
            "age_rule",
            "age_min",
            "age_max",
            "age_tolerance_months",
            "fee",
            "reduced_fee",
            "helpers_needed",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            dates = list(self.instance.dates.all())
            if dates:
                first, last = dates[0], dates[-1]
                self.initial.update(
                    first_day=timezone.localdate(first.starts),
                    last_day=timezone.localdate(last.ends),
                    start_time=timezone.localtime(first.starts).time(),
                    end_time=timezone.localtime(first.ends).time(),
                    trip=len(dates) == 1
                    and timezone.localdate(first.ends) > timezone.localdate(first.starts),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first = data.get("first_day")
        last = data.get("last_day") or first
        start, end = data.get("start_time"), data.get("end_time")
        for field in ("first_day", "last_day"):
            try:
                limits.validate_date(data.get(field))
            except ValidationError as error:
                self.add_error(field, error)
                return data
        if first and last and last < first:
            self.add_error("last_day", _("The last day cannot be before the first."))
        elif first and start and end and not data.get("trip") and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        elif first and last and (last - first).days > 60:
            self.add_error("last_day", _("At most 60 days, please."))
        elif first and start and end and self.instance.activity_id:
            self._check_programme(self.instance.activity.period)
        return data

    def _check_programme(self, period: Period) -> None:
        """The dates lie within the holidays (``Period.check_dates``); the message goes
        next to the day that lies outside."""
        try:
            period.check_dates(self.spans())
        except ValidationError as error:
            first = self.cleaned_data["first_day"]
            self.add_error("first_day" if first < period.holiday_start else "last_day", error)

    def spans(self) -> list[tuple[datetime, datetime]]:
        data = self.cleaned_data
        first = data["first_day"]
        last = data.get("last_day") or first
        start: time = data["start_time"]
        end: time = data["end_time"]

        def at(day: Any, moment: time) -> datetime:
            return timezone.make_aware(datetime.combine(day, moment))

        if data.get("trip"):
            return [(at(first, start), at(last, end))]
        days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
        return [(at(day, start), at(day, end)) for day in days]


class PeriodForm(TranslationsMixin, forms.ModelForm):
    class Meta:
        model = Period
        fields = [
            "name",
            "description",
            "holiday_start",
            "holiday_end",
            "submission_start",
            "submission_end",
            "wish_start",
            "wish_end",
            "booking_opens",
            "booking_closes",
            "places_per_child",
            "one_per_day",
            "travel_minutes",
            "wishes_per_child",
            "fee_model",
            "flat_fee",
            "cancellation_days",
            "hold_hours",
            "minimum_check_days",
            "sensitive_data_days",
            "is_archived",
            *translated_forms.names(Period, ("name", "description")),
        ]
        widgets = {
            "holiday_start": DATE,
            "holiday_end": DATE,
            "submission_start": DATETIME,
            "submission_end": DATETIME,
            "wish_start": DATETIME,
            "wish_end": DATETIME,
            "booking_opens": DATETIME,
            "booking_closes": DATETIME,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_translations(Period)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("holiday_start"), data.get("holiday_end")
        if self.instance.pk and start and end and start <= end:
            outside = (
                OccasionDate.objects.filter(
                    occasion__activity__period=self.instance, occasion__cancelled_at__isnull=True
                )
                .filter(Q(starts__date__lt=start) | Q(ends__date__gt=end))
                .order_by("starts")
            )
            first = outside.first()
            if first is not None:
                self.add_error(
                    "holiday_start" if timezone.localdate(first.starts) < start else "holiday_end",
                    _(
                        "%(count)s dates of occasions would lie outside the holidays, "
                        "the first on %(day)s. Please move them first."
                    )
                    % {
                        "count": outside.count(),
                        "day": f"{timezone.localdate(first.starts):%d.%m.%Y}",
                    },
                )
        return data


class ReductionKindForm(forms.ModelForm):
    class Meta:
        model = ReductionKind
        fields = ["name", "description", "percent", "from_nth_child", "needs_proof"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class ReductionClaimForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Reduction"), queryset=ReductionKind.objects.none())
    proof = forms.FileField(
        label=_("Proof (PDF)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args: Any, period: Period, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = period.reduction_kinds.all()  # type: ignore[attr-defined]

    def clean_proof(self) -> Any:
        proof = self.cleaned_data.get("proof")
        if proof:  # parsed as a PDF; stored privately under a random "<uuid>.pdf"
            return uploads.clean_pdf(proof)
        return proof

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind and kind.needs_proof and not data.get("proof") and "proof" not in self.errors:
            self.add_error("proof", _("Please attach the proof."))
        return data


class MailForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=limits.TEXT_SHORT,
    )


class CancelOccasionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the families)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=limits.TEXT_NOTE,
    )


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount paid (€)"), min_value=0, decimal_places=2, localize=True
    )
