# ruff: noqa: E501  (translations as data: one line per text)
"""The demo offers of eight kinds (32 offers) in English, Turkish and Ukrainian.

Per kind of offer (its German title in ``demo.KINDS``): the title, summary, description and notes in
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
        "description": {
            "en": "Latching on, sore nipples or how much milk your baby is getting: in the open consultation a midwife takes time for you.\n\nYou are welcome to bring your baby. You do not need to register.",
            "tr": "Bebeği memeye yerleştirme, yara olmuş meme uçları ya da bebeğinizin ne kadar süt aldığı: açık danışma saatinde bir ebe size zaman ayırır.\n\nBebeğinizi getirebilirsiniz. Kayıt gerekmez.",
            "uk": "Прикладання до грудей, подразнені соски чи питання, скільки молока отримує ваша дитина: на відкритому прийомі акушерка приділить вам час.\n\nВи можете прийти з дитиною. Реєстрація не потрібна.",
        },
    },
    "Hebammensprechstunde": {
        "title": {"en": "Midwife drop-in", "tr": "Ebe danışma saati", "uk": "Прийом акушерки"},
        "summary": {
            "en": "Open consultation for pregnant women and families with newborns – even if you have no midwife of your own.",
            "tr": "Hamileler ve yeni doğan bebeği olan aileler için açık danışma saati – kendi ebeniz olmasa da gelebilirsiniz.",
            "uk": "Відкритий прийом для вагітних і сімей з новонародженими – навіть якщо у вас немає власної акушерки.",
        },
        "description": {
            "en": "You have not found a midwife? In our consultation experienced midwives answer your questions about pregnancy, birth and the first weeks with your baby.\n\n- Advice on complaints during pregnancy\n- Checking your baby's weight\n- Help with applications around the birth",
            "tr": "Ebe bulamadınız mı? Danışma saatimizde deneyimli ebeler hamilelik, doğum ve bebekle ilk haftalar hakkındaki sorularınızı yanıtlar.\n\n- Hamilelikteki şikâyetler hakkında danışmanlık\n- Bebeğin kilo kontrolü\n- Doğumla ilgili başvurularda yardım",
            "uk": "Ви не знайшли акушерку? На нашому прийомі досвідчені акушерки відповідають на ваші запитання про вагітність, пологи та перші тижні з дитиною.\n\n- Консультація щодо нездужань під час вагітності\n- Контроль ваги дитини\n- Допомога із заявами, пов'язаними з народженням дитини",
        },
    },
    "Elterncafé": {
        "title": {"en": "Parents' café", "tr": "Ebeveyn kafesi", "uk": "Кафе для батьків"},
        "summary": {
            "en": "An open meeting place for mothers and fathers with children up to three – over coffee and a chat.",
            "tr": "Üç yaşına kadar çocuğu olan anne ve babalar için açık bir buluşma yeri – kahve eşliğinde sohbet.",
            "uk": "Відкрите місце зустрічі для мам і тат з дітьми до трьох років – за кавою та розмовою.",
        },
        "description": {
            "en": "At the parents' café you get to know other parents from your neighbourhood. The children play while the grown-ups share their experiences. Once a month a parenting advisor joins in.",
            "tr": "Ebeveyn kafesinde mahallenizdeki diğer ebeveynlerle tanışırsınız. Çocuklar oynar, büyükler fikir alışverişi yapar. Ayda bir kez aile danışmanlığından bir uzman da katılır.",
            "uk": "У кафе для батьків ви знайомитеся з іншими батьками з вашого району. Діти граються, дорослі обмінюються досвідом. Раз на місяць приходить фахівчиня з консультування з питань виховання.",
        },
    },
    "Krabbelgruppe": {
        "title": {"en": "Baby and toddler group", "tr": "Bebek oyun grubu", "uk": "Група для малюків"},
        "summary": {
            "en": "Play, sing and meet other families: the group for babies from six months.",
            "tr": "Oynamak, şarkı söylemek, başka ailelerle tanışmak: altı aylıktan itibaren bebekler için grup.",
            "uk": "Гратися, співати, знайомитися з іншими сім'ями: група для малюків від шести місяців.",
        },
        "description": {
            "en": "We sing songs, play finger games and explore toys together. Parents get ideas for everyday life with a baby. Please bring a blanket and non-slip socks.",
            "tr": "Şarkılar söyler, parmak oyunları oynar ve oyuncakları birlikte keşfederiz. Ebeveynler bebekle günlük yaşam için fikirler edinir. Lütfen bir battaniye ve kaymaz çorap getiriniz.",
            "uk": "Ми співаємо пісні, граємо в пальчикові ігри та разом досліджуємо іграшки. Батьки отримують ідеї для повсякдення з малюком. Будь ласка, візьміть із собою ковдру та нековзкі шкарпетки.",
        },
    },
    "Hausaufgabenhilfe": {
        "title": {"en": "Homework help", "tr": "Ödev yardımı", "uk": "Допомога з домашніми завданнями"},
        "summary": {
            "en": "Volunteers help schoolchildren with their homework – calmly, patiently and free of charge.",
            "tr": "Gönüllüler okul çocuklarına ödevlerinde yardım eder – sakin, sabırlı ve ücretsiz.",
            "uk": "Волонтери допомагають школярам з домашніми завданнями – спокійно, терпляче й безкоштовно.",
        },
        "description": {
            "en": "After school, a quiet place with support is often worth its weight in gold. Our volunteers help with homework, reading and arithmetic.\n\nChildren from families on a low income also get a snack.",
            "tr": "Okuldan sonra destek alınabilecek sakin bir yer çoğu zaman çok değerlidir. Gönüllülerimiz ödevlerde, okumada ve matematikte yardım eder.\n\nDüşük gelirli ailelerin çocuklarına ayrıca bir ara öğün verilir.",
            "uk": "Після школи тихе місце з підтримкою часто на вагу золота. Наші волонтери допомагають з домашніми завданнями, читанням і лічбою.\n\nДіти з сімей з низьким доходом додатково отримують перекус.",
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
        "description": {
            "en": "Together with you we get an overview, negotiate with creditors and, if you wish, support you all the way to consumer insolvency. The advice is free of charge and strictly confidential.",
            "tr": "Sizinle birlikte genel bir durum tespiti yapar, alacaklılarla görüşür ve isterseniz tüketici iflasına kadar size eşlik ederiz. Danışmanlık ücretsizdir ve gizlilik yükümlülüğüne tabidir.",
            "uk": "Разом з вами ми складаємо загальну картину, ведемо переговори з кредиторами та за бажанням супроводжуємо вас аж до процедури банкрутства споживача. Консультація безкоштовна й конфіденційна.",
        },
    },
    "Pflegeberatung": {
        "title": {"en": "Care advice", "tr": "Bakım danışmanlığı", "uk": "Консультація з питань догляду"},
        "summary": {
            "en": "Independent advice for family carers: care levels, respite and aids.",
            "tr": "Bakım veren yakınlar için bağımsız danışmanlık: bakım derecesi, destek ve yardımcı araçlar.",
            "uk": "Незалежна консультація для родичів, які доглядають: ступінь догляду, розвантаження, допоміжні засоби.",
        },
        "description": {
            "en": "When a family member comes to need care, many questions arise. We advise you on care levels and long-term care insurance benefits, on respite services and on combining care and work.\n\nIf you wish, we will visit you at home.",
            "tr": "Bir aile üyesi bakıma muhtaç hâle geldiğinde pek çok soru ortaya çıkar. Size bakım derecesi ve bakım sigortasının hizmetleri, destek olanakları ve bakım ile işin bir arada yürütülmesi konusunda danışmanlık veririz.\n\nİsterseniz sizi evinizde ziyaret ederiz.",
            "uk": "Коли член родини потребує догляду, виникає багато запитань. Ми консультуємо вас щодо ступеня догляду та виплат страхування на випадок догляду, можливостей розвантаження та поєднання догляду з роботою.\n\nЗа бажанням ми приїдемо до вас додому.",
        },
    },
    "Deutschkurs mit Kinderbetreuung": {
        "title": {"en": "German course with childcare", "tr": "Çocuk bakımlı Almanca kursu", "uk": "Курс німецької з доглядом за дітьми"},
        "summary": {
            "en": "Learn German while your little ones are looked after next door.",
            "tr": "Küçükleriniz yan odada bakılırken Almanca öğrenin.",
            "uk": "Вивчайте німецьку, поки про малюків піклуються в сусідній кімнаті.",
        },
        "description": {
            "en": "The course is for mothers and fathers who would like to learn German. During the lessons, qualified educators look after your children in the room next door.\n\nYou can join at any time; please register beforehand.",
            "tr": "Kurs, Almanca öğrenmek isteyen anne ve babalara yöneliktir. Ders sırasında eğitmenler çocuklarınıza yan odada bakar.\n\nKursa her zaman katılabilirsiniz; lütfen önceden kayıt yaptırınız.",
            "uk": "Курс призначений для мам і тат, які хочуть вивчати німецьку. Під час занять вихователі доглядають за вашими дітьми в сусідній кімнаті.\n\nПриєднатися можна будь-коли, будь ласка, зареєструйтеся заздалегідь.",
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
