"""Two alliances on one install, in the reports (issue 23, "Isolation").

Musterstadt (the first alliance, on ``testserver``) and Beispieldorf (on
``beispieldorf.localhost``) each hold the same small town of the dashboard's test (the
same partners, offers, events, holidays, Notinseln, newsletter, surveys, concerns,
certificates and welcome packages) and the same districts with the same postcode;
Musterstadt's district says "Musterstadt-only", Beispieldorf's "Beispieldorf-only".
Every figure (dashboard, annual report, district gap report, API) is counted from the
active alliance's rows only: each alliance's figures are exactly those of the town alone.
Each coordinator's pages, exports and API answers show their own districts and never the
other's; an address of the other alliance's district or report answers 404. The annual
report's PDF is built by the worker inside the alliance that asked for it.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import tenancy
from familienrathaus.core.models import District
from familienrathaus.core.models.users import Role
from familienrathaus.reports import annual_pdf
from familienrathaus.reports.models import (
    AnnualReport,
    DistrictArea,
    DistrictPopulation,
    PostcodeDistrict,
)
from familienrathaus.reports.selectors import annual, annual_details, attention, figures, gaps
from tests import test_reports_dashboard as town
from tests.conftest import alliance_client, english_client
from tests.factories import TOTP_SECRET, UserFactory
from tests.factories.core import district
from tests.factories.partners import OrganisationFactory
from tests.factories.reports import square
from tests.test_reports_api import token_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A = "Musterstadt-only"
B = "Beispieldorf-only"
B_HOST = "beispieldorf.localhost"
YEAR, TODAY = town.YEAR, town.TODAY
PDF = b"%PDF-1.7\n% an annual report\n%%EOF\n"


def build_town(word: str, residents: int, prefix: str) -> dict[str, Any]:
    """One alliance's town (call inside the alliance): the dashboard test's rows, a
    district named after the alliance and one named alike in both, the same postcode,
    a coordinator and a draft annual report of YEAR."""
    active = OrganisationFactory(name="Familienzentrum Lindenhof", slug="lindenhof")
    events = OrganisationFactory(name="Kirchengemeinde", slug="kirche")
    OrganisationFactory(name="Ruhender Verein", slug="ruhend")
    town._offers(active)
    town._events(events)
    town._holidays()
    town._notinseln()
    town._newsletter()
    town._surveys()
    town._concerns()
    town._employers()
    town._welcome()
    own = district(f"{word} Nordstadt")
    shared = district("Südstadt")
    for place in (own, shared):
        DistrictArea.objects.create(district=place, outline=square(), note=f"{word} Notiz")
        DistrictPopulation.objects.create(
            district=place, year=YEAR, residents=residents, children_0_2=residents // 10
        )
    PostcodeDistrict.objects.create(postcode="59065", district=own)
    coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination-{prefix}@example.org")
    TOTP.activate(coordinator, TOTP_SECRET)
    report = AnnualReport.objects.create(year=YEAR, texts={"foreword": f"{word} Vorwort"})
    return {"district": own, "shared": shared, "coordinator": coordinator, "report": report}


def _plain(part: object) -> str:
    """A report part as text, without the running numbers of its charts' ids."""
    return re.sub(r"frh-[a-z]+-\d+", "frh-id", repr(part))


def figures_now() -> dict[str, Any]:
    """Everything the reports count, in the active alliance."""
    return {
        "key figures": {f.key: (f.value, f.previous) for f in figures.key_figures(YEAR, on=TODAY)},
        "annual sections": {
            key: _plain(section(YEAR)) for key, section in annual_details.SECTIONS.items()
        },
        "annual districts": _plain(annual.districts(YEAR)),
        "gaps": gaps.export_rows(gaps.district_report(gaps.GapFilters(year=YEAR))),
        "attention": (
            attention.expiring_certificates(TODAY),
            attention.grants_to_pay(),
            len(attention.below_minimum_soon()),
        ),
    }


@pytest.fixture
def towns(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    first = build_town(A, residents=1000, prefix="a")
    alone = figures_now()
    with tenancy.activate(second_alliance):
        second = build_town(B, residents=400, prefix="b")
    return {"a": first, "b": second, "a_alone": alone, "alliance": second_alliance}


def test_every_figure_counts_the_active_alliance_only(towns: dict[str, Any]) -> None:
    # Musterstadt's figures are what they were before Beispieldorf's town was built …
    assert figures_now() == towns["a_alone"]
    assert figures_now()["key figures"] == town.EXPECTED
    # … and Beispieldorf's are those of its own (identical) town: nothing counted twice.
    with tenancy.activate(towns["alliance"]):
        second = figures_now()
    assert second["key figures"] == town.EXPECTED
    # The district figures differ: each alliance has its own residents.
    names = {row[0]: row for row in second["gaps"]}
    # (and the row "ohne Stadtteil" of what cannot be placed)
    assert set(names) - {"ohne Stadtteil"} == {f"{B} Nordstadt", "Südstadt"}
    assert {row[0] for row in towns["a_alone"]["gaps"]} - {"ohne Stadtteil"} == {
        f"{A} Nordstadt",
        "Südstadt",
    }
    assert 400 in names["Südstadt"] and 1000 not in names["Südstadt"]


def _pages(report_pk: int, district_pk: int) -> list[str]:
    return [
        reverse("reports:dashboard"),
        reverse("reports:dashboard") + f"?jahr={YEAR}",
        reverse("reports:districts"),
        reverse("reports:district-edit", args=[district_pk]),
        reverse("reports:district-outline", args=[district_pk]),
        reverse("reports:gaps") + f"?jahr={YEAR}",
        reverse("reports:gaps-export", args=["csv"]) + f"?jahr={YEAR}",
        reverse("reports:gaps-export", args=["xlsx"]) + f"?jahr={YEAR}",
        reverse("reports:annual-year", args=[YEAR]),
        reverse("reports:annual-status", args=[YEAR]),
    ]


def _body(response: Any) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return bytes(response.content)


def _text(response: Any) -> str:
    """The answer as text; an XLSX export's cells as well."""
    body = _body(response)
    if body.startswith(b"PK"):
        import io

        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body))
        return " ".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return body.decode("utf-8-sig", errors="replace")


