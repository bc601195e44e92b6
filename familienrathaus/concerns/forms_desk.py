"""Forms of the coordination desk, the partners' answers and the office link."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.concerns.models import AnswerTemplate, Concern, Office, Topic
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT
from familienrathaus.core.models import District

STATUS_FILTER = [
    (selectors.ALL_OPEN, _("all open")),
    *Concern.Status.choices,
    (selectors.ALL, _("all, closed included")),
]


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER, required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.none(), required=False, empty_label=_("all")
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=District.objects.none(), required=False, empty_label=_("all")
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("all")), *Concern.Kind.choices], required=False
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    overdue = forms.BooleanField(label=_("overdue only"), required=False)
    q = forms.CharField(label=_("Reference or words"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = selectors.topics()  # type: ignore[attr-defined]
        self.fields["district"].queryset = District.objects.all()  # type: ignore[attr-defined]
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            ("", _("anyone")),
            ("me", _("me")),
            ("none", _("nobody yet")),
            *((str(user.pk), str(user)) for user in selectors.coordinators()),
        ]

    def filters(self) -> selectors.InboxFilter:
        data = self.cleaned_data if self.is_valid() else {}
        topic, district = data.get("topic"), data.get("district")
        return selectors.InboxFilter(
            status=data.get("status") or selectors.ALL_OPEN,
            topic=topic.pk if topic else None,
            district=district.pk if district else None,
            kind=data.get("kind") or "",
            assignee=data.get("assignee") or "",
            overdue=bool(data.get("overdue")),
            query=data.get("q") or "",
        )


class _KeyedForm(forms.Form):
    """A form sent once: the key made when it was shown comes back with it."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def key(self) -> uuid.UUID:
        return self.cleaned_data.get("submission_key") or uuid.uuid4()


class ReplyForm(_KeyedForm):
    text = forms.CharField(
        label=_("Answer to the family"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The family reads this on its status page and gets it by e-mail."),
        error_messages={"required": _("Please write the answer.")},
    )
    template = forms.ModelChoiceField(
        label=_("Answer template"),
        queryset=AnswerTemplate.objects.none(),
        required=False,
        empty_label=_("choose a template"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = selectors.answer_templates()  # type: ignore[attr-defined]


class NoteForm(_KeyedForm):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=TEXT_NOTE,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the coordination office reads it."),
        error_messages={"required": _("Please write the note.")},
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Coordinator"),
        queryset=selectors.coordinators(),
        required=False,
        empty_label=_("nobody"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = selectors.coordinators()  # type: ignore[attr-defined]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=Concern.Status.choices)
    text = forms.CharField(
        label=_("A word to the family"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(
        label=pgettext_lazy("concern", "Priority"), choices=Concern.Priority.choices
    )


DESK = "desk"


class PassOnForm(forms.Form):
    to = forms.ChoiceField(
        label=_("Pass on to"),
        error_messages={
            "required": _("Please choose where to pass the concern on to."),
            "invalid_choice": _("Please choose where to pass the concern on to."),
        },
    )
    note = forms.CharField(
        label=_("Note for the recipient"),
        max_length=TEXT_NOTE,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "What should they do? The family's name and contact go along only when the "
            "family chose “with my name”."
        ),
    )

    def __init__(self, *args: Any, held: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = (DESK, _("back to the coordination office")) if held else ("", _("please choose"))
        self.fields["to"].choices = [  # type: ignore[attr-defined]
            first,
            (
                _("Partner organisations"),
                [(f"partner-{o.pk}", o.name) for o in selectors.organisations()],
            ),
            (
                _("Offices of the administration"),
                [(f"office-{o.pk}", o.name) for o in selectors.offices(active_only=True)],
            ),
        ]

    def recipient(self) -> tuple[Any, Any]:
        """(organisation, office): both None for "back to the desk"."""
        value = self.cleaned_data["to"]
        if value == DESK:
            return None, None
        kind, _sep, pk = value.partition("-")
        if kind == "partner":
            return selectors.organisations().get(pk=int(pk)), None
        return None, selectors.offices(active_only=True).get(pk=int(pk))


class MergeForm(forms.Form):
    target = forms.CharField(
        label=_("Reference of the concern to merge this one into"),
        max_length=12,
        help_text=_("For example A7K3-QF9M. This concern is then closed; its family is told."),
    )

    def __init__(self, *args: Any, concern: Concern | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.concern = concern
        self.target_concern: Concern | None = None

    def clean_target(self) -> str:
        value: str = self.cleaned_data["target"].strip().upper()
        found = selectors.by_reference(value)
        if found is None:
            raise forms.ValidationError(_("There is no concern with this reference."))
        if self.concern is not None and found.pk == self.concern.pk:
            raise forms.ValidationError(_("A concern cannot be merged into itself."))
        self.target_concern = found
        return value


class ClassifyForm(forms.ModelForm):
    class Meta:
        model = Concern
        fields = ["kind", "topic", "district"]
        labels = {"kind": _("Kind"), "topic": _("Topic"), "district": _("District")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["topic"].empty_label = _("no topic")  # type: ignore[attr-defined]
        self.fields["district"].empty_label = _("no district")  # type: ignore[attr-defined]


class HolderAnswerForm(_KeyedForm):
    """A partner's or an office's answer."""

    TO_DESK = "desk"
    TO_FAMILY = "family"

    text = forms.CharField(
        label=_("Your answer"),
        max_length=TEXT_SHORT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Please write your answer.")},
    )
    to = forms.ChoiceField(
        label=_("Who reads it?"),
        choices=[
            (TO_DESK, _("the coordination office (it passes the answer on)")),
            (TO_FAMILY, _("the family directly (and the coordination office)")),
        ],
        initial=TO_DESK,
        widget=forms.RadioSelect,
    )

    def to_family(self) -> bool:
        return self.cleaned_data.get("to") == self.TO_FAMILY


# --------------------------------------------------------------------------- lists


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = ["name", "email", "active"]


class AnswerTemplateForm(forms.Form):
    """Not a ModelForm: marking this template as the interim notice is allowed although
    another one is marked; the service moves the mark."""

    title = forms.CharField(label=_("Title"), max_length=120)
    text = forms.CharField(
        label=_("Text"), max_length=TEXT_SHORT, widget=forms.Textarea(attrs={"rows": 8})
    )
    interim = forms.BooleanField(
        label=_("Interim notice"),
        required=False,
        help_text=_(
            "Sent to the family by itself when the first answer is late. Only one "
            "template can be the interim notice."
        ),
    )

    def __init__(self, *args: Any, instance: AnswerTemplate | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {"title": instance.title, "text": instance.text, "interim": instance.interim},
            )
        super().__init__(*args, **kwargs)


class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "position", "active", "first_answer_days", "closing_days"]
        help_texts = {
            "first_answer_days": _("Working days (Monday to Friday without public holidays)."),
            "closing_days": _("Working days; at least the days for the first answer."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, closing = data.get("first_answer_days"), data.get("closing_days")
        if first is not None and closing is not None and closing < first:
            self.add_error("closing_days", _("Closing cannot be due before the first answer."))
        return data
