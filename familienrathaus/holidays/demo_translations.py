# ruff: noqa: E501  (translations as data: one line per text)
"""The summer programme and five of its activities (each for younger and older
children: ten activities) in English, Turkish and Ukrainian."""

from __future__ import annotations

from familienrathaus.core.demo_translations import Texts, fill, german_rows
from familienrathaus.holidays.models import Activity, Period

PERIOD: dict[str, Texts] = {
    "Sommerferien 2027": {
        "name": {
            "en": "Summer holidays 2027",
            "tr": "2027 yaz tatili",
            "uk": "Літні канікули 2027",
        },
        "description": {
            "en": "Six weeks of holiday fun in Musterstadt: sport, nature, technology, culture, trips and holiday care for children aged 6 to 14. Places go in the order of booking; if a date is full, your child goes on the waiting list.",
            "tr": "Musterstadt'ta altı hafta tatil eğlencesi: 6–14 yaş arası çocuklar için spor, doğa, teknik, kültür, geziler ve tatil bakımı. Yerler kayıt sırasına göre verilir; bir tarih doluysa çocuğunuz bekleme listesine alınır.",
            "uk": "Шість тижнів канікулярних розваг у Мустерштадті: спорт, природа, техніка, культура, екскурсії та догляд у канікули для дітей від 6 до 14 років. Місця надаються в порядку бронювання; якщо дата вже заповнена, ваша дитина потрапляє до списку очікування.",
        },
    }
}

# German age band of the title → per language.
AGE_BANDS = {
    "für Jüngere": {"en": "for younger children", "tr": "küçükler için", "uk": "для молодших"},
    "für Ältere": {"en": "for older children", "tr": "büyükler için", "uk": "для старших"},
}
# The German description of each age band ("Für Kinder von 6 bis 9 Jahren.").
AGE_DESCRIPTIONS = {
    "für Jüngere": {
        "en": "For children aged 6 to 9.",
        "tr": "6–9 yaş arası çocuklar için.",
        "uk": "Для дітей від 6 до 9 років.",
    },
    "für Ältere": {
        "en": "For children aged 10 to 14.",
        "tr": "10–14 yaş arası çocuklar için.",
        "uk": "Для дітей від 10 до 14 років.",
    },
}
ACCESSIBILITY = {
    "Stufenloser Zugang, barrierefreies WC.": {
        "en": "Step-free access, accessible toilet.",
        "tr": "Basamaksız erişim, engelli tuvaleti.",
        "uk": "Вхід без сходинок, туалет для людей з інвалідністю.",
    }
}
WHAT_TO_BRING = {
    "en": "A drink, a lunch box, weatherproof clothes",
    "tr": "İçecek, beslenme kutusu, hava koşullarına uygun giysi",
    "uk": "Напій, ланч-бокс, одяг за погодою",
}

# German topic → (title, summary) per language.
TOPICS: dict[str, dict[str, tuple[str, str]]] = {
    "Klettern in der Halle": {
        "en": ("Indoor climbing", "Belaying, gripping, getting to the top – with a coach."),
        "tr": ("Salonda tırmanış", "Emniyet almak, tutunmak, zirveye çıkmak – antrenörle."),
        "uk": ("Скелелазіння в залі", "Страхуватися, триматися, дістатися вершини – з тренеркою."),
    },
    "Fußball-Camp": {
        "en": ("Football camp", "Skills, games and a small tournament."),
        "tr": ("Futbol kampı", "Teknik, oyunlar ve küçük bir turnuva."),
        "uk": ("Футбольний табір", "Техніка, ігри та невеликий турнір."),
    },
    "Zirkusschule": {
        "en": ("Circus school", "Juggling, balancing, clowning."),
        "tr": ("Sirk okulu", "Jonglörlük, denge, palyaçoluk."),
        "uk": ("Циркова школа", "Жонглювання, балансування, клоунада."),
    },
    "Pizza backen": {
        "en": ("Baking pizza", "Knead the dough, add the toppings, enjoy."),
        "tr": ("Pizza yapımı", "Hamur yoğur, malzemeleri koy, afiyetle ye."),
        "uk": ("Печемо піцу", "Замісити тісто, викласти начинку, смакувати."),
    },
    "Zoo-Ausflug": {
        "en": ("Trip to the zoo", "A day at the zoo with a guided tour."),
        "tr": ("Hayvanat bahçesi gezisi", "Rehberli turla hayvanat bahçesinde bir gün."),
        "uk": ("Поїздка до зоопарку", "День у зоопарку з екскурсією."),
    },
}


def load() -> int:
    """Translate the programme and the activities of :data:`TOPICS`."""
    changed = 0
    for name, texts in PERIOD.items():
        changed += fill(german_rows(Period, "name", name), texts)
    for topic, by_language in TOPICS.items():
        for band, band_names in AGE_BANDS.items():
            activity: Texts = {
                "title": {
                    lang: f"{title} ({band_names[lang]})"
                    for lang, (title, _s) in by_language.items()
                },
                "summary": {lang: summary for lang, (_t, summary) in by_language.items()},
                "what_to_bring": WHAT_TO_BRING,
                "description": AGE_DESCRIPTIONS[band],
            }
            rows = german_rows(Activity, "title", f"{topic} ({band})")
            changed += fill(rows, activity)
            for german, access in ACCESSIBILITY.items():
                changed += fill(rows.filter(accessibility_de=german), {"accessibility": access})
    return changed
