"""Writes of the survey builder: surveys, sections, questions with their options and
matrix items, their order and their conditions.

Every change to a survey that already has answers is written to the audit log
(``core/audit``), so a coordinator can later tell what the families saw when; creating,
copying and publishing are logged always. Positions are renumbered 0, 1, 2 … on every
move, so "up" and "down" always swap two neighbours, whatever gaps an import left.

Texts are written to their per-language columns (``title_de``, ``title_en`` …) only:
assigning ``title`` itself would write the column of whatever language is active
(django-modeltranslation).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models, transaction

from familienrathaus.core import audit, slugs, translated_forms
from familienrathaus.core.models import User
from familienrathaus.surveys.models import (
    Channel,
    MatrixItem,
    Option,
    Question,
    Section,
    Survey,
)

# Turkish, Ukrainian, Russian and Arabic texts: one box per language in the builder
# (German and English stand side by side in the form itself).
MORE_LANGUAGES = ("tr", "uk", "ru", "ar")
SURVEY_TEXTS = ("title", "intro", "privacy_text", "thanks_text")
SECTION_TEXTS = ("title", "intro")
QUESTION_TEXTS = ("text", "help_text")
# The scale's end labels ("not at all" … "very"): in the same boxes, shown for scales.
SCALE_TEXTS = ("scale_min_label", "scale_max_label")
SURVEY_FIELDS = [
    *translated_forms.names(Survey, SURVEY_TEXTS, MORE_LANGUAGES),
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
]
SECTION_FIELDS = [
    *translated_forms.names(Section, SECTION_TEXTS, MORE_LANGUAGES),
    "title_de",
    "title_en",
    "intro_de",
    "intro_en",
    "condition_question",
    "condition_operator",
    "condition_option",
]
QUESTION_FIELDS = [
    *translated_forms.names(Question, (*QUESTION_TEXTS, *SCALE_TEXTS), MORE_LANGUAGES),
    "code",
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
    "condition_question",
    "condition_operator",
    "condition_option",
]
# Every survey starts with these two channels: the plain link, and paper questionnaires
# a professional enters on a family's behalf.
DIRECT_CHANNEL = "Direkt"
PAPER_CHANNEL = "Papierfragebogen"

# An option's or matrix item's label: its texts in these languages, German first; a
# shorter tuple (German, English) leaves the other languages as they are.
LABEL_LANGUAGES = ("de", "en", *MORE_LANGUAGES)
Label = tuple[str, ...]


def has_answers(survey: Survey) -> bool:
    return survey.responses.exists()


def _log(
    *, actor: User, survey: Survey, action: str, obj: models.Model, changes: dict[str, Any]
) -> None:
    """Record a change of ``survey`` (or one of its parts) once the survey has answers."""
    if changes and has_answers(survey):
        audit.record(actor=actor, action=action, obj=obj, changes={"survey": survey.pk, **changes})


def _assign(instance: models.Model, fields: Sequence[str], data: dict[str, Any]) -> list[str]:
    names = [name for name in fields if name in data]
    for name in names:
        setattr(instance, name, data[name])
    return names


# --------------------------------------------------------------------------- surveys


@transaction.atomic
def create_survey(*, actor: User, data: dict[str, Any]) -> Survey:
    survey = Survey(created_by=actor)
    _assign(survey, SURVEY_FIELDS, data)
    survey.slug = slugs.unique_slug(Survey, survey.title_de, fallback="befragung")
    survey.full_clean()
    survey.save()
    add_standard_channels(survey=survey)
    audit.record(
        actor=actor,
        action="survey.create",
        obj=survey,
        changes=audit.diff({}, audit.snapshot(survey, ["slug", "title_de", "access"])),
    )
    return survey


def add_standard_channels(*, survey: Survey) -> None:
    Channel.objects.create(survey=survey, name=DIRECT_CHANNEL)
    Channel.objects.create(survey=survey, name=PAPER_CHANNEL, paper=True)


@transaction.atomic
def update_survey(*, actor: User, survey: Survey, data: dict[str, Any]) -> Survey:
    names = [name for name in SURVEY_FIELDS if name in data]
    before = audit.snapshot(survey, names)
    _assign(survey, names, data)
    survey.full_clean()
    survey.save()
    changes = audit.diff(before, audit.snapshot(survey, names))
    _log(actor=actor, survey=survey, action="survey.update", obj=survey, changes=changes)
    return survey


@transaction.atomic
def set_status(*, actor: User, survey: Survey, status: str) -> Survey:
    before = survey.status
    survey.status = status
    survey.full_clean()
    survey.save(update_fields=["status", "updated_at"])
    if before != status:
        audit.record(
            actor=actor,
            action="survey.status",
            obj=survey,
            changes=audit.diff({"status": before}, {"status": status}),
        )
    return survey


@transaction.atomic
def delete_survey(*, actor: User, survey: Survey) -> None:
    audit.record(
        actor=actor,
        action="survey.delete",
        obj=survey,
        changes={"responses": survey.responses.count()},
    )
    survey.delete()


# --------------------------------------------------------------------------- sections


@transaction.atomic
def create_section(*, actor: User, survey: Survey, data: dict[str, Any]) -> Section:
    last = survey.sections.aggregate(models.Max("position"))["position__max"]
    section = Section(survey=survey, position=0 if last is None else last + 1)
    _assign(section, SECTION_FIELDS, data)
    section.full_clean()
    section.save()
    changes = audit.diff({}, audit.snapshot(section, ["title_de"]))
    _log(actor=actor, survey=survey, action="survey.section.create", obj=section, changes=changes)
    return section


@transaction.atomic
def update_section(*, actor: User, section: Section, data: dict[str, Any]) -> Section:
    names = [name for name in SECTION_FIELDS if name in data]
    before = audit.snapshot(section, names)
    _assign(section, names, data)
    section.full_clean()
    section.save()
    changes = audit.diff(before, audit.snapshot(section, names))
    survey = section.survey
    _log(actor=actor, survey=survey, action="survey.section.update", obj=section, changes=changes)
    return section


@transaction.atomic
def delete_section(*, actor: User, section: Section) -> None:
    survey = section.survey
    changes = {"title_de": section.title_de, "questions": section.questions.count()}
    _log(actor=actor, survey=survey, action="survey.section.delete", obj=section, changes=changes)
    section.delete()
    _renumber(survey.sections.all())


# --------------------------------------------------------------------------- questions


@transaction.atomic
def create_question(
    *,
    actor: User,
    section: Section,
    data: dict[str, Any],
    options: Sequence[Label] = (),
    items: Sequence[Label] = (),
) -> Question:
    last = section.questions.aggregate(models.Max("position"))["position__max"]
    question = Question(section=section, position=0 if last is None else last + 1)
    _assign(question, QUESTION_FIELDS, data)
    question.survey = section.survey
    question.full_clean()
    question.save()
    _sync_rows(Option, question, options if question.has_options else ())
    _sync_rows(MatrixItem, question, items if question.kind == Question.Kind.MATRIX else ())
    changes = audit.diff({}, audit.snapshot(question, ["code", "kind", "text_de"]))
    _log(
        actor=actor,
        survey=section.survey,
        action="survey.question.create",
        obj=question,
        changes=changes,
    )
    return question


@transaction.atomic
def update_question(
    *,
    actor: User,
    question: Question,
    data: dict[str, Any],
    options: Sequence[Label] = (),
    items: Sequence[Label] = (),
) -> Question:
    names = [name for name in QUESTION_FIELDS if name in data]
    before = audit.snapshot(question, names)
    before["options"] = _labels(question.options.all())
    before["items"] = _labels(question.items.all())
    _assign(question, names, data)
    question.full_clean()
    question.save()
    _sync_rows(Option, question, options if question.has_options else ())
    _sync_rows(MatrixItem, question, items if question.kind == Question.Kind.MATRIX else ())
    after = audit.snapshot(question, names)
    after["options"] = _labels(question.options.all())
    after["items"] = _labels(question.items.all())
    changes = audit.diff(before, after)
    _log(
        actor=actor,
        survey=question.survey,
        action="survey.question.update",
        obj=question,
        changes=changes,
    )
    return question


@transaction.atomic
def delete_question(*, actor: User, question: Question) -> None:
    section = question.section
    changes = {"code": question.code, "text_de": question.text_de}
    _log(
        actor=actor,
        survey=question.survey,
        action="survey.question.delete",
        obj=question,
        changes=changes,
    )
    question.delete()
    _renumber(section.questions.all())


def _labels(rows: Any) -> str:
    return " | ".join(f"{row.code}={row.label_de}" for row in rows)


def _sync_rows(
    model: type[Option] | type[MatrixItem], question: Question, labels: Sequence[Label]
) -> None:
    """Make the question's options (or matrix items) the given labels, in that order.

    A row whose German label is still there keeps its code and its answers, wherever it
    moved; a new label in the place of a removed one is taken as a correction of that
    row (its code and answers stay); the rest are new rows with the next free code, and
    rows whose label is gone are deleted.
    """
    existing: list[Any] = list(model.objects.filter(question=question).order_by("position", "pk"))
    by_label = {row.label_de: row for row in existing}
    kept: dict[int, Any] = {}
    for index, (german, *_others) in enumerate(labels):
        row = by_label.pop(german, None)
        if row is not None:
            kept[index] = row
    leftovers = [row for row in existing if row.label_de in by_label]
    for index in range(len(labels)):
        if index not in kept and index < len(existing):
            candidate = existing[index]
            if candidate in leftovers:
                leftovers.remove(candidate)
                kept[index] = candidate
    for row in leftovers:
        row.delete()
    prefix = "" if model is Option else "i"
    used = {row.code for row in kept.values()}
    number = 1
    for index, texts in enumerate(labels):
        row = kept.get(index)
        if row is None:
            while f"{prefix}{number}" in used:
                number += 1
            row = model(question=question, code=f"{prefix}{number}")
            used.add(row.code)
        row.position = index
        for language, text in zip(LABEL_LANGUAGES, texts, strict=False):
            setattr(row, f"label_{language}", text)
        row.full_clean(validate_unique=False, validate_constraints=False)
        row.save()


# --------------------------------------------------------------------------- order


def move(*, actor: User, obj: Section | Question, up: bool) -> bool:
    """Swap ``obj`` with its neighbour above (``up``) or below; False at either end."""
    with transaction.atomic():
        siblings = (
            obj.survey.sections.all() if isinstance(obj, Section) else obj.section.questions.all()
        )
        rows = _renumber(siblings.select_for_update())
        index = next(i for i, row in enumerate(rows) if row.pk == obj.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(rows):
            return False
        rows[index].position, rows[other].position = other, index
        type(obj).objects.bulk_update([rows[index], rows[other]], ["position"])
        kind = "section" if isinstance(obj, Section) else "question"
        _log(
            actor=actor,
            survey=obj.survey,
            action=f"survey.{kind}.move",
            obj=obj,
            changes={"position": {"before": index, "after": other}},
        )
        return True


def _renumber(rows: Any) -> list[Any]:
    ordered = list(rows)
    changed = []
    for position, row in enumerate(ordered):
        if row.position != position:
            row.position = position
            changed.append(row)
    if changed:
        type(ordered[0]).objects.bulk_update(changed, ["position"])
    return ordered
