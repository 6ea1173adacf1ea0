"""The public pages of a rural district and ``public_meetings`` (merged into the assemblies' public
calendar): upcoming and past meetings, each question's fate without names, promised against done."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from auyl.appeals import services as appeals
from auyl.reporting import selectors, services
from auyl.reporting.models import Status


@pytest.fixture(autouse=True)
def _english():
    """Labels built outside a request are asserted in English (pages choose their language by URL)."""
    with translation.override("en"):
        yield


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def meetings(tree, people, topics, meeting_factory, kz_resident):
    held = meeting_factory()
    q1, _code = services.add_question(
        actor=people["registrar"],
        meeting=held,
        topic=topics["roads-repair"],
        text="Жолды жөндеу",
        executor=people["executor"],
        resident=kz_resident,
    )
    q2, _code = services.add_question(
        actor=people["registrar"],
        meeting=held,
        topic=topics["other"],
        text="Жеке мәселе",
        executor=people["executor"],
        is_public=False,
    )
    appeals.answer(
        actor=people["executor"],
        appeal=q1.appeal,
        outcome="satisfied",
        text="Жөнделеді",
        promised_action="Жол жөндеу",
        promised_by=dt.date(2026, 12, 20),
    )
    services.add_promise(
        actor=people["registrar"], meeting=held, text="Жарық орнату", due_on=dt.date(2026, 11, 15)
    )
    done = services.add_promise(
        actor=people["registrar"], meeting=held, text="Саябақ", due_on=dt.date(2026, 12, 1)
    )
    services.mark_promise_done(
        actor=people["registrar"], promise=done, note="Бітті", done_on=dt.date(2026, 11, 18)
    )
    planned = meeting_factory(
        held=False,
        starts_at=dt.datetime(2026, 12, 3, 15, 0),
        already_held=False,
        territory=tree["village_a2"],
        channels=["instagram"],
    )
    cancelled = meeting_factory(held=False, starts_at=dt.datetime(2026, 12, 5, 15, 0), already_held=False)
    services.cancel_meeting(actor=people["registrar"], meeting=cancelled, reason="Буран")
    elsewhere = meeting_factory(
        held=False,
        actor=people["registrar_b"],
        akim_unit=tree["rd_b"],
        territory=tree["village_b1"],
        starts_at=dt.datetime(2026, 12, 4, 15, 0),
        already_held=False,
    )
    return {
        "held": held,
        "planned": planned,
        "cancelled": cancelled,
        "elsewhere": elsewhere,
        "q1": q1,
        "q2": q2,
    }


def test_public_meetings_splits_upcoming_and_past(tree, meetings):
    result = selectors.public_meetings(tree["rd_a"])
    assert [e["meeting"] for e in result.upcoming] == [meetings["planned"]]
    assert [e["meeting"] for e in result.past] == [meetings["cancelled"], meetings["held"]]
    entry = result.upcoming[0]
    assert entry["kind"] == "reporting_meeting" and entry["venue"] == "Дом культуры"
    assert timezone.localtime(entry["starts_at"]).replace(tzinfo=None) == dt.datetime(2026, 12, 3, 15, 0)
    assert entry["url"] == reverse(
        "reporting:public_meeting", args=[tree["rd_a"].code, meetings["planned"].pk]
    )
    assert entry["status"] == Status.PLANNED and entry["territory"] == tree["village_a2"]
    assert selectors.public_meetings(tree["village_a2"]).entries[0]["meeting"] == meetings["planned"]
    assert meetings["elsewhere"] not in [e["meeting"] for e in result.entries]
    # A region's calendar links each meeting under its own rural district.
    region = selectors.public_meetings(tree["region"])
    links = {e["meeting"].pk: e["url"] for e in region.entries}
    assert links[meetings["elsewhere"].pk] == reverse(
        "reporting:public_meeting", args=[tree["rd_b"].code, meetings["elsewhere"].pk]
    )


@pytest.mark.parametrize(
    ("lang", "words"),
    [("kk", ["3 Желтоқсан 2026", "12 Қараша 2026"]), ("ru", ["3 декабря 2026", "12 ноября 2026"])],
)
def test_public_list_in_kazakh_and_russian(client, tree, meetings, lang, words):
    response = client.get(url("reporting:public", tree["rd_a"].code, lang=lang))
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in page
    for word in words:
        assert word in page
    assert "Жарық орнату" in page and "Саябақ" in page  # promised and done, with the overdue one
    assert "1 / 2" in page
    assert (
        reverse("reporting:public_meeting", args=[tree["rd_a"].code, meetings["held"].pk]).replace(
            "/kk/", f"/{lang}/"
        )
        in page
    )


def test_public_meeting_shows_fates_but_no_names(client, tree, meetings, kz_resident):
    page = client.get(
        url("reporting:public_meeting", tree["rd_a"].code, meetings["held"].pk)
    ).content.decode()
    assert "Жолды жөндеу" in page and "Accepted, being carried out" in page and "20.12.2026" in page
    assert "Жеке мәселе" not in page and "1 personal question is not published." in page
    assert kz_resident.last_name not in page and kz_resident.phone not in page
    assert meetings["q1"].appeal.number not in page  # no appeal numbers (they lead to personal data)


def test_a_question_past_its_deadline_shows_as_overdue(client, tree, meetings, clock):
    from auyl.reporting.models import Question

    Question.objects.filter(pk=meetings["q2"].pk).update(is_public=True)
    meeting_url = url("reporting:public_meeting", tree["rd_a"].code, meetings["held"].pk)
    assert "Answer overdue" not in client.get(meeting_url).content.decode()
    clock.set(dt.date(2026, 11, 30))  # q2's deadline was 27 November; q1 was answered in time
    page = client.get(meeting_url).content.decode()
    assert "Жеке мәселе" in page and page.count("Answer overdue") == 1
    fate = selectors.fate_of(meetings["q2"], dt.date(2026, 11, 30))
    assert fate.label == "Answer overdue" and fate.tone == "danger"


def test_unknown_places_and_meetings_are_404(client, tree, meetings):
    assert client.get(url("reporting:public", "999999999")).status_code == 404
    assert client.get(url("reporting:public", "abc")).status_code == 404
    assert (
        client.get(url("reporting:public", tree["district"].code)).status_code == 404
    )  # not a rural district
    other = tree["rd_b"].code
    assert client.get(url("reporting:public_meeting", other, meetings["held"].pk)).status_code == 404
    assert client.get(url("reporting:public_meeting", tree["rd_a"].code, 10**20)).status_code == 404
    assert client.post(url("reporting:public", tree["rd_a"].code)).status_code == 405


def test_a_planned_meeting_whose_time_passed_awaits_its_results(tree, meetings, clock):
    clock.set(dt.date(2026, 12, 4))
    result = selectors.public_meetings(tree["rd_a"])
    entry = next(e for e in result.past if e["meeting"] == meetings["planned"])
    assert entry["status_label"] == "Results not entered yet" and not result.upcoming


def test_the_public_list_reads_a_fixed_number_of_queries(
    client, tree, people, meeting_factory, django_assert_max_num_queries
):
    """Thirty held meetings (each showing its participants online) cost no more queries than one."""
    for day in range(1, 31):
        meeting_factory(starts_at=dt.datetime(2026, 10, day, 15, 0))
    with django_assert_max_num_queries(12):
        response = client.get(url("reporting:public", tree["rd_a"].code))
    assert response.status_code == 200 and response.content.decode().count("100") >= 30
