"""Public pictures reach a phone small: WebP renditions at a few widths made when the
picture is saved (never wider than the original), removed with it, and every public
``<img>`` of an upload carries ``srcset``, ``sizes``, ``width``, ``height``, ``alt``,
``loading`` and ``decoding`` (the main picture of a detail page eager with high priority).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse
from PIL import Image, features

from familienrathaus.core import images
from familienrathaus.core.selectors import site_settings
from familienrathaus.partners.models import Organisation
from tests.factories import OrganisationFactory, event_form, make_event, png_upload, published

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "familienrathaus"


def img_tag(html: str, marker: str) -> str:
    match = re.search(rf"<img [^>]*{marker}[^>]*>", html)
    assert match, f"no <img> with {marker}"
    return match.group(0)


def attr(tag: str, name: str) -> str | None:
    match = re.search(rf'\s{name}="([^"]*)"', tag)
    return match.group(1) if match else None


def stored(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_pillow_here_writes_webp():
    assert features.check("webp")


def test_a_pillow_without_webp_stops_the_site_from_starting(monkeypatch):
    monkeypatch.setattr(images.features, "check", lambda name: False)

    with pytest.raises(SystemCheckError, match="WebP"):
        call_command("check")


def test_an_events_picture_is_approved_with_renditions_and_shown_responsively(
    partner_client, coordinator_client, anon_client, organisation
):
    """The slowest path: a partner's new picture waits for review as a stored file and
    becomes the event's picture on approval; the renditions are there before anyone
    looks at the page."""
    event = make_event(organisation=organisation, title="Sommerfest")
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            title="Sommerfest",
            image_file=png_upload("Fest im Park.png", (1500, 1000), (200, 90, 30)),
            image_alt="Kinder auf der Hüpfburg",
        ),
    )
    coordinator_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "approve_changes"}
    )
    event.refresh_from_db()
    name = event.image.name
    assert re.fullmatch(r"events/images/fest-im-park-[0-9a-f]{8}\.png", name)  # never reused
    assert (event.image_width, event.image_height) == (1500, 1000)
    for width in (160, 320, 640, 960, 1280):
        with Image.open(stored(images.rendition_name(name, width))) as rendition:
            assert rendition.format == "WEBP"
            assert rendition.size == (width, round(1000 * width / 1500))

    tag = img_tag(anon_client.get(event.get_absolute_url()).content.decode(), "frh-event__image")

    assert attr(tag, "src") == event.image.url  # the original is the fallback
    srcset = attr(tag, "srcset") or ""
    assert [entry.rsplit(" ", 1)[1] for entry in srcset.split(", ")] == [
        "160w",
        "320w",
        "640w",
        "960w",
        "1280w",
    ]
    assert srcset.startswith(f"{settings.MEDIA_URL}events/images/fest-im-park-")
    assert attr(tag, "sizes")
    assert (attr(tag, "width"), attr(tag, "height")) == ("1500", "1000")
    assert attr(tag, "alt") == "Kinder auf der Hüpfburg"
    assert attr(tag, "loading") == "eager"
    assert attr(tag, "fetchpriority") == "high"
    assert attr(tag, "decoding") == "async"


def test_a_small_logo_is_never_scaled_up_and_goes_with_its_renditions(
    partner_client, anon_client, organisation, django_capture_on_commit_callbacks
):
    edit = reverse("partners:backoffice_edit", args=[organisation.pk])
    profile = {
        "name": organisation.name,
        "kind": organisation.kind,
        "description": organisation.description,
        "logo_alt": "Eine Sonnenblume",
        "website": "",
        "email": organisation.email,
        "phone": "",
        "facebook_url": "",
        "instagram_url": "",
        "mastodon_url": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(edit, {**profile, "logo": png_upload("logo.png", (300, 150))})
    organisation.refresh_from_db()
    old = organisation.logo.name
    old_files = [stored(old), stored(images.rendition_name(old, 160))]
    old_files.append(stored(images.rendition_name(old, 300)))  # its own width, no 320
    assert all(path.exists() for path in old_files)
    assert not stored(images.rendition_name(old, 320)).exists()

    card = img_tag(anon_client.get(reverse("partners:list")).content.decode(), "frh-partner-card")
    assert attr(card, "loading") == "lazy" and attr(card, "fetchpriority") is None
    assert attr(card, "sizes") == "64px"  # a 4rem square: no 320 px picture for it
    assert attr(card, "alt") == ""  # the name stands beside it
    assert (attr(card, "width"), attr(card, "height")) == ("300", "150")

    with django_capture_on_commit_callbacks(execute=True):
        partner_client.post(edit, {**profile, "logo": png_upload("logo.png", (200, 200))})
    organisation.refresh_from_db()

    assert organisation.logo.name != old
    assert not any(path.exists() for path in old_files)  # the replaced logo went, all of it
    assert (organisation.logo_width, organisation.logo_height) == (200, 200)
    assert stored(images.rendition_name(organisation.logo.name, 200)).exists()


def test_the_site_logo_is_small_and_eager_on_every_page(anon_client):
    site = site_settings()
    site.logo_alt = "Logo des Bündnisses"
    site.logo = ContentFile(png_bytes((800, 200)), name="logo.png")
    site.save()

    tag = img_tag(anon_client.get("/").content.decode(), "frh-brand__logo")

    assert attr(tag, "loading") == "eager" and attr(tag, "fetchpriority") is None
    # 3rem high, so 192 px wide: a phone at 2x takes the 640 px rendition, not more.
    assert "160w" in (attr(tag, "srcset") or "") and attr(tag, "sizes") == "192px"
    assert (attr(tag, "width"), attr(tag, "height")) == ("800", "200")


def test_an_offers_first_picture_is_the_main_one_the_others_wait(anon_client, organisation):
    offer = published(organisation=organisation)
    for number in (1, 2):
        picture = offer.images.model(offer=offer, alt_text=f"Bild {number}")
        picture.image.save("bild.png", ContentFile(png_bytes((700, 400))), save=False)
        picture.save()

    html = anon_client.get(offer.get_absolute_url()).content.decode()

    first, second = img_tag(html, 'alt="Bild 1"'), img_tag(html, 'alt="Bild 2"')
    assert attr(first, "fetchpriority") == "high" and attr(first, "loading") == "eager"
    assert attr(second, "loading") == "lazy" and attr(second, "fetchpriority") is None
    assert "700w" in (attr(second, "srcset") or "") and "960w" not in (attr(second, "srcset") or "")


def test_pictures_stored_before_renditions_get_them_from_the_command(anon_client):
    organisation = OrganisationFactory(logo_alt="Logo")
    # As an older version stored it: a file, no size, no renditions.
    name = "partners/logos/alt.png"
    stored(name).parent.mkdir(parents=True, exist_ok=True)
    stored(name).write_bytes(png_bytes((400, 100)))
    Organisation.objects.filter(pk=organisation.pk).update(logo=name)

    before = img_tag(anon_client.get(organisation.get_absolute_url()).content.decode(), "alt.png")
    assert attr(before, "srcset") is None and attr(before, "width") is None  # shown as before

    call_command("make_renditions", stdout=io.StringIO())

    organisation.refresh_from_db()
    assert (organisation.logo_width, organisation.logo_height) == (400, 100)
    after = img_tag(anon_client.get(organisation.get_absolute_url()).content.decode(), "alt.png")
    assert "400w" in (attr(after, "srcset") or "") and attr(after, "width") == "400"


def test_every_public_template_shows_uploads_through_the_picture_tag():
    """An ``<img src="{{ x.image.url }}">`` in a public page would skip srcset and sizes.
    PDFs (WeasyPrint prints the original) and the back office's review are exempt."""
    raw = re.compile(r"<img[^>]*\{\{\s*[\w.]+\.(image|logo|photo)\.url")
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if "pdf" not in str(path.relative_to(TEMPLATES))
        and "backoffice" not in str(path)
        and path.name not in {"certificate.html", "receipt.html", "letter.html", "codes.html"}
        and raw.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def png_bytes(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(out, format="PNG")
    return out.getvalue()


def test_an_upload_that_is_no_picture_shows_without_renditions(anon_client):
    organisation = OrganisationFactory(logo_alt="Logo")
    organisation.logo.save("logo.png", SimpleUploadedFile("logo.png", b"\x89PNG kaputt"))

    html = anon_client.get(organisation.get_absolute_url()).content.decode()

    tag = img_tag(html, "frh-partner__logo")
    assert attr(tag, "srcset") is None and attr(tag, "alt") == "Logo"


def test_a_replaced_picture_goes_with_its_renditions_after_the_change_is_saved(
    coordinator_client, django_capture_on_commit_callbacks
):
    event = make_event(title="Lesenacht")
    edit = f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/"
    upload = png_upload("nacht.png", (700, 300))
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            edit, event_form(title="Lesenacht", image_file=upload, image_alt="Bücher")
        )
    assert response.status_code == 302
    event.refresh_from_db()
    old = [stored(event.image.name), stored(images.rendition_name(event.image.name, 640))]
    assert all(path.exists() for path in old)

    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            edit,
            event_form(
                title="Lesenacht", image_file=png_upload("neu.png", (500, 300)), image_alt="Buch"
            ),
        )
    event.refresh_from_db()

    assert event.image.name.startswith("events/images/neu-")
    assert stored(images.rendition_name(event.image.name, 500)).exists()
    assert not any(path.exists() for path in old)


def test_a_deleted_rows_picture_goes_unless_another_row_shows_it(
    django_capture_on_commit_callbacks,
):
    first = OrganisationFactory()
    first.logo.save("logo.png", ContentFile(png_bytes((200, 100))))
    copy = OrganisationFactory(logo=first.logo.name)  # e.g. copied with its picture
    files = [stored(first.logo.name), stored(images.rendition_name(first.logo.name, 160))]

    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert all(path.exists() for path in files)  # the copy still shows it

    with django_capture_on_commit_callbacks(execute=True):
        copy.delete()
    assert not any(path.exists() for path in files)
