"""Demo content in English, Turkish and Ukrainian: the vocabularies and the legal
pages' summaries, and :func:`fill`, which the apps' ``demo_translations`` use too.

Translations are data: per German text, the other languages' texts. :func:`fill`
writes a translation only into an empty column (``title_tr``), so a second run of the
demo, or a coordinator's own wording, is never overwritten. Models whose fields are
not registered with django-modeltranslation are left alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from familienrathaus.core.models import Audience, Language, LegalPage, Theme

# field → language → text
Texts = Mapping[str, Mapping[str, str]]


def fill(objects: Iterable[Any], texts: Texts) -> int:
    """Write ``texts`` into the empty translation columns of each object; returns how
    many objects changed."""
    changed = 0
    for obj in objects:
        fields = []
        for field, by_language in texts.items():
            for language, text in by_language.items():
                column = f"{field}_{language}"
                if not hasattr(obj, column) or getattr(obj, column):
                    continue
                setattr(obj, column, text)
                fields.append(column)
        if fields:
            type(obj).objects.filter(pk=obj.pk).update(**{f: getattr(obj, f) for f in fields})
            changed += 1
    return changed


def german_rows(model: Any, field: str, value: str) -> Any:
    """The objects of ``model`` whose German ``field`` is ``value`` (any page language)."""
    names = {f.name for f in model._meta.get_fields()}
    column = f"{field}_de" if f"{field}_de" in names else field
    return model.objects.filter(**{column: value})


def names(en: str, tr: str, uk: str) -> Texts:
    return {"name": {"en": en, "tr": tr, "uk": uk}}


THEMES: dict[str, Texts] = {
    "Balance von Familie und Arbeitswelt": names(
        "Balancing family and work", "Aile ve iş hayatı dengesi", "Баланс сім'ї та роботи"
    ),
    "Bildung und Betreuung": names(
        "Education and childcare", "Eğitim ve bakım", "Освіта та догляд"
    ),
    "Gesundheit": names("Health", "Sağlık", "Здоров'я"),
    "Erziehung in der Familie": names(
        "Bringing up children", "Ailede çocuk eğitimi", "Виховання в сім'ї"
    ),
    "Wohnen, Wohnumfeld und Mobilität": names(
        "Housing, neighbourhood and getting around",
        "Konut, çevre ve ulaşım",
        "Житло, довкілля та мобільність",
    ),
    "Sport, Freizeit und Kultur": names(
        "Sport, leisure and culture", "Spor, boş zaman ve kültür", "Спорт, дозвілля та культура"
    ),
    "Integration und Nachbarschaft": names(
        "Integration and neighbourhood", "Uyum ve komşuluk", "Інтеграція та сусідство"
    ),
}

AUDIENCES: dict[str, Texts] = {
    "Schwangere und junge Eltern / Frühe Hilfen": names(
        "Expectant and young parents / early help",
        "Hamileler ve genç ebeveynler / erken destek",
        "Вагітні та молоді батьки / рання допомога",
    ),
    "Alleinerziehende": names("Single parents", "Yalnız ebeveynler", "Батьки-одинаки"),
    "Familien mit geringem Einkommen": names(
        "Families on a low income", "Düşük gelirli aileler", "Сім'ї з низьким доходом"
    ),
    "Kinder": names("Children", "Çocuklar", "Діти"),
    "Jugendliche": names("Teenagers", "Gençler", "Підлітки"),
    "Senior:innen": names("Older people", "Yaşlılar", "Люди похилого віку"),
    "Pflegende Angehörige": names(
        "Family carers", "Bakım veren yakınlar", "Родичі, які доглядають"
    ),
    "Familien mit pflegebedürftigen Kindern": names(
        "Families of children with care needs",
        "Bakıma muhtaç çocuğu olan aileler",
        "Сім'ї з дітьми, які потребують догляду",
    ),
    "Zugewanderte": names("Newcomers to Germany", "Göçmenler", "Мігранти"),
}

# The languages offers are held in (the facet "language"), by code.
LANGUAGES: dict[str, Texts] = {
    "de": names("German", "Almanca", "Німецька"),
    "en": names("English", "İngilizce", "Англійська"),
    "tr": names("Turkish", "Türkçe", "Турецька"),
    "uk": names("Ukrainian", "Ukraynaca", "Українська"),
    "ru": names("Russian", "Rusça", "Російська"),
    "ar": names("Arabic", "Arapça", "Арабська"),
    "pl": names("Polish", "Lehçe", "Польська"),
    "dgs": names("German Sign Language", "Alman İşaret Dili", "Німецька жестова мова"),
}

LEGAL_SUMMARIES: dict[str, Texts] = {
    LegalPage.Kind.IMPRINT: {
        "title": {"en": "Legal notice", "tr": "Künye", "uk": "Вихідні дані"},
        "summary": {
            "en": "This website is run by the Local Alliance for Families of Musterstadt. "
            "It is based at the town's family office (Familienbüro), Rathausplatz 1, "
            "12345 Musterstadt. The mayor, Erika Mustermann, represents it. You can reach "
            "us by phone on 01234 56789-0 or by e-mail at familienbuero@musterstadt.example.",
            "tr": "Bu internet sitesini Musterstadt Yerel Aile İttifakı yayınlamaktadır. "
            "İttifak, belediyenin aile bürosunda (Familienbüro, Rathausplatz 1, 12345 "
            "Musterstadt) yer alır ve Belediye Başkanı Erika Mustermann tarafından temsil "
            "edilir. Bize 01234 56789-0 numaralı telefondan veya "
            "familienbuero@musterstadt.example adresinden ulaşabilirsiniz.",
            "uk": "Цей сайт веде Місцевий альянс для сімей міста Мустерштадт. Він "
            "розташований у сімейному бюро міста (Familienbüro), Rathausplatz 1, 12345 "
            "Musterstadt, і його представляє бургомістр Еріка Мустерманн. Зв'яжіться з "
            "нами за телефоном 01234 56789-0 або електронною поштою "
            "familienbuero@musterstadt.example.",
        },
    },
    LegalPage.Kind.PRIVACY: {
        "title": {"en": "Privacy policy", "tr": "Gizlilik bildirimi", "uk": "Захист даних"},
        "summary": {
            "en": "The town of Musterstadt is responsible for your data. If you only read "
            "this site, we keep nothing about you except the server logs, which are deleted "
            "after 7 days. We only store what you give us yourself: for an account, a "
            "booking, a concern or the baby welcome, and only for as long as we need it. "
            "We use no tracking or advertising services and load nothing from other "
            "servers. You may ask us at any time what we store about you, and have it "
            "corrected or deleted.",
            "tr": "Verilerinizden Musterstadt Belediyesi sorumludur. Siteyi yalnızca "
            "okursanız, 7 gün sonra silinen sunucu kayıtları dışında hakkınızda hiçbir şey "
            "saklamayız. Yalnızca bize kendiniz verdiğiniz bilgileri saklarız: hesap, "
            "rezervasyon, başvuru veya bebek karşılama için ve yalnızca gerektiği sürece. "
            "Takip veya reklam hizmeti kullanmayız ve başka sunuculardan hiçbir şey "
            "yüklemeyiz. Hakkınızda neyin saklandığını her zaman sorabilir, düzeltilmesini "
            "veya silinmesini isteyebilirsiniz.",
            "uk": "За ваші дані відповідає місто Мустерштадт. Якщо ви лише читаєте сайт, "
            "ми не зберігаємо про вас нічого, крім журналів сервера, які видаляються через "
            "7 днів. Ми зберігаємо лише те, що ви самі нам надаєте: для облікового запису, "
            "бронювання, звернення чи привітання немовляти, і лише стільки, скільки це "
            "потрібно. Ми не використовуємо сервісів стеження чи реклами. Ви завжди можете "
            "запитати, що ми про вас зберігаємо, і вимагати виправлення або видалення.",
        },
    },
    LegalPage.Kind.ACCESSIBILITY: {
        "title": {
            "en": "Accessibility statement",
            "tr": "Erişilebilirlik beyanı",
            "uk": "Заява про доступність",
        },
        "summary": {
            "en": "We want everyone to be able to use this website. It largely meets the "
            "German accessibility rules (BITV 2.0, WCAG 2.1 level AA), and every page is "
            "checked automatically. If something gets in your way, please tell us with "
            "the form on this page.",
            "tr": "Bu internet sitesini herkesin kullanabilmesini istiyoruz. Site, Alman "
            "erişilebilirlik kurallarına (BITV 2.0, WCAG 2.1 AA düzeyi) büyük ölçüde "
            "uygundur ve her sayfa otomatik olarak denetlenir. Bir engelle karşılaşırsanız "
            "lütfen bu sayfadaki formla bize bildiriniz.",
            "uk": "Ми хочемо, щоб цим сайтом могли користуватися всі. Він здебільшого "
            "відповідає німецьким правилам доступності (BITV 2.0, WCAG 2.1 рівня AA), і "
            "кожна сторінка перевіряється автоматично. Якщо вам щось заважає, повідомте "
            "нам через форму на цій сторінці.",
        },
    },
}


def load() -> int:
    """Translate the vocabularies and the legal pages; returns how many objects changed."""
    changed = 0
    for model, data in ((Theme, THEMES), (Audience, AUDIENCES)):
        for german_name, texts in data.items():
            changed += fill(german_rows(model, "name", german_name), texts)
    for code, texts in LANGUAGES.items():
        changed += fill(Language.objects.filter(code=code), texts)
    for kind, texts in LEGAL_SUMMARIES.items():
        changed += fill(LegalPage.objects.filter(kind=kind), texts)
    return changed
