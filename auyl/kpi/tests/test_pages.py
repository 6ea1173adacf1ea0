"""The scorecard pages: a rural district's scorecard and its drill-downs (public), the ranking and the
staff start page (supervisors), the methodology (public) — 200 for those allowed, 403/404 for others,
400/404 and never a 500 on bad input, the drill-down's count equal to the figure, missing data shown as
missing with its reason (never as 0), in Kazakh and Russian.

The data is the engine's hand-built first quarter of 2025 (``test_support``), read on 1 May 2025.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from auyl.accounts.testing import force_staff_login
from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.kpi import catalogue, selectors, services

from .test_support import EXPECTED_A, build_all

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 5, 1, 10, 0, tzinfo=ZoneInfo("Asia/Almaty"))  # Q1 2025 over, Q2 running


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW.astimezone(dt.UTC))


@pytest.fixture
def data(tree):
    built = build_all(tree)
    TerritorySetting.objects.create(territory=tree["region"], key="kpi.min_coverage", value=0.0)
    return built


@pytest.fixture
def regional(tree, make_staff):
    return make_staff(Role.REGIONAL_SUPERVISOR, tree["region"], username="regional")


def url(name, *args, lang="en", query=""):
    with translation.override(lang):
        path = reverse(name, args=args)
    return path + (f"?{query}" if query else "")


def card_url(tree, unit="rd_a", lang="en", period=(2025, 1)):
    return url("kpi:scorecard", tree[unit].code, *period, lang=lang)


def drill_url(tree, code, unit="rd_a", lang="en", query=""):
    return url("kpi:drilldown", tree[unit].code, 2025, 1, code, lang=lang, query=query)


def indicator_item(page: str, code: str) -> str:
    """The HTML of one indicator's entry on a scorecard."""
    match = re.search(rf'<li id="ind-{code}".*?</li>', page, re.S)
    assert match, code
    return match.group(0)


def attribute(html: str, name: str) -> str:
    match = re.search(rf'{name}="([^"]*)"', html)
    assert match, name
    return match.group(1)


# ------------------------------------------------------------------------------ the scorecard


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_public_scorecard_shows_every_indicator_with_its_figures(client, data, tree, lang):
    response = client.get(card_url(tree, lang=lang))
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in page
    assert 'id="composite"' in page and 'id="council-composite"' in page  # the council apart
    for indicator in catalogue.INDICATORS:
        item = indicator_item(page, indicator.code)
        assert (
            f'href="{drill_url(tree, indicator.code, lang=lang)}"' in item
        )  # every figure opens its records
    on_time = indicator_item(page, "appeals_answered_on_time")
    assert attribute(on_time, "data-numerator") == "4" and attribute(on_time, "data-denominator") == "5"
    assert "80\u00a0%" in on_time and attribute(on_time, "data-missing") == "no"
    akim = page.index('id="akim-indicators"')
    council = page.index('id="council-indicators"')
    assert (
        akim < page.index('id="ind-appeals_rating"') < council < page.index('id="ind-council_sessions_held"')
    )


def test_missing_data_is_shown_as_missing_with_its_reason_never_as_zero(client, data, tree):
    page = client.get(card_url(tree, unit="rd_b")).content.decode()
    budget = indicator_item(page, "budget_own_revenue")  # B has no budget
    assert attribute(budget, "data-missing") == "yes" and attribute(budget, "data-score") == ""
    assert "No data" in budget and "No budget of this unit for the year is recorded." in budget
    assert not re.search(r">\s*0(\u00a0%)?\s*<", budget)
    satisfaction = indicator_item(client.get(card_url(tree)).content.decode(), "residents_satisfaction")
    assert attribute(satisfaction, "data-missing") == "yes" and "Why no score:" in satisfaction
    drill = client.get(drill_url(tree, "budget_own_revenue", unit="rd_b")).content.decode()
    assert 'id="missing-reason"' in drill and "No budget of this unit for the year is recorded." in drill
    assert 'id="no-records"' in drill


def test_a_scorecard_without_any_data_has_no_composite_rather_than_zero(client, tree):
    page = client.get(card_url(tree, unit="rd_b")).content.decode()
    assert 'data-score=""' in page and 'id="composite-reason"' in page
    assert "No indicator of this scorecard has data for the quarter." in page


