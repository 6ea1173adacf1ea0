"""A gathering in a real browser the size of a cheap phone (360 px): the secretary convenes it in
Kazakh, publishes the notice, checks residents in until the quorum is reached, votes the question,
signs the minutes; then anyone opens the public meeting page in Russian and sees the result.

Elements are found by their ids and names, not by their (translated) text. The clock is fixed so that
the notice period and the meeting day do not depend on when the test runs; it is moved to the meeting
day between the steps (only a Python attribute changes: no database access while the browser runs).
Set ASSEMBLIES_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
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

from auyl.accounts.testing import force_staff_login, make_staff_user
from auyl.core.roles import Role

from .conftest import make_resident

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
ALMATY = ZoneInfo("Asia/Almaty")
TODAY = dt.date(2030, 4, 2)
MEETING_DAY = TODAY + dt.timedelta(days=10)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


class Clock:
    def __init__(self, monkeypatch):
        self.now = dt.datetime.combine(TODAY, dt.time(9, 0), tzinfo=ALMATY)
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    def set(self, day: dt.date, at: dt.time) -> None:
        self.now = dt.datetime.combine(day, at, tzinfo=ALMATY)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def scene(clock, tree):
    """Twelve adults of Kyzyl Zhuldyz (quorum: at least 10 %, so 2) and the registrar's session."""
    village = tree["village_a2"]
    people = [make_resident(village, f"Сейітқали{n:02d}", "Әлия", on=MEETING_DAY) for n in range(12)]
    registrar = make_staff_user(Role.REGISTRAR, tree["rd_a"], username="registrar-a")
    client = Client()
    force_staff_login(client, registrar)
    return {
        "village": village,
        "people": people[:2],
        "session": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


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


def _fits(page, name: str, width: int = PHONE["width"]) -> None:
    folder = os.environ.get("ASSEMBLIES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def _convene(page, base, scene) -> int:
    page.goto(f"{base}/kk/meetings/new/")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.select_option("#id_kind", "gathering")
    page.select_option("#id_territory", str(scene["village"].pk))
    page.fill("#id_title", "Қызыл Жұлдыз ауылының жиыны")
    page.fill("#id_date", f"{MEETING_DAY:%Y-%m-%d}")
    page.fill("#id_time", "18:00")
    page.fill("#id_venue", "Мәдениет үйі")
    page.select_option("#id_agenda-0-kind", "local_question")
    page.fill("#id_agenda-0-title", "Көше жарығын жөндеу")
    page.check("#id_agenda-0-addressed_to_akim")
    _fits(page, "kk-convene-phone")
    page.click("#convene-submit")
    page.wait_for_url(re.compile(r"/kk/meetings/\d+/$"))
    return int(re.search(r"/meetings/(\d+)/$", page.url).group(1))


def _check_in_until_quorum(page, scene) -> None:
    for number, person in enumerate(scene["people"], start=1):
        assert page.locator("#quorum.reached").count() == 0
        page.fill("#q", person.last_name)
        page.press("#q", "Enter")
        page.click(f"#checkin-{person.pk}")
        page.wait_for_selector(".message.success")
        assert page.locator("#quorum-text").inner_text().startswith(f"{number} ")
    assert page.locator("#quorum.reached").count() == 1
    _fits(page, "kk-checkin-phone")


def test_gathering_from_convening_to_the_public_result(live_server, scene, clock, browser_context):
    from urllib.parse import urlparse

    base = live_server.url
    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": scene["session"],
                "domain": urlparse(base).hostname,
                "path": "/",
            }
        ]
    )
    page = browser_context.new_page()

    pk = _convene(page, base, scene)
    page.click("#publish-notice")
    page.wait_for_selector(".message.success")
    assert page.locator("[data-status=convened]").count() == 1
    _fits(page, "kk-meeting-convened-phone")

    clock.set(MEETING_DAY, dt.time(18, 5))  # the day of the gathering
    page.reload()
    page.fill("#open_chair_name", "Серікбаев Ерлан")
    page.fill("#open_secretary_name", "Ахметова Гүлнар")
    page.click("#open-meeting")
    page.wait_for_url(re.compile(rf"/kk/meetings/{pk}/check-in/$"))
    _check_in_until_quorum(page, scene)

    page.click("#back-to-meeting")
    page.click("#item-link-1")
    page.fill("#vote_votes_for", "2")
    page.fill("#vote_votes_against", "0")
    page.fill("#vote_abstained", "0")
    page.click("#record-vote")
    page.wait_for_selector("#vote-result [data-adopted=yes]")
    page.fill("#close_decision_text", "Әкімге көше жарығын мамыр айына дейін жөндеуді ұсыну.")
    _fits(page, "kk-item-phone")
    page.click("#close-item")
    page.wait_for_url(re.compile(rf"/kk/meetings/{pk}/$"))
    page.click("#close-meeting")
    page.wait_for_selector("[data-status=closed]")
    page.click("#minutes-link")
    assert page.locator("#minutes-state[data-state=draft]").count() == 1
    page.click("#finalize-minutes")
    page.wait_for_selector("#minutes-state[data-state=signed]")
    _fits(page, "kk-minutes-phone")

    browser_context.clear_cookies()  # the public page needs no sign-in
    page.goto(f"{base}/ru/meetings/d/111033000/{pk}/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Қызыл Жұлдыз ауылының жиыны"
    assert page.locator("#agenda [data-adopted=yes]").count() == 1
    assert "Әкімге көше жарығын мамыр айына дейін жөндеуді ұсыну." in page.locator("#agenda").inner_text()
    assert page.locator("#versions [data-version='1']").count() == 1
    assert page.locator("#pdf-v1-ru").count() == 1
    assert page.locator("[data-decision-status=awaiting_response]").count() == 1
    _fits(page, "ru-public-meeting-phone")
