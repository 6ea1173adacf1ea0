"""The pages: staff list, planning, holding, one meeting with fast question entry, promise tracking and the
report with its files; what a bad input shows (a translated message, never a 500); who is kept out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.appeals.models import Appeal
from auyl.reporting.models import Promise, PromiseStatus, Question, ReportingMeeting, Status


def url(name, *args, lang="en", **query):
    with translation.override(lang):
        path = reverse(name, args=args or None)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def signed_in(client, user):
    force_staff_login(client, user)
    return client


@pytest.fixture
def registrar_client(client, people):
    return signed_in(client, people["registrar"])


def test_staff_pages_need_sign_in(client, tree, people, meeting_factory):
    meeting = meeting_factory()
    for page in (
        url("reporting:list"),
        url("reporting:plan"),
        url("reporting:detail", meeting.pk),
        url("reporting:promises"),
        url("reporting:report"),
    ):
        response = client.get(page)
        assert response.status_code == 302 and "login" in response.url, page


def test_list_and_meeting_page(registrar_client, people, meeting_factory):
    meeting = meeting_factory()
    page = registrar_client.get(url("reporting:list")).content.decode()
    assert "Дом культуры" in page and reverse("reporting:detail", args=[meeting.pk]) in page
    page = registrar_client.get(url("reporting:detail", meeting.pk)).content.decode()
    assert "Write down a question" in page and 'id="add-question"' in page
    assert ">100<" in page  # 40 in person + 60 on Instagram


def test_plan_a_meeting_on_the_page(registrar_client, tree):
    response = registrar_client.post(
        url("reporting:plan"),
        {
            "akim_unit": tree["rd_a"].code,
            "territory": tree["village_a2"].code,
            "akim_name": "Серікбаев Ержан",
            "date": "2026-12-10",
            "time": "15:00",
            "venue": "Клуб",
            "channels": ["instagram", "tv"],
        },
    )
    meeting = ReportingMeeting.objects.get()
    assert response.status_code == 302 and response.url == reverse("reporting:detail", args=[meeting.pk])
    assert meeting.territory == tree["village_a2"] and meeting.planned_channels == ["instagram", "tv"]
    assert meeting.status == Status.PLANNED


def test_a_past_date_is_refused_with_a_translated_message(client, people, tree):
    signed_in(client, people["registrar"])
    data = {
        "akim_unit": tree["rd_a"].code,
        "territory": tree["rd_a"].code,
        "akim_name": "А",
        "date": "2026-11-01",
        "time": "15:00",
        "venue": "Клуб",
    }
    for lang in ("kk", "ru"):
        with translation.override(lang):
            expected = translation.gettext(
                "This date has passed. If the meeting has already taken place, enter it as held."
            )
        response = client.post(url("reporting:plan", lang=lang), data)
        assert response.status_code == 200 and expected in response.content.decode()
    response = client.post(url("reporting:plan", lang="ru"), {"date": "", "time": "", "venue": ""})
    assert "Обязательное поле." in response.content.decode()  # Django's own message, in Russian
    assert ReportingMeeting.objects.count() == 0


def test_entering_a_held_meeting_leads_to_its_results(registrar_client, tree):
    response = registrar_client.post(
        url("reporting:plan"),
        {
            "akim_unit": tree["rd_a"].code,
            "territory": tree["rd_a"].code,
            "akim_name": "А",
            "date": "2026-11-02",
            "time": "11:00",
            "venue": "Клуб",
            "already_held": "on",
        },
    )
    meeting = ReportingMeeting.objects.get()
    assert response.url == reverse("reporting:hold", args=[meeting.pk])
    response = registrar_client.post(
        response.url,
        {
            "offline_participants": "50",
            "speakers": "7",
            "instagram_broadcasts": "1",
            "instagram_participants": "200",
            "tv_broadcasts": "2",
            "media_social": "1",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD and meeting.participants == 250
    assert {b.channel: (b.broadcasts, b.participants) for b in meeting.broadcasts.all()} == {
        "instagram": (1, 200),
        "tv": (2, 0),
    }


@pytest.mark.parametrize(
    "data",
    [
        {"offline_participants": "-1"},
        {"offline_participants": "abc"},
        {"offline_participants": "99999999999999999999"},
        {"offline_participants": "5", "speakers": "9"},
        {"offline_participants": "5", "facebook_participants": "30"},
    ],
)
def test_bad_figures_are_explained_and_nothing_changes(registrar_client, meeting_factory, data):
    meeting = meeting_factory(held=False)
    response = registrar_client.post(url("reporting:hold", meeting.pk), data)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Status.PLANNED and meeting.offline_participants == 0


def test_questions_are_entered_one_after_another(registrar_client, people, topics, meeting_factory):
    meeting = meeting_factory()
    post = url("reporting:add_question", meeting.pk)
    for text in ("Жол жөндеу керек", "Вода по графику"):
        response = registrar_client.post(
            post,
            {
                "topic": topics["roads-repair"].pk,
                "text": text,
                "kind": "question",
                "executor": people["executor"].pk,
                "is_public": "on",
            },
        )
        assert response.status_code == 302 and response.url.endswith("#add-question")
    page = registrar_client.get(response.url).content.decode()
    assert "Жол жөндеу керек" in page and "Вода по графику" in page
    assert [q.number for q in Question.objects.order_by("number")] == [1, 2]
    assert Appeal.objects.filter(channel="reporting_meeting", executor=people["executor"]).count() == 2
    # The executor of the last question is offered for the next one.
    assert f'<option value="{people["executor"].pk}" selected>' in page


def test_a_bad_question_keeps_what_was_typed_and_says_why(
    registrar_client, people, topics, meeting_factory, tree
):
    meeting = meeting_factory()
    post = url("reporting:add_question", meeting.pk)
    response = registrar_client.post(
        post,
        {
            "topic": topics["roads-repair"].pk,
            "text": "Мәтін",
            "kind": "question",
            "executor": people["executor"].pk,
            "resident_query": "770101300123",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "No resident with this IIN or phone" in page and "Мәтін" in page
    response = registrar_client.post(
        post, {"topic": "999999", "text": "x" * 6000, "kind": "?", "executor": "abc"}
    )
    assert response.status_code == 400
    response = registrar_client.post(
        post,
        {
            "topic": topics["roads-repair"].pk,
            "text": "Сын",
            "kind": "question",
            "executor": people["executor"].pk,
            "is_critical": "on",
        },
    )
    assert "Say to which akim level the critical remark is addressed." in response.content.decode()
    assert Question.objects.count() == 0 and Appeal.objects.count() == 0


def test_promises_on_the_meeting_page_and_the_tracking_page(
    registrar_client, people, meeting_factory, client
):
    meeting = meeting_factory()
    response = registrar_client.post(
        url("reporting:add_promise", meeting.pk), {"text": "Жарық орнату", "due_on": "2026-11-15"}
    )
    assert response.status_code == 302
    promise = Promise.objects.get()
    page = registrar_client.get(url("reporting:promises", state="overdue")).content.decode()
    assert "Жарық орнату" in page and "Overdue" in page
    response = registrar_client.post(
        url("reporting:promise_done", promise.pk),
        {"done_on": "2026-11-18", "note": "Орнатылды", "next": "promises"},
    )
    assert response.status_code == 302 and response.url == reverse("reporting:promises")
    promise.refresh_from_db()
    assert promise.status == PromiseStatus.DONE and promise.done_on == dt.date(2026, 11, 18)
    response = registrar_client.post(
        url("reporting:add_promise", meeting.pk), {"text": "Жарық орнату", "due_on": "2020-01-01"}
    )
    assert (
        response.status_code == 400
        and "The due date cannot be before the meeting." in response.content.decode()
    )


def test_cancel_needs_a_reason(registrar_client, meeting_factory):
    meeting = meeting_factory(held=False, starts_at=dt.datetime(2026, 12, 1, 15, 0), already_held=False)
    response = registrar_client.post(url("reporting:cancel", meeting.pk), {"reason": ""})
    assert response.status_code == 400
    response = registrar_client.post(url("reporting:cancel", meeting.pk), {"reason": "Буран"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED and meeting.cancel_reason == "Буран"


def test_other_rural_districts_staff_get_404_and_403(client, people, meeting_factory, tree):
    meeting = meeting_factory()
    signed_in(client, people["registrar_b"])
    assert client.get(url("reporting:detail", meeting.pk)).status_code == 404
    assert client.post(url("reporting:add_question", meeting.pk), {"text": "x"}).status_code == 404
    assert client.post(url("reporting:hold", meeting.pk), {"offline_participants": "1"}).status_code == 404
    assert client.get(url("reporting:detail", 99999999999999999999)).status_code == 404
    assert meeting.pk not in [m.pk for m in client.get(url("reporting:list")).context["page"].object_list]
    response = client.post(
        url("reporting:plan"),
        {
            "akim_unit": tree["rd_a"].code,
            "territory": tree["rd_a"].code,
            "date": "2026-12-10",
            "time": "15:00",
            "venue": "Клуб",
        },
    )
    assert response.status_code == 200 and ReportingMeeting.objects.count() == 1


def test_readers_see_but_may_not_write(client, people, meeting_factory):
    meeting = meeting_factory()
    signed_in(client, people["auditor"])
    page = client.get(url("reporting:detail", meeting.pk))
    assert page.status_code == 200 and "Write down a question" not in page.content.decode()
    assert client.get(url("reporting:plan")).status_code == 403
    assert client.get(url("reporting:hold", meeting.pk)).status_code == 403
    assert client.post(url("reporting:add_question", meeting.pk), {}).status_code == 403


def test_report_page_shows_the_form_and_downloads(client, people, meeting_factory, tree):
    meeting_factory()
    signed_in(client, people["akim"])
    page = client.get(url("reporting:report", territory=tree["rd_a"].code, year=2026, quarter=4))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-key="participants"' in html and ">100<" in html
    xlsx = client.get(url("reporting:download", "xlsx", territory=tree["rd_a"].code, year=2026, quarter=4))
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="decree-826-111033000-2026-q4-en.xlsx"' in xlsx["Content-Disposition"]
    assert client.get(url("reporting:download", "doc")).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"year": "abc"},
        {"quarter": "9"},
        {"territory": "999999999"},
        {"level": "mayor"},
        {"year": "1900"},
        {"territory": "'; drop table"},
    ],
)
def test_report_bad_parameters_are_400_with_the_reason(client, people, query):
    signed_in(client, people["akim"])
    response = client.get(url("reporting:report", **query))
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert client.get(url("reporting:download", "pdf", **query)).status_code == 400


def test_report_of_another_territory_is_refused(client, people, tree):
    signed_in(client, people["akim"])
    response = client.get(url("reporting:report", territory=tree["rd_b"].code))
    assert (
        response.status_code == 400 and "Choose a territory you may report on." in response.content.decode()
    )
    signed_in(
        client, people["registrar"]
    )  # registrars enter meetings; the report is for akims and supervisors
    assert client.get(url("reporting:report")).status_code == 403


def test_the_plan_form_of_a_national_administrator_reads_a_fixed_number_of_queries(
    client, tree, people, django_assert_max_num_queries
):
    """The places offered are read in one query, not one per unit the user may plan for."""
    from auyl.territory.models import Level, Territory

    for n in range(20):
        code = f"1110{40 + n:02d}000"
        Territory.objects.create(
            code=code, parent=tree["district"], level=Level.RURAL_DISTRICT, name_kk=f"Округ {n}"
        )
    signed_in(client, people["admin"])
    with django_assert_max_num_queries(10):
        response = client.get(url("reporting:plan"))
    page = response.content.decode()
    assert response.status_code == 200 and "Округ 19" in page and tree["village_b1"].code in page
