"""The pages: the public page of a rural district and of an indicator, the staff list, a new plan, the plan
with indicators added and progress typed into its table, one indicator; what bad input shows (a
translated message, 400, nothing stored — never a 500); who is kept out (302, 403, 404)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.plans import services
from auyl.plans.models import Indicator, Plan, ProgressUpdate

from .conftest import TODAY


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args or None)


def signed_in(client, user):
    force_staff_login(client, user)
    return client


@pytest.fixture
def plan(people, make_plan, make_indicator):
    plan = make_plan()
    make_indicator(plan)
    make_indicator(plan, title="Көше шамдары", unit="шт.", baseline="0", target="8", amount="3840000.50")
    return plan


INDICATOR_POST = {
    "title": "Жаңа спорт алаңы",
    "unit": "алаң",
    "baseline": "0",
    "target": "3",
    "starts_on": "",
    "deadline": "2027-06-30",
    "executor": "Әкім аппараты",
    "funding_source": "local",
    "amount": "12 500 000,50",
    "input": "",
}


def test_staff_pages_need_sign_in(client, plan):
    indicator = plan.indicators.first()
    for page in (
        url("plans:staff_home"),
        url("plans:new"),
        url("plans:detail", plan.pk),
        url("plans:indicator", indicator.pk),
    ):
        response = client.get(page)
        assert response.status_code == 302 and "login" in response.url, page


def test_other_districts_get_404_and_readers_403(client, people, plan):
    indicator = plan.indicators.first()
    signed_in(client, people["akim_b"])
    for page in (
        url("plans:detail", plan.pk),
        url("plans:indicator", indicator.pk),
        url("plans:edit", plan.pk),
    ):
        assert client.get(page).status_code == 404, page
    assert client.post(url("plans:progress", plan.pk), {"measured_on": "2026-11-19"}).status_code == 404
    assert client.post(url("plans:indicator_add", plan.pk), INDICATOR_POST).status_code == 404
    signed_in(client, people["deputy"])
    assert client.get(url("plans:detail", plan.pk)).status_code == 200
    assert client.get(url("plans:new")).status_code == 403
    assert client.post(url("plans:publish", plan.pk)).status_code == 404  # may read, not manage
    signed_in(client, people["executor"])
    assert client.get(url("plans:new")).status_code == 403
    assert Indicator.objects.count() == 2 and Plan.objects.get().published_at is None


def test_create_a_plan_on_the_page(client, people, tree):
    signed_in(client, people["akim"])
    page = client.get(url("plans:new")).content.decode()
    assert 'value="111033200"' in page and 'value="111035000"' not in page  # own units only
    response = client.post(
        url("plans:new"),
        {
            "territory": "111033000",
            "title": "Жоспар",
            "period_start": "2026-01-01",
            "period_end": "2028-12-31",
        },
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response.url == url("plans:detail", plan.pk) + "#add-indicator"
    forged = client.post(
        url("plans:new"),
        {
            "territory": "111035000",
            "title": "Бөтен",
            "period_start": "2026-01-01",
            "period_end": "2027-01-01",
        },
    )
    assert forged.status_code == 200 and Plan.objects.count() == 1


def test_add_an_indicator_from_the_keyboard(client, people, plan):
    signed_in(client, people["akim"])
    page = client.get(url("plans:detail", plan.pk)).content.decode()
    assert 'id="add-indicator"' in page and "Ctrl+Enter" in page
    response = client.post(url("plans:indicator_add", plan.pk), INDICATOR_POST)
    assert response.status_code == 302 and response.url.endswith("#add-indicator")
    added = Indicator.objects.get(number=3)
    assert added.amount == Decimal("12500000.50") and added.starts_on == plan.period_start


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"target": "0"}, "The target must differ from the baseline: otherwise there is nothing to achieve."),
        ({"deadline": "2025-06-30"}, "The deadline cannot be before the start."),
        ({"amount": "-5"}, "This cannot be negative."),
        ({"amount": "abc"}, "Enter a number."),
    ],
)
def test_a_bad_indicator_is_explained_in_each_language(client, people, plan, change, message):
    signed_in(client, people["akim"])
    for lang in ("kk", "ru"):
        with translation.override(lang):
            expected = translation.gettext(message)
        response = client.post(url("plans:indicator_add", plan.pk, lang=lang), {**INDICATOR_POST, **change})
        assert response.status_code == 400 and expected in response.content.decode()
    response = client.post(url("plans:indicator_add", plan.pk, lang="ru"), {**INDICATOR_POST, "title": ""})
    assert "Обязательное поле." in response.content.decode()  # Django's own message, in Russian
    assert Indicator.objects.count() == 2


def test_type_progress_into_the_table(client, people, plan):
    first, second = plan.indicators.order_by("number")
    signed_in(client, people["executor"])
    page = client.get(url("plans:detail", plan.pk)).content.decode()
    assert f'name="value_{first.pk}"' in page and "data-progress-value" in page
    response = client.post(
        url("plans:progress", plan.pk),
        {
            "measured_on": "2026-11-18",
            f"value_{first.pk}": "1 50",
            f"note_{first.pk}": "жақсы",
            f"value_{second.pk}": "",
        },
    )
    assert response.status_code == 302 and response.url.endswith("#progress")
    (update,) = ProgressUpdate.objects.all()
    assert (update.indicator, update.value, update.measured_on, update.note) == (
        first,
        Decimal("150"),
        dt.date(2026, 11, 18),
        "жақсы",
    )


def test_a_bad_line_saves_nothing_and_is_marked(client, people, plan):
    first, second = plan.indicators.order_by("number")
    signed_in(client, people["executor"])
    response = client.post(
        url("plans:progress", plan.pk, lang="ru"),
        {"measured_on": "2026-11-18", f"value_{first.pk}": "150", f"value_{second.pk}": "много"},
    )
    page = response.content.decode()
    assert response.status_code == 400 and 'class="has-error"' in page
    with translation.override("ru"):
        assert translation.gettext("Enter a number.") in page
    assert 'value="много"' in page and 'value="150"' in page  # what was typed stays for correcting
    future = client.post(
        url("plans:progress", plan.pk), {"measured_on": "2026-11-20", f"value_{first.pk}": "150"}
    )
    assert future.status_code == 400 and "A progress date cannot be in the future." in future.content.decode()
    empty = client.post(url("plans:progress", plan.pk), {"measured_on": "2026-11-18"})
    assert empty.status_code == 400 and "Type at least one value." in empty.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_the_indicator_page_records_progress_and_shows_the_history(client, people, plan):
    indicator = plan.indicators.first()
    signed_in(client, people["executor"])
    response = client.post(
        url("plans:indicator_progress", indicator.pk),
        {"value": "150", "measured_on": "2026-11-01", "note": "бір"},
    )
    assert response.status_code == 302
    bad = client.post(
        url("plans:indicator_progress", indicator.pk), {"value": "150", "measured_on": "2027-01-01"}
    )
    assert bad.status_code == 400 and "A progress date cannot be in the future." in bad.content.decode()
    page = client.get(url("plans:indicator", indicator.pk)).content.decode()
    assert "01.11.2026" in page and "бір" in page and "executor_a" in page
    assert "Change the indicator" not in page  # an executor records, does not redefine


def test_edit_and_publish(client, people, plan):
    indicator = plan.indicators.first()
    signed_in(client, people["akim"])
    response = client.post(
        url("plans:indicator_edit", indicator.pk),
        {**INDICATOR_POST, "title": indicator.title, "target": "250", "deadline": "2026-12-31"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == Decimal("250")
    assert client.post(url("plans:publish", plan.pk)).status_code == 302
    plan.refresh_from_db()
    assert plan.published_at is not None
    page = client.get(url("plans:detail", plan.pk)).content.decode()
    assert url("plans:public", "111033000") in page


def test_the_public_page_of_a_rural_district(client, people, plan, make_plan, make_indicator):
    draft = make_plan(title="Әлі жарияланбаған")
    make_indicator(draft, title="Құпия көрсеткіш")
    services.publish_plan(actor=people["akim"], plan=plan)
    indicator = plan.indicators.first()
    services.record_progress(actor=people["executor"], indicator=indicator, value="150", measured_on=TODAY)
    for lang in ("kk", "ru", "en"):
        response = client.get(url("plans:public", "111033000", lang=lang))
        page = response.content.decode()
        assert response.status_code == 200 and f'lang="{lang}"' in page
        assert plan.title in page and "Құпия көрсеткіш" not in page
        assert 'class="bar' in page and "12\u00a0500\u00a0000,50" in page
        assert url("plans:public_indicator", "111033000", indicator.pk, lang=lang) in page
    page = client.get(url("plans:public_indicator", "111033000", indicator.pk)).content.decode()
    assert "150" in page and "executor_a" not in page  # the public history names nobody


def test_public_pages_answer_404_not_500(client, plan, tree):
    indicator = plan.indicators.first()  # of a draft plan
    for page in (
        url("plans:public", "000000000"),
        url("plans:public", "111033100"),  # a settlement: the page is the rural district's
        url("plans:public", "abc"),
        url("plans:public_indicator", "111033000", indicator.pk),  # not published
        url("plans:public_indicator", "111033000", 99999999999),
    ):
        assert client.get(page).status_code == 404, page
    empty = client.get(url("plans:public", "111035000"))
    assert empty.status_code == 200
    assert "No development plan has been published for this rural district yet." in empty.content.decode()


def test_another_districts_indicator_is_not_on_this_page(client, people, plan, tree):
    services.publish_plan(actor=people["akim"], plan=plan)
    indicator = plan.indicators.first()
    assert client.get(url("plans:public_indicator", "111035000", indicator.pk)).status_code == 404
