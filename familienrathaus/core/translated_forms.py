"""Editors' forms of translated content: German first, each other language in its own box.

A model form lists the translations of its text fields in ``Meta.fields`` with
:func:`names` (``fields = [..., *translated_forms.names(Offer, ("title", "summary"))]``)
and mixes in :class:`TranslationsMixin`. The German fields stay where they were and keep
their rules (a required title stays required); each translation is optional, looks like
its German field (same widget) and is labelled with the language. The template includes
``core/includes/translations.html``: one ``<details>`` per language ("Übersetzung:
Türkçe"), marked "noch nicht übersetzt" when all its fields are empty, opened when one
of its fields has an error.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.utils.translation import get_language_info

from familienrathaus.core import translated


def names(
    model: type[models.Model],
    fields: tuple[str, ...] | list[str],
    languages: tuple[str, ...] | None = None,
) -> list[str]:
    """The translation columns of ``fields`` (other languages than German), by language."""
    existing = {f.name for f in model._meta.get_fields()}
    return [
        translated.localized(name, language)
        for language in languages or translated.other_languages()
        for name in fields
        if translated.localized(name, language) in existing
    ]


@dataclass
class Group:
    language: str
    name: str
    fields: list[Any] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(translated.is_empty(bound.value()) for bound in self.fields)

    @property
    def has_errors(self) -> bool:
        return any(bound.errors for bound in self.fields)


class TranslationsMixin:
    """For a (model) form whose ``Meta.fields`` end with :func:`names`."""

    fields: dict[str, forms.Field]

    def setup_translations(
        self, model: type[models.Model], languages: tuple[str, ...] | None = None
    ) -> None:
        """``languages``: only these (a form that shows English inline, say)."""
        self._translation_names: dict[str, list[str]] = {}
        for base in translated.fields_of(model):
            german = self.fields.get(base) or self.fields.get(
                translated.localized(base, translated.GERMAN)
            )
            for language in languages or translated.other_languages():
                name = translated.localized(base, language)
                if name not in self.fields:
                    continue
                if german is not None:
                    copied = copy.deepcopy(german)
                    copied.required = False
                    copied.help_text = ""
                    copied.widget.is_required = False
                    copied.widget.attrs.pop("required", None)
                    self.fields[name] = copied
                # Typed in that language (Arabic runs right to left).
                self.fields[name].widget.attrs.update(lang=language, dir="auto")
                self.fields[name].label = german.label if german is not None else base
                self._translation_names.setdefault(language, []).append(name)

    def clean(self) -> dict[str, Any]:
        """An empty translation stays as it was stored (None), so nothing seems changed."""
        data: dict[str, Any] = super().clean() or {}  # type: ignore[misc]
        instance = getattr(self, "instance", None)
        for names in self.translation_names().values():
            for name in names:
                if name in data and translated.is_empty(data[name]):
                    stored = getattr(instance, name, None) if instance is not None else None
                    data[name] = stored if translated.is_empty(stored) else data[name]
        return data

    def translation_names(self) -> dict[str, list[str]]:
        """The translation fields by language: ``{"tr": ["title_tr", "summary_tr"], …}``."""
        return dict(getattr(self, "_translation_names", {}))

    def german_fields(self) -> list[Any]:
        """The form's fields without the translations (for a template that loops)."""
        others = {
            name for names in getattr(self, "_translation_names", {}).values() for name in names
        }
        return [self[name] for name in self.fields if name not in others]  # type: ignore[index]

    def translation_groups(self) -> list[Group]:
        groups = []
        for language, field_names in getattr(self, "_translation_names", {}).items():
            info = get_language_info(language)
            group = Group(language=language, name=info["name_local"])
            group.fields = [self[name] for name in field_names]  # type: ignore[index]
            groups.append(group)
        return groups