def test_the_latest_scorecard_is_the_last_complete_quarter(client, tree):
    response = client.get(url("kpi:scorecard_latest", tree["rd_a"].code, lang="ru"))
    assert response.status_code == 302 and response.url == card_url(tree, lang="ru")


def test_a_closed_quarter_is_not_marked_provisional(client, data, tree, regional):
    assert 'id="provisional"' in client.get(card_url(tree)).content.decode()
    services.close_quarter(actor=regional, territory=tree["region"], period="2025-Q1")
    assert 'id="provisional"' not in client.get(card_url(tree)).content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/en/scorecards/d/111033000/2025-Q5/",  # no such quarter
        "/en/scorecards/d/111033000/2025-Q0/",
        "/en/scorecards/d/111033000/0012-Q1/",  # a year out of range
        "/en/scorecards/d/111033000/99999999999999999999999-Q1/",
        "/en/scorecards/d/111033000/2025-Q1x/",
        "/en/scorecards/d/999999999/2025-Q1/",  # no such unit
        "/en/scorecards/d/abc/2025-Q1/",
        "/en/scorecards/d/111000000/2025-Q1/",  # a district has rankings, not a scorecard
        "/en/scorecards/d/111033100/",  # a village neither
        "/en/scorecards/d/111033000/2025-Q1/no_such_indicator/",
        "/en/scorecards/d/111033000/2025-Q5/appeals_positive/",
    ],
)
def test_unknown_quarters_units_and_indicators_are_not_found(client, tree, path):
    assert client.get(path).status_code == 404


def test_a_future_quarter_is_refused_with_a_reason(client, tree):
    for path in (
        card_url(tree, period=(2025, 3)),
        url("kpi:drilldown", tree["rd_a"].code, 2026, 1, "appeals_positive"),
    ):
        response = client.get(path)
        assert response.status_code == 400 and 'id="refused"' in response.content.decode()


def test_pages_are_read_only(client, tree):
    assert client.post(card_url(tree)).status_code == 405
    assert client.post(drill_url(tree, "appeals_positive")).status_code == 405


# ------------------------------------------------------------------------------ the drill-down


@pytest.mark.parametrize(
    "code",
    [
        "appeals_answered_on_time",
        "appeals_registered_on_time",
        "reporting_meetings_held",
        "gatherings_quorum",
        "council_decisions_executed",
    ],
)
def test_the_drilldown_count_equals_the_figure_on_the_scorecard(client, data, tree, regional, code):
    force_staff_login(client, regional)
    item = indicator_item(client.get(card_url(tree)).content.decode(), code)
    page = client.get(drill_url(tree, code)).content.decode()
    assert attribute(page, "data-considered") == attribute(item, "data-denominator")
    assert attribute(page, "data-counted") == attribute(item, "data-numerator")
    rows = re.findall(r'<tr data-kind="[^"]+" data-counted="(yes|no)"', page)
    assert len(rows) == int(attribute(item, "data-denominator"))
    assert rows.count("yes") == int(attribute(item, "data-numerator"))
    value = re.search(r'<dd id="figure-value">([^<]+)</dd>', page).group(1)
    assert re.search(r'<strong id="sum-recount">([^<]+)</strong>', page).group(1) == value
    assert value in item


@pytest.mark.parametrize("code", [indicator.code for indicator in catalogue.INDICATORS])
def test_every_drilldown_recounts_to_the_figure_shown(client, data, tree, code):
    scorecard = client.get(card_url(tree)).content.decode()
    response = client.get(drill_url(tree, code, lang="ru"))
    page = response.content.decode()
    assert response.status_code == 200
    shown = re.search(r'<dd id="figure-value">([^<]+)</dd>', page)
    if attribute(indicator_item(scorecard, code), "data-missing") == "yes":
        assert shown is None and 'id="missing-reason"' in page
        return
    assert re.search(r'<strong id="sum-recount">([^<]+)</strong>', page).group(1) == shown.group(1)


