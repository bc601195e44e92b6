"""Forms of meetings: the meeting, agenda items, replies, guests, carrying tasks over.

Date and times are three fields (a phone's date and time pickers); the form combines
them into ``starts_at``/``ends_at`` on the town's clock. Every error stands next to its
field and nothing typed is lost (the form is shown again with the values).
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core.models import User
from familienrathaus.network.models import Document, Group, Meeting, Reply, Task
from familienrathaus.partners.models import Organisation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.name or obj.email


def members_field(group: Group, *, label: Any, required: bool = False) -> PersonChoice:
    return PersonChoice(
        queryset=User.objects.filter(network_memberships__group=group).order_by("name", "email"),
        label=label,
        required=required,
        empty_label=_("– nobody yet –"),
    )


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Date"), widget=DATE)
    start = forms.TimeField(label=_("From"), widget=TIME)
    end = forms.TimeField(label=_("Until"), widget=TIME)
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("Address and room. For an online meeting leave it empty."),
    )
    online_url = forms.URLField(
        label=_("Online link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("For an online or hybrid meeting, e.g. the video conference link."),
    )
    description = forms.CharField(
        label=_("Note for the invitation"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    invite = forms.BooleanField(
        label=_("Send the invitation with a calendar entry to every member now"),
        required=False,
        initial=True,
    )

    def __init__(self, *args: Any, meeting: Meeting | None = None, **kwargs: Any) -> None:
        if meeting is not None:
            start = timezone.localtime(meeting.starts_at)
            end = timezone.localtime(meeting.ends_at)
            kwargs.setdefault(
                "initial",
                {
                    "title": meeting.title,
                    "day": start.date(),
                    "start": start.time(),
                    "end": end.time(),
                    "place": meeting.place,
                    "online_url": meeting.online_url,
                    "description": meeting.description,
                },
            )
        super().__init__(*args, **kwargs)
        if meeting is not None:
            del self.fields["invite"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            data["starts_at"] = _moment(day, start)
            data["ends_at"] = _moment(day, end)
            if data["ends_at"] <= data["starts_at"]:
                self.add_error("end", _("The end must be after the start."))
        nowhere = not data.get("place", "").strip() and not data.get("online_url", "").strip()
        if nowhere and "place" not in self.errors and "online_url" not in self.errors:
            self.add_error("place", _("Please give a place, an online link or both."))
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "online_url": data["online_url"],
            "description": data["description"],
        }


def _moment(day: Any, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at), timezone.get_default_timezone())


class DocumentChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("agenda", "Item"), max_length=200)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    minutes_planned = forms.IntegerField(
        label=_("Minutes planned"), required=False, min_value=1, max_value=600
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    documents = DocumentChoice(
        label=_("Attachments from the group's documents"),
        queryset=Document.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, group: Group, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = members_field(group, label=_("Who presents it"))
        documents = self.fields["documents"]
        documents.queryset = Document.objects.filter(group=group).order_by("title")  # type: ignore[attr-defined]


class ReplyForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Will you come?"), choices=Reply.Answer.choices, widget=forms.RadioSelect
    )
    delegate = PersonChoice(
        label=_("Colleague who comes in your place"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("– choose –"),
        help_text=_("Only if someone else from your organisation comes."),
    )
    delegate_name = forms.CharField(
        label=_("Or their name"),
        max_length=150,
        required=False,
        help_text=_("If your colleague has no account here."),
    )

    def __init__(self, *args: Any, colleagues: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["delegate"]
        field.queryset = User.objects.filter(pk__in=[c.pk for c in colleagues]).order_by(  # type: ignore[attr-defined]
            "name", "email"
        )
        if not colleagues:
            del self.fields["delegate"]
            self.fields["delegate_name"].label = _("Name of the person who comes in your place")
            self.fields["delegate_name"].help_text = _(
                "Only if someone else from your organisation comes."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nobody = not data.get("delegate") and not data.get("delegate_name", "").strip()
        if data.get("answer") == Reply.Answer.DELEGATE and nobody:
            self.add_error("delegate_name", _("Please say who comes in your place."))
        return data


class GuestForm(forms.Form):
    name = forms.CharField(label=_("Name of the guest"), max_length=150)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("– none –"),
    )


class TaskChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        owner = obj.owner.name if obj.owner else _("nobody")
        due = obj.due_on.strftime("%d.%m.%Y") if obj.due_on else "–"
        return f"{obj.title} ({owner}, {due})"


class CarryOverForm(forms.Form):
    tasks = TaskChoice(
        label=_("Open tasks of the group"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, candidates: list[Task], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tasks"]
        field.queryset = Task.objects.filter(pk__in=[t.pk for t in candidates]).select_related(  # type: ignore[attr-defined]
            "owner"
        )
