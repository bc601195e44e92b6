"""One alliance out of the install and back in (core.operators.transfer, importer):
the dump holds every row, account and file of the alliance and nothing of another; an
import under new keys, next to other alliances' rows with the same keys, round-trips."""

from __future__ import annotations

import json
import zipfile
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from familienrathaus.concerns.models import Attachment, Concern
from familienrathaus.core import audit, tenancy
from familienrathaus.core.models import AuditEntry, Theme, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.operators import importer, transfer
from familienrathaus.holidays.models import Child
from familienrathaus.offers.models import Offer, OfferImage
from familienrathaus.places.models import Place
from tests.factories import UserFactory
from tests.factories.concerns import AttachmentFactory, ConcernFactory
from tests.factories.core import png_upload
from tests.factories.holidays import ChildFactory
from tests.factories.offers import OfferFactory
from tests.factories.places import PlaceFactory, kind

pytestmark = pytest.mark.django_db


def fill(alliance: Any, town: str) -> dict[str, Any]:
    """The same kinds of rows in each alliance: an offer with themes, a picture and an
    author, a place with kinds, a child of a family, a concern merged into another with
    a private attachment, audit entries naming the offer."""
    with tenancy.activate(alliance):
        coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination@{town}.example")
        family = UserFactory(role=Role.FAMILY, email=f"familie@{town}.example")
        offer = OfferFactory(
            title=f"Elterncafé {town}",
            slug="elterncafe",
            created_by=coordinator,
            themes=list(Theme.objects.order_by("pk")[:2]),
        )
        picture = OfferImage.objects.create(
            offer=offer, image=png_upload(f"{town}.png"), alt_text="Bild"
        )
        place = PlaceFactory(slug="rathaus", kinds=[kind("familienzentrum")])
        child = ChildFactory(family=family, first_name=f"Kind aus {town}")
        first = ConcernFactory(text=f"Anliegen aus {town}")
        second = ConcernFactory(text=f"Noch eins aus {town}")
        first.merged_into = second  # a key to a later row of the same model
        first.save(update_fields=["merged_into"])
        attachment = AttachmentFactory(concern=second)
        audit.record(actor=coordinator, action="offer.update", obj=offer, changes={"a": 1})
    return {
        "offer": offer,
        "picture": picture,
        "place": place,
        "child": child,
        "concern": first,
        "attachment": attachment,
        "coordinator": coordinator,
    }


@pytest.fixture
def two_towns(second_alliance: Any) -> dict[str, Any]:
    first = tenancy.first()
    return {"town": fill(first, "musterstadt"), "village": fill(second_alliance, "beispieldorf")}


def counts(alliance: Any) -> dict[str, int]:
    with tenancy.unscoped():
        return {
            transfer.key(model): model._base_manager.filter(alliance=alliance).count()
            for model in transfer.content_models()
        }


def test_the_dump_holds_the_alliance_and_nothing_of_another(
    two_towns: dict[str, Any], second_alliance: Any, tmp_path: Path
) -> None:
    dump = tmp_path / "beispieldorf.zip"
    out = StringIO()
    call_command("export_alliance", "beispieldorf", str(dump), stdout=out)
    assert "Exported beispieldorf" in out.getvalue()
    assert dump.stat().st_mode & 0o777 == 0o600  # personal data: for the operator only
    with zipfile.ZipFile(dump) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = archive.read("rows.jsonl").decode()
        names = archive.namelist()
    assert manifest["format"] == 1 and manifest["alliance"] == "beispieldorf"
    assert manifest["counts"]["offers.offer"] == 1
    assert (
        manifest["counts"]["core.alliancemembership"]
        == counts(second_alliance)["core.alliancemembership"]
    )
    assert "Elterncafé beispieldorf" in rows and "Kind aus beispieldorf" in rows
    for town in ("Elterncafé musterstadt", "Kind aus musterstadt", "@musterstadt.example"):
        assert town not in rows
    # The accounts its rows name, with their e-mail addresses; not the other town's.
    assert "koordination@beispieldorf.example" in rows
    assert "familie@beispieldorf.example" in rows
    village = two_towns["village"]
    assert f"media/{village['picture'].image.name}" in names
    assert f"private/{village['attachment'].file.name}" in names
    assert f"media/{two_towns['town']['picture'].image.name}" not in names