def test_a_mean_and_a_sum_ratio_are_listed_with_their_amounts(client, data, tree):
    rating = client.get(drill_url(tree, "appeals_rating")).content.decode()
    assert (
        '<strong id="sum-considered">2</strong>' in rating and '<strong id="sum-amount">7</strong>' in rating
    )
    assert '<dd id="figure-value">3.5 of 5</dd>' in rating
    budget = client.get(drill_url(tree, "budget_execution", lang="ru")).content.decode()
    assert '<strong id="sum-amount">300</strong>' in budget and '<strong id="sum-base">400</strong>' in budget
    assert '<strong id="sum-recount">75\u00a0%</strong>' in budget


def test_the_drilldown_lists_the_appeals_and_filters_them(client, data, tree, regional, settings):
    force_staff_login(client, regional)
    page = client.get(drill_url(tree, "appeals_answered_on_time")).content.decode()
    for key in ("A1", "A2", "A3", "A5", "A7"):
        assert f'href="/en/appeals/{data["appeals"][key].pk}/">{key}</a>' in page
    late = client.get(drill_url(tree, "appeals_answered_on_time", query="show=not_counted")).content.decode()
    assert re.findall(r'/en/appeals/\d+/">(A\d)</a>', late) == ["A2"]
    assert "80\u00a0%" in page and EXPECTED_A["appeals_answered_on_time"] == 80.0


def test_the_public_sees_the_records_without_personal_data_or_staff_links(client, data, tree):
    page = client.get(drill_url(tree, "appeals_answered_on_time", lang="kk")).content.decode()
    assert re.findall(r"<th scope=\"row\">(A\d)</th>", page) == ["A5", "A1", "A2", "A3", "A7"]
    assert "/appeals/" not in page.split('id="records"')[1].split("</table>")[0]
    assert "Тест" not in page  # the applicants' name in the fixtures


@pytest.mark.parametrize("query", ["show=everything", "page=abc", "page=0", "page=-3", "page=10000000000"])
def test_bad_drilldown_filters_are_refused_not_a_500(client, data, tree, query):
    response = client.get(drill_url(tree, "appeals_positive", query=query))
    assert response.status_code == 400 and 'id="refused"' in response.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, data, tree):
    response = client.get(drill_url(tree, "appeals_answered_on_time", query="page=99"))
    assert response.status_code == 200 and len(re.findall(r"<tr data-kind=", response.content.decode())) == 5


# ------------------------------------------------------------------------------ ranking and start page


def test_rankings_are_for_supervisors(client, data, tree, make_staff):
    region = url("kpi:ranking", tree["region"].code, 2025, 1, lang="ru")
    district = url("kpi:ranking", tree["district"].code, 2025, 1, lang="ru")
    assert client.get(region).status_code == 302  # signed out: to the sign-in page
    force_staff_login(client, make_staff(Role.AKIM, tree["rd_a"]))
    assert client.get(district).status_code == 403
    force_staff_login(client, make_staff(Role.DISTRICT_SUPERVISOR, tree["district"]))
    assert client.get(district).status_code == 200
    assert client.get(region).status_code == 403


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_ranking_lists_units_best_first_with_the_trend_in_words(client, data, tree, regional, lang):
    force_staff_login(client, regional)
    response = client.get(url("kpi:ranking", tree["region"].code, 2025, 1, lang=lang))
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in page
    rows = re.findall(r'<tr data-unit="(\d+)" data-rank="(\d*)">', page)
    composites = {
        unit: selectors.scorecard(None, tree[unit], "2025-Q1").composite for unit in ("rd_a", "rd_b")
    }
    best, other = sorted(composites, key=lambda unit: -composites[unit])
    assert rows == [(tree[best].code, "1"), (tree[other].code, "2")]
    link = url("kpi:scorecard", tree["rd_a"].code, 2025, 1, lang=lang) + "#composite"
    assert f'class="composite-link" href="{link}"' in page
    trends = re.findall(
        r'<span class="trend (\w+)" data-trend="\w+"><span aria-hidden="true">(.)</span> ([^<]+)</span>', page
    )
    assert len(trends) == 2 and all(words.strip() for _kind, _arrow, words in trends)  # never colour alone
    assert tree["district"].name in page  # the region's ranking names each unit's district


