"""Answers. Nothing here holds a time finer than a day, an IP, a user agent or a code."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import limits
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.surveys.models.structure import MatrixItem, Option, Question
from familienrathaus.surveys.models.survey import Channel, Survey


class Response(AllianceOwned):
    """One family's questionnaire. Counts in results only when ``COMPLETE``."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETE = "complete", _("complete")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.IN_PROGRESS
    )
    submitted_on = models.DateField(
        _("submitted on"), null=True, blank=True, validators=[limits.validate_date]
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    resume_token = models.CharField(max_length=43, unique=True, null=True, blank=True)
    submission_key = models.UUIDField(unique=True, null=True, blank=True)
    current_section = models.PositiveIntegerField(default=0)
    district = models.ForeignKey(
        "core.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["pk"]
        indexes = [models.Index(fields=["survey", "status"], name="survey_response_status")]
        constraints = [
            limits.date_range_constraint("submitted_on", "survey_response_submitted_on_sane"),
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="one_response_per_account_and_survey",
                violation_error_message=_("You have already answered this survey."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(AllianceOwned):
    """One answer row: one per chosen option (multiple), matrix item or ranked option.
    "Other" text goes in ``value_text`` with ``option`` empty."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        MatrixItem, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    district = models.ForeignKey(
        "core.District", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    value_number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    value_date = models.DateField(null=True, blank=True)
    value_text = limits.LimitedTextField(blank=True, max_length=limits.TEXT_SHORT)
    dont_know = models.BooleanField(default=False)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["pk"]
        indexes = [models.Index(fields=["question", "option"], name="survey_answer_question_opt")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rank__gte=1) | Q(rank__isnull=True),
                name="survey_answer_rank_positive",
                violation_error_message=_("A rank starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.pk}"
