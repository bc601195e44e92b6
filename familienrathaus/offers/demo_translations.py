# ruff: noqa: E501  (translations as data: one line per text)
"""The demo offers of eight kinds (32 offers) in English, Turkish and Ukrainian.

Per kind of offer (its German title in ``demo.KINDS``): the title, summary and notes in
each language; an offer's title gets its district or partner as in German.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from familienrathaus.core.demo_translations import Texts, fill
from familienrathaus.core.slugs import german_slug
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer

KINDS: dict[str, Texts] = {
    "Stillberatung": {
        "title": {"en": "Breastfeeding advice", "tr": "Emzirme danışmanlığı", "uk": "Консультація з грудного вигодовування"},
        "summary": {
            "en": "Midwives answer all your questions about breastfeeding – in confidence and free of charge.",
            "tr": "Ebeler emzirmeyle ilgili tüm sorularınızı yanıtlar – gizli ve ücretsiz.",
            "uk": "Акушерки відповідають на всі ваші запитання про грудне вигодовування – конфіденційно й безкоштовно.",
        },
    },
    "Hebammensprechstunde": {
        "title": {"en": "Midwife drop-in", "tr": "Ebe danışma saati", "uk": "Прийом акушерки"},
        "summary": {
            "en": "Open consultation for pregnant women and families with newborns – even if you have no midwife of your own.",
            "tr": "Hamileler ve yeni doğan bebeği olan aileler için açık danışma saati – kendi ebeniz olmasa da gelebilirsiniz.",
            "uk": "Відкритий прийом для вагітних і сімей з новонародженими – навіть якщо у вас немає власної акушерки.",
        },
    },
    "Elterncafé": {
        "title": {"en": "Parents' café", "tr": "Ebeveyn kafesi", "uk": "Кафе для батьків"},
        "summary": {
            "en": "An open meeting place for mothers and fathers with children up to three – over coffee and a chat.",
            "tr": "Üç yaşına kadar çocuğu olan anne ve babalar için açık bir buluşma yeri – kahve eşliğinde sohbet.",
            "uk": "Відкрите місце зустрічі для мам і тат з дітьми до трьох років – за кавою та розмовою.",
        },
    },
    "Krabbelgruppe": {
        "title": {"en": "Baby and toddler group", "tr": "Bebek oyun grubu", "uk": "Група для малюків"},
        "summary": {
            "en": "Play, sing and meet other families: the group for babies from six months.",
            "tr": "Oynamak, şarkı söylemek, başka ailelerle tanışmak: altı aylıktan itibaren bebekler için grup.",
            "uk": "Гратися, співати, знайомитися з іншими сім'ями: група для малюків від шести місяців.",
        },
    },
    "Hausaufgabenhilfe": {
        "title": {"en": "Homework help", "tr": "Ödev yardımı", "uk": "Допомога з домашніми завданнями"},
        "summary": {
            "en": "Volunteers help schoolchildren with their homework – calmly, patiently and free of charge.",
            "tr": "Gönüllüler okul çocuklarına ödevlerinde yardım eder – sakin, sabırlı ve ücretsiz.",
            "uk": "Волонтери допомагають школярам з домашніми завданнями – спокійно, терпляче й безкоштовно.",
        },
        "times_note": {
            "en": "not during the school holidays",
            "tr": "okul tatillerinde yapılmaz",
            "uk": "не під час шкільних канікул",
        },
    },
    "Schuldnerberatung": {
        "title": {"en": "Debt advice", "tr": "Borç danışmanlığı", "uk": "Консультація щодо боргів"},
        "summary": {
            "en": "Free, confidential advice when debts are getting on top of you.",
            "tr": "Borçlar başınızdan aştığında ücretsiz ve gizli danışmanlık.",
            "uk": "Безкоштовна конфіденційна консультація, коли борги стають непосильними.",
        },
    },
    "Pflegeberatung": {
        "title": {"en": "Care advice", "tr": "Bakım danışmanlığı", "uk": "Консультація з питань догляду"},
        "summary": {
            "en": "Independent advice for family carers: care levels, respite and aids.",
            "tr": "Bakım veren yakınlar için bağımsız danışmanlık: bakım derecesi, destek ve yardımcı araçlar.",
            "uk": "Незалежна консультація для родичів, які доглядають: ступінь догляду, розвантаження, допоміжні засоби.",
        },
    },
    "Deutschkurs mit Kinderbetreuung": {
        "title": {"en": "German course with childcare", "tr": "Çocuk bakımlı Almanca kursu", "uk": "Курс німецької з доглядом за дітьми"},
        "summary": {
            "en": "Learn German while your little ones are looked after next door.",
            "tr": "Küçükleriniz yan odada bakılırken Almanca öğrenin.",
            "uk": "Вивчайте німецьку, поки про малюків піклуються в сусідній кімнаті.",
        },
        "cost_note": {
            "en": "€15 a month, free with the Musterstadt-Pass",
            "tr": "Aylık 15 €, Musterstadt-Pass ile ücretsiz",
            "uk": "15 € на місяць, з Musterstadt-Pass безкоштовно",
        },
    },
}  # fmt: skip


def _title(kind_title: str, organisation: str, district: str, places: int, same: int) -> str:
    """The translated title built like ``demo._title``."""
    if places == 1:
        return kind_title
    if same > 1:
        return f"{kind_title} – {organisation}"
    return f"{kind_title} {district}"


def load(kinds: Sequence[Any], german_title: Callable[[Any, str, str], str]) -> int:
    """Translate the offers of :data:`KINDS` (``kinds`` and ``german_title`` are the
    demo's); reindexes the search if anything changed."""
    changed = 0
    for kind in kinds:
        texts = KINDS.get(kind.title)
        if texts is None:
            continue
        districts = [district for _organisation, district in kind.places]
        for organisation, district in kind.places:
            slug = german_slug(german_title(kind, organisation, district))
            own = {
                field: dict(by_language) for field, by_language in texts.items() if field != "title"
            }
            own["title"] = {
                language: _title(
                    title, organisation, district, len(kind.places), districts.count(district)
                )
                for language, title in texts["title"].items()
            }
            changed += fill(Offer.objects.filter(slug=slug), own)
    if changed:
        search.reindex_all()
    return changed
