"""The public site in a real browser: Kazakh text renders, a rural district page in kk and ru, and the
language switcher keeps the page while changing the language prefix."""

import re

import pytest

from auyl.territory.models import Office

KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def district(tree):
    rural = tree["rd_a"]
    rural.name_ru = "Кызылжарский сельский округ"
    rural.name_en = "Kyzylzhar rural district"
    rural.save()
    Office.objects.create(
        territory=rural,
        akim_name="Сейітқали Нұрлан Бекұлы",
        address_kk="Қызыл Жар ауылы, Абай көшесі, 12",
        address_ru="село Кызыл Жар, улица Абая, 12",
        phone="8 (7162) 25-13-47",
        email="kyzylzhar@akmola.gov.kz",
        reception_kk="Сейсенбі, 10:00–12:00",
        reception_ru="Вторник, 10:00–12:00",
    )
    return rural


def test_home_district_page_and_language_switch(live_server, district, page):
    base = live_server.url

    # Home page in Kazakh: Kazakh text, styled, nothing wider than the phone.
    response = page.goto(f"{base}/kk/")
    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == "kk"
    assert KAZAKH_LETTERS.search(page.locator("main").inner_text())
    assert page.get_by_role("link", name="Ақмола облысы").is_visible()
    assert (
        page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        == "rgb(0, 74, 104)"
    ), "site.css is not served: STATICFILES_DIRS must include auyl/static"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Keyboard: the first Tab reaches the skip link, and it is on screen.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    box = page.locator("a.skip").bounding_box()
    assert box is not None and box["y"] >= 0

    # Search by name, open the rural district.
    page.get_by_role("searchbox").fill("қызылжар")
    page.get_by_role("search").get_by_role("button").click()
    page.wait_for_url(re.compile(r"/kk/\?q="))
    page.get_by_role("link", name="Қызылжар ауылдық округі").click()
    page.wait_for_url(f"{base}/kk/d/111033000/")
    assert page.get_by_role("heading", level=1).inner_text() == "Қызылжар ауылдық округі"
    main = page.locator("main").inner_text()
    assert "Сейітқали Нұрлан Бекұлы" in main
    assert "Қызыл Жар ауылы, Абай көшесі, 12" in main
    assert "Қызыл Жұлдыз" in main
    assert page.get_by_role("link", name="8 (7162) 25-13-47").get_attribute("href") == "tel:+77162251347"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # Switch to Russian: same page, /ru/ prefix, Russian name and address.
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(f"{base}/ru/d/111033000/")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("heading", level=1).inner_text() == "Кызылжарский сельский округ"
    assert "село Кызыл Жар, улица Абая, 12" in page.locator("main").inner_text()

    # And back to Kazakh from the Russian page.
    page.get_by_role("button", name="Қазақша").click()
    page.wait_for_url(f"{base}/kk/d/111033000/")
    assert page.get_by_role("heading", level=1).inner_text() == "Қызылжар ауылдық округі"


def test_unknown_code_shows_the_404_page_in_the_language_of_the_address(live_server, district, page):
    response = page.goto(f"{live_server.url}/ru/d/999999999/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("search").is_visible()
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/d/999999999/")
    assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
