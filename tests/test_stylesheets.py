"""One stylesheet per page: the bundles scripts/build_css.mjs builds (issue 22).

Every page links exactly one stylesheet, public.css or (back office, workspaces)
backoffice.css, preloads the Latin Fira Sans and carries the alliance's colours in an
inline <style> its Content-Security-Policy allows by hash. The bundles keep every KERN
class and custom property our templates, Python and scripts can ask for (PurgeCSS must
not over-purge), and every per-app stylesheet is in a bundle or is a print stylesheet.

The bundles are build output (`make setup` builds them); these tests read them there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from pathlib import Path

import pytest
from django.urls import reverse

from familienrathaus.core.models import SiteSettings

ROOT = Path(__file__).resolve().parent.parent
BUNDLES = ROOT / "build" / "frontend" / "bundles"
FONTS = ROOT / "build" / "frontend" / "fonts"
KERN = ROOT / "node_modules" / "@kern-ux" / "native" / "dist" / "kern.min.css"
APP = ROOT / "familienrathaus"

STYLESHEET_LINK = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>")
CLASS_IN_CSS = re.compile(r"\.(kern-[A-Za-z0-9_-]+)")
PROPERTY_IN_CSS = re.compile(r"(--kern-[A-Za-z0-9_-]+)\s*:")
KERN_WORD = re.compile(r"kern-[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+|--[A-Za-z0-9_]+|__[A-Za-z0-9_]+)*")
# "kern-alert--{% if … %}danger…", "kern-form-check__{{ attrs.type }}"
COMPOSED = re.compile(r"(kern-[A-Za-z0-9_-]*?(?:--|__))(?:\{\{|\{%|\{|\$\{|\" ?\+|' ?\+)")


@cache
def bundle(name: str) -> str:
    path = BUNDLES / name
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make setup` (node scripts/build_css.mjs)")
    return path.read_text()


@cache
def manifest() -> dict:
    return json.loads(bundle("manifest.json"))


def our_sources() -> list[Path]:
    """What PurgeCSS reads: templates, Python and our scripts."""
    return [
        *APP.rglob("*.html"),
        *(p for p in APP.rglob("*.py") if "__pycache__" not in p.parts),
        *(p for p in APP.rglob("*.js") if "static" in p.parts),
    ]


def kern_selectors() -> list[str]:
    """Every selector of KERN's rules (lists split at their top-level commas)."""
    selectors = []
    for head in re.findall(r"([^{};]+)\{", KERN.read_text()):
        if head.strip().startswith("@"):
            continue
        depth, start = 0, 0
        for i, char in enumerate(head):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if char == "," and depth == 0:
                selectors.append(head[start:i])
                start = i + 1
        selectors.append(head[start:])
    return selectors


def stylesheets_of(html: str) -> list[str]:
    """The render-blocking stylesheets a page links (media="print" ones do not block)."""
    return [link for link in STYLESHEET_LINK.findall(html) if 'media="print"' not in link]


def csp_allows_inline_styles(response) -> bool:
    html = response.content.decode()
    policy = response["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    assert styles, "no inline style"
    for css in styles:
        digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
        if f"'sha256-{digest}'" not in style_src:
            return False
    return "'unsafe-inline'" not in style_src


# --------------------------------------------------------------------------- pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/angebote/", "/veranstaltungen/", "/karte/", "/anliegen/", "/konto/login/"]
)
def test_public_page_links_only_the_public_bundle(anon_client, url):
    response = anon_client.get(url, follow=True)
    html = response.content.decode()

    assert response.status_code == 200
    [link] = stylesheets_of(html)
    assert "/static/bundles/public.css" in link
    assert "theme.css" not in html
    assert csp_allows_inline_styles(response)
    preload = re.search(r"<link rel=\"preload\"[^>]*>", html)
    assert preload and "fonts/fira-sans-latin-400-normal.woff2" in preload.group(0)
    assert 'as="font"' in preload.group(0) and "crossorigin" in preload.group(0)


@pytest.mark.django_db
def test_back_office_links_only_the_back_office_bundle(coordinator_client):
    response = coordinator_client.get(reverse("core:site_settings"))

    [link] = stylesheets_of(response.content.decode())
    assert "/static/bundles/backoffice.css" in link
    assert csp_allows_inline_styles(response)


@pytest.mark.django_db
def test_new_colour_is_inlined_and_allowed(anon_client):
    SiteSettings.objects.update_or_create(pk=1, defaults={"primary_colour": "#1a5e20"})

    response = anon_client.get("/")

    assert "--kern-color-action-default: #1a5e20;" in response.content.decode()
    assert csp_allows_inline_styles(response)


def test_templates_link_no_stylesheet_but_the_bundles():
    allowed = {"bundles/public.css", "bundles/backoffice.css"}
    stray = []
    for template in APP.rglob("*.html"):
        if template.match("ninja/swagger.html"):  # the API's Swagger UI brings its own
            continue
        for link in stylesheets_of(template.read_text()):
            if not any(name in link for name in allowed):
                stray.append(f"{template.relative_to(ROOT)}: {link}")
    assert stray == []


# --------------------------------------------------------------------------- bundles


