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
# The names of the 15 nursing and changing places.
NURSING_NAMES: dict[str, dict[str, str]] = {
    "Bahnhof Musterstadt": {
        "en": "Musterstadt station",
        "tr": "Musterstadt tren istasyonu",
        "uk": "Вокзал Мустерштадт",
    },
    "Bürgerbüro Nordviertel": {
        "en": "Citizens' office Nordviertel",
        "tr": "Nordviertel vatandaş bürosu",
        "uk": "Бюро громадян Нордфіртель",
    },
    "Drogerie am Bach": {
        "en": "Chemist's by the brook (Drogerie am Bach)",
        "tr": "Dere kenarındaki eczane-market (Drogerie am Bach)",
        "uk": "Аптека-магазин біля струмка (Drogerie am Bach)",
    },
    "Einkaufszentrum Südtor": {
        "en": "Südtor shopping centre",
        "tr": "Südtor alışveriş merkezi",
        "uk": "Торговий центр Зюдтор",
    },
    "Familienbüro im Rathaus": {
        "en": "Family office in the town hall",
        "tr": "Belediye binasındaki aile bürosu",
        "uk": "Сімейне бюро в ратуші",
    },
    "Gesundheitsamt": {
        "en": "Public health office (Gesundheitsamt)",
        "tr": "Sağlık dairesi (Gesundheitsamt)",
        "uk": "Управління охорони здоров'я (Gesundheitsamt)",
    },
    "Hallenbad am Nordring": {
        "en": "Indoor swimming pool on the Nordring",
        "tr": "Nordring kapalı yüzme havuzu",
        "uk": "Критий басейн на Нордрінг",
    },
    "Jugendamt": {
        "en": "Youth welfare office (Jugendamt)",
        "tr": "Gençlik dairesi (Jugendamt)",
        "uk": "Служба у справах дітей (Jugendamt)",
    },
    "Kinderarztpraxis Dr. Sommer": {
        "en": "Dr Sommer's paediatric practice",
        "tr": "Dr. Sommer çocuk doktoru muayenehanesi",
        "uk": "Дитяча лікарська практика д-ра Зоммер",
    },
    "Rathaus Musterstadt": {
        "en": "Musterstadt town hall",
        "tr": "Musterstadt belediye binası",
        "uk": "Ратуша Мустерштадта",
    },
    "Stadtbibliothek": {
        "en": "Town library",
        "tr": "Şehir kütüphanesi",
        "uk": "Міська бібліотека",
    },
    "Stadtmuseum": {
        "en": "Town museum",
        "tr": "Şehir müzesi",
        "uk": "Міський музей",
    },
    "Stadtteilbibliothek Westfeld": {
        "en": "Westfeld district library",
        "tr": "Westfeld semt kütüphanesi",
        "uk": "Районна бібліотека Вестфельд",
    },
    "Stadtteilzentrum Osterholz": {
        "en": "Osterholz community centre",
        "tr": "Osterholz semt merkezi",
        "uk": "Районний центр Остергольц",
    },
    "Volkshochschule": {
        "en": "Adult education centre (Volkshochschule)",
        "tr": "Halk eğitim merkezi (Volkshochschule)",
        "uk": "Народний університет (Volkshochschule)",
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
    for german, names in {**NURSING_NAMES, **PLAYGROUNDS}.items():
        changed += fill(german_rows(Place, "name", german), {"name": names})
    return changed
