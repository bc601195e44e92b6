"""Beispieldorf's demo survey: a short draft questionnaire about childcare in the
village, which Beispieldorf shares in the template library (library/demo.py)."""

from __future__ import annotations

from familienrathaus.surveys.demo import K, Spec, _build, _channels
from familienrathaus.surveys.models import Survey

SLUG = "kurzbefragung-kinderbetreuung"

PAGES: list[tuple[str, list[Spec]]] = [
    (
        "Kinderbetreuung im Dorf",
        [
            Spec(
                K.SINGLE,
                "betreuung",
                "Wie wird Ihr jüngstes Kind tagsüber betreut?",
                ["Kita im Dorf", "Kita im Nachbarort", "Tagespflege", "zu Hause"],
            ),
            Spec(
                K.SCALE,
                "zufrieden",
                "Wie zufrieden sind Sie mit den Öffnungszeiten?",
                extra={"scale_min_label_de": "gar nicht", "scale_max_label_de": "sehr"},
            ),
            Spec(
                K.MULTIPLE,
                "wuensche",
                "Was würde Ihrer Familie helfen?",
                ["längere Öffnungszeiten", "Ferienbetreuung", "ein Fahrdienst"],
                extra={"allow_other": True},
            ),
            Spec(K.TEXT, "anmerkung", "Möchten Sie uns noch etwas sagen?"),
        ],
    )
]


def load() -> int:
    if Survey.objects.filter(slug=SLUG).exists():
        return 0
    survey = Survey.objects.create(
        slug=SLUG,
        title_de="Kurzbefragung Kinderbetreuung",
        title_en="Short survey on childcare",
        intro_de="Vier Fragen zur Kinderbetreuung in Beispieldorf; es dauert zwei Minuten.",
        thanks_text_de="Vielen Dank!",
        access=Survey.Access.ANONYMOUS,
        status=Survey.Status.DRAFT,
    )
    _build(survey, PAGES)
    _channels(survey, [])
    return 1
