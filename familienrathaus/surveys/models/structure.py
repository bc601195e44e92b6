"""What a survey asks: sections (one page each), questions, options and matrix items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from familienrathaus.core import limits
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.surveys.models.survey import Survey

SCALE_LOWEST = -10
SCALE_HIGHEST = 10


class Operator(models.TextChoices):
    IS = "is", _("is")
    IS_NOT = "is_not", _("is not")
    INCLUDES = "includes", _("includes")


class Condition(AllianceOwned):
    """Show this section or question only when an earlier answer is / is not / includes an
    option. A condition missing its question, operator or option counts as none."""

    Operator = Operator

    condition_question = models.ForeignKey(
        "surveys.Question",
        verbose_name=_("show only when the answer to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    condition_operator = models.CharField(
        _("condition"), max_length=10, choices=Operator.choices, blank=True
    )
    condition_option = models.ForeignKey(
        "surveys.Option",
        verbose_name=_("option"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def has_condition(self) -> bool:
        return bool(
            self.condition_question_id and self.condition_operator and self.condition_option_id
        )


class Section(Condition):
    if TYPE_CHECKING:  # the per-language columns of django-modeltranslation
        title_de: str
        title_en: str
        intro_de: str
        intro_en: str

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    intro = limits.LimitedTextField(_("introduction"), blank=True, max_length=limits.TEXT_NOTE)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(Condition):
    class Kind(models.TextChoices):
        SINGLE = "single", pgettext_lazy("kind of question", "single choice")
        MULTIPLE = "multiple", pgettext_lazy("kind of question", "multiple choice")
        SCALE = "scale", pgettext_lazy("kind of question", "scale")
        MATRIX = "matrix", pgettext_lazy("kind of question", "matrix (several items on one scale)")
        NUMBER = "number", pgettext_lazy("kind of question", "number")
        DATE = "date", pgettext_lazy("kind of question", "date")
        TEXT = "text", pgettext_lazy("kind of question", "free text")
        RANKING = "ranking", pgettext_lazy("kind of question", "ranking")
        DISTRICT = "district", pgettext_lazy("kind of question", "district")

    if TYPE_CHECKING:  # the per-language columns of django-modeltranslation
        text_de: str
        text_en: str
        help_text_de: str
        help_text_en: str
        scale_min_label_de: str
        scale_min_label_en: str
        scale_max_label_de: str
        scale_max_label_en: str

    # Kinds whose answers are options of the question.
    WITH_OPTIONS = frozenset({Kind.SINGLE, Kind.MULTIPLE, Kind.RANKING})
    WITH_SCALE = frozenset({Kind.SCALE, Kind.MATRIX})

    # Filled from the section on save; lets the database keep codes unique per survey.
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", editable=False
    )
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.SlugField(
        _("code"),
        max_length=40,
        help_text=_("Short name of the question in exports and the codebook, e.g. q7."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    text = models.CharField(_("question"), max_length=500)
    help_text = limits.LimitedTextField(
        _("note for the family"), blank=True, max_length=limits.TEXT_NOTE
    )
    scale_min_label = models.CharField(_("label of the lowest point"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label of the highest point"), max_length=80, blank=True)
    required = models.BooleanField(_("answer required"), default=False)
    allow_other = models.BooleanField(_("offer “other: ___”"), default=False)
    dont_know = models.BooleanField(_("offer “don't know”"), default=False)
    scale_min = models.SmallIntegerField(
        _("lowest point"),
        default=1,
        validators=[MinValueValidator(SCALE_LOWEST), MaxValueValidator(SCALE_HIGHEST)],
    )
    scale_max = models.SmallIntegerField(
        _("highest point"),
        default=5,
        validators=[MinValueValidator(SCALE_LOWEST), MaxValueValidator(SCALE_HIGHEST)],
    )
    number_min = models.DecimalField(
        _("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("largest number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    public = models.BooleanField(
        _("on the public results page"),
        default=True,
        help_text=_("Free-text answers are never shown publicly."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "code"],
                name="unique_question_code_per_survey",
                violation_error_message=_("Another question of this survey has this code."),
            ),
            models.CheckConstraint(
                condition=Q(scale_min__lt=F("scale_max")),
                name="question_scale_ordered",
                violation_error_message=_("The lowest point must lie below the highest."),
            ),
            models.CheckConstraint(
                condition=Q(scale_min__gte=SCALE_LOWEST, scale_max__lte=SCALE_HIGHEST),
                name="question_scale_sane",
                violation_error_message=_("A scale runs from -10 to 10 at most."),
            ),
            limits.ordered_constraint("number_min", "number_max", "question_number_range_ordered"),
        ]

    def __str__(self) -> str:
        return self.text

    def save(self, *args: Any, **kwargs: Any) -> None:
        # bulk_create() skips this: give ``survey`` yourself there.
        if self.section_id is not None:
            self.survey_id = self.section.survey_id
        super().save(*args, **kwargs)

    @property
    def has_options(self) -> bool:
        return self.kind in self.WITH_OPTIONS

    @property
    def has_scale(self) -> bool:
        return self.kind in self.WITH_SCALE

    @property
    def scale_points(self) -> list[int]:
        return list(range(self.scale_min, self.scale_max + 1))


class Option(AllianceOwned):
    if TYPE_CHECKING:  # the per-language columns of django-modeltranslation
        label_de: str
        label_en: str

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(
        _("code"), max_length=40, help_text=_("The answer's code in exports, e.g. 1, 2, 3.")
    )
    label = models.CharField(_("answer"), max_length=300)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="unique_option_code_per_question",
                violation_error_message=_("Another answer of this question has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.label


class MatrixItem(AllianceOwned):
    if TYPE_CHECKING:  # the per-language columns of django-modeltranslation
        label_de: str
        label_en: str

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("item"), max_length=300)

    class Meta:
        verbose_name = _("matrix item")
        verbose_name_plural = _("matrix items")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "code"],
                name="unique_matrix_item_code_per_question",
                violation_error_message=_("Another item of this question has this code."),
            )
        ]

    def __str__(self) -> str:
        return self.label
