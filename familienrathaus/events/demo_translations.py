# ruff: noqa: E501  (translations as data: one line per text)
"""The demo events in English, Turkish and Ukrainian: the alliance's own events (by
slug) and the partners' events (by the German title before " (Partner)")."""

from __future__ import annotations

from familienrathaus.core.demo_translations import Texts, fill
from familienrathaus.events.models import Event

OWN: dict[str, Texts] = {
    "vortragsreihe-familie-im-gespraech": {
        "title": {
            "en": "Talk series “Families in conversation”",
            "tr": "“Aile sohbetleri” konferans dizisi",
            "uk": "Цикл лекцій «Сім'я в розмові»",
        },
        "summary": {
            "en": "A talk on bringing up children on the first Tuesday of every month – in the council chamber and online.",
            "tr": "Her ayın ilk salı günü çocuk eğitimi üzerine bir konuşma – belediye meclis salonunda ve çevrim içi.",
            "uk": "Щомісяця в перший вівторок – лекція про виховання дітей, у залі ради та онлайн.",
        },
        "description": {
            "en": "Experts from counselling, schools and medicine talk about what concerns parents: screen time, puberty, sibling rivalry, sleep, pocket money. Afterwards there is time for questions.\n\nYou can join us in the council chamber or take part online; you will receive the link when you register. Sign-language interpreting on request.",
            "tr": "Danışmanlık, okul ve tıp alanından uzmanlar ebeveynleri ilgilendiren konuları anlatır: ekran süresi, ergenlik, kardeş kavgası, uyku, harçlık. Ardından sorularınız için zaman vardır.\n\nMeclis salonunda bulunabilir veya çevrim içi katılabilirsiniz; bağlantıyı kayıtla birlikte alırsınız. İstek üzerine işaret dili tercümanı.",
            "uk": "Фахівці з консультування, школи та медицини говорять про те, що хвилює батьків: час біля екрана, підлітковий вік, сварки між братами й сестрами, сон, кишенькові гроші. Потім є час для запитань.\n\nВи можете прийти до зали ради або долучитися онлайн; посилання ви отримаєте під час реєстрації. Перекладач жестової мови – за запитом.",
        },
        "accessibility": {
            "en": "Step-free access, sign-language interpreting on request",
            "tr": "Basamaksız erişim, istek üzerine işaret dili tercümanı",
            "uk": "Вхід без сходинок, перекладач жестової мови за запитом",
        },
    },
    "familienfest": {
        "title": {
            "en": "Family festival in the town park",
            "tr": "Şehir parkında aile şenliği",
            "uk": "Сімейне свято в міському парку",
        },
        "summary": {
            "en": "The big festival for 500 families: games, music and hands-on stands from all the alliance's partners.",
            "tr": "500 aile için büyük şenlik: oyunlar, müzik ve tüm ittifak ortaklarının etkinlik standları.",
            "uk": "Велике свято для 500 сімей: ігри, музика та інтерактивні стенди всіх партнерів альянсу.",
        },
        "description": {
            "en": "Bouncy castle, face painting, a stage with music and theatre, information stands from the partners and a picnic on the lawn. Admission free.",
            "tr": "Şişme şato, yüz boyama, müzik ve tiyatro sahnesi, ortakların bilgi standları ve çimenlerde piknik. Giriş ücretsizdir.",
            "uk": "Надувний замок, аквагрим, сцена з музикою та театром, інформаційні стенди партнерів і пікнік на галявині. Вхід вільний.",
        },
        "accessibility": {
            "en": "Step-free access, accessible toilet",
            "tr": "Basamaksız erişim, engelli tuvaleti",
            "uk": "Доступно без сходинок, є туалет, облаштований для людей з інвалідністю",
        },
    },
    "aktionstag-internationaler-tag-der-familie": {
        "title": {
            "en": "Action day for the International Day of Families",
            "tr": "Uluslararası Aile Günü etkinlik günü",
            "uk": "День акцій до Міжнародного дня сім'ї",
        },
        "summary": {
            "en": "On 15 May the alliance's partners present themselves in the town centre.",
            "tr": "15 Mayıs'ta ittifak ortakları şehir merkezinde kendilerini tanıtır.",
            "uk": "15 травня партнери альянсу представляють себе в центрі міста.",
        },
    },
    "familienbeirat-werkstatt": {
        "title": {
            "en": "Family council workshop",
            "tr": "Aile danışma kurulu atölyesi",
            "uk": "Майстерня сімейної ради",
        },
        "summary": {
            "en": "Every two months: parents have their say on what Musterstadt should do for families.",
            "tr": "İki ayda bir: ebeveynler Musterstadt'ın aileler için neler yapması gerektiği konusunda söz sahibidir.",
            "uk": "Раз на два місяці: батьки обговорюють, що Мустерштадт має робити для сімей.",
        },
    },
}

