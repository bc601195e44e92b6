"""Forms of the survey builder. Texts come in German (required) and English (optional:
an empty English text falls back to German on the family's page)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import translated_forms
from familienrathaus.core.translated_forms import TranslationsMixin
from familienrathaus.surveys.models import Channel, Operator, Option, Question, Section, Survey
from familienrathaus.surveys.selectors.builder import ConditionSource
from familienrathaus.surveys.services.builder import (
    LABEL_LANGUAGES,
    MORE_LANGUAGES,
    QUESTION_TEXTS,
    SCALE_TEXTS,
    SECTION_TEXTS,
    SURVEY_TEXTS,
)
from familienrathaus.surveys.services.distribution import MAX_CODES_AT_ONCE

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_ROWS = 40


def _label(name: str, text: Any) -> Any:
    return _("%(text)s (English)") % {"text": text} if name.endswith("_en") else text


def _translated_labels(form: forms.ModelForm, labels: dict[str, Any]) -> None:
    """German and English fields of one text get the same label, the English one marked
    and optional."""
    for base, text in labels.items():
        for suffix in ("_de", "_en"):
            name = base + suffix
            if name in form.fields:
                form.fields[name].label = _label(name, text)
                if suffix == "_en":
                    form.fields[name].required = False
                    form.fields[name].help_text = _("Empty: families see the German text.")


class SurveyForm(TranslationsMixin, forms.ModelForm):
    class Meta:
        model = Survey
        fields = [
            "title_de",
            "title_en",
            "intro_de",
            "intro_en",
            "privacy_text_de",
            "privacy_text_en",
            "thanks_text_de",
            "thanks_text_en",
            "access",
            "opens_at",
            "closes_at",
            "max_answers",
            "public_results",
            "keep_answers_days",
            *translated_forms.names(Survey, SURVEY_TEXTS, MORE_LANGUAGES),
        ]
        widgets = {
            "opens_at": DATETIME,
            "closes_at": DATETIME,
            **{
                f"{name}_{lang}": forms.Textarea(attrs={"rows": 4})
                for name in ("intro", "privacy_text", "thanks_text")
                for lang in ("de", "en")
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translated_labels(
            self,
            {
                "title": _("Title"),
                "intro": _("Introduction"),
                "privacy_text": _("Data protection"),
                "thanks_text": _("Thank-you text"),
            },
        )
        self.fields["title_de"].required = True
        self.setup_translations(Survey, MORE_LANGUAGES)
        self.fields["intro_de"].help_text = _(
            "Shown on the first page: what the survey is about and how long it takes."
        )
        self.fields["privacy_text_de"].help_text = _(
            "Who reads the answers, what happens with them and when they are deleted."
        )
        self.fields["access"].label = _("Who may answer")
        self.fields["access"].help_text = _(
            "Anonymous: anyone with the link, once per browser, nothing about the person is "
            "stored. Invitation codes: one answer per printed code. Signed in: one answer per "
            "account, which can be changed until the close."
        )
        self.fields["opens_at"].label = _("Opens on")
        self.fields["opens_at"].help_text = _("Empty: as soon as it is published.")
        self.fields["closes_at"].label = _("Closes on")
        self.fields["closes_at"].help_text = _("Empty: open until you close it.")
        self.fields["max_answers"].widget.attrs.update(min=1)
        self.fields["keep_answers_days"].widget.attrs.update(min=0, max=3650)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The survey must close after it opens."))
        return data


class SectionForm(TranslationsMixin, forms.ModelForm):
    condition_operator = forms.ChoiceField(label=_("Show this"), required=False)
    condition_option = forms.TypedChoiceField(
        label=_("Answer of an earlier question"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Section
        fields = [
            "title_de",
            "title_en",
            "intro_de",
            "intro_en",
            *translated_forms.names(Section, SECTION_TEXTS, MORE_LANGUAGES),
        ]
        widgets = {
            "intro_de": forms.Textarea(attrs={"rows": 3}),
            "intro_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, sources: list[ConditionSource], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _translated_labels(self, {"title": _("Title of the page"), "intro": _("Introduction")})
        self.fields["title_de"].required = True
        self.setup_translations(Section, MORE_LANGUAGES)
        _condition_fields(self, sources)

    def clean(self) -> dict[str, Any]:
        return _clean_condition(self, super().clean() or {})


def _condition_fields(form: forms.ModelForm, sources: list[ConditionSource]) -> None:
    """Operator and option of a condition as two selects; the option's question is the
    condition's question. The options are grouped by their question."""
    form.sources = {option.pk: source.question for source in sources for option in source.options}  # type: ignore[attr-defined]
    cast(Any, form.fields["condition_operator"]).choices = [
        ("", _("always")),
        (Operator.IS, _("only when the answer is")),
        (Operator.IS_NOT, _("only when the answer is not")),
        (Operator.INCLUDES, _("only when the answers include")),
    ]
    choices: list[Any] = [("", "—")]
    for source in sources:
        text = f"{source.question.code}: {source.question.text_de}"[:90]
        choices.append((text, [(option.pk, option.label_de) for option in source.options]))
    option_field = form.fields["condition_option"]
    option_field.choices = choices  # type: ignore[attr-defined]
    if not sources:
        option_field.help_text = _(
            "Conditions refer to earlier choice questions; there are none before this one."
        )
    instance = form.instance
    if not form.is_bound and instance.pk and instance.has_condition:
        form.initial["condition_operator"] = instance.condition_operator
        form.initial["condition_option"] = instance.condition_option_id


