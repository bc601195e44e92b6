"""Content in every site language (django-modeltranslation), German the fallback.

Each app registers the fields families read in its ``translation.py``; every field
then has a column per site language (``title_de``, ``title_en``, ``title_tr`` …) next
to the original column, which keeps the German text.

Reading ``obj.title`` gives the current language's text, or German when that is empty.
Writing is different from modeltranslation's default (which writes the current
language): :func:`german_writes` makes ``obj.title = …``, ``Model(title=…)`` and a form
field named ``title`` read and write **German**, whatever language the editor's page
is in. Translations are written only through their own names (``title_tr``), so a
partner editing in English never overwrites the German text by accident, and code
that creates content (imports, demo, services) keeps working unchanged.

Queries follow the same rule: ``filter(title=…)``, ``order_by("title")``,
``values("title")`` and ``update(title=…)`` mean the German column in every language
(modeltranslation would rewrite them to the current language, so a Turkish page would
sort offers by their mostly empty Turkish titles and ``get(name="Alleinerziehende")``
would find nothing). Code that wants another language names its column (``title_tr``).

:func:`value` and the template tag ``{% translated obj "title" %}`` (``core_translated``)
render a field and say whether German stood in: then the text is wrapped in
``<span lang="de">`` (with ``dir="ltr"`` on a right-to-left page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import migrations, models
from django.db.models import F, Q
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from modeltranslation import manager as _mt_manager
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as mt_language

GERMAN: str = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


# Queries name the German columns whatever the page's language (see above).
_mt_manager.get_language = lambda: GERMAN


def languages() -> list[str]:
    """The site languages, German first."""
    return [code for code, _name in settings.LANGUAGES]


def other_languages() -> list[str]:
    return [code for code in languages() if code != GERMAN]


def localized(field: str, language: str) -> str:
    """``localized("title", "tr")`` is ``"title_tr"``."""
    return build_localized_fieldname(field, language)


def fields_of(model: type[models.Model]) -> tuple[str, ...]:
    """The translated fields registered for ``model`` (empty if none)."""
    try:
        names = set(translator.get_options_for_model(model).fields)  # type: ignore[attr-defined]
    except Exception:  # NotRegistered
        return ()
    return tuple(f.name for f in model._meta.fields if f.name in names)


def is_empty(text: Any) -> bool:
    return text is None or (isinstance(text, str) and not text.strip())


class _GermanWrites(TranslationFieldDescriptor):
    """Reads the current language (German fallback); writes German."""

    def __set__(self, instance: Any, value: Any) -> None:
        instance.__dict__[self.field.name] = value
        if getattr(instance, "_mt_init", False) or getattr(instance, "_mt_disable", False):
            return
        setattr(instance, localized(self.field.name, GERMAN), value)


def german_writes(model: type[models.Model]) -> None:
    """Make the plain field names of ``model``'s translated fields mean German for writes.

    Call it in ``translation.py`` right after registering the model.
    """
    names = fields_of(model)
    for name in names:
        old = model.__dict__[name]
        setattr(
            model,
            name,
            _GermanWrites(
                old.field,
                fallback_languages=old.fallback_languages,
                fallback_value=old.fallback_value,
                fallback_undefined=old.fallback_undefined,
            ),
        )
        field: Any = model._meta.get_field(name)
        # Forms and model_to_dict read the German text into a field named "title".
        field.value_from_object = lambda obj, name=name: stored(obj, name)
    mt_init = model.__init__
    germans = [(name, localized(name, GERMAN)) for name in names]

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if kwargs:
            # modeltranslation copies Model(title=…) into the current language's column:
            # name German (and nothing for the current language) first.
            current = mt_language()
            for name in names:
                if name in kwargs:
                    kwargs.setdefault(localized(name, GERMAN), kwargs[name])
                    if current != GERMAN:
                        kwargs.setdefault(localized(name, current), None)
        mt_init(self, *args, **kwargs)
        # A default (a new row's consent text, say) is German too.
        for name, german in germans:
            if self.__dict__.get(german) is None and self.__dict__.get(name):
                self.__dict__[german] = self.__dict__[name]

    model.__init__ = __init__  # type: ignore[method-assign]

    mt_clean_fields = model.clean_fields

    def clean_fields(self: Any, exclude: Any = None) -> None:
        # A required "title" is the German title, whatever the editor's language.
        skip = set(exclude or ())
        errors: dict[str, Any] = {}
        try:
            mt_clean_fields(self, skip | set(names))
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name in names:
            if name in skip:
                continue
            field: Any = model._meta.get_field(name)
            raw = stored(self, name)
            if field.blank and raw in field.empty_values:
                continue
            try:
                setattr(self, name, field.clean(raw, self))
            except ValidationError as exc:
                errors[name] = exc.error_list
        if errors:
            raise ValidationError(errors)

    model.clean_fields = clean_fields  # type: ignore[method-assign]


@dataclass(frozen=True)
class Text:
    """A field's text in the current language, and the language it is really in."""

    text: str
    language: str
    fallback: bool

    def __str__(self) -> str:
        return self.text

    @property
    def attrs(self) -> SafeString:
        """`` lang="de"`` (and `` dir="ltr"`` on a right-to-left page) when German stands in."""
        if not self.fallback:
            return mark_safe("")
        bidi = translation.get_language_bidi()
        return format_html(' lang="{}"{}', self.language, mark_safe(' dir="ltr"' if bidi else ""))  # noqa: S308

    def __html__(self) -> SafeString:
        """In a template: the escaped text, in ``<span lang="de">`` when German stood in."""
        if not self.fallback:
            return format_html("{}", self.text)
        return format_html("<span{}>{}</span>", self.attrs, self.text)


