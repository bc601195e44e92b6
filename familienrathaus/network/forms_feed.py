"""Forms of the feed: a post, a comment, how often to hear by mail."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.limits import TEXT_NOTE, TEXT_SHORT
from familienrathaus.network.models import MemberProfile


class PostForm(forms.Form):
    title = forms.CharField(label=_("Headline"), max_length=300)
    text = forms.CharField(
        label=_("Text"),
        max_length=TEXT_SHORT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=TEXT_NOTE, widget=forms.Textarea(attrs={"rows": 3})
    )


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(
        label=_("Mail about news in my groups"),
        choices=MemberProfile.Notify.choices,
        widget=forms.RadioSelect,
    )
