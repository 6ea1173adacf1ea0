"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

Missing Chromium skips these tests on a workstation and fails them in CI (``CI=true``), where it is
installed. Playwright's sync API keeps an event loop running in this thread while it is open, and
Django refuses ORM calls while a loop runs: so every test builds its data in fixtures listed *before*
``page`` (fixtures are set up in order and torn down in reverse, after the browser has closed).
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PHONE = {"width": 360, "height": 740}


def require_chromium() -> None:
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium, or set CHROMIUM=...)"
    if os.environ.get("CI") == "true":
        pytest.fail(message + "; CI must install it", pytrace=False)
    pytest.skip(message)


@pytest.fixture
def page():
    """A headless Chromium tab the size of a cheap phone, with an English-speaking browser (so that
    nothing depends on the browser's language matching the page's)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(locale="en-US", viewport=PHONE)
            tab = context.new_page()
            tab.set_default_timeout(15_000)
            yield tab
            context.close()
        finally:
            browser.close()