def test_every_stylesheet_is_bundled_or_for_print():
    public = set(manifest()["public.css"]["sources"])
    backoffice = set(manifest()["backoffice.css"]["sources"])
    print_only = set(manifest()["print"])
    found = {
        "/".join(css.relative_to(static).parts)
        for static in APP.rglob("static")
        for css in static.rglob("*.css")
    }

    assert public <= backoffice
    assert found == backoffice | print_only
    for name in found - print_only:
        css = next(APP.rglob(f"static/{name}")).read_text()
        first_class = re.search(r"\.(frh-[A-Za-z0-9_-]+)", css)
        if first_class:
            assert f".{first_class.group(1)}" in bundle("backoffice.css"), name
            if name in public:
                assert f".{first_class.group(1)}" in bundle("public.css"), name


def test_kern_classes_we_name_are_in_the_bundles():
    """The over-purging guard: each KERN class our code names survives PurgeCSS."""
    kern_classes = set(CLASS_IN_CSS.findall(KERN.read_text()))
    ours: dict[str, str] = {}
    composed: dict[str, str] = {}
    for source in our_sources():
        text = source.read_text(errors="replace")
        for word in KERN_WORD.findall(text):
            ours.setdefault(word, str(source.relative_to(ROOT)))
        for prefix in COMPOSED.findall(text):
            composed.setdefault(prefix, str(source.relative_to(ROOT)))
    # A composed class keeps its whole family in the bundle (safelist in build_css.mjs).
    assert {p for p in composed if any(c.startswith(p) for c in kern_classes)} <= set(
        manifest()["safelist_prefixes"]
    ), composed
    named = {c for c in kern_classes if c in ours}
    named |= {c for c in kern_classes for p in composed if c.startswith(p)}
    # A class must stay when a KERN selector with it names only classes we use
    # (".kern-table--striped .kern-table__row" goes when nobody stripes a table).
    wanted = {
        c
        for selector in kern_selectors()
        if (classes := set(CLASS_IN_CSS.findall(selector))) and classes <= named
        for c in classes
    }
    assert len(wanted) > 50  # the collection works
    for name in ("public.css", "backoffice.css"):
        kept = set(CLASS_IN_CSS.findall(bundle(name)))
        missing = {c: ours.get(c, "composed") for c in wanted - kept}
        assert missing == {}, name


def test_kern_custom_properties_all_survive():
    """Rules that only set KERN's variables (themes, colour layers) are never purged."""
    kern = set(PROPERTY_IN_CSS.findall(KERN.read_text()))
    for name in ("public.css", "backoffice.css"):
        assert kern - set(PROPERTY_IN_CSS.findall(bundle(name))) == set(), name
    # The colour layer every component reads its "-contextual" colours from.
    assert ":is(body," in bundle("public.css")


def test_fonts_are_two_weights_of_four_subsets():
    css = bundle("public.css")
    faces = re.findall(r"@font-face\{(font-family:Fira Sans;[^}]*)\}", css)

    assert len(faces) == 8
    for face in faces:
        assert "font-display:swap" in face
        assert "unicode-range:" in face
        file = re.search(r"url\(\.\./fonts/([^)]+\.woff2)\)", face)
        assert file and (FONTS / file.group(1)).exists()
    weights = sorted(set(re.findall(r"font-weight:([^;]+)", "".join(faces))))
    assert weights == ["400", "500 700"]
    subsets = set(re.findall(r"fira-sans-([a-z-]+)-\d00-normal\.woff2", css))
    assert subsets == {"latin", "latin-ext", "cyrillic", "cyrillic-ext"}
    # Overlapping ranges (ı, combining accents): the face defined last wins, and that must
    # be Latin, or a German page naming "Yılmaz" loads Latin Extended as well.
    for weight in ("400", "600"):
        files = re.findall(rf"fira-sans-([a-z-]+)-{weight}-normal\.woff2", css)
        assert files[-1] == "latin", files
    assert "vendor/kern/fonts" not in css and "vendor/kern/fonts" not in bundle("backoffice.css")


def test_until_fira_sans_arrives_a_font_of_the_phone_stands_in_at_its_size():
    css = bundle("public.css")
    # Scaled local fallbacks (no download) for iPhones, Android phones and Linux, each
    # for both weights; KERN's font variable names them after Fira Sans.
    fallbacks = re.findall(r"@font-face\{font-family:(Fira Sans \w+);([^}]*)\}", css)
    assert sorted({family for family, _ in fallbacks}) == [
        "Fira Sans Arial",
        "Fira Sans DejaVu",
        "Fira Sans Roboto",
    ]
    assert len(fallbacks) == 6
    for _, face in fallbacks:
        assert "src:local(" in face and "url(" not in face
        assert "size-adjust:" in face and "ascent-override:" in face
    # (Noto Sans Arabic, after Fira Sans, has only Arabic letters: tests/test_rtl.py.)
    assert re.search(
        r"--kern-typography-font-family-fira-sans:\"?Fira Sans\"?,"
        r"(?:\"?Noto Sans Arabic\"?,)?\"?Fira Sans Arial",
        css,
    )
