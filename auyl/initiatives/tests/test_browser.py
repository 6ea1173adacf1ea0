"""Civic projects in a real browser the size of a cheap phone (360 px): a resident reads the rural
district's budget in Kazakh and proposes a project with a photo; staff review it; the resident votes; the
akim counts; the results page explains the outcome in Russian. Elements are found by stable ids and
names, never by translated text. Nothing is wider than the screen.

Set INITIATIVES_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
"""

import datetime as dt
import io
import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image

from auyl.accounts.testing import force_staff_login

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(user, staff: bool) -> str:
    client = Client()
    if staff:
        force_staff_login(client, user)
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _published_budget(tree, staff):
    """The rural district's 2030 budget published for discussion, through the budget app's services."""
    from auyl.budget import services as budget
    from auyl.budget.catalogue import load_programmes

    load_programmes()
    plan = budget.create_budget(
        actor=staff["akim"], territory=tree["rd_a"], year=2030, drafted_on=dt.date(2029, 10, 1)
    )
    version = plan.versions.get()
    budget.save_plan(
        actor=staff["akim"],
        version=version,
        revenue={"property_tax": 1_000_000, "land_tax": 500_000, "transfers": 15_000_000},
        expenditure={"apparatus": 6_000_000, "street-lighting": 2_100_000, "roads": 3_000_000},
    )
    budget.publish(actor=staff["akim"], version=version, published_on=dt.date(2029, 11, 10))


@pytest.fixture
def scene(tree, staff, people, make_campaign, clock, tmp_path):
    _published_budget(tree, staff)
    campaign = make_campaign()
    clock.to("results")  # sessions made now stay valid through every step (they expire two weeks on)
    sessions = {
        "resident": _session(people["aliya"], staff=False),
        "executor": _session(staff["executor"], staff=True),
        "akim": _session(staff["akim"], staff=True),
    }
    clock.to("proposals")
    photo = tmp_path / "alan.png"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (60, 140, 80)).save(buffer, "PNG")
    photo.write_bytes(buffer.getvalue())
    return {"campaign": campaign, "photo": photo, **sessions}


@pytest.fixture
def browser_context():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            context = browser.new_context(locale="en-US", viewport=PHONE)
            context.set_default_timeout(15_000)
            yield context
            context.close()
        finally:
            browser.close()


def _fits(page, name: str) -> None:
    folder = os.environ.get("INITIATIVES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def _as(context, host: str, session: str) -> None:
    context.clear_cookies()
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "domain": host, "path": "/"}]
    )


def test_a_resident_proposes_staff_review_the_resident_votes_and_reads_why(
    live_server, scene, clock, browser_context
):
    base, host = live_server.url, urlparse(live_server.url).hostname
    pk = scene["campaign"].pk
    page = browser_context.new_page()
    _as(browser_context, host, scene["resident"])

    response = page.goto(f"{base}/kk/budget/d/111033000/")
    assert response.status == 200 and "/kk/budget/d/111033000/" in page.url
    assert page.evaluate("document.documentElement.lang") == "kk"
    _fits(page, "1-kk-budget")

    page.goto(f"{base}/kk/projects/{pk}/")
    _fits(page, "2-kk-campaign")
    page.locator("#propose-link").click()
    page.fill("input[name=title]", "Балалар алаңы")
    page.fill("textarea[name=description]", "Абай көшесінде балалар ойнайтын орын жоқ.")
    page.select_option("select[name=category]", "playground")
    page.fill("input[name=place]", "Абай көшесі, 12")
    page.fill("input[name=estimated_cost]", "4 500 000")
    page.set_input_files("input[name=photos]", str(scene["photo"]))
    _fits(page, "3-kk-propose")
    page.locator("#propose-submit").click()
    page.wait_for_selector("#proposal-received")
    assert page.locator("#proposal").get_attribute("data-status") == "submitted"
    assert page.locator(".photos img").count() == 1
    _fits(page, "4-kk-proposed")

    clock.to("review")
    _as(browser_context, host, scene["executor"])
    page.goto(f"{base}/kk/projects/{pk}/manage/")
    page.locator("#review-1").click()
    page.check("input[name=decision][value=accepted]")
    page.fill("input[name=reviewed_cost]", "4 200 000")
    _fits(page, "5-kk-review")
    page.locator("#review-submit").click()
    page.wait_for_selector(".message.success")

    clock.to("voting")
    _as(browser_context, host, scene["resident"])
    page.goto(f"{base}/kk/projects/{pk}/vote/")
    page.check("#choice-1")
    assert page.locator("#tally-text").inner_text() == "1 / 2"  # approval ballot: one of up to two
    _fits(page, "6-kk-vote")
    page.locator("#vote-submit").click()
    page.wait_for_selector("#vote-thanks")
    _fits(page, "7-kk-voted")

    clock.to("results")
    _as(browser_context, host, scene["akim"])
    page.goto(f"{base}/ru/projects/{pk}/manage/")
    page.locator("#count-results").click()
    page.wait_for_selector("#results-explanation")

    browser_context.clear_cookies()
    page.goto(f"{base}/ru/projects/{pk}/results/")
    assert page.evaluate("document.documentElement.lang") == "ru"
    line = page.locator('#results-explanation li[data-project="1"]')
    assert line.get_attribute("data-selected") == "1" and line.get_attribute("data-reason") == "selected"
    why = line.locator(".why").inner_text()
    assert "4\u00a0200\u00a0000\u00a0₸" in why and "10\u00a0000\u00a0000\u00a0₸" in why
    assert page.locator("#results-ballots").inner_text() == "1"
    _fits(page, "8-ru-results")
