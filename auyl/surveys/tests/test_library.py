"""The shipped templates: loaded after migrate, idempotently, with the sources' texts; copied into drafts."""

import pytest

from auyl.surveys import library, services
from auyl.surveys.library_data import TEMPLATES
from auyl.surveys.models import Option, Question, Survey


def template(key):
    return Survey.objects.get(is_template=True, template_key=key)


def test_loading_twice_changes_nothing(templates):
    assert library.load_templates() == {"created": 0, "updated": 0, "unchanged": 3}
    assert Survey.objects.filter(is_template=True).count() == 3


def test_a_changed_definition_is_rewritten(templates, monkeypatch):
    changed = [dict(t) for t in TEMPLATES]
    changed[2] = dict(changed[2], questions=changed[2]["questions"][:1])
    monkeypatch.setattr(library, "TEMPLATES", changed)
    assert library.load_templates() == {"created": 0, "updated": 1, "unchanged": 2}
    assert template("attendance-004").questions.count() == 1


def test_resident_survey_of_001_in_kazakh_as_in_the_source(templates):
    survey = template("resident-lsg-001")
    questions = list(survey.questions.order_by("position"))
    assert survey.source == "001:956-1082" and len(questions) == 13
    assert questions[0].text_kk == "Жасыңызды көрсетіңіз"  # 001:958
    assert [o.text_kk for o in questions[0].options.all()] == [
        "18-25 жас",
        "26 - 35 жас",
        "36 - 45 жас",
        "46 - 55 жас",
        "> 55 жас",
    ]  # 001:960-964
    assert questions[2].options.count() == 17  # the regions, 001:973-989
    assert questions[11].text_kk == (
        "Жергілікті жерлердегі жергілікті өзін-өзі басқару институттарының дамуымен "
        "қаншалықты қанағаттанасыз?"
    )  # 001:1062
    assert [o.text_kk for o in questions[11].options.all()] == [
        "Толығымен қанағаттанамын",
        "Біршама қанағаттандырады",
        "Керісінше көбіне-көп қанағаттанбаймын",
        "Толығымен қанағаттанбаймын",
    ]  # 001:1064-1070
    assert all(q.text_ru and q.text_en for q in questions)
    assert all(o.text_ru for o in Option.objects.filter(question__survey=survey))
    assert [q.kind for q in questions if q.kind != "single"] == ["multiple", "multiple"]  # 5 and 7
    assert {q.code: q.indicator for q in questions if q.indicator} == {
        "q4": "attendance",
        "q6": "can_influence",
        "q7": "priorities",
        "q10": "feedback_channel",
        "q12": "satisfaction",
    }


def test_expert_interview_of_000_in_russian_as_in_the_source(templates):
    survey = template("expert-interview-000")
    questions = list(survey.questions.order_by("position"))
    assert survey.title_ru.startswith("Развитие института МСУ в Акмолинской области")  # 000:1050
    assert questions[0].text_ru == "Стаж работы на госслужбе?"  # 000:1058
    assert questions[-1].text_ru == "Как поднять эффективность работы МИО? Ваше мнение:"  # 000:1065
    assert [q.kind for q in questions].count("text") == 9 and all(q.text_kk for q in questions)
    assert "Уважаемые эксперты!" in survey.intro_ru and "Құрметті сарапшылар!" in survey.intro_kk


def test_attendance_question_of_004(templates):
    survey = template("attendance-004")
    first = survey.questions.get(position=1)
    assert first.text_kk == "Сіз жиналыстарға, жиындарға қатысасыз ба?" and first.indicator == "attendance"
    assert survey.questions.get(code="reason").options.first().text_kk == (
        "Мен жиналыстарға қатыспаймын, олар нәтиже бермейді"
    )  # 004:126


def test_a_template_is_copied_into_a_draft_of_the_unit(templates, registrar, tree):
    survey = services.create_from_template(
        actor=registrar, template_key="resident-lsg-001", territory=tree["rd_a"]
    )
    assert survey.status == "draft" and survey.territory == tree["rd_a"] and not survey.is_template
    assert survey.questions.count() == 13 and survey.source == "001:956-1082"
    assert (
        Question.objects.filter(survey=template("resident-lsg-001")).count() == 13
    )  # the template is untouched
    assert (
        Option.objects.filter(question__survey=survey, is_favourable=True, question__code="q12").count() == 2
    )
    with pytest.raises(Exception, match="Unknown template"):
        services.create_from_template(actor=registrar, template_key="nope", territory=tree["rd_a"])
