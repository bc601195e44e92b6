"""familienrathaus.core.uploads: pictures re-encoded without metadata, PDFs checked."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from familienrathaus.core import uploads
from tests.factories.documents import pdf_bytes

GPS_TAG = 0x8825
MAKE_TAG = 0x010F
ORIENTATION_TAG = 0x0112


def picture(fmt: str = "PNG", size: tuple[int, int] = (40, 20), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    kwargs = {}
    if exif:
        data = Image.Exif()
        data[MAKE_TAG] = "Kamera Seriennummer 4711"
        data[GPS_TAG] = {1: "N", 2: (51.0, 24.0, 0.0)}
        kwargs["exif"] = data.tobytes()
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def upload(content: bytes, name: str = "logo.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(("fmt", "ext"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_png_jpeg_and_webp_are_accepted_and_keep_their_format(fmt, ext):
    cleaned = uploads.clean_image(upload(picture(fmt), name="Unser Logo.bin"), 5_000_000)

    assert cleaned.name == f"unser-logo.{ext}"
    with Image.open(io.BytesIO(cleaned.read())) as image:
        assert image.format == fmt
        assert image.size == (40, 20)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_exif_with_gps_position_and_camera_is_stripped(fmt):
    original = picture(fmt, exif=True)
    with Image.open(io.BytesIO(original)) as image:
        assert image.getexif().get(MAKE_TAG)  # the test picture really carries EXIF

    cleaned = uploads.clean_image(upload(original), 5_000_000).read()

    with Image.open(io.BytesIO(cleaned)) as image:
        assert dict(image.getexif()) == {}
        assert "exif" not in image.info
    assert b"Seriennummer" not in cleaned


def test_the_exif_orientation_is_applied_to_the_pixels_before_stripping():
    image = Image.new("RGB", (40, 20), (0, 0, 255))
    exif = Image.Exif()
    exif[ORIENTATION_TAG] = 6  # "rotate 90° clockwise to display"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())

    cleaned = uploads.clean_image(upload(out.getvalue(), "foto.jpg"), 5_000_000)

    with Image.open(cleaned) as result:
        assert result.size == (20, 40)
        assert ORIENTATION_TAG not in result.getexif()


def test_data_hidden_after_the_image_is_dropped():
    hidden = b"<script>alert(1)</script>"
    cleaned = uploads.clean_image(upload(picture("PNG") + hidden), 5_000_000).read()

    assert hidden not in cleaned


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "logo.png"),
        (b"%PDF-1.7\n1 0 obj\n", "logo.jpg"),
        (picture("GIF"), "logo.gif"),
        (picture("BMP"), "logo.png"),
        (picture("PNG")[:60], "cut-off.png"),
    ],
    ids=["html-named-png", "pdf-named-jpg", "gif", "bmp-named-png", "truncated-png"],
)
def test_anything_but_a_complete_png_jpeg_or_webp_is_refused(content, name):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(content, name), 5_000_000)

    assert error.value.code == "invalid_image"
    assert "PNG, JPEG or WebP" in error.value.messages[0]


def test_an_image_above_the_size_limit_is_refused_before_decoding():
    content = picture("PNG")
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(content), len(content) - 1)

    assert error.value.code == "file_too_large"


def test_the_default_image_limit_is_five_megabytes():
    big = upload(b"\x89PNG" + b"\0" * (5 * 1024 * 1024))
    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.clean_image(big)

    assert error.value.code == "file_too_large"
    assert "at most 5\xa0MB" in error.value.messages[0]


def test_a_decompression_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "IMAGE_MAX_PIXELS", 100)

    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(picture("PNG", size=(20, 20))), 5_000_000)

    assert error.value.code == "too_many_pixels"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        uploads.clean_image(upload(b""), 5_000_000)

    assert error.value.code == "empty_file"


def test_a_pdf_passes_and_can_be_read_again():
    document = upload(pdf_bytes(), "flyer.pdf", "application/pdf")

    uploads.check_pdf(document, 10_000_000)

    assert document.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "content", [picture("PNG"), b"<html>%PDF-</html>", b"MZ\x90\x00 not a pdf"]
)
def test_a_file_without_the_pdf_magic_bytes_is_refused(content):
    with pytest.raises(ValidationError) as error:
        uploads.check_pdf(upload(content, "flyer.pdf", "application/pdf"), 10_000_000)

    assert error.value.code == "invalid_pdf"


def test_a_pdf_above_ten_megabytes_is_refused():
    big = upload(b"%PDF-" + b"0" * (10 * 1024 * 1024), "gross.pdf", "application/pdf")

    with pytest.raises(ValidationError) as error:
        uploads.check_pdf(big)

    assert error.value.code == "file_too_large"
