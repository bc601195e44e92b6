"""The languages of the search index: which text of an object is in which language,
how each language's words are analysed, and which PostgreSQL configuration stems them.

An object is indexed once per site language it has text in (German always: it is the
required language of all content). The texts come from django-modeltranslation's
columns (``title_de``, ``title_tr``, …) read *raw*, without its fallback, so an
untranslated field gives an empty string and not the German text: :func:`text`.

Analysis per language:

* German: :mod:`familienrathaus.search.german` (Snowball stems on SQLite, PostgreSQL's
  ``german`` configuration), unchanged.
* The others on PostgreSQL: the language's own configuration where ``pg_ts_config``
  has it (``english``, ``turkish``, ``russian``, ``arabic`` in PostgreSQL 15; there is
  no Ukrainian one, so ``simple``): :func:`ts_config`.
* The others on SQLite (FTS5 has no stemmer but Porter's English one): folded words,
  and a query word matches the words that start with it less its last letters
  (:func:`simple_prefix`: "parents" → "paren" finds "parent" and "parenting";
  "çocuklar" → "çocukl" finds "çocuklar", "çocukları"), a light stemmer for every
  language. Short stop word lists (:data:`STOP_WORDS`) keep "the", "ve", "и" from
  filtering out everything.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import connection
from django.db.models import Q
from django.utils import translation

from familienrathaus.search import german

GERMAN = "de"

# The PostgreSQL text search configuration we would like per language; used only where
# pg_ts_config has it (see ts_config), else "simple".
PG_CONFIGS = {
    "de": "german",
    "en": "english",
    "tr": "turkish",
    "ru": "russian",
    "uk": "ukrainian",
    "ar": "arabic",
}
SIMPLE = "simple"

# Small lists: the words a query in the language mostly consists of besides the words
# that matter. German uses german.STOP_WORDS (PostgreSQL's list).
_STOP_WORDS: dict[str, str] = {
    "en": """a an and are as at be by for from has have how i in into is it its me my of on
        or our than that the their there these they this to was we what when where which
        who will with you your""",
    "tr": """ama ve ile bir bu şu o da de için gibi mi mı mu mü ne ya veya ki çok daha en her
        hem olan olarak ise sonra kadar""",
    "ru": """и в во на с со к ко по о об от до из за для не ни но а или же ли как что это
        то у при бы был была были быть мы вы он она они их его ее её""",
    "uk": """і й та в у на з із зі до для від по про о не ні але а або чи як що це то при
        ми ви він вона вони їх його її""",
    "ar": """في من على إلى الى عن مع و أو او ثم هذا هذه ذلك تلك التي الذي هو هي هم ما لا
        لم لن قد كل""",
}
STOP_WORDS = {code: frozenset(words.split()) for code, words in _STOP_WORDS.items()}

# SQLite's simple stemming: a query word of at least this many letters loses its last
# letter, of at least LONG_WORD letters its last two (see simple_prefix).
SHORT_WORD = 5
LONG_WORD = 7


def codes() -> list[str]:
    """The site's languages, German first."""
    found = [code for code, _name in settings.LANGUAGES]
    return [GERMAN, *(code for code in found if code != GERMAN)]


def normalise(language: str | None) -> str:
    """A site language code for ``language`` ("en-gb" → "en"); German when unknown."""
    if not language:
        return GERMAN
    known = codes()
    language = language.lower()
    if language in known:
        return language
    base = language.split("-")[0]
    return base if base in known else GERMAN


def current() -> str:
    return normalise(translation.get_language())


def query_words(text: str, language: str, *, limit: int = 10) -> list[str]:
    """The distinct words of a query in ``language`` without its stop words."""
    if language == GERMAN:
        return german.query_words(text, limit=limit)
    stop = STOP_WORDS.get(language, frozenset())
    seen: list[str] = []
    for word in german.words(text):
        if word not in stop and word not in seen:
            seen.append(word)
    return seen[:limit]


def simple_words(text: str) -> str:
    """``text`` as folded words (the SQLite index of a language other than German)."""
    return " ".join(german.words(german.fold(text)))


def simple_prefix(word: str) -> str:
    """The start a matching word must have (SQLite, languages other than German)."""
    folded = german.fold(word)
    if len(folded) >= LONG_WORD:
        return folded[:-2]
    if len(folded) >= SHORT_WORD:
        return folded[:-1]
    return folded


def text(obj: object, field: str, language: str) -> str:
    """The text of ``obj.<field>`` written in ``language``, "" if there is none.

    Reads modeltranslation's column ``<field>_<language>`` without its fallback; a
    field that is not registered for translation is German.
    """
    value = getattr(obj, f"{field}_{language}", None)
    if value is None and language == GERMAN:
        value = getattr(obj, field, "")
    return str(value or "")


def text_or_german(obj: object, field: str, language: str) -> str:
    return text(obj, field, language) or text(obj, field, GERMAN)


def languages_with_text(obj: object, fields: Iterable[str]) -> list[str]:
    """German, and every other language in which at least one of ``fields`` is filled."""
    names = list(fields)
    return [
        language
        for language in codes()
        if language == GERMAN or any(text(obj, name, language) for name in names)
    ]


def column(model: type, field: str, language: str) -> str | None:
    """The database column (field name) holding ``field`` in ``language``, if any."""
    names = {f.name for f in model._meta.get_fields()}  # type: ignore[attr-defined]
    if f"{field}_{language}" in names:
        return f"{field}_{language}"
    if language == GERMAN and field in names:
        return field
    return None


_configs: dict[str, frozenset[str]] = {}
_configs_lock = threading.Lock()


def ts_config(language: str) -> str:
    """The PostgreSQL configuration for ``language``: its own if the server has it."""
    wanted = PG_CONFIGS.get(language, SIMPLE)
    key = connection.settings_dict.get("NAME") or connection.alias
    with _configs_lock:
        available = _configs.get(key)
    if available is None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT cfgname FROM pg_ts_config WHERE cfgname = ANY (%s)",
                [sorted(set(PG_CONFIGS.values()))],
            )
            available = frozenset(row[0] for row in cursor.fetchall())
        with _configs_lock:
            _configs[key] = available
    return wanted if wanted in available else SIMPLE


def contains(lookup: str, text: str, *, model: type) -> Q:
    """Rows whose field (``lookup``, e.g. "activity__title" with ``model`` Activity)
    contains ``text`` in German or in the current language, for plain filters that do
    not use the full-text index."""
    prefix, _sep, field = lookup.rpartition("__")
    condition = Q(**{f"{lookup}__icontains": text})
    language = current()
    own = column(model, field, language) if language != GERMAN else None
    if own:
        condition |= Q(**{f"{prefix}__{own}__icontains" if prefix else f"{own}__icontains": text})
    return condition
