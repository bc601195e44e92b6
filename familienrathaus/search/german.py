"""German text analysis in pure Python: words, folding, stop words, a Snowball stemmer.

SQLite's FTS5 has no German stemmer, so the SQLite backend of the search engine
(``familienrathaus.search.engine``) runs every text through :func:`stem` before it
indexes it, and every query word before it searches: "Beratung", "Beratungen" and
"beraten" all become ``berat``. PostgreSQL does the same itself with its ``german``
configuration; there this module only splits the query into words and drops stop
words (the same list PostgreSQL uses, so both backends ignore the same words).

:func:`stem` is the German stemmer of the Snowball project
(https://snowballstem.org/algorithms/german/stemmer.html, BSD licence): it strips
inflection suffixes in three steps inside the regions R1 and R2 and finally drops
the umlaut dots, so "Mütter" and "Mutter" meet in ``mutt``. It does not know
compounds; :func:`compound_splits` proposes the two-part splits of a long query
word that the engine then checks against the words in its index.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Snowball's German stop word list, as shipped by PostgreSQL (tsearch_data/german.stop).
_STOP_WORDS = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes anderm andern anderr anders auch auf aus bei bin bis bist da damit dann der den
    des dem die das daß derselbe derselben denselben desselben demselben dieselbe dieselben
    dasselbe dazu dein deine deinem deinen deiner deines denn derer dessen dich dir du dies
    diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig
    einige einigem einigen einiger einiges einmal er ihn ihm es etwas euer eure eurem euren
    eurer eures für gegen gewesen hab habe haben hat hatte hatten hier hin hinter ich mich
    mir ihr ihre ihrem ihren ihrer ihres euch im in indem ins ist jede jedem jeden jeder
    jedes jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines
    können könnte machen man manche manchem manchen mancher manches mein meine meinem meinen
    meiner meines mit muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein
    seine seinem seinen seiner seines selbst sich sie ihnen sind so solche solchem solchen
    solcher solches soll sollte sondern sonst über um und uns unse unsem unsen unser unses
    unter viel vom von vor während war waren warst was weg weil weiter welche welchem
    welchen welcher welches wenn werde werden wie wieder will wir wird wirst wo wollen
    wollte würde würden zu zum zur zwar zwischen
"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Letters and digits; no underscore, so a word is safe in LIKE patterns and FTS queries.
_WORD = re.compile(r"[^\W_]+")

# Compounds: only words of this length are split, into parts of at least MIN_PART letters.
MIN_COMPOUND = 8
MIN_PART = 3
# Word parts (substrings) are matched for query words of at least this many letters.
MIN_SUBSTRING = 4


def words(text: str) -> list[str]:
    """The words of ``text``, lower-cased (NFC), in order, with duplicates."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def fold(text: str) -> str:
    """Lower-case ``text`` without accents and umlaut dots; ß becomes ss ("Mütter" → "mutter")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ß", "ss"))
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def query_words(text: str, *, limit: int = 10) -> list[str]:
    """The distinct words of a query without stop words (at most ``limit``)."""
    seen: list[str] = []
    for word in words(text):
        if word not in STOP_WORDS and word not in seen:
            seen.append(word)
    return seen[:limit]


def compound_splits(word: str) -> list[tuple[str, str]]:
    """All ways to cut ``word`` into two parts of at least ``MIN_PART`` letters.

    "stillberatung" → [("sti", "llberatung"), …, ("still", "beratung"), …]. Which of
    them are real is decided by the index: both parts must occur as words in it.
    """
    if len(word) < MIN_COMPOUND or not word.isalpha():
        return []
    return [(word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)]


# --------------------------------------------------------------------------- Snowball

_VOWELS = frozenset("aeiouyäöü")
_S_ENDING = frozenset("bdfghklmnrt")
_ST_ENDING = frozenset("bdfghklmnt")


def _regions(word: str) -> tuple[int, int]:
    """Start of R1 and R2 (Snowball): after the first non-vowel that follows a vowel."""

    def region(start: int) -> int:
        for i in range(start + 1, len(word)):
            if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
                return i + 1
        return len(word)

    r1 = region(0)
    r2 = region(r1) if r1 < len(word) else len(word)
    # R1 is adjusted to leave at least three letters before it; R2 is not.
    return max(r1, 3), r2


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball German stem of one lower-case word, umlauts folded."""
    word = word.lower().replace("ß", "ss")
    # u and y between vowels are consonants: mark them upper case while stemming.
    chars = list(word)
    for i in range(1, len(chars) - 1):
        if chars[i] in "uy" and chars[i - 1] in _VOWELS and chars[i + 1] in _VOWELS:
            chars[i] = chars[i].upper()
    word = "".join(chars)
    r1, r2 = _regions(word)

    # Step 1: -em -ern -er | -e -en -es | -s (after a valid s-ending).
    for suffix in ("ern", "em", "er"):
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                word = word[: -len(suffix)]
            break
    else:
        for suffix in ("en", "es", "e"):
            if word.endswith(suffix):
                if len(word) - len(suffix) >= r1:
                    word = word[: -len(suffix)]
                    if word.endswith("niss"):
                        word = word[:-1]
                break
        else:
            if (
                word.endswith("s")
                and len(word) >= 2
                and word[-2] in _S_ENDING
                and len(word) - 1 >= r1
            ):
                word = word[:-1]

    # Step 2: -en -er -est | -st (after a valid st-ending, itself after 3 letters).
    for suffix in ("est", "en", "er"):
        if word.endswith(suffix):
            if len(word) - len(suffix) >= r1:
                word = word[: -len(suffix)]
            break
    else:
        if (
            word.endswith("st")
            and len(word) >= 6
            and word[-3] in _ST_ENDING
            and len(word) - 2 >= r1
        ):
            word = word[:-2]

    # Step 3: derivational suffixes in R2.
    def in_r2(suffix: str) -> bool:
        return len(word) - len(suffix) >= r2

    for suffix in ("isch", "keit", "lich", "heit", "end", "ung", "ig", "ik"):
        if not word.endswith(suffix):
            continue
        if not in_r2(suffix):
            break
        if suffix in ("end", "ung"):
            word = word[: -len(suffix)]
            if word.endswith("ig") and not word.endswith("eig") and in_r2("ig"):
                word = word[:-2]
        elif suffix in ("ig", "ik", "isch"):
            if not word[: -len(suffix)].endswith("e"):
                word = word[: -len(suffix)]
        elif suffix in ("lich", "heit"):
            word = word[: -len(suffix)]
            if word.endswith(("er", "en")) and len(word) - 2 >= r1:
                word = word[:-2]
        else:  # keit
            word = word[: -len(suffix)]
            for inner in ("lich", "ig"):
                if word.endswith(inner) and in_r2(inner):
                    word = word[: -len(inner)]
                    break
        break

    return fold(word)


def stems(text: str) -> str:
    """``text`` as a space-separated sequence of stems, for the SQLite index."""
    return " ".join(stem(word) for word in words(text))


def endings(text: str) -> str:
    """Every folded word of ``text`` and its endings of ``MIN_SUBSTRING`` letters or more,
    once each: "Familienwegweiser" gives "familienwegweiser", "amilienwegweiser", …,
    "wegweiser", …, "eiser". Any part of a word is the start of one of them, so a
    prefix query for "wegweis" finds it (the SQLite index of word parts)."""
    found: set[str] = set()
    for word in words(fold(text)):
        for start in range(len(word) - MIN_SUBSTRING + 1):
            found.add(word[start:])
    return " ".join(sorted(found))