def test_each_coordinator_sees_their_own_districts_and_reports(towns: dict[str, Any]) -> None:
    a, b, second = towns["a"], towns["b"], towns["alliance"]
    clients = {
        A: (english_client(a["coordinator"]), b),
        B: (alliance_client(second, b["coordinator"]), a),
    }
    for word, (client, other) in clients.items():
        own = a if word == A else b
        other_word = B if word == A else A
        for url in _pages(own["report"].pk, own["district"].pk):
            response = client.get(url)
            assert response.status_code == 200, (word, url, response.status_code)
            text = _text(response)
            assert other_word not in text, (word, url)
            if "stadtteile" in url or "angebotsluecken" in url:
                assert word in text, (word, url)
        for pk in (other["district"].pk, other["shared"].pk):
            for name in ("reports:district-edit", "reports:district-outline"):
                assert client.get(reverse(name, args=[pk])).status_code == 404, (word, name)
        # The annual report of the same year is each alliance's own.
        page = client.get(reverse("reports:annual-year", args=[YEAR])).content.decode()
        assert f"{word} Vorwort" in page
        assert f"{other_word} Vorwort" not in page


def test_the_api_answers_with_the_hosts_alliance(towns: dict[str, Any]) -> None:
    a, b, second = towns["a"], towns["b"], towns["alliance"]
    mine = token_client(a["coordinator"])
    with tenancy.activate(second):
        theirs = token_client(b["coordinator"])
    theirs.defaults["HTTP_HOST"] = B_HOST
    for word, client in ((A, mine), (B, theirs)):
        other = B if word == A else A
        rows = client.get("/api/v1/reports/districts", {"year": YEAR}).json()["rows"]
        names = {row["name"] for row in rows} - {"without district"}
        assert names == {f"{word} Nordstadt", "Südstadt"}
        assert other not in str(rows)
        key_figures = client.get("/api/v1/reports/figures", {"year": YEAR}).json()["figures"]
        assert {f["key"]: f["value"] for f in key_figures}["certified_employers"] == 1
        host = B_HOST if word == B else "testserver"
        assert all(f"//{host}/" in f["url"] for f in key_figures)
    # A token of one alliance is no key to the other.
    foreign = token_client(a["coordinator"])
    foreign.defaults["HTTP_HOST"] = B_HOST
    assert foreign.get("/api/v1/reports/figures").status_code == 401


def test_the_annual_report_is_built_inside_its_alliance(
    towns: dict[str, Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Any, settings: Any
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    built: list[tuple[str | None, str]] = []

    def render(report: AnnualReport, *, on_progress: Any = None) -> bytes:
        alliance = tenancy.current()
        built.append((alliance.slug if alliance else None, annual_pdf.html(report)))
        return PDF

    monkeypatch.setattr(annual_pdf, "render", render)
    a, b, second = towns["a"], towns["b"], towns["alliance"]
    url = reverse("reports:annual-year", args=[YEAR])
    client = alliance_client(second, b["coordinator"])
    response = client.post(url, {"foreword": f"{B} Vorwort, neu", "action": "build"})
    assert response.status_code == 302

    # The worker takes the task from the queue outside any request: the task knows its
    # alliance (Musterstadt is the active one here, as in a worker between tasks).
    queued = DBTaskResult.objects.filter(task_path__endswith="build_annual_report").get()
    queued.task.call(*queued.args_kwargs["args"], **queued.args_kwargs["kwargs"])

    assert [slug for slug, _html in built] == ["beispieldorf"]
    html = built[0][1]
    assert f"{B} Vorwort, neu" in html
    assert f"{B} Nordstadt" in html
    assert A not in html
    with tenancy.activate(second):
        done = AnnualReport.objects.get(year=YEAR)
    assert done.status == AnnualReport.Status.DONE
    mine = AnnualReport.objects.get(year=YEAR)
    assert (mine.pk, mine.status, mine.pdf.name) == (a["report"].pk, "draft", "")
    assert mine.texts == {"foreword": f"{A} Vorwort"}

    pdf = reverse("reports:annual-pdf", args=[YEAR])
    response = client.get(pdf)
    assert response.status_code == 200
    assert _body(response) == PDF
    assert english_client(a["coordinator"]).get(pdf).status_code == 404


def test_a_district_of_another_alliance_is_not_found_by_pk(towns: dict[str, Any]) -> None:
    """The districts' own rows: each alliance counts two, never four."""
    assert District.objects.count() == 2
    assert PostcodeDistrict.objects.get(postcode="59065").district == towns["a"]["district"]
    with tenancy.activate(towns["alliance"]):
        assert District.objects.count() == 2
        assert PostcodeDistrict.objects.get(postcode="59065").district == towns["b"]["district"]
