"""A resident answers a survey in Kazakh on a phone-sized window (360 px) in a real Chromium: asked to
sign in first, told what is missing, thanked, and told on a second visit that they have answered.
Elements are found by their stable ids and names, not by translated text.

Set SURVEYS_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from auyl.surveys import services

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(templates, registrar, residents, tree, clock):
    survey = services.create_from_template(
        actor=registrar,
        template_key="attendance-004",
        territory=tree["rd_a"],
        opens_at=clock.now - dt.timedelta(days=1),
        closes_at=clock.now + dt.timedelta(days=14),
    )
    survey = services.publish_survey(actor=registrar, survey=survey)
    client = Client()
    client.force_login(residents[0])
    return {"survey": survey.pk, "cookie": client.cookies[settings.SESSION_COOKIE_NAME].value}


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
            context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
            context.set_default_timeout(15_000)
            yield context
            context.close()
        finally:
            browser.close()


def _fits(page, name: str) -> None:
    folder = os.environ.get("SURVEYS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def test_resident_answers_in_kazakh_on_a_phone(live_server, scene, browser_context):
    from urllib.parse import urlparse

    page = browser_context.new_page()
    answer_url = f"{live_server.url}/kk/surveys/{scene['survey']}/"
    page.goto(answer_url)
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("#survey-state").get_attribute("data-state") == "sign_in"
    assert page.locator("#survey-sign-in").is_visible()
    _fits(page, "kk-answer-signed-out-phone")

    browser_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": scene["cookie"],
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    page.goto(answer_url)
    assert page.locator("h1").inner_text() == "Жиналыстар мен жиындарға қатысу"
    assert page.locator("#question-attend legend").inner_text().startswith("1. Сіз жиналыстарға, жиындарға")
    _fits(page, "kk-answer-form-phone")

    page.locator("#survey-submit").click()  # nothing chosen: the required question is marked
    page.wait_for_selector("#survey-errors")
    assert page.locator("#question-attend.has-error .error").count() == 1
    assert page.locator("#question-reason.has-error").count() == 0
    _fits(page, "kk-answer-errors-phone")

    page.locator('label:has(input[name="q-attend"][value="no"])').click()  # a tap on the whole option
    page.locator('label:has(input[name="q-reason"][value="no_result"])').click()
    page.locator('textarea[name="q-reason_text"]').fill("Жиналыс кешке болса, келер едім")
    assert page.locator('input[name="q-attend"][value="no"]').is_checked()
    page.locator("#survey-submit").click()
    page.wait_for_selector("#survey-thanks")
    assert page.url.endswith(f"/kk/surveys/{scene['survey']}/thanks/")
    _fits(page, "kk-answer-thanks-phone")

    page.goto(answer_url)
    assert page.locator("#survey-state").get_attribute("data-state") == "answered"
    assert page.locator("#survey-form").count() == 0
