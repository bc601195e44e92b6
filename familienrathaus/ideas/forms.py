"""Forms of ideas: only parsing and field messages; the rules live in services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits
from familienrathaus.events.models import Event
from familienrathaus.ideas.models import REASON_MAX_LENGTH, TITLE_MAX_LENGTH, Stage
from familienrathaus.surveys.models import Survey


class IdeaForm(forms.Form):
    title = forms.CharField(
        label=_("Your idea in a few words"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("For example: “More benches at the playground in the Nordviertel”."),
    )
    text = forms.CharField(
        label=_("Describe your idea"),
        max_length=limits.TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What should change, and what would it bring to families? Please do not "
            "write names or addresses of other people."
        ),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on this page with your first name."),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Shown on the idea's page and sent to the author: why this stage, what happens next."
        ),
    )


class ProgressForm(forms.Form):
    day = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[limits.validate_date],
    )
    text = forms.CharField(
        label=_("New progress note"),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Public: what has happened with the idea?"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("day", timezone.localdate())


class LinkForm(forms.Form):
    event = forms.ModelChoiceField(
        label=_("Workshop"),
        queryset=Event.objects.none(),
        required=False,
        empty_label=_("– no workshop –"),
        help_text=_("The event of the calendar where the idea is discussed."),
    )

    survey: forms.ModelChoiceField[Survey] = forms.ModelChoiceField(
        label=_("Survey"),
        queryset=Survey.objects.none(),
        required=False,
        empty_label=_("– no survey –"),
        help_text=_("A survey whose results belong to the idea."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(Any, self.fields["event"]).queryset = Event.objects.filter(
            status=Event.Status.PUBLISHED
        ).order_by("-start")
        cast(Any, self.fields["survey"]).queryset = Survey.objects.order_by("-created_at", "-pk")


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        max_length=300,
        help_text=_("Shown instead of the comment, e.g. “contained a person's address”."),
    )
