"""bench/tenancy.py's data builders and measurement, on a small scale (the bench itself
runs on PostgreSQL with 300 alliances: see its docstring)."""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from familienrathaus.core import tenancy
from familienrathaus.events.models import Event
from familienrathaus.offers.models import Offer
from familienrathaus.places.models import Place
from tests.conftest import alliance_client

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCH))  # its siblings: offers_search, places_geojson
    spec = importlib.util.spec_from_file_location("bench_tenancy", BENCH / "tenancy.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_alliance_gets_its_own_content_and_the_pages_show_only_it(
    bench: ModuleType, second_alliance: Any, fresh_cache: None
) -> None:
    rng = random.Random(1)
    bench.fill_alliance(offers=6, events=3, places=4, rng=rng)  # the first alliance
    with tenancy.activate(second_alliance):
        bench.fill_alliance(offers=5, events=2, places=7, rng=rng)
        assert (Offer.objects.count(), Event.objects.count(), Place.objects.count()) == (5, 2, 7)
        other_event = Event.objects.order_by("pk").first()
    assert (Offer.objects.count(), Event.objects.count(), Place.objects.count()) == (6, 3, 4)

    # The bench's own check: the first alliance's GeoJSON has its 4 places, not 11.
    figures = bench.measure(runs=1, places=4, warmup=0)[None]
    assert set(figures) == {"offer_search", "event_list", "geojson"}
    with pytest.raises(AssertionError):
        bench.measure(runs=1, places=11, warmup=0)

    # As a visitor of the second alliance sees it.
    client = alliance_client(second_alliance, language="de")
    features = json.loads(client.get("/karte/orte.geojson").content)["features"]
    assert len(features) == 7
    assert other_event is not None
    assert other_event.title in client.get("/veranstaltungen/").content.decode()
