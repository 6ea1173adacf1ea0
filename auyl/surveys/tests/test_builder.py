"""The builder: drafting, questions in Kazakh and Russian, publication checks, what a published survey
keeps, closing and finalising, the audit trail and who may do it."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.surveys import services
from auyl.surveys.models import Phase, Question
from auyl.surveys.questions import OptionSpec, QuestionSpec, options_from_lines

from .conftest import build_survey


@pytest.fixture
def draft(registrar, tree):
    return build_survey(registrar, tree["rd_a"], publish=False)


def test_a_survey_needs_its_title_in_kazakh_and_russian(registrar, tree):
    with pytest.raises(ValidationError) as refused:
        services.create_survey(actor=registrar, territory=tree["rd_a"], title_kk="Сауалнама", title_ru=" ")
    assert refused.value.message_dict == {"title_ru": ["Give the title in Kazakh and in Russian."]}


def test_dates_must_be_in_order(registrar, tree, clock):
    with pytest.raises(ValidationError, match="close after it opens"):
        services.create_survey(
            actor=registrar,
            territory=tree["rd_a"],
            title_kk="А",
            title_ru="А",
            opens_at=clock.now,
            closes_at=clock.now - dt.timedelta(hours=1),
        )


def test_options_come_in_matching_languages():
    assert [(o.text_kk, o.text_ru) for o in options_from_lines("иә\nжоқ\n", "да\nнет")] == [
        ("иә", "да"),
        ("жоқ", "нет"),
    ]
    with pytest.raises(ValidationError, match="as many Russian options"):
        options_from_lines("иә\nжоқ", "да")


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (QuestionSpec("single", "Сұрақ", "Вопрос", options=[OptionSpec("иә", "да")]), "options_kk"),
        (
            QuestionSpec("single", "Сұрақ", "", options=[OptionSpec("а", "а"), OptionSpec("б", "б")]),
            "text_ru",
        ),
        (QuestionSpec("scale", "Баға", "Оценка", scale_min=5, scale_max=1), "scale_max"),
        (QuestionSpec("number", "Сан", "Число", number_min=10, number_max=1), "number_max"),
        (
            QuestionSpec(
                "single", "С", "В", code="Bad Code!", options=[OptionSpec("а", "а"), OptionSpec("б", "б")]
            ),
            "code",
        ),
        (QuestionSpec("essay", "С", "В"), "kind"),
        (QuestionSpec("text", "С" * 1001, "В"), "text_kk"),
    ],
)
def test_bad_questions_are_refused(draft, registrar, spec, field):
    with pytest.raises(ValidationError) as refused:
        services.add_question(actor=registrar, survey=draft, spec=spec)
    assert field in refused.value.message_dict
    assert draft.questions.count() == 2


def test_a_scale_gets_its_points_as_options(draft, registrar):
    question = services.add_question(
        actor=registrar, survey=draft, spec=QuestionSpec("scale", "Баға", "Оценка", scale_min=1, scale_max=5)
    )
    assert [(o.code, o.value) for o in question.options.all()] == [(str(n), n) for n in range(1, 6)]
    assert question.code == "q3"


def test_questions_are_edited_moved_and_removed_in_a_draft(draft, registrar):
    first, second = draft.questions.order_by("position")
    services.move_question(actor=registrar, question=second, direction=-1)
    assert list(draft.questions.order_by("position").values_list("code", flat=True)) == ["age", "happy"]
    services.update_question(
        actor=registrar,
        question=first,
        spec=QuestionSpec(
            "multiple", "Не?", "Что?", code="what", options=[OptionSpec("а", "а"), OptionSpec("б", "б")]
        ),
    )
    services.delete_question(actor=registrar, question=Question.objects.get(code="age", survey=draft))
    assert list(draft.questions.values_list("position", "code", "kind")) == [(1, "what", "multiple")]
    assert AuditEvent.objects.filter(action__startswith="survey.question_").count() == 5  # 2 added + 3


def test_publication_needs_dates_questions_and_options(registrar, tree):
    survey = services.create_survey(actor=registrar, territory=tree["rd_a"], title_kk="А", title_ru="А")
    with pytest.raises(ValidationError) as refused:
        services.publish_survey(actor=registrar, survey=survey)
    assert refused.value.messages == ["Set the opening and closing dates.", "Add at least one question."]


def test_a_published_survey_keeps_its_questions_and_settings(survey, registrar, clock):
    question = survey.questions.first()
    with pytest.raises(ValidationError, match="only while the survey is a draft"):
        services.add_question(actor=registrar, survey=survey, spec=QuestionSpec("text", "С", "В"))
    with pytest.raises(ValidationError, match="only while the survey is a draft"):
        services.delete_question(actor=registrar, question=question)
    with pytest.raises(ValidationError, match="keeps its audience, anonymity"):
        services.update_survey(actor=registrar, survey=survey, is_anonymous=False)
    services.update_survey(
        actor=registrar, survey=survey, title_ru="Опрос жителей", closes_at=clock.now + dt.timedelta(days=20)
    )
    survey.refresh_from_db()
    assert survey.title_ru == "Опрос жителей" and survey.entry_closes_at == clock.now + dt.timedelta(days=50)
    with pytest.raises(ValidationError, match="already been published"):
        services.publish_survey(actor=registrar, survey=survey)


def test_closing_then_finalising(survey, registrar, clock):
    assert survey.phase_at(clock.now) == Phase.OPEN
    with pytest.raises(ValidationError, match="once the survey has closed"):
        services.finalise_results(actor=registrar, survey=survey)
    survey = services.close_survey(actor=registrar, survey=survey)
    assert survey.phase_at(clock.now) == Phase.CLOSED and survey.closes_at == clock.now
    survey = services.finalise_results(actor=registrar, survey=survey)
    assert survey.phase_at(clock.now) == Phase.FINAL
    with pytest.raises(ValidationError):
        services.close_survey(actor=registrar, survey=survey)
    actions = list(
        AuditEvent.objects.filter(object_type="surveys.survey")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[0] == "survey.created" and actions[-3:] == [
        "survey.published",
        "survey.closed",
        "survey.finalised",
    ]


def test_correcting_a_title_after_finalising_keeps_the_results_final(survey, registrar, clock, tree):
    """Finalised results are what the indicators of a past quarter were computed from: a typo corrected
    in the title afterwards must not reopen paper-form entry."""
    services.close_survey(actor=registrar, survey=survey)
    survey = services.finalise_results(actor=registrar, survey=survey)
    finalised_at = survey.entry_closes_at
    clock.shift(hours=1)
    survey = services.update_survey(actor=registrar, survey=survey, title_ru="Опрос жителей села")
    assert survey.entry_closes_at == finalised_at and survey.phase_at(clock.now) == Phase.FINAL
    with pytest.raises(ValidationError, match="final"):
        services.enter_paper_response(actor=registrar, survey=survey, values={"happy": "1"})


def test_staff_of_another_unit_and_residents_cannot_build(survey, draft, other_registrar, residents, tree):
    for actor in (other_registrar, residents[0]):
        with pytest.raises(PermissionDenied):
            services.create_survey(actor=actor, territory=tree["rd_a"], title_kk="А", title_ru="А")
        with pytest.raises(PermissionDenied):
            services.add_question(actor=actor, survey=draft, spec=QuestionSpec("text", "С", "В"))
        with pytest.raises(PermissionDenied):
            services.close_survey(actor=actor, survey=survey)
    services.create_survey(actor=other_registrar, territory=tree["rd_b"], title_kk="Б", title_ru="Б")


def test_a_shipped_template_cannot_be_changed_through_the_services(templates, registrar):
    from auyl.surveys.models import Survey

    template = Survey.objects.get(is_template=True, template_key="attendance-004")
    with pytest.raises(PermissionDenied):
        services.update_survey(actor=registrar, survey=template, title_kk="Басқа")
    with pytest.raises(PermissionDenied):
        services.publish_survey(actor=registrar, survey=template)
    template.refresh_from_db()
    assert template.title_kk != "Басқа" and template.status == "draft"
