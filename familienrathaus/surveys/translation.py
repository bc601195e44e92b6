"""Texts of surveys in every site language (django-modeltranslation); German is the fallback."""

from modeltranslation.translator import TranslationOptions, register

from familienrathaus.surveys.models import MatrixItem, Option, Question, Section, Survey


@register(Survey)
class SurveyTranslation(TranslationOptions):
    fields = ("title", "intro", "privacy_text", "thanks_text")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "intro")


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text", "scale_min_label", "scale_max_label")


@register(Option)
class OptionTranslation(TranslationOptions):
    fields = ("label",)


@register(MatrixItem)
class MatrixItemTranslation(TranslationOptions):
    fields = ("label",)
