from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.holidays.models import Occasion
from familienrathaus.lottery.models import PriorityGroup, Run
from familienrathaus.lottery.selectors import Popularity
from familienrathaus.lottery.services import GROUP_CODE, normalise_group_code


class WishForm(forms.Form):
    """N rows "wish k: occasion + group code", in order of preference."""

    def __init__(
        self,
        *args: Any,
        slots: int,
        occasions: list[Occasion],
        labels: dict[int, str],
        popularity: dict[int, Popularity],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.slots = slots
        choices: list[tuple[str, str]] = [("", str(_("— no wish —")))]
        for occasion in occasions:
            pop = popularity.get(occasion.pk)
            ratio = f"{pop.ratio:.1f}".replace(".", ",") if pop else "0"
            choices.append(
                (
                    str(occasion.pk),
                    str(_("%(label)s – %(ratio)s wishes per place"))
                    % {"label": labels.get(occasion.pk, str(occasion)), "ratio": ratio},
                )
            )
        for index in range(1, slots + 1):
            # The fieldset's legend says "Wish n"; the labels name the two parts.
            self.fields[f"occasion_{index}"] = forms.ChoiceField(
                label=_("Occasion"),
                choices=choices,
                required=False,
            )
            self.fields[f"group_{index}"] = forms.CharField(
                label=_("Group code"),
                required=False,
                max_length=30,
            )

    def clean(self) -> dict[str, Any]:
        """Problems of one row are shown at its field (the service checks them again)."""
        cleaned = super().clean() or {}
        seen: set[str] = set()
        for index in range(1, self.slots + 1):
            code = normalise_group_code(cleaned.get(f"group_{index}") or "")
            if code and not GROUP_CODE.match(code):
                self.add_error(
                    f"group_{index}",
                    _("A group code has 3 to 30 letters, digits or hyphens, e.g. %(example)s.")
                    % {"example": "K7QF-2MXA"},
                )
            elif f"group_{index}" in cleaned:
                cleaned[f"group_{index}"] = code
            occasion = cleaned.get(f"occasion_{index}")
            if occasion and occasion in seen:
                self.add_error(f"occasion_{index}", _("Each occasion can be wished only once."))
            elif occasion:
                seen.add(occasion)
        return cleaned

    def rows(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(i, self[f"occasion_{i}"], self[f"group_{i}"]) for i in range(1, self.slots + 1)]

    def entries(self) -> list[tuple[int | None, str]]:
        data = self.cleaned_data
        return [
            (
                int(data[f"occasion_{i}"]) if data.get(f"occasion_{i}") else None,
                data.get(f"group_{i}") or "",
            )
            for i in range(1, self.slots + 1)
        ]


class RunForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Solver"), choices=Run.Method.choices, initial=Run.Method.AUTO
    )
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=3600,
        initial=120,
        help_text=_("If the exact solver needs longer, the run uses the greedy fallback."),
    )
    places_per_child = forms.IntegerField(
        label=_("Places per child"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_("Empty: the programme's rule."),
    )
    seed = forms.IntegerField(
        label=_("Lottery seed"),
        min_value=0,
        max_value=2**63 - 1,
        required=False,
        help_text=_("Empty: drawn at random. Enter the seed of an earlier run to repeat it."),
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        queryset=PriorityGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Their children are placed first at every level."),
    )
    note = forms.CharField(label=_("Note for this run"), max_length=200, required=False)

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = PriorityGroup.objects.filter(period=period)
        groups_field = self.fields["groups"]
        assert isinstance(groups_field, forms.ModelMultipleChoiceField)
        groups_field.queryset = queryset
        groups_field.initial = list(queryset)


class GroupForm(forms.ModelForm):
    class Meta:
        model = PriorityGroup
        fields = ["name", "kind"]


class ChildGroupsForm(forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label=_("Priority groups"),
        queryset=PriorityGroup.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        groups_field = self.fields["groups"]
        assert isinstance(groups_field, forms.ModelMultipleChoiceField)
        groups_field.queryset = PriorityGroup.objects.filter(
            period=period, kind=PriorityGroup.Kind.MANUAL
        )


class ConfirmForm(forms.Form):
    open_booking = forms.BooleanField(
        label=_("Open the booking phase for the remaining places now"),
        required=False,
        initial=True,
    )
