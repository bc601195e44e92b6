"""Arabic reads from right to left (issue 20, point 2).

* Our CSS (every stylesheet under ``familienrathaus/**/static/``, the inline ``<style>``
  blocks and ``style=""`` attributes of our templates) writes no physical left/right:
  ``margin-inline-start`` instead of ``margin-left``, ``text-align: start``, ``float:
  inline-end``, no four-value ``margin``/``padding`` with different sides. Then one
  stylesheet serves both directions.
* Arabic pages, the back office, the Infobrief mail and every PDF say ``dir="rtl"``.
* The Arabic font (Noto Sans Arabic) is preloaded on Arabic pages only; its faces in the
  bundle carry the Arabic unicode-range, so other pages never download it; a PDF with
  Arabic text embeds it instead of boxes or a system font.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from familienrathaus.core.models import SiteSettings
from familienrathaus.guide import printing
from familienrathaus.guide.printing import render_pdf

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "familienrathaus"
BUNDLES = ROOT / "build" / "frontend" / "bundles"
FONTS = ROOT / "build" / "frontend" / "fonts"
ARABIC_FONT = "noto-sans-arabic-arabic-400-normal.woff2"

# ----------------------------------------------------------------------------- the grep

PHYSICAL_PROPERTY = re.compile(
    r"(?<![-\w])(?:(?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)"
    r"(?:-\w+)?|border-(?:top|bottom)-(?:left|right)-radius|left|right)\s*:",
    re.IGNORECASE,
)
PHYSICAL_VALUE = re.compile(
    r"(?<![-\w])(?:float|clear|text-align|text-align-last|caption-side|resize)\s*:\s*"
    r"(?:left|right)\b",
    re.IGNORECASE,
)
FOUR_SIDES = re.compile(
    r"(?<![-\w])(margin|padding|inset|border-width|border-style|border-color|scroll-margin|"
    r"scroll-padding)\s*:\s*([^;{}]+)",
    re.IGNORECASE,
)
RADIUS = re.compile(r"(?<![-\w])border-radius\s*:\s*([^;{}]+)", re.IGNORECASE)
VALUE = re.compile(r"[\w.%#-]+\((?:[^()]|\([^()]*\))*\)|[^\s,/]+")
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\bstyle=\"([^\"]*)\"|\bstyle='([^']*)'", re.IGNORECASE)


def physical(css: str) -> list[str]:
    """The declarations of ``css`` that name a physical side (left or right)."""
    css = COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), css)
    found = []
    for number, line in enumerate(css.splitlines(), 1):
        hits = [m.group(0) for m in PHYSICAL_PROPERTY.finditer(line)]
        hits += [m.group(0) for m in PHYSICAL_VALUE.finditer(line)]
        for match in FOUR_SIDES.finditer(line):
            values = VALUE.findall(match.group(2).replace("!important", ""))
            if len(values) == 4 and values[1] != values[3]:
                hits.append(match.group(0).strip())
        for match in RADIUS.finditer(line):
            corners = VALUE.findall(match.group(1).split("/")[0].replace("!important", ""))
            if len(corners) > 1 and len(set(corners)) > 1:
                hits.append(match.group(0).strip())
        found += [f"{number}: {hit}" for hit in hits]
    return found


def code_points(ranges: str) -> list[tuple[int, int]]:
    """``U+600-6FF`` or ``U+6??`` (as the minifier writes it) → (0x600, 0x6FF)."""
    found = []
    for start, end in re.findall(r"U\+([0-9A-F?]+)(?:-([0-9A-F]+))?", ranges.upper()):
        low, high = start.replace("?", "0"), (end or start.replace("?", "F"))
        found.append((int(low, 16), int(high, 16)))
    return found


def our_stylesheets() -> list[Path]:
    return sorted(
        path
        for path in APP.rglob("*.css")
        if "static" in path.parts and "node_modules" not in path.parts
    )


def our_templates() -> list[Path]:
    return sorted(path for path in APP.rglob("*.html") if "node_modules" not in path.parts)


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-left: 1rem; }",
        ".a { padding-right: 0; }",
        ".a { border-left: 4px solid red; }",
        ".a { border-right-color: red; }",
        ".a { position: absolute; left: 0; }",
        ".a {\n  right: 2rem;\n}",
        ".a { float: right; }",
        ".a { clear: left; }",
        ".a { text-align: left; }",
        ".a { margin: 0 0 .5rem 1rem; }",
        ".a { padding: 1mm 0 1mm 2mm; }",
        ".a { inset: 0 auto 0 0; }",
        ".a { border-radius: 0 4px 4px 0; }",
        ".a { border-top-left-radius: 4px; }",
    ],
)
def test_the_check_finds_a_physical_side(css: str) -> None:
    assert physical(css), css


@pytest.mark.parametrize(
    "css",
    [
        ".a { margin-inline-start: 1rem; padding-inline: 0 1rem; }",
        ".a { inset-inline-end: 0; border-inline-start: 4px solid red; }",
        ".a { float: inline-end; clear: both; text-align: start; }",
        ".a { margin: 0 auto; padding: 1rem 2rem 0; margin: 1px 2px 3px 2px; }",
        ".a { border-radius: 4px; border-radius: 50% / 10%; }",
        ".a { justify-content: flex-start; } /* no margin-left here */",
        ".frh-leftover { color: red; } .b { --x-left: 1; }",
    ],
)
def test_the_check_lets_logical_properties_pass(css: str) -> None:
    assert physical(css) == [], css


def test_our_stylesheets_use_logical_properties_only() -> None:
    stylesheets = our_stylesheets()
    assert len(stylesheets) > 30 and any(p.name == "rtl.css" for p in stylesheets)
    found = [
        f"{path.relative_to(ROOT)}:{hit}"
        for path in stylesheets
        for hit in physical(path.read_text(encoding="utf-8"))
    ]
    assert found == [], "Physical left/right in our CSS:\n" + "\n".join(found)


def test_our_templates_inline_styles_use_logical_properties_only() -> None:
    found = []
    for path in our_templates():
        text = path.read_text(encoding="utf-8")
        blocks = [m.group(1) for m in STYLE_BLOCK.finditer(text)]
        blocks += [m.group(1) or m.group(2) or "" for m in STYLE_ATTRIBUTE.finditer(text)]
        found += [f"{path.relative_to(ROOT)}: {hit}" for css in blocks for hit in physical(css)]
    assert found == [], "Physical left/right in our templates' styles:\n" + "\n".join(found)


def test_arrows_in_templates_are_direction_icons() -> None:
    """An arrow between two things ("before → after", "← Week 2") points the other way in
    Arabic: each is a .frh-icon--dir that rtl.css mirrors."""
    arrow = re.compile(r"(<span class=\"frh-icon--dir\" aria-hidden=\"true\">)?([←→])")
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in our_templates()
        if "pdf" not in path.parts and "mail" not in path.parts
        for match in arrow.finditer(path.read_text(encoding="utf-8"))
        if not match.group(1)
    ]
    assert found == [], "Arrows that do not turn round in Arabic:\n" + "\n".join(found)


def test_direction_icons_are_mirrored_on_rtl_pages() -> None:
    css = (APP / "static" / "frh" / "rtl.css").read_text()
    assert re.search(r'\[dir="rtl"\] \.frh-icon--dir \{ transform: scaleX\(-1\); \}', css)
    bundle = (BUNDLES / "public.css").read_text()
    assert ".frh-icon--dir" in bundle and "scaleX(-1)" in bundle


# ----------------------------------------------------------------------------- pages


def page_in(client: Client, language: str, path: str = "/") -> str:
    """The page at ``path`` as a visitor who chose ``language`` in the header sees it."""
    response = client.get(
        "/sprache/",
        {"language": language, "next": path},
        follow=True,
        headers={"accept-language": language},
    )
    assert response.status_code == 200
    return response.content.decode()


def html_tag(page: str) -> str:
    match = re.search(r"<html\b[^>]*>", page)
    assert match
    return match.group(0)


@pytest.mark.django_db
def test_arabic_pages_run_right_to_left_and_preload_the_arabic_font(client: Client) -> None:
    page = page_in(client, "ar")
    assert 'lang="ar"' in html_tag(page) and 'dir="rtl"' in html_tag(page)
    preloads = re.findall(r"<link\b[^>]*rel=\"preload\"[^>]*>", page)
    assert any(
        ARABIC_FONT in link and 'as="font"' in link and "crossorigin" in link for link in preloads
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["de", "uk", "tr"])
def test_other_pages_run_left_to_right_without_the_arabic_font(
    client: Client, language: str
) -> None:
    page = page_in(client, language)
    assert 'dir="ltr"' in html_tag(page)
    assert ARABIC_FONT not in page


@pytest.mark.django_db
def test_the_back_office_runs_right_to_left_in_arabic(coordinator_client: Client) -> None:
    page = page_in(coordinator_client, "ar", "/verwaltung/")
    assert 'dir="rtl"' in html_tag(page)


@pytest.mark.django_db
def test_contact_phone_and_email_stay_left_to_right_in_the_footer(client: Client) -> None:
    SiteSettings.objects.update_or_create(
        pk=1,
        defaults={
            "contact_email": "familienbuero@musterstadt.example",
            "contact_phone": "+49 2324 12345",
            "contact_address": "Rathausplatz 1\n12345 Musterstadt",
        },
    )
    page = page_in(client, "ar")
    mail_link = re.search(r'<a\b[^>]*href="mailto:familienbuero@musterstadt.example"[^>]*>', page)
    assert mail_link and 'dir="ltr"' in mail_link.group(0)
    assert '<span dir="ltr">+49 2324 12345</span>' in page
    # The address as written (German) keeps its word order: "12345 Musterstadt".
    assert "<bdi>Rathausplatz 1</bdi><br><bdi>12345 Musterstadt</bdi>" in page


# ----------------------------------------------------------------------------- fonts


def test_the_arabic_font_loads_only_for_arabic_letters() -> None:
    for name in ("public.css", "backoffice.css"):
        css = (BUNDLES / name).read_text()
        faces = re.findall(r"@font-face\{font-family:\"?Noto Sans Arabic\"?;([^}]*)\}", css)
        assert len(faces) == 2, name  # 400 and 600
        for face in faces:
            assert "font-display:swap" in face
            ranges = re.search(r"unicode-range:([^;}]+)", face)
            assert ranges and (0x600, 0x6FF) in code_points(ranges.group(1))
            # Nothing of Latin or Cyrillic: a German, Turkish or Ukrainian page never asks.
            assert all(start >= 0x600 for start, _ in code_points(ranges.group(1))), face
            file = re.search(r"url\(\.\./fonts/([^)]+\.woff2)\)", face)
            assert file and (FONTS / file.group(1)).exists()
        # KERN's own value comes first in the bundle, ours (which counts) last.
        stack = re.findall(r"--kern-typography-font-family-fira-sans:([^;}]+)", css)[-1]
        assert re.match(r'"?Fira Sans"?,"?Noto Sans Arabic"?,', stack), stack


def test_cyrillic_fira_sans_loads_only_for_cyrillic_letters() -> None:
    css = (BUNDLES / "public.css").read_text()
    faces = re.findall(r"@font-face\{font-family:\"?Fira Sans\"?;([^}]*cyrillic[^}]*)\}", css)
    assert len(faces) == 4  # cyrillic and cyrillic-ext, 400 and 600
    for face in faces:
        ranges = re.search(r"unicode-range:([^;}]+)", face)
        assert ranges
        for start, end in code_points(ranges.group(1)):
            # No ASCII and no German letters (ä ö ü ß, U+00C0–U+00FF) in a Cyrillic face.
            assert start > 0xFF or end < 0x20, face


# ----------------------------------------------------------------------------- PDFs and mail


@pytest.mark.parametrize(
    "template",
    [
        "guide/pdf/base.html",
        "holidays/pdf/my_bookings.html",
        "welcome/guide/letter.html",
        "newsletter/mail/edition.html",
    ],
)
def test_pdf_and_mail_documents_carry_the_direction_of_their_language(template: str) -> None:
    source = next(APP.rglob(f"templates/{template}")).read_text()
    assert 'dir="{% if language|default:"de"|language_bidi %}rtl{% else %}ltr{% endif %}"' in source


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "direction"), [("ar", "rtl"), ("de", "ltr"), ("uk", "ltr")])
def test_the_printed_guide_runs_in_the_direction_of_its_language(
    language: str, direction: str
) -> None:
    site = SiteSettings.objects.get_or_create(pk=1)[0]
    rendered = render_to_string(
        "guide/pdf/base.html", {"language": language, "site": site, "title": "x"}
    )
    assert f'<html lang="{language}" dir="{direction}">' in rendered


def test_every_print_stylesheet_has_the_arabic_font_after_fira_sans() -> None:
    for path in our_stylesheets():
        css = path.read_text()
        if "@font-face" not in css or "Fira Sans" not in css or path.name == "pdf-fonts.css":
            continue
        assert re.search(r'font-family: "Fira Sans", "Noto Sans Arabic"', css), path


@pytest.mark.django_db
def test_a_pdf_in_arabic_embeds_the_arabic_font_and_keeps_the_text() -> None:
    html = (
        '<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">'
        "<title>رسالة ترحيب</title></head><body>"
        "<h1>مرحبا بطفلكم</h1><p>موعد الفحص U3 في <bdi>Musterstadt</bdi>: 12.03.2027</p>"
        "</body></html>"
    )
    with translation.override("ar"):
        pdf = render_pdf(html, stylesheets=["welcome/guide_letter.css"]).content
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        resources: Any = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).replace("-", ""))
    assert any("NotoSansArabic" in name for name in fonts), fonts
    assert any("FiraSans" in name for name in fonts), fonts  # the Latin part stays Fira Sans
    text = "".join(page.extract_text() for page in reader.pages)
    # The letters are there (not boxes): extraction gives back Arabic characters.
    assert re.search(r"[\u0600-\u06ff]{3}", text), text
    assert "Musterstadt" in text


@pytest.mark.django_db
def test_a_pdf_without_arabic_letters_does_not_load_the_arabic_font(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fetched: list[str] = []
    local_file = printing.local_file

    def recording(url: str) -> tuple[bytes, dict[str, str]]:
        fetched.append(url)
        return local_file(url)

    monkeypatch.setattr(printing, "local_file", recording)
    html = '<!DOCTYPE html><html lang="de"><head><title>Brief</title></head><body><p>Hallo</p>'
    render_pdf(html + "</body></html>", stylesheets=["welcome/guide_letter.css"])
    assert any("FiraSans" in url for url in fetched), fetched
    assert not any("noto-sans-arabic" in url for url in fetched), fetched
    fetched.clear()
    render_pdf(html + "<p>مرحبا</p></body></html>", stylesheets=["welcome/guide_letter.css"])
    assert any("noto-sans-arabic-arabic-400" in url for url in fetched), fetched
