"""The issue's walk in a real Chromium on a phone-sized window: a district akimat sends a report request to its
rural districts (in Kazakh); one rural district acknowledges and reports (in Russian); after the due date the
sender's overview shows who is late, in Kazakh and in Russian. Elements are found by ids and names, never by
translated text. Staff sessions are made before the browser starts (see tests/browser/conftest.py: no ORM call
while Playwright runs); the fixed clock of conftest.py is moved between steps.

Set DOCUMENTS_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client

from auyl.accounts.testing import force_staff_login

from .conftest import PDF

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cookies(staff):
    """Session cookies of the district supervisor and of rural district A's akim (second factor passed)."""
    result = {}
    for name in ("supervisor", "akim_a"):
        client = Client()
        force_staff_login(client, staff[name])
        result[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return result


@pytest.fixture
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield chromium
        finally:
            chromium.close()


def _tab(browser, live_server, cookie: str):
    context = browser.new_context(locale="en-US", viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": cookie,
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    return context.new_page()


def _look(page, name: str) -> None:
    folder = os.environ.get("DOCUMENTS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name


def _send_in_kazakh(page, base: str) -> int:
    page.goto(f"{base}/kk/documents/send/?unit=111000000")
    assert page.locator("html").get_attribute("lang") == "kk"
    page.locator("select[name=kind]").select_option("report_request")
    page.locator("input[name=title]").fill("Көктемгі егіс туралы есеп")
    page.locator("textarea[name=body]").fill("Егіс алқаптары туралы мәліметтерді жіберіңіз.")
    page.locator("select[name=level]").select_option("rural_district")
    page.locator("input[name=report_due]").fill("2030-04-05")
    _look(page, "kk-send-phone")
    page.locator("#send-submit").click()
    page.wait_for_url(re.compile(r"/kk/documents/\d+/$"))
    pk = int(re.search(r"/documents/(\d+)/$", page.url).group(1))
    for code in ("111033000", "111035000"):
        assert page.locator(f"#overview-{code}").get_attribute("data-acknowledged") == "no"
    return pk


def _acknowledge_and_report_in_russian(page, base: str, pk: int) -> None:
    page.goto(f"{base}/ru/documents/")
    row = page.locator(f"#inbox-{pk}-111033000")
    assert row.locator("[data-state=to-acknowledge]").count() == 1
    row.locator("a").first.click()
    page.wait_for_url(re.compile(rf"/ru/documents/{pk}/$"))
    assert page.locator("#acknowledge-111035000").count() == 0  # not this akim's unit
    page.locator("#acknowledge-111033000").click()
    page.wait_for_selector("#ack-111033000[data-state=acknowledged]")
    form = page.locator("#report-form-111033000")
    form.locator("textarea[name=text]").fill("Егіс 1 200 га алқапта аяқталды. / Сев завершён на 1 200 га.")
    form.locator("input[name=files]").set_input_files(
        [{"name": "egis.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    _look(page, "ru-report-phone")
    page.locator("#report-submit-111033000").click()
    page.wait_for_selector(".doc-report")
    assert page.locator(".doc-report a[download]").inner_text() == "egis.pdf"
    _look(page, "ru-reported-phone")


def _overview_shows_who_is_late(page, base: str, pk: int, lang: str) -> None:
    page.goto(f"{base}/{lang}/documents/{pk}/")
    assert page.locator("html").get_attribute("lang") == lang
    late, done = page.locator("#overview-111035000"), page.locator("#overview-111033000")
    assert late.get_attribute("data-report") == "overdue" and "doc-overdue" in late.get_attribute("class")
    assert late.get_attribute("data-acknowledged") == "no"
    assert done.get_attribute("data-report") == "on-time" and done.get_attribute("data-acknowledged") == "yes"
    assert page.locator("#sum-overdue").inner_text() == "1"
    assert page.locator("#sum-not-acknowledged").inner_text() == "1"
    first_row = page.locator(".doc-overview tbody tr").first
    assert first_row.get_attribute("id") == "overview-111035000"  # the late unit comes first
    _look(page, f"{lang}-overview-phone")


def test_report_request_walk(live_server, cookies, clock, browser):
    base = live_server.url
    district = _tab(browser, live_server, cookies["supervisor"])
    pk = _send_in_kazakh(district, base)
    akim = _tab(browser, live_server, cookies["akim_a"])
    _acknowledge_and_report_in_russian(akim, base, pk)
    clock.shift(days=4)  # Saturday 6 April: the report was due on Friday 5 April
    _overview_shows_who_is_late(district, base, pk, "kk")
    _overview_shows_who_is_late(district, base, pk, "ru")
    district.goto(f"{base}/kk/documents/")
    assert district.locator(f"#sent-{pk}").get_attribute("class").endswith("doc-overdue")
