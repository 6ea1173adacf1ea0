"""A regional supervisor, in Russian, in a real Chromium: opens the region's ranking for the first quarter of
2025, goes from a rural district's composite score to its scorecard, from the indicator "appeals answered
on time" to the appeals behind it, and opens one of them. On a phone (360 px) and on a desktop; nothing
may stick out sideways on the phone. Elements are found by stable ids and data attributes, not by
translated text. (The resident answering a survey in Kazakh on a phone is auyl/surveys/tests/test_browser.py.)

Set KPI_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
"""

import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from auyl.accounts.testing import force_staff_login
from auyl.core.models import TerritorySetting
from auyl.core.roles import Role

from .test_support import build_all

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
NOW = dt.datetime(2025, 5, 1, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(tree, make_staff, monkeypatch):
    """Q1 2025 of the engine's hand-built data, read on 1 May 2025, and a signed-in regional supervisor."""
    monkeypatch.setattr(timezone, "now", lambda: NOW.astimezone(dt.UTC))  # the live server shares the clock
    data = build_all(tree)
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)
    client = Client()
    force_staff_login(client, make_staff(Role.REGIONAL_SUPERVISOR, tree["region"], username="regional"))
    return {
        "region": tree["region"].code,
        "unit": tree["rd_a"].code,
        "appeals": {key: appeal.pk for key, appeal in data["appeals"].items()},
        "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


@pytest.fixture
def browser_context(live_server, scene):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from urllib.parse import urlparse

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(locale="ru-RU", viewport=PHONE)
            context.set_default_timeout(15_000)
            host = urlparse(live_server.url).hostname
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": scene["cookie"],
                        "domain": host,
                        "path": "/",
                    }
                ]
            )
            yield context
            context.close()
        finally:
            browser.close()


def _look(page, name: str, device: str = "phone") -> None:
    """Keep a screenshot when asked to; on the phone, nothing may be wider than the screen."""
    folder = os.environ.get("KPI_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"ru-{name}-{device}.png"), full_page=True)
    if device == "phone":
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def _walk(page, base: str, scene: dict, device: str) -> None:
    page.goto(f"{base}/ru/scorecards/ranking/{scene['region']}/2025-Q1/")
    assert page.locator("html").get_attribute("lang") == "ru"
    ranks = page.locator("#ranking-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.rank)")
    assert sorted(ranks) == ["1", "2"]
    row = page.locator(f'#ranking-table tr[data-unit="{scene["unit"]}"]')
    assert row.locator(".trend").inner_text().strip()  # the change is written, not only coloured
    _look(page, "ranking", device)

    # From the composite score to the scorecard.
    score = row.locator("a.composite-link").inner_text().strip()
    row.locator("a.composite-link").click()
    page.wait_for_url(re.compile(rf"/ru/scorecards/d/{scene['unit']}/2025-Q1/#composite$"))
    assert page.locator("#composite").get_attribute("data-score") == score
    indicator = page.locator("#ind-appeals_answered_on_time")
    considered = indicator.get_attribute("data-denominator")
    counted = indicator.get_attribute("data-numerator")
    assert (counted, considered) == ("4", "5")
    _look(page, "scorecard", device)

    # From the indicator to the appeals behind it: as many as the figure says.
    indicator.locator(".ind-name a").click()
    page.wait_for_url(re.compile(r"/ru/scorecards/d/\d+/2025-Q1/appeals_answered_on_time/$"))
    drill = page.locator("#drilldown")
    assert (drill.get_attribute("data-considered"), drill.get_attribute("data-counted")) == (
        considered,
        counted,
    )
    rows = page.locator('#records tr[data-kind="appeal"]')
    assert rows.count() == int(considered)
    assert page.locator('#records tr[data-counted="yes"]').count() == int(counted)
    assert rows.locator("th a").all_inner_texts() == ["A5", "A1", "A2", "A3", "A7"]
    _look(page, "drilldown", device)

    # The late one, A2, opens on the appeals' own page.
    page.locator('#records tr[data-counted="no"] th a').click()
    page.wait_for_url(re.compile(rf"/ru/appeals/{scene['appeals']['A2']}/$"))
    assert "A2" in page.locator("main").inner_text()
    _look(page, "appeal", device)


def test_a_regional_supervisor_drills_from_the_ranking_to_the_appeals(live_server, scene, browser_context):
    page = browser_context.new_page()
    _walk(page, live_server.url, scene, "phone")
    page.set_viewport_size(DESKTOP)
    _walk(page, live_server.url, scene, "desktop")
