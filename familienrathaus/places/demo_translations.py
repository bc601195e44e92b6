# ruff: noqa: E501  (translations as data: one line per text)
"""The demo places in English, Turkish and Ukrainian: the kinds of place, the texts of
the 15 nursing and changing places and the names of five playgrounds (20 places)."""

from __future__ import annotations

from familienrathaus.core.demo_translations import Texts, fill, german_rows
from familienrathaus.places.models import Place, PlaceKind

KINDS: dict[str, dict[str, str]] = {
    "Notinsel": {
        "en": "Safe place for children (Notinsel)",
        "tr": "Çocuklar için güvenli yer (Notinsel)",
        "uk": "Безпечне місце для дітей (Notinsel)",
    },
    "Still- und Wickelort": {
        "en": "Breastfeeding and baby-changing place",
        "tr": "Emzirme ve alt değiştirme yeri",
        "uk": "Місце для годування та сповивання",
    },
    "Familienzentrum": {"en": "Family centre", "tr": "Aile merkezi", "uk": "Сімейний центр"},
    "Beratungsstelle": {
        "en": "Advice centre",
        "tr": "Danışma merkezi",
        "uk": "Консультаційний центр",
    },
    "Spielplatz": {"en": "Playground", "tr": "Oyun alanı", "uk": "Дитячий майданчик"},
    "Kita": {"en": "Nursery (Kita)", "tr": "Kreş (Kita)", "uk": "Дитячий садок (Kita)"},
    "Jugendtreff": {"en": "Youth club", "tr": "Gençlik kulübü", "uk": "Молодіжний клуб"},
    "Familienbüro": {"en": "Family office", "tr": "Aile bürosu", "uk": "Сімейне бюро"},
}

# The texts every nursing and changing place of the demo has (in German).
NURSING_DESCRIPTION = "Wickeltisch mit Auflage und Feuchttüchern; zum Stillen steht ein ruhiger Raum bereit. Fragen Sie am Empfang."
NURSING: Texts = {
    "description": {
        "en": "A changing table with a mat and wet wipes; there is a quiet room for breastfeeding. Please ask at reception.",
        "tr": "Minderli ve ıslak mendilli alt değiştirme masası; emzirmek için sessiz bir oda hazırdır. Lütfen danışmaya sorunuz.",
        "uk": "Сповивальний столик з матрацом і вологими серветками; для годування груддю є тиха кімната. Зверніться, будь ласка, на рецепцію.",
    }
}
ACCESSIBILITY: dict[str, dict[str, str]] = {
    "Stufenloser Zugang über den Haupteingang, Aufzug vorhanden.": {
        "en": "Step-free access through the main entrance; there is a lift.",
        "tr": "Ana girişten basamaksız erişim; asansör vardır.",
        "uk": "Вхід без сходинок через головний вхід, є ліфт.",
    },
    "Zugang über zwei Stufen.": {
        "en": "Access via two steps.",
        "tr": "Girişte iki basamak vardır.",
        "uk": "Вхід через дві сходинки.",
    },
}
PLAYGROUNDS: dict[str, dict[str, str]] = {
    "Spielplatz Stadtpark": {
        "en": "Town park playground",
        "tr": "Şehir parkı oyun alanı",
        "uk": "Дитячий майданчик у міському парку",
    },
    "Wasserspielplatz am Bach": {
        "en": "Water playground by the brook",
        "tr": "Dere kenarında su oyun alanı",
        "uk": "Водний майданчик біля струмка",
    },
    "Abenteuerspielplatz Westfeld": {
        "en": "Westfeld adventure playground",
        "tr": "Westfeld macera oyun alanı",
        "uk": "Пригодницький майданчик Вестфельд",
    },
    "Bolzplatz Am Sportpark": {
        "en": "Kick-about pitch at the sports park",
        "tr": "Spor parkındaki top sahası",
        "uk": "Футбольне поле біля спортпарку",
    },
    "Waldspielplatz Osterholz": {
        "en": "Osterholz woodland playground",
        "tr": "Osterholz orman oyun alanı",
        "uk": "Лісовий майданчик Остергольц",
    },
}


def load() -> int:
    """Translate the kinds and the places named above; returns how many changed."""
    changed = 0
    for german, names in KINDS.items():
        changed += fill(german_rows(PlaceKind, "name", german), {"name": names})
    changed += fill(german_rows(Place, "description", NURSING_DESCRIPTION), NURSING)
    for german, texts in ACCESSIBILITY.items():
        changed += fill(german_rows(Place, "accessibility", german), {"accessibility": texts})
    for german, names in PLAYGROUNDS.items():
        changed += fill(german_rows(Place, "name", german), {"name": names})
    return changed
