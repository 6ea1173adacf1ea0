"""An appeal's whole walk in a real browser: a registrar registers it for a resident in Kazakh with the
keyboard and assigns it, an executor answers it, and the resident (not signed in) finds it by number and
code in Russian, reads the answer and rates it. Each staff member signs in once (a TOTP code is single-use
per 30-second step and user)."""

import re

import pyotp
import pytest

from auyl.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANSWER = "Абай көшесіндегі жол мамыр айында жөнделеді. / Дорогу отремонтируют в мае."


@pytest.fixture
def office(tree):
    """The rural district's registrar and executor (both with TOTP), a topic, and a resident."""
    from auyl.accounts import testing
    from auyl.appeals.models import Topic
    from auyl.territory.models import Resident

    Topic.objects.create(code="roads", name_kk="Жолдар", name_ru="Дороги", name_en="Roads", form_826=6,
                         sector_7="roads", topic_10="housing", reception_16="roads")
    Resident.objects.create(last_name="Сейітов", first_name="Ерлан", search_name="сейітов ерлан",
                            settlement=tree["village_a1"], territory_path=tree["village_a1"].path,
                            phone="+77011234567", address="Абай к-сі 5")
    people = {}
    for role, name, full_name in ((Role.REGISTRAR, "registrar.kyzylzhar", "Ғалия Тұрсынова"),
                                  (Role.EXECUTOR, "executor.kyzylzhar", "Бауыржан Әлиев")):
        user = testing.make_staff_user(role, tree["rd_a"], username=name)
        user.full_name = full_name
        user.save()
        people[role] = {"username": name, "full_name": full_name, "secret": testing.enrol_totp(user),
                        "password": testing.PASSWORD}
    return people


def sign_in(tab, base: str, person: dict, lang: str = "kk") -> None:
    tab.goto(f"{base}/{lang}/accounts/login/")
    tab.locator("input[name=username]").fill(person["username"])
    tab.locator("input[name=password]").fill(person["password"])
    tab.locator("input[name=password]").press("Enter")
    tab.wait_for_url(re.compile(r"/accounts/login/totp/$"))
    tab.locator("input[name=code]").fill(pyotp.TOTP(person["secret"]).now())
    tab.locator("input[name=code]").press("Enter")
    tab.wait_for_url(lambda url: "/accounts/login" not in url)


def focused(tab, attribute: str = "name") -> str | None:
    return tab.evaluate(f"document.activeElement.getAttribute('{attribute}')")


def register_for_the_resident(tab, base: str) -> tuple[str, str]:
    """The registrar's keyboard path through /kk/appeals/new/; returns (number, tracking code)."""
    tab.goto(f"{base}/kk/appeals/new/")
    assert focused(tab, "id") == "q", "the search box has the cursor"
    tab.keyboard.type("Сейітов")
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"\?q="))
    assert re.search(r"\?resident=\d+$", focused(tab, "href")), "the first resident found has the focus"
    tab.keyboard.press("Enter")  # the first resident found has the focus
    tab.wait_for_url(re.compile(r"\?resident=\d+$"))
    assert tab.locator("input[name=applicant_name]").input_value() == "Сейітов Ерлан"
    assert focused(tab) == "topic"
    tab.locator("select[name=topic]").select_option(label="Жолдар")
    tab.keyboard.press("Tab")  # to the settlement, already the resident's
    assert focused(tab) == "territory"
    tab.keyboard.press("Tab")
    tab.keyboard.type("Жол жөндеу")
    tab.keyboard.press("Tab")
    tab.keyboard.type("Абай көшесіндегі жол көктемгі су тасқынынан кейін бұзылды.")
    tab.locator("input[name=subject]").press("Enter")  # Enter in a field sends the form
    tab.wait_for_url(re.compile(r"/kk/appeals/\d+/receipt/$"))
    assert focused(tab, "href") == "/kk/appeals/new/", "'register another' has the focus"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    number = tab.locator("dd.number").inner_text().strip()
    code = tab.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"111033000-\d{4}-\d{5}", number) and re.fullmatch(r"[A-Z2-9]{8}", code)
    return number, code


def test_registrar_executor_and_resident_walk_an_appeal(live_server, office, page):
    base = live_server.url
    registrar, executor = office[Role.REGISTRAR], office[Role.EXECUTOR]
    browser = page.context.browser

    # 1. The registrar (Kazakh) registers the appeal for a resident found in the registry, and assigns it.
    sign_in(page, base, registrar)
    number, code = register_for_the_resident(page, base)
    page.get_by_role("link", name=re.compile("Open the appeal|Өтінішті ашу")).click()
    page.locator("select[name=executor]").select_option(label=executor["full_name"])
    page.locator("form[action$='/assign/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/kk/appeals/\d+/$"))
    assert executor["full_name"] in page.locator("main").inner_text()

    # 2. The executor (own browser) finds it in the inbox and answers it.
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    sign_in(tab, base, executor)
    tab.goto(f"{base}/kk/appeals/inbox/")
    tab.get_by_role("link", name=number).click()
    tab.locator("select[name=outcome]").select_option("explained")
    tab.locator("textarea[name=text]").fill(ANSWER)
    tab.locator("form[action$='/answer/'] button[type=submit]").click()
    tab.wait_for_url(re.compile(r"/kk/appeals/\d+/$"))
    assert ANSWER in tab.locator("main").inner_text()
    context.close()

    # 3. The resident, not signed in, looks it up in Russian and rates the answer.
    context = browser.new_context(locale="ru-RU", viewport={"width": 360, "height": 740})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{base}/ru/appeals/track/")
    assert tab.locator("html").get_attribute("lang") == "ru"
    assert focused(tab) == "number"
    tab.keyboard.type(number)
    tab.keyboard.press("Tab")
    tab.keyboard.type(code.lower())
    tab.keyboard.press("Enter")
    tab.locator("#answer-text").wait_for()
    main = tab.locator("main").inner_text()
    assert ANSWER in main and executor["full_name"] in main and number in main
    assert "Сейітов" not in main  # a public page: the applicant's name is not shown
    assert tab.evaluate("document.documentElement.scrollWidth") <= 360
    tab.locator("label[for=rate_rating_4]").click()  # the fifth radio: rating 5
    tab.locator("textarea[name=comment]").fill("Спасибо, быстро ответили")
    tab.locator("form[action$='/track/rate/'] button[type=submit]").click()
    tab.wait_for_url(re.compile(r"/ru/appeals/track/rate/$"))
    assert "5/5 — Спасибо, быстро ответили" in tab.locator("main").inner_text()
    context.close()
