"""Answering: dates, audience, the one-response rule (also under a double submit and a race), open surveys
without sign-in (abuse limit, double click), and paper forms typed by staff."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.surveys import services
from auyl.surveys.answering import AlreadyAnswered
from auyl.surveys.models import Answer, ClientQuota, Participation, Response
from auyl.territory.services import register_resident

from .conftest import build_survey


def answer(user, survey, **values):
    return services.submit_online(actor=user, survey=survey, values={"happy": "yes", "age": "", **values})


def test_a_resident_answers_once(survey, residents):
    answer(residents[0], survey, happy="no", age="41")
    with pytest.raises(AlreadyAnswered):
        answer(residents[0], survey, happy="yes")
    assert Response.objects.count() == 1 and Participation.objects.count() == 1
    assert set(Answer.objects.values_list("option__code", "number")) == {("no", None), (None, 41)}


def test_a_race_between_two_submissions_stores_one(survey, residents):
    """Both requests pass the "already answered?" check; the unique participation stops the second,
    and its response is rolled back with it."""
    answer(residents[0], survey)
    with mock.patch("auyl.surveys.answering.Participation.objects.filter") as looked_up:
        looked_up.return_value.exists.return_value = False
        with pytest.raises(AlreadyAnswered):
            answer(residents[0], survey, happy="no")
    assert Response.objects.count() == 1 and Answer.objects.filter(option__code="no").count() == 0


@pytest.mark.parametrize(
    ("shift", "message"),
    [
        ({"days": -2}, "The survey opens on"),  # clock moved back: before the opening
        ({"days": 10}, "The survey closed on"),  # exactly at the closing time
        ({"days": 30}, "The survey closed on"),
    ],
)
def test_answers_outside_the_dates_are_refused(survey, residents, clock, shift, message):
    clock.shift(**shift)
    with pytest.raises(ValidationError, match=message):
        answer(residents[0], survey)
    assert Response.objects.count() == 0 and Participation.objects.count() == 0


def test_a_draft_cannot_be_answered(registrar, tree, residents):
    draft = build_survey(registrar, tree["rd_a"], publish=False)
    with pytest.raises(ValidationError, match="not published"):
        answer(residents[0], draft)


def test_only_the_audience_may_answer(survey, residents, outsider, client):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied, match="Sign in"):
        answer(AnonymousUser(), survey)
    with pytest.raises(PermissionDenied, match="residents of"):
        answer(outsider, survey)
    assert Response.objects.count() == 0


def test_members_of_a_body_answer_through_its_registered_kind(registrar, tree, residents):
    from auyl.surveys import audiences

    members = {residents[0].resident_id}
    kind = audiences.register_body_kind(
        "test.board",
        "Board",
        lambda territory: [("1", "Board of elders")],
        lambda body_id, resident, day: resident.pk in members,
    )
    try:
        board = services.create_survey(
            actor=registrar,
            territory=tree["rd_a"],
            title_kk="Кеңес",
            title_ru="Совет",
            audience="body",
            body="test.board:1",
        )
        with pytest.raises(ValidationError):
            services.create_survey(
                actor=registrar,
                territory=tree["rd_a"],
                title_kk="Кеңес",
                title_ru="Совет",
                audience="body",
                body="test.board:2",
            )
        survey = build_survey(registrar, tree["rd_a"], publish=False)
        survey.audience, survey.body_kind, survey.body_id = board.audience, board.body_kind, board.body_id
        survey.save()
        survey = services.publish_survey(actor=registrar, survey=survey)
        answer(residents[0], survey)
        with pytest.raises(PermissionDenied, match="members of a body"):
            answer(residents[1], survey)
    finally:
        audiences.BODY_KINDS.pop(kind.key)
    assert Response.objects.count() == 1


def test_required_answers_unknown_options_and_bad_numbers(survey, residents):
    with pytest.raises(ValidationError) as refused:
        services.submit_online(actor=residents[0], survey=survey, values={"happy": "", "age": "forty"})
    assert refused.value.message_dict == {
        "q-happy": ["Answer this question."],
        "q-age": ["«forty» is not a number."],
    }
    with pytest.raises(ValidationError, match="Unknown option «maybe»"):
        answer(residents[0], survey, happy="maybe")
    with pytest.raises(ValidationError, match="Only one option"):
        answer(residents[0], survey, happy=["yes", "no"])
    assert Response.objects.count() == 0 and Participation.objects.count() == 0


def test_text_answers_have_a_length_limit(registrar, tree, residents):
    from auyl.surveys.questions import QuestionSpec

    survey = build_survey(
        registrar, tree["rd_a"], questions=[QuestionSpec("text", "Пікір", "Мнение", code="why")]
    )
    with pytest.raises(ValidationError, match="too long"):
        services.submit_online(actor=residents[0], survey=survey, values={"why": "ә" * 2001})
    services.submit_online(actor=residents[0], survey=survey, values={"why": "Жол жөндеу керек"})
    assert Answer.objects.get().text == "Жол жөндеу керек"


# ---- Open surveys: anyone, without signing in ----------------------------------------------------------


@pytest.fixture
def open_survey(registrar, tree):
    return build_survey(registrar, tree["rd_a"], audience="open")


def test_open_survey_double_click_stores_once(open_survey):
    from django.contrib.auth.models import AnonymousUser

    for _ in range(2):
        try:
            services.submit_online(
                actor=AnonymousUser(),
                survey=open_survey,
                values={"happy": "yes"},
                client_key="10.0.0.1",
                nonce="form-1",
            )
        except AlreadyAnswered:
            pass
    assert Response.objects.count() == 1


def test_open_survey_limits_answers_per_connection_per_day(open_survey, clock):
    from django.contrib.auth.models import AnonymousUser

    def send(n, address="10.0.0.1"):
        services.submit_online(
            actor=AnonymousUser(),
            survey=open_survey,
            values={"happy": "no"},
            client_key=address,
            nonce=f"form-{address}-{n}",
        )

    for n in range(5):
        send(n)
    with pytest.raises(ValidationError, match="Too many answers"):
        send(5)
    send(6, address="10.0.0.2")
    clock.shift(days=1)
    send(7)
    assert Response.objects.count() == 7
    assert not ClientQuota.objects.filter(
        client_hash__contains="10.0.0"
    ).exists()  # only a keyed hash is kept


def test_a_signed_in_resident_answers_an_open_survey_once(open_survey, residents):
    answer(residents[0], open_survey)
    with pytest.raises(AlreadyAnswered):
        answer(residents[0], open_survey)


# ---- Paper forms typed by staff -------------------------------------------------------------------------


def test_paper_forms_take_numbers_codes_or_texts(survey, registrar, tree):
    for value in ("1", "yes", "ИӘ", "Да"):
        services.enter_paper_response(
            actor=registrar,
            survey=survey,
            values={"happy": value, "age": "41,5"},
            settlement=tree["village_a2"],
            sex="f",
        )
    assert Answer.objects.filter(option__code="yes").count() == 4
    assert set(Answer.objects.exclude(number=None).values_list("number", flat=True)) == {41.5}
    assert set(Response.objects.values_list("channel", "settlement__code", "sex")) == {
        ("paper", "111033200", "f")
    }


def test_paper_form_with_an_iin_keeps_one_response_per_person(survey, registrar, tree, residents):
    answer(residents[0], survey)
    with pytest.raises(AlreadyAnswered):
        services.enter_paper_response(
            actor=registrar, survey=survey, values={"happy": "2"}, resident=residents[0].resident
        )
    person = register_resident(
        actor=registrar, settlement=tree["village_a1"], last_name="Қағаз", first_name="Бек"
    )
    services.enter_paper_response(actor=registrar, survey=survey, values={"happy": "2"}, resident=person)
    assert Participation.objects.count() == 2 and Response.objects.count() == 2


def test_paper_forms_are_refused_outside_the_entry_period(survey, registrar, tree, clock):
    clock.shift(days=-2)
    with pytest.raises(ValidationError, match="not opened yet"):
        services.enter_paper_response(actor=registrar, survey=survey, values={"happy": "1"})
    clock.shift(days=2 + 10 + 5)  # closed five days ago: still within the 30 days for paper forms
    services.enter_paper_response(actor=registrar, survey=survey, values={"happy": "1"})
    clock.shift(days=30)
    with pytest.raises(ValidationError, match="final"):
        services.enter_paper_response(actor=registrar, survey=survey, values={"happy": "1"})
    with pytest.raises(ValidationError, match="outside the survey"):
        clock.shift(days=-30)
        services.enter_paper_response(
            actor=registrar, survey=survey, values={"happy": "1"}, settlement=tree["village_b1"]
        )
    assert Response.objects.count() == 1


def test_only_staff_of_the_unit_enter_paper_forms(survey, other_registrar, residents):
    with pytest.raises(PermissionDenied):
        services.enter_paper_response(actor=other_registrar, survey=survey, values={"happy": "1"})
    with pytest.raises(PermissionDenied):
        services.enter_paper_response(actor=residents[0], survey=survey, values={"happy": "1"})
    assert Response.objects.count() == 0


def test_identified_survey_names_the_respondent(registrar, tree, residents):
    survey = build_survey(registrar, tree["rd_a"], anonymous=False)
    response = answer(residents[0], survey)
    response.refresh_from_db()
    assert response.respondent == residents[0].resident and response.submitted_at is not None
    assert (response.age_band, response.sex, response.settlement) == ("36-45", "f", tree["village_a1"])


def test_members_of_the_rural_districts_council_answer_its_survey(registrar, tree, residents, clock):
    """The council kind shipped with surveys, read through the council's selectors: a member answers,
    a resident who is not on the council is refused."""
    import datetime as dt

    from auyl.council import services as council_services
    from auyl.surveys import audiences

    council = council_services.form_council(
        actor=registrar, territory=tree["rd_a"], term_start=dt.date(2029, 1, 10)
    )
    council_services.add_member(actor=registrar, council=council, resident=residents[0].resident)
    body = f"council.council:{council.pk}"
    assert body in dict(audiences.body_choices(tree["rd_a"]))
    survey = build_survey(registrar, tree["rd_a"], publish=False)
    survey = services.update_survey(actor=registrar, survey=survey, audience="body", body=body)
    survey = services.publish_survey(actor=registrar, survey=survey)
    answer(residents[0], survey)
    with pytest.raises(PermissionDenied, match="members of a body"):
        answer(residents[1], survey)
    assert Response.objects.count() == 1