def test_the_trend_is_an_arrow_and_words_matching_the_change(client, data, tree, regional):
    from .test_support import appeal

    appeal(tree["rd_a"], "P1", "2024-12-01", deadline="2024-12-16", answered="2024-12-30", outcome="refused")
    now, before = (selectors.scorecard(None, tree["rd_a"], p).composite for p in ("2025-Q1", "2024-Q4"))
    kind, arrow, word = ("up", "▲", "up") if now > before else ("down", "▼", "down")
    force_staff_login(client, regional)
    page = client.get(url("kpi:ranking", tree["district"].code, 2025, 1)).content.decode()
    row = re.search(rf'<tr data-unit="{tree["rd_a"].code}".*?</tr>', page, re.S).group(0)
    points = f"{abs(now - before):.1f}".rstrip("0").rstrip(".")
    assert f'data-trend="{kind}"><span aria-hidden="true">{arrow}</span> {word} {points} points' in row
    assert f"(was {before:g})" in row


def test_bad_ranking_input_is_refused_not_a_500(client, data, tree, regional):
    force_staff_login(client, regional)
    assert client.get(url("kpi:ranking", tree["rd_a"].code, 2025, 1)).status_code == 400  # not a district
    assert client.get(url("kpi:ranking", "999999999", 2025, 1)).status_code == 404
    assert client.get(url("kpi:ranking", tree["region"].code, 2025, 7)).status_code == 404
    assert client.get(url("kpi:ranking", tree["region"].code, 2026, 1)).status_code == 400  # the future
    latest = client.get(url("kpi:ranking_latest", tree["region"].code))
    assert latest.status_code == 302 and latest.url == url("kpi:ranking", tree["region"].code, 2025, 1)


def test_the_start_page(client, tree, regional, make_staff):
    assert client.get(url("kpi:staff_home")).status_code == 302
    from auyl.accounts.models import User

    resident = User.objects.create_user(username="resident", password="x")
    client.force_login(resident)
    assert client.get(url("kpi:staff_home")).status_code == 403
    force_staff_login(client, regional)
    page = client.get(url("kpi:staff_home", lang="ru")).content.decode()
    for unit in ("region", "district"):
        assert f'href="{url("kpi:ranking", tree[unit].code, 2025, 1, lang="ru")}"' in page


def test_the_scorecard_links_a_supervisor_to_the_ranking(client, data, tree, regional):
    assert 'id="ranking-link"' not in client.get(card_url(tree)).content.decode()
    force_staff_login(client, regional)
    page = client.get(card_url(tree)).content.decode()
    assert f'id="ranking-link" href="{url("kpi:ranking", tree["district"].code, 2025, 1)}"' in page


# ------------------------------------------------------------------------------ the methodology


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_methodology_is_public_and_generated_from_the_catalogue(client, tree, lang):
    response = client.get(url("kpi:methodology", lang=lang))
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in page
    with translation.override(lang):
        for indicator in catalogue.INDICATORS:
            entry = re.search(rf'<li class="card" id="{indicator.code}".*?</li>', page, re.S).group(0)
            assert str(indicator.formula) in entry.replace("&#x27;", "'")
    assert "kpi.targets" in page and "kpi.weights" in page


def test_the_methodology_shows_a_regions_targets_and_weights(client, tree):
    TerritorySetting.objects.create(
        territory=tree["region"], key="kpi.targets", value={"appeals_positive": 75}
    )
    TerritorySetting.objects.create(
        territory=tree["region"], key="kpi.weights", value={"appeals_positive": 3}
    )
    default = client.get(url("kpi:methodology")).content.decode()
    page = client.get(url("kpi:methodology", query=f"region={tree['region'].code}")).content.decode()
    entry = re.search(r'<li class="card" id="appeals_positive".*?</li>', page, re.S).group(0)
    assert f'data-region="{tree["region"].code}"' in page and "set by the region" in entry
    assert "target 75\u00a0%" in entry and "<dd>3 (" in entry
    assert "target 60\u00a0%" in default and "set by the region" not in default


@pytest.mark.parametrize("query", ["region=999999999", "region=abc", "region=" + "9" * 500])
def test_an_unknown_region_is_refused_with_a_message(client, tree, query):
    response = client.get(url("kpi:methodology", query=query))
    assert response.status_code == 400 and "Choose a region from the list." in response.content.decode()
