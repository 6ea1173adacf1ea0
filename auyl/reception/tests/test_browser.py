"""The reception pages in a real browser the size of a cheap phone (360 px): a resident books a slot
in Kazakh, the registrar runs the queue and records the visit in Russian. Nothing is wider than the
screen; the queue table scrolls inside its own frame.

Set RECEPTION_SCREENSHOTS=<dir> to keep full-page screenshots of each step.
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from auyl.accounts.testing import force_staff_login
from auyl.reception import services
from auyl.territory.models import Office

from .conftest import TUESDAY

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session_cookie(user, staff: bool) -> str:
    client = Client()
    if staff:
        force_staff_login(client, user)
    else:
        client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def scene(tree, registrar, resident_user, topics, clock):
    Office.objects.create(territory=tree["rd_a"], akim_name="Сейітқали Нұрлан", phone="+77162251347",
                          address_kk="Қызыл Жар ауылы, Абай көшесі, 12", address_ru="село Кызыл Жар, ул. Абая, 12")
    clock.set(TUESDAY - dt.timedelta(days=1))
    services.book(actor=registrar, territory=tree["rd_a"], date=TUESDAY, slot_time=dt.time(10, 0),
                  visitor_name="Алиев Марат Сейітұлы", phone="+77010000012", note="Көше жарығы жоқ")
    clock.set(TUESDAY, dt.time(9, 0))
    return {"resident": _session_cookie(resident_user, staff=False), "staff": _session_cookie(registrar, staff=True)}


@pytest.fixture
def browser_context():
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is not installed at {CHROMIUM}", pytrace=False)
        pytest.skip(f"Chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            context = browser.new_context(locale="en-US", viewport=PHONE)
            context.set_default_timeout(15_000)
            yield context
            context.close()
        finally:
            browser.close()


def _fits(page, name: str, width: int = PHONE["width"]) -> None:
    folder = os.environ.get("RECEPTION_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= width, name


def test_resident_books_in_kazakh_and_registrar_runs_the_queue_in_russian(live_server, scene, browser_context):
    from urllib.parse import urlparse

    host = urlparse(live_server.url).hostname
    base = live_server.url
    page = browser_context.new_page()

    page.goto(f"{base}/kk/reception/111033000/")
    assert page.get_by_role("heading", level=1).inner_text() == "Әкімнің жеке қабылдауы"
    _fits(page, "kk-book-anonymous-phone")

    browser_context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": scene["resident"],
                                  "domain": host, "path": "/"}])
    page.goto(f"{base}/kk/reception/111033000/")
    _fits(page, "kk-book-signed-in-phone")
    assert page.get_by_label("Тегі мен аты").input_value() == "Сейтқали Әлия"
    assert page.get_by_label("10:00").count() == 0
    page.get_by_label("10:15").check()
    page.get_by_label("Не туралы сөйлескіңіз келеді? (міндетті емес)").fill("Жол жөндеу")
    page.get_by_role("button", name="Брондау").click()
    page.wait_for_selector(".message.success")
    assert "кезек нөмірі 2" in page.locator(".message.success").inner_text()
    _fits(page, "kk-book-done-phone")

    browser_context.clear_cookies()
    browser_context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": scene["staff"],
                                  "domain": host, "path": "/"}])
    page.goto(f"{base}/ru/reception/111033000/queue/")
    assert "Очередь на приём" in page.get_by_role("heading", level=1).inner_text()
    _fits(page, "ru-queue-phone")
    page.get_by_role("button", name="Пришёл: Алиев Марат Сейітұлы", exact=True).click()
    page.wait_for_selector(".message.success")
    page.get_by_role("link", name="Записать визит: Алиев Марат Сейітұлы").click()
    page.get_by_label("Тема").first.select_option(label="Дороги")
    page.get_by_label("Краткое содержание").first.fill("Освещение улицы")
    page.get_by_label("О чём просит посетитель").first.fill("На улице Абая не горят фонари")
    _fits(page, "ru-visit-phone")
    page.get_by_role("button", name="Зарегистрировать обращения и отметить приём").click()
    page.wait_for_selector("text=Визит записан")
    assert "111033000-2030-00001" in page.locator("main").inner_text()
    _fits(page, "ru-visit-done-phone")

    # On a desktop the queue is an ordinary table, the visit recorded in it.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/kk/reception/111033000/queue/")
    assert page.locator("table.queue thead").is_visible()
    assert "111033000-2030-00001" in page.locator("table.queue").inner_text()
    _fits(page, "kk-queue-desktop", width=1280)
