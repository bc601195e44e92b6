"""The lottery end to end: a family ranks wishes for its child; a coordinator starts a
run, reads the preview and confirms it; the family reads the outcome. axe checks the
wish, popularity, preview and outcome pages on the way."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from familienrathaus.core.models.users import Role
from familienrathaus.holidays.models import Booking, Period
from familienrathaus.lottery import services
from familienrathaus.lottery.models import PriorityGroup, Run, Wish
from tests.e2e.conftest import Browse
from tests.factories import ChildFactory, PeriodFactory, occasion, wish

pytestmark = pytest.mark.e2e


def log_out(browse: Browse) -> None:
    browse.click(browse.page.locator("header form[action='/konto/logout/'] button"))


def test_wishes_run_preview_confirmation_and_outcome(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    period = PeriodFactory(wish_phase=True, name="Sommerferien 2031", slug="sommer-2031")
    canoe = occasion(period, title="Kanufahrt auf der Ruhr", places=1)
    zoo = occasion(period, title="Zoobesuch", places=5, day=1)
    family = make_user("eltern@example.org", role=Role.FAMILY, name="Familie Muster")
    mia = ChildFactory(family=family, first_name="Mia", last_name="Muster")
    rival = ChildFactory(first_name="Ben")
    wish(rival, canoe, 1)
    PriorityGroup.objects.create(period=period, name="Leer ausgegangen", kind="manual")

    # -- The family ranks two wishes for Mia.
    browse.visit(f"/ferienspass/{period.slug}/wuensche/")
    browse.log_in(family.email)
    assert browse.path == f"/ferienspass/{period.slug}/wuensche/"
    # (Links by address: the German texts arrive when the translations are merged.)
    browse.click(page.locator(f"main a[href='/ferienspass/{period.slug}/wuensche/kind/{mia.pk}/']"))
    browse.screenshot("wishes")
    page.select_option("#id_occasion_1", str(canoe.pk))
    page.select_option("#id_occasion_2", str(zoo.pk))
    browse.submit(page.locator("main form"))
    assert browse.path == f"/ferienspass/{period.slug}/wuensche/"
    assert [w.occasion_id for w in Wish.objects.filter(child=mia)] == [canoe.pk, zoo.pk]
    browse.click(page.locator(f"main a[href='/ferienspass/{period.slug}/beliebtheit/']"))
    assert "Kanufahrt" in page.locator("main table").inner_text()
    log_out(browse)

    # -- The coordinator starts a run and reads the preview.
    coordinator = make_user(
        "kora@familienbuero.example", role=Role.COORDINATOR, name="Kora", totp_secret=totp_secret
    )
    start = f"/verwaltung/ferienspass/los/{period.slug}/"
    browse.visit(start)
    browse.log_in(coordinator.email)
    browse.enter_totp(totp_secret)
    assert browse.path == start
    page.fill("#id_seed", "2031")
    browse.submit(page.locator("main form.frh-form"))
    run = Run.objects.get(period=period)
    assert run.seed == 2031
    # The run page asks for the progress and reloads itself when the run is over
    # (here the test plays the worker).
    with page.expect_navigation(timeout=30_000):
        services.execute_run(run.pk)
    browse.check()
    # The wish phase still runs: the page says why it cannot confirm yet, and where the
    # end of the wish phase is changed.
    notice = page.locator("main .kern-alert--warning")
    assert notice.locator(f"a[href='/verwaltung/ferienspass/programme/{period.pk}/']").count() == 1
    assert page.locator(f"form[action$='/lauf/{run.pk}/bestaetigen/']").count() == 0
    Period.objects.filter(pk=period.pk).update(
        wish_start=timezone.now() - timedelta(days=2), wish_end=timezone.now()
    )
    browse.visit(f"/verwaltung/ferienspass/los/lauf/{run.pk}/")
    assert "Kanufahrt" in page.locator("main .frh-lottery-occasions").inner_text()
    browse.screenshot("preview")
    browse.submit(
        page.locator(f"form[action='/verwaltung/ferienspass/los/lauf/{run.pk}/bestaetigen/']")
    )
    with page.expect_navigation(timeout=30_000):
        services.confirm_in_background(run.pk, coordinator.pk, True)
    browse.check()
    assert "Kanufahrt" in page.locator("main").inner_text()
    assert Booking.objects.filter(child=mia).count() == 2
    browse.visit(f"/verwaltung/ferienspass/los/{period.slug}/kinder/{mia.pk}/")
    log_out(browse)

    # -- The family reads the outcome.
    browse.visit(f"/ferienspass/{period.slug}/los-ergebnis/")
    browse.log_in(family.email)
    text = page.locator("main").inner_text()
    assert "Mia" in text and "Ben" not in text
    assert "Kanufahrt" in text and "Zoobesuch" in text