def _clean_condition(form: forms.ModelForm, data: dict[str, Any]) -> dict[str, Any]:
    operator, option = data.get("condition_operator") or "", data.get("condition_option")
    if operator and not option:
        form.add_error("condition_option", _("Please choose the answer the condition refers to."))
    elif option and not operator:
        data["condition_option"] = None
    question = form.sources.get(option) if operator and option else None  # type: ignore[attr-defined]
    data["condition_question"] = question
    data["condition_operator"] = operator if question else ""
    data["condition_option"] = (
        Option.objects.filter(pk=int(option)).first() if question and option else None
    )
    return data


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class QuestionForm(TranslationsMixin, forms.ModelForm):
    options_de = forms.CharField(
        label=_("Answers, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One answer per line, in the order shown."),
    )
    options_en = forms.CharField(
        label=_("Answers in English, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Same order as the German lines; empty lines fall back to German."),
    )
    items_de = forms.CharField(
        label=_("Items, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One statement per line; each is rated on the same scale."),
    )
    items_en = forms.CharField(
        label=_("Items in English, one per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Same order as the German lines; empty lines fall back to German."),
    )
    condition_operator = forms.ChoiceField(label=_("Ask this question"), required=False)
    condition_option = forms.TypedChoiceField(
        label=_("Answer of an earlier question"), required=False, coerce=int, empty_value=None
    )

    class Meta:
        model = Question
        fields = [
            "kind",
            "text_de",
            "text_en",
            "help_text_de",
            "help_text_en",
            "required",
            "allow_other",
            "dont_know",
            "scale_min",
            "scale_max",
            "scale_min_label_de",
            "scale_min_label_en",
            "scale_max_label_de",
            "scale_max_label_en",
            "number_min",
            "number_max",
            "public",
            "code",
            *translated_forms.names(Question, (*QUESTION_TEXTS, *SCALE_TEXTS), MORE_LANGUAGES),
        ]
        widgets = {
            "help_text_de": forms.Textarea(attrs={"rows": 2}),
            "help_text_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self, *args: Any, survey: Survey, sources: list[ConditionSource], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        _translated_labels(
            self,
            {
                "text": _("Question"),
                "help_text": _("Note for the family"),
                "scale_min_label": _("Label of the lowest point"),
                "scale_max_label": _("Label of the highest point"),
            },
        )
        self.fields["text_de"].required = True
        self.setup_translations(Question, MORE_LANGUAGES)
        self.fields["kind"].label = _("Kind of question")
        self.fields["kind"].help_text = _(
            "After changing the kind, save: the fields the new kind needs are then shown."
        )
        self.fields["allow_other"].help_text = _(
            "Single and multiple choice: adds a free-text answer."
        )
        self.fields["dont_know"].help_text = _(
            "Scales and matrices: adds “don't know” beside the points."
        )
        self.fields["number_min"].help_text = _("Number questions only; empty: no limit.")
        self.fields["code"].help_text = _(
            "Short name of the question in exports and the codebook, e.g. q7. "
            "Unique in this survey."
        )
        _condition_fields(self, sources)
        shows = self.shows()
        self.fields["options_de"].required = shows["options"]
        self.fields["items_de"].required = shows["items"]
        if not self.is_bound and self.instance.pk:
            options = list(self.instance.options.all())
            items = list(self.instance.items.all())
            self.initial["options_de"] = "\n".join(o.label_de or "" for o in options)
            self.initial["options_en"] = "\n".join(o.label_en or "" for o in options)
            self.initial["items_de"] = "\n".join(i.label_de or "" for i in items)
            self.initial["items_en"] = "\n".join(i.label_en or "" for i in items)
            for language in MORE_LANGUAGES:
                for base, rows in (("options", options), ("items", items)):
                    self.initial[f"{base}_{language}"] = "\n".join(
                        getattr(row, f"label_{language}") or "" for row in rows
                    )
        self._row_translations(shows)

    def _row_translations(self, shows: dict[str, bool]) -> None:
        """Answers, the scale's end labels and matrix items in the other languages: each
        language's texts go in that language's box (beside its question text) when the
        kind has them; the others are kept as hidden fields, so nothing typed is lost."""
        self.hidden_rows: list[Any] = []
        for language in MORE_LANGUAGES:
            if not shows["scale"]:
                for base in SCALE_TEXTS:
                    name = f"{base}_{language}"
                    self._translation_names[language].remove(name)
                    self.hidden_rows.append(self[name])
            for base in ("options", "items"):
                name = f"{base}_{language}"
                field = forms.CharField(
                    label=self.fields[f"{base}_de"].label,
                    required=False,
                    widget=forms.Textarea(
                        attrs={
                            "rows": 5 if base == "options" else 4,
                            "lang": language,
                            "dir": "auto",
                        }
                    ),
                    help_text=_("Same order as the German lines; empty lines fall back to German."),
                )
                self.fields[name] = field
                if shows[base]:
                    self._translation_names.setdefault(language, []).append(name)
                else:
                    self.hidden_rows.append(self[name])

    def shows(self) -> dict[str, bool]:
        """Which groups of fields the question's kind needs; the template renders the
        others as hidden fields, so that nothing typed is lost when the kind changes."""
        kind = self["kind"].value() or Question.Kind.SINGLE
        return {
            "options": kind in Question.WITH_OPTIONS,
            "other": kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE),
            "scale": kind in Question.WITH_SCALE,
            "items": kind == Question.Kind.MATRIX,
            "number": kind == Question.Kind.NUMBER,
        }

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        others = Question.objects.filter(survey=self.survey, code=code)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("Another question of this survey has this code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = _clean_condition(self, super().clean() or {})
        kind = data.get("kind")
        options = _lines(data.get("options_de", ""))
        items = _lines(data.get("items_de", ""))
        if kind in Question.WITH_OPTIONS and len(options) < 2:
            self.add_error("options_de", _("Please give at least two answers, one per line."))
        if kind == Question.Kind.MATRIX and not items:
            self.add_error("items_de", _("Please give at least one item, one per line."))
        for name, rows in (("options_de", options), ("items_de", items)):
            if len(rows) > MAX_ROWS:
                self.add_error(name, _("Please give at most %(n)d lines.") % {"n": MAX_ROWS})
            elif len(set(rows)) < len(rows):
                self.add_error(name, _("Each line may appear only once."))
            elif any(len(row) > 300 for row in rows):
                self.add_error(name, _("Each line may have at most 300 characters."))
        low, high = data.get("scale_min"), data.get("scale_max")
        if kind in Question.WITH_SCALE and low is not None and high is not None and low >= high:
            self.add_error("scale_max", _("The highest point must lie above the lowest."))
        if kind == Question.Kind.TEXT:
            data["public"] = False
        low_n, high_n = data.get("number_min"), data.get("number_max")
        if low_n is not None and high_n is not None and low_n > high_n:
            self.add_error("number_max", _("The largest number must not be below the smallest."))
        return data

    def labels(self, base: str) -> list[tuple[str, ...]]:
        """The German lines of ``options`` or ``items`` with their lines in the other
        languages (``LABEL_LANGUAGES``' order); a missing line is empty (German stands in)."""
        german = _lines(self.cleaned_data.get(f"{base}_de", ""))
        columns = []
        for language in LABEL_LANGUAGES[1:]:
            text = self.cleaned_data.get(f"{base}_{language}") or ""
            lines = [line.strip() for line in text.splitlines()]
            lines = [line for line in lines if line] if len(lines) != len(german) else lines
            columns.append(lines)
        return [
            (de, *(lines[i] if i < len(lines) else "" for lines in columns))
            for i, de in enumerate(german)
        ]


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = ["name"]

    def __init__(self, *args: Any, survey: Survey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.fields["name"].label = _("Name of the new channel")
        self.fields["name"].help_text = _(
            "Where the link or QR code is handed out, e.g. “Familienzentrum Am Bach” or “Radio”."
        )

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        if Channel.objects.filter(survey=self.survey, name__iexact=name).exists():
            raise forms.ValidationError(_("This survey already has a channel of this name."))
        return name


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("Number of new codes"),
        min_value=1,
        max_value=MAX_CODES_AT_ONCE,
        help_text=_("One printed letter or card per code; each code can be used once."),
    )


class CopyForm(forms.Form):
    title_de = forms.CharField(label=_("Title of the copy"), max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title_de"].widget.attrs["maxlength"] = 200