def value(obj: Any, field: str, language: str | None = None) -> Text:
    """The text of ``obj.field`` for ``language`` (default: the current one).

    German stands in when that language's column is empty; ``fallback`` says so.
    A model whose field is not translated gives its plain value.
    """
    language = language or translation.get_language() or GERMAN
    base = language.split("-")[0]
    if field not in fields_of(type(obj)):
        raw = getattr(obj, field, "")
        return Text("" if raw is None else str(raw), base, False)
    own = getattr(obj, localized(field, base), None) if base in languages() else None
    if not is_empty(own):
        return Text(str(own), base, False)
    german = getattr(obj, localized(field, GERMAN), None)
    if is_empty(german):
        german = obj.__dict__.get(field) or ""
    return Text(str(german), GERMAN, base != GERMAN)


def missing(obj: Any, language: str) -> list[str]:
    """The translated fields of ``obj`` that have German text but none in ``language``."""
    out = []
    for field in fields_of(type(obj)):
        if is_empty(getattr(obj, localized(field, GERMAN), None)):
            continue
        if is_empty(getattr(obj, localized(field, language), None)):
            out.append(field)
    return out


def copy_german(app_label: str, fields: dict[str, tuple[str, ...]]) -> Any:
    """A migration step that makes the existing text of each field its German text.

    What modeltranslation's ``update_translation_fields`` does, as part of the migration
    that adds the columns: ``{"offer": ("title", "summary")}`` copies ``title`` into
    ``title_de`` where that is still empty.
    """

    def forward(apps: Any, schema_editor: Any) -> None:
        for model_name, names in fields.items():
            model = apps.get_model(app_label, model_name)
            for name in names:
                german = localized(name, GERMAN)
                model._default_manager.filter(
                    Q(**{f"{german}__isnull": True}) | Q(**{german: ""})
                ).update(**{german: F(name)})

    return migrations.RunPython(forward, migrations.RunPython.noop)


def stored(obj: Any, name: str) -> Any:
    """What is stored under ``name``: German for a translated field's plain name.

    For editors' forms and change proposals, which must never read the page's
    language into the German field.
    """
    if name in fields_of(type(obj)):
        german = getattr(obj, localized(name, GERMAN), None)
        return obj.__dict__.get(name, "") if german is None else german
    return getattr(obj, name)


# ----------------------------------------------------------------- what is missing


@dataclass(frozen=True)
class Kind:
    """Content coordinators see on the page "Übersetzungen" (core.views.translations)."""

    key: str  # in the URL: ?art=angebote
    model: type[models.Model]
    label: Any  # lazy plural name
    edit_url: Callable[[Any], str]
    queryset: Callable[[], models.QuerySet[Any]] | None = None

    def rows(self) -> models.QuerySet[Any]:
        if self.queryset is not None:
            return self.queryset()
        return self.model._default_manager.all()


_KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """An app names its translated content for the coordinators' list (in translation.py)."""
    _KINDS[kind.key] = kind
    return kind


def kinds() -> list[Kind]:
    return list(_KINDS.values())


def _missing_q(model: type[models.Model], language: str) -> Q:
    """Rows with a German text in some field whose ``language`` column is empty."""
    condition = Q(pk__in=[])
    for name in fields_of(model):
        german, other = localized(name, GERMAN), localized(name, language)
        condition |= (
            Q(**{f"{german}__isnull": False})
            & ~Q(**{german: ""})
            & (Q(**{f"{other}__isnull": True}) | Q(**{other: ""}))
        )
    return condition


@dataclass(frozen=True)
class Missing:
    kind: Kind
    obj: Any
    fields: list[str]

    @property
    def field_labels(self) -> list[str]:
        fields: list[Any] = [self.kind.model._meta.get_field(name) for name in self.fields]
        return [str(field.verbose_name) for field in fields]

    @property
    def url(self) -> str:
        return self.kind.edit_url(self.obj)


def missing_counts(language: str) -> list[tuple[Kind, int, int]]:
    """Per kind: how many rows miss ``language``, of how many."""
    out = []
    for kind in kinds():
        rows = kind.rows()
        out.append((kind, rows.filter(_missing_q(kind.model, language)).count(), rows.count()))
    return out


def missing_items(language: str, kind_key: str = "") -> list[Missing]:
    """The rows that miss ``language`` (of one kind, or of all), with the fields missing."""
    items = []
    for kind in kinds():
        if kind_key and kind.key != kind_key:
            continue
        for obj in kind.rows().filter(_missing_q(kind.model, language)):
            items.append(Missing(kind, obj, missing(obj, language)))
    return items