# The four meetings of the alliance share their texts.
MEETING: Texts = {
    "title": {"en": "Alliance meeting", "tr": "İttifak toplantısı", "uk": "Зустріч альянсу"},
    "summary": {
        "en": "All the partners of the local alliance meet: reports from the working groups and planning of the next activities.",
        "tr": "Yerel ittifakın tüm ortakları bir araya gelir: çalışma gruplarından raporlar ve sonraki etkinliklerin planlanması.",
        "uk": "Усі партнери місцевого альянсу зустрічаються: звіти робочих груп і планування наступних заходів.",
    },
}

# Partner events: German title → (title, summary) per language.
PARTNER: dict[str, dict[str, tuple[str, str]]] = {
    "Elterncafé": {
        "en": ("Parents' café", "Chat over coffee and cake while the children play next door."),
        "tr": ("Ebeveyn kafesi", "Kahve ve pasta eşliğinde sohbet, çocuklar yan tarafta oynar."),
        "uk": ("Кафе для батьків", "Спілкування за кавою й тістечком, поки діти граються поруч."),
    },
    "Erste-Hilfe am Kind": {
        "en": (
            "First aid for children",
            "A course for parents and grandparents: emergencies with babies and children.",
        ),
        "tr": (
            "Çocuklarda ilk yardım",
            "Anne babalar ve büyükanne büyükbabalar için kurs: bebek ve çocuklarda acil durumlar.",
        ),
        "uk": (
            "Перша допомога дитині",
            "Курс для батьків, дідусів і бабусь: невідкладні ситуації з немовлятами й дітьми.",
        ),
    },
    "Bilderbuchkino": {
        "en": ("Picture-book cinema", "Stories on the big screen for children aged 3 and over."),
        "tr": ("Resimli kitap sineması", "3 yaş ve üzeri çocuklar için büyük perdede hikâyeler."),
        "uk": ("Кіно з книжками-картинками", "Історії на великому екрані для дітей від 3 років."),
    },
    "Infoabend Pflege zu Hause": {
        "en": (
            "Information evening: care at home",
            "What family carers should know – also online.",
        ),
        "tr": (
            "Bilgi akşamı: evde bakım",
            "Bakım veren yakınların bilmesi gerekenler – çevrim içi de.",
        ),
        "uk": (
            "Інформаційний вечір: догляд удома",
            "Що варто знати родичам, які доглядають, – також онлайн.",
        ),
    },
    "Schuldnerberatung kompakt": {
        "en": (
            "Debt advice in brief",
            "Open consultation and a short talk on the household budget.",
        ),
        "tr": (
            "Kısaca borç danışmanlığı",
            "Açık danışma saati ve ev bütçesi üzerine kısa bir konuşma.",
        ),
        "uk": (
            "Коротко про борги",
            "Відкрита консультація та коротка доповідь про сімейний бюджет.",
        ),
    },
    "Spielnachmittag": {
        "en": ("Games afternoon", "Board games and active games for the whole family."),
        "tr": ("Oyun öğleden sonrası", "Tüm aile için kutu oyunları ve hareketli oyunlar."),
        "uk": ("Ігровий вечір", "Настільні та рухливі ігри для всієї родини."),
    },
    "Treff für Alleinerziehende": {
        "en": ("Single parents' meet-up", "Sharing experiences, tips and childcare."),
        "tr": ("Yalnız ebeveynler buluşması", "Deneyim paylaşımı, öneriler ve çocuk bakımı."),
        "uk": ("Зустріч для батьків-одинаків", "Обмін досвідом, поради та догляд за дітьми."),
    },
    "Babymassage": {
        "en": ("Baby massage", "Four sessions for parents with babies from 6 weeks to 6 months."),
        "tr": (
            "Bebek masajı",
            "6 haftalıktan 6 aylığa kadar bebeği olan ebeveynler için dört buluşma.",
        ),
        "uk": (
            "Масаж для немовлят",
            "Чотири зустрічі для батьків з малюками від 6 тижнів до 6 місяців.",
        ),
    },
}


def load() -> int:
    """Translate the demo events; returns how many changed."""
    changed = 0
    for slug, texts in OWN.items():
        changed += fill(Event.objects.filter(slug=slug), texts)
    changed += fill(Event.objects.filter(slug__startswith="buendnistreffen-"), MEETING)
    for event in Event.objects.filter(slug__startswith="demo-").order_by("pk"):
        title = getattr(event, "title_de", None) or event.title
        german, _bracket, partner = title.partition(" (")
        by_language = PARTNER.get(german)
        if by_language is None or not partner:
            continue
        partner_texts: Texts = {
            "title": {lang: f"{own} ({partner}" for lang, (own, _s) in by_language.items()},
            "summary": {lang: summary for lang, (_o, summary) in by_language.items()},
        }
        changed += fill([event], partner_texts)
    return changed