def test_import_under_another_short_name_gets_new_keys_and_round_trips(
    two_towns: dict[str, Any], second_alliance: Any, tmp_path: Path
) -> None:
    town_before = counts(tenancy.first())
    village_before = counts(second_alliance)
    dump = tmp_path / "beispieldorf.zip"
    transfer.export_alliance(second_alliance, dump)

    summary = importer.import_alliance(dump, slug="kopie")

    copy = tenancy.alliances("kopie")[0]
    assert summary.slug == "kopie"
    assert counts(copy) == village_before  # every row, one for one
    assert counts(tenancy.first()) == town_before  # the others untouched
    assert counts(second_alliance) == village_before
    with tenancy.activate(copy):
        offer = Offer.objects.get()
        assert offer.pk != two_towns["village"]["offer"].pk  # a key of its own
        assert offer.title == "Elterncafé beispieldorf" and offer.slug == "elterncafe"
        themes = sorted(offer.themes.values_list("slug", flat=True))
    with tenancy.activate(second_alliance):
        village_offer = two_towns["village"]["offer"]
        assert themes == sorted(village_offer.themes.values_list("slug", flat=True))
        assert len(themes) == 2
    with tenancy.activate(copy):
        assert offer.created_by.email == "koordination@beispieldorf.example"
        # The file is there, with the same content, under a name of its own.
        image = offer.images.get().image
        assert image.read() == two_towns["village"]["picture"].image.open("rb").read()
        assert Place.objects.get().kinds.get().slug == "familienzentrum"
        merged = Concern.objects.get(merged_into__isnull=False)
        assert merged.merged_into.text == "Noch eins aus beispieldorf"
        assert Attachment.objects.get().file.read() == b"\x89PNG\r\n\x1a\n"
        entry = AuditEntry.objects.get(action="offer.update")
        assert entry.object_id == str(offer.pk)
        # A secret unique in the whole install is not shared by the two alliances.
        assert Child.objects.get().feed_token != two_towns["village"]["child"].feed_token
        # The accounts are the same people: they are members of the copy too.
        assert User.objects.get(email="familie@beispieldorf.example").role == Role.FAMILY

    again = tmp_path / "kopie.zip"
    transfer.export_alliance(copy, again)
    renewed = {"holidays.child": "feed_token", "concerns.concern": "tracking_token"}
    before, after = transfer.canonical(dump), transfer.canonical(again)
    for label, name in renewed.items():
        for rows in (before[label], after[label]):
            for row in rows:
                row.pop(name)
    assert before == after


def test_a_failing_import_leaves_nothing_behind(
    two_towns: dict[str, Any], second_alliance: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    dump = tmp_path / "beispieldorf.zip"
    transfer.export_alliance(second_alliance, dump)
    failing = importer._Importer._named_references

    def fail(self: Any) -> None:
        failing(self)
        raise transfer.TransferError("a failure after every row and file was written")

    monkeypatch.setattr(importer._Importer, "_named_references", fail)
    written: list[Any] = []
    remove = importer._Importer.remove_written_files

    def remember(self: Any) -> None:
        written.extend(self.written)
        remove(self)

    monkeypatch.setattr(importer._Importer, "remove_written_files", remember)
    with pytest.raises(transfer.TransferError):
        importer.import_alliance(dump, slug="kopie")
    assert tenancy.alliances("kopie") == []
    with tenancy.unscoped():
        assert Offer.objects.count() == 2
    assert written and not any(storage.exists(name) for storage, name in written)


def test_import_refuses_a_taken_short_name_and_a_foreign_file(
    two_towns: dict[str, Any], second_alliance: Any, tmp_path: Path
) -> None:
    dump = tmp_path / "beispieldorf.zip"
    transfer.export_alliance(second_alliance, dump)
    with pytest.raises(CommandError, match="already"):
        call_command("import_alliance", str(dump), stdout=StringIO())
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(CommandError, match="not an alliance dump"):
        call_command("import_alliance", str(other), "--slug", "neu", stdout=StringIO())
