"""Forms of tasks: a new or changed task, and the one-tap status change."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.network.forms_meetings import DATE, members_field
from familienrathaus.network.models import Group, Task


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)

    field_order = ["title", "owner", "due_on", "status", "description"]

    def __init__(self, *args: Any, group: Group, task: Task | None = None, **kwargs: Any) -> None:
        if task is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": task.title,
                    "description": task.description,
                    "owner": task.owner_id,
                    "due_on": task.due_on,
                    "status": task.status,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owner"] = members_field(group, label=_("Who does it"))
        self.order_fields(self.field_order)
        if task is None:
            del self.fields["status"]

    def values(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Task.Status.choices)
