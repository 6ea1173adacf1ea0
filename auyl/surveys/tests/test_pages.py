"""The pages: a unit's surveys, answering in Kazakh and Russian, results and downloads, the builder,
paper entry and import — 200 for those allowed, 403/404 for others, form errors in the page's language,
never a 500 on bad input."""

import pytest
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.surveys import services
from auyl.surveys.models import Answer, Participation, Response, Survey

from .conftest import build_survey


def url(name, *args, lang="en", query=""):
    with translation.override(lang):
        path = reverse(name, args=args)
    return path + (f"?{query}" if query else "")


def text_in(lang: str, message: str) -> str:
    with translation.override(lang):
        return translation.gettext(message)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_unit_page_lists_open_surveys(client, survey, tree, lang):
    page = client.get(url("surveys:unit", tree["rd_a"].code, lang=lang)).content.decode()
    assert f'lang="{lang}"' in page and f'data-survey="{survey.pk}"' in page
    assert ("Сауалнама" if lang == "kk" else "Опрос") in page
    assert client.get(url("surveys:unit", "999999999")).status_code == 404
    assert client.get(url("surveys:unit", "abc")).status_code == 404


def test_a_visitor_is_asked_to_sign_in(client, survey):
    page = client.get(url("surveys:answer", survey.pk, lang="kk"))
    assert page.status_code == 200 and 'data-state="sign_in"' in page.content.decode()
    posted = client.post(url("surveys:answer", survey.pk), {"q-happy": "yes"})
    assert posted.status_code == 302 and reverse("accounts:resident_login") in posted.url
    assert Response.objects.count() == 0


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_resident_answers_and_errors_speak_the_page_language(client, survey, residents, lang):
    client.force_login(residents[0])
    page = client.get(url("surveys:answer", survey.pk, lang=lang)).content.decode()
    assert (
        'name="q-happy"' in page and 'value="yes"' in page and ("Довольны ли вы?" in page) == (lang == "ru")
    )
    refused = client.post(url("surveys:answer", survey.pk, lang=lang), {"q-happy": "", "q-age": "көп"})
    body = refused.content.decode()
    assert refused.status_code == 200 and text_in(lang, "Answer this question.") in body
    assert "is not a number" in text_in("en", "«%(value)s» is not a number.") and "көп" in body
    assert Response.objects.count() == 0
    done = client.post(url("surveys:answer", survey.pk, lang=lang), {"q-happy": "no", "q-age": "41"})
    again = client.post(url("surveys:answer", survey.pk, lang=lang), {"q-happy": "yes", "q-age": ""})
    assert done.status_code == again.status_code == 302 and done.url == again.url  # a double submit: thanks
    assert Response.objects.count() == 1 and Answer.objects.filter(option__code="no").count() == 1
    assert 'data-state="answered"' in client.get(url("surveys:answer", survey.pk, lang=lang)).content.decode()
    assert 'id="survey-thanks"' in client.get(done.url).content.decode()


def test_a_resident_elsewhere_is_told_why_not(client, survey, outsider):
    client.force_login(outsider)
    page = client.get(url("surveys:answer", survey.pk))
    assert page.status_code == 403 and 'data-state="not_audience"' in page.content.decode()
    assert client.post(url("surveys:answer", survey.pk), {"q-happy": "yes"}).status_code == 403
    assert Participation.objects.count() == 0


def test_closed_and_unknown_surveys(client, survey, residents, clock, registrar, tree):
    client.force_login(residents[0])
    clock.shift(days=11)
    page = client.get(url("surveys:answer", survey.pk)).content.decode()
    assert 'data-state="closed"' in page and 'id="survey-form"' not in page
    assert client.post(url("surveys:answer", survey.pk), {"q-happy": "yes"}).status_code == 200
    assert Response.objects.count() == 0
    draft = build_survey(registrar, tree["rd_a"], publish=False)
    for path in (
        url("surveys:answer", draft.pk),
        url("surveys:answer", 99999),
        url("surveys:results", 99999),
    ):
        assert client.get(path).status_code == 404


def test_open_survey_without_sign_in_and_its_cookie(client, registrar, tree):
    survey = build_survey(registrar, tree["rd_a"], audience="open")
    form = client.get(url("surveys:answer", survey.pk)).content.decode()
    nonce = form.split('name="nonce" value="')[1].split('"')[0]
    first = client.post(url("surveys:answer", survey.pk), {"q-happy": "yes", "nonce": nonce})
    assert first.status_code == 302 and client.cookies[f"survey{survey.pk}"].value == "1"
    assert 'data-state="answered"' in client.get(url("surveys:answer", survey.pk)).content.decode()
    assert Response.objects.count() == 1


def test_behind_a_proxy_each_visitor_has_their_own_daily_limit(client, registrar, tree, settings):
    """Behind the trusted reverse proxy every request comes from the proxy's address: the limit counts
    the visitor's address the proxy saw, as the sign-in limits do, not the proxy's."""
    settings.TRUSTED_PROXY_COUNT = 1
    survey = build_survey(registrar, tree["rd_a"], audience="open")

    def send(visitor: str, n: int):
        client.cookies.clear()
        return client.post(
            url("surveys:answer", survey.pk),
            {"q-happy": "yes", "nonce": f"{visitor}-{n}"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=visitor,
        )

    assert all(send("203.0.113.5", n).status_code == 302 for n in range(5))
    assert b"Too many answers" in send("203.0.113.5", 5).content
    assert send("198.51.100.7", 0).status_code == 302
    assert Response.objects.count() == 6


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_public_results_page(client, final_001, lang):
    page = client.get(url("surveys:results", final_001.pk, lang=lang)).content.decode()
    assert 'id="respondents">597<' in page and 'data-option="fully_satisfied"' in page
    assert ("15,08" in page) and (
        "Толығымен қанағаттанамын" if lang == "kk" else "Полностью удовлетворён(а)"
    ) in page
    assert '<rect class="fill" width="64.99"' in page  # the bar of personal meetings, a decimal point in SVG
    by = client.get(url("surveys:results", final_001.pk, lang=lang, query="by=settlement")).content.decode()
    assert "Қызыл Жұлдыз" in by and "crosstab" in by


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("by=nonsense", 200),
        ("within=111033200", 200),
        ("within=111035000", 404),
        ("within=12", 404),
        ("within=abc&by=sex", 404),
    ],
)
def test_results_query_is_checked(client, final_001, query, status):
    assert client.get(url("surveys:results", final_001.pk, query=query)).status_code == status


@pytest.mark.parametrize(
    ("fmt", "content_type"), [("csv", "text/csv"), ("xlsx", "application/vnd"), ("pdf", "application/pdf")]
)
def test_downloads(client, final_001, fmt, content_type):
    response = client.get(url("surveys:download", final_001.pk, fmt, lang="kk", query="by=age_band"))
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert f'-by-age-band-kk.{fmt}"' in response["Content-Disposition"]


def test_downloads_of_unknown_format_or_withheld_results(client, final_001, survey):
    assert client.get(url("surveys:download", final_001.pk, "doc")).status_code == 404
    assert client.get(url("surveys:download", survey.pk, "csv")).status_code == 403  # still open
    assert 'id="results-withheld"' in client.get(url("surveys:results", survey.pk)).content.decode()


def test_an_anonymous_surveys_results_wait_until_final_even_for_staff(client, closed_001, registrar):
    page = client.get(url("surveys:results", closed_001.pk)).content.decode()
    assert 'id="results-withheld"' in page and "once they are final" in page
    force_staff_login(client, registrar)
    assert client.get(url("surveys:download", closed_001.pk, "csv")).status_code == 403
    client.post(url("surveys:finalise", closed_001.pk))
    assert 'id="respondents">597<' in client.get(url("surveys:results", closed_001.pk)).content.decode()


def test_unpublished_results_are_for_staff_only(client, final_001, registrar):
    Survey.objects.filter(pk=final_001.pk).update(results_public=False)
    assert client.get(url("surveys:results", final_001.pk)).status_code == 403
    force_staff_login(client, registrar)
    assert client.get(url("surveys:results", final_001.pk)).status_code == 200


# ---- Staff pages ----------------------------------------------------------------------------------------


def test_staff_pages_are_for_staff_of_the_unit(client, survey, registrar, other_registrar, residents):
    staff_pages = [
        url("surveys:manage", survey.pk),
        url("surveys:paper", survey.pk),
        url("surveys:import", survey.pk),
        url("surveys:participants", survey.pk),
        url("surveys:question_new", survey.pk),
    ]
    assert client.get(url("surveys:staff_home")).status_code == 302  # sign in first
    client.force_login(residents[0])
    assert client.get(url("surveys:staff_home")).status_code == 403
    assert all(client.get(path).status_code == 404 for path in staff_pages)
    force_staff_login(client, other_registrar)
    assert client.get(url("surveys:staff_home")).status_code == 200
    assert all(client.get(path).status_code == 404 for path in staff_pages)
    assert client.post(url("surveys:close", survey.pk)).status_code == 404
    force_staff_login(client, registrar)
    assert all(client.get(path).status_code == 200 for path in staff_pages)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_building_a_survey_on_the_pages(client, registrar, tree, templates, lang):
    force_staff_login(client, registrar)
    assert client.get(url("surveys:new", lang=lang)).status_code == 200
    bad = client.post(
        url("surveys:new", lang=lang),
        {
            "territory": tree["rd_a"].pk,
            "audience": "residents",
            "title_kk": "Сауалнама",
            "opens_at": "тәуелсіздік",
        },
    )
    assert (
        bad.status_code == 200
        and text_in(lang, "Give a date and time, e.g. 2026-05-01 09:00.") in bad.content.decode()
    )
    created = client.post(
        url("surveys:new", lang=lang),
        {
            "territory": tree["rd_a"].pk,
            "audience": "residents",
            "title_kk": "Жол",
            "title_ru": "Дороги",
            "opens_at": "2030-04-01T09:00",
            "closes_at": "2030-04-20T18:00",
            "is_anonymous": "on",
        },
    )
    survey = Survey.objects.get(title_ru="Дороги")
    assert created.status_code == 302 and created.url == url("surveys:manage", survey.pk, lang=lang)
    question = {
        "kind": "single",
        "text_kk": "Жол жақсы ма?",
        "text_ru": "Хороши ли дороги?",
        "options_kk": "иә\nжоқ",
        "options_ru": "да",
        "scale_min": 1,
        "scale_max": 5,
    }
    refused = client.post(url("surveys:question_new", survey.pk, lang=lang), question)
    assert (
        refused.status_code == 400
        and text_in(lang, "Give as many Russian options as Kazakh ones, in the same order.")
        in refused.content.decode()
    )
    assert (
        client.post(
            url("surveys:question_new", survey.pk, lang=lang),
            question | {"options_ru": "да\nнет", "favourable": "1"},
        ).status_code
        == 302
    )
    assert client.post(url("surveys:publish", survey.pk, lang=lang)).status_code == 302
    survey.refresh_from_db()
    assert (
        survey.status == "published"
        and survey.questions.get().options.filter(is_favourable=True).count() == 1
    )
    from_template = client.post(
        url("surveys:new", lang=lang),
        {
            "territory": tree["rd_a"].pk,
            "audience": "open",
            "template": "attendance-004",
            "opens_at": "2030-04-01T09:00",
            "closes_at": "2030-04-20T18:00",
        },
    )
    assert from_template.status_code == 302
    assert (
        Survey.objects.filter(template_key="attendance-004", is_template=False).get().questions.count() == 3
    )


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "essay", "text_kk": "a", "text_ru": "b"},
        {"kind": "scale", "text_kk": "a", "text_ru": "b", "scale_min": "x"},
        {"kind": "single", "text_kk": "a" * 5000, "text_ru": "b"},
        {
            "kind": "single",
            "text_kk": "a",
            "text_ru": "b",
            "options_kk": "1\n2",
            "options_ru": "1\n2",
            "favourable": "9",
        },
        {"kind": "number", "text_kk": "a", "text_ru": "b", "number_min": "1e400"},
    ],
)
def test_bad_question_input_is_a_form_error_not_a_500(client, registrar, tree, data):
    survey = build_survey(registrar, tree["rd_a"], publish=False)
    force_staff_login(client, registrar)
    assert client.post(url("surveys:question_new", survey.pk), data).status_code == 400
    assert survey.questions.count() == 2


def test_paper_entry_page_saves_and_keeps_the_village(client, survey, registrar, tree):
    force_staff_login(client, registrar)
    saved = client.post(
        url("surveys:paper", survey.pk, lang="ru"),
        {"q-happy": "2", "q-age": "37", "settlement": tree["village_a2"].pk},
    )
    assert saved.status_code == 302 and saved.url.endswith(f"?settlement={tree['village_a2'].pk}")
    bad = client.post(url("surveys:paper", survey.pk, lang="ru"), {"q-happy": "7", "resident_iin": "123"})
    assert bad.status_code == 400 and text_in("ru", "An IIN has 12 digits.") in bad.content.decode()
    unknown = client.post(url("surveys:paper", survey.pk), {"q-happy": "7"})
    assert unknown.status_code == 400 and "Unknown option «7»" in unknown.content.decode()
    nobody = client.post(url("surveys:paper", survey.pk), {"q-happy": "1", "resident_iin": "900101300123"})
    assert "No resident with this IIN" in nobody.content.decode()
    assert Response.objects.get().settlement == tree["village_a2"]


def test_import_page_lists_row_errors_and_imports_a_good_file(client, closed_001, registrar):
    from django.core.files.uploadedfile import SimpleUploadedFile

    force_staff_login(client, registrar)
    bad = SimpleUploadedFile("bad.csv", b"q12;q10\nfully_satisfied;fax\n", content_type="text/csv")
    page = client.post(url("surveys:import", closed_001.pk), {"file": bad})
    body = page.content.decode()
    assert page.status_code == 400 and 'id="import-errors"' in body and "Unknown option «fax»" in body
    good = SimpleUploadedFile("good.csv", b"q1;q2;q3;q12\n1;2;1;1\n", content_type="text/csv")
    assert client.post(url("surveys:import", closed_001.pk), {"file": good}).status_code == 302
    assert Response.objects.filter(survey=closed_001).count() == 598
    columns = client.get(url("surveys:import_template", closed_001.pk))
    assert columns.content.decode("utf-8-sig").startswith("settlement;age_band;sex;q1;q2;q3;q4")
    assert client.post(url("surveys:import", closed_001.pk), {}).status_code == 400


def test_builder_buttons_edit_move_remove_close_and_finalise(client, registrar, tree, clock):
    from auyl.surveys.questions import QuestionSpec

    survey = build_survey(
        registrar,
        tree["rd_a"],
        publish=False,
        questions=[
            QuestionSpec("scale", "Баға", "Оценка", code="score", scale_min=1, scale_max=5),
            QuestionSpec("text", "Пікір", "Мнение", code="comment"),
        ],
    )
    force_staff_login(client, registrar)
    score, comment = survey.questions.order_by("position")
    edit = client.get(url("surveys:question_edit", survey.pk, score.pk)).content.decode()
    assert 'name="scale_max" value="5"' in edit and "Оценка" in edit
    assert client.get(url("surveys:question_edit", survey.pk, 99999)).status_code == 404
    assert (
        client.post(url("surveys:question_move", survey.pk, comment.pk), {"direction": "up"}).status_code
        == 302
    )
    assert list(survey.questions.order_by("position").values_list("code", flat=True)) == ["comment", "score"]
    assert client.post(url("surveys:question_delete", survey.pk, comment.pk)).status_code == 302
    assert client.post(url("surveys:publish", survey.pk)).status_code == 302
    settings = {
        "title_kk": "Баға",
        "title_ru": "Оценка дорог",
        "audience": "residents",
        "closes_at": "2030-04-25T18:00",
        "results_public": "on",
    }
    assert client.post(url("surveys:manage", survey.pk), settings).status_code == 302
    survey.refresh_from_db()
    assert survey.title_ru == "Оценка дорог" and survey.is_anonymous  # the locked setting kept its value
    assert (
        client.post(url("surveys:finalise", survey.pk)).status_code == 302
    )  # refused with a message: still open
    assert client.post(url("surveys:close", survey.pk)).status_code == 302
    assert client.post(url("surveys:finalise", survey.pk)).status_code == 302
    survey.refresh_from_db()
    assert survey.phase_at(clock.now) == "final"
    page = client.get(url("surveys:paper", survey.pk)).content.decode()
    assert 'id="entry-closed"' in page and 'id="paper-form"' not in page
    assert client.post(url("surveys:question_delete", survey.pk, score.pk)).status_code == 302
    assert survey.questions.count() == 1  # a published survey keeps its questions


def test_busy_pages_read_a_fixed_number_of_queries(
    client, final_001, registrar, tree, residents, django_assert_max_num_queries
):
    """597 imported forms of 13 questions, thirty more surveys, seven participants: no page reads per row."""
    survey = final_001
    for _number in range(30):
        build_survey(registrar, tree["rd_a"])
    answered = build_survey(registrar, tree["rd_a"])
    for person in residents:
        services.submit_online(actor=person, survey=answered, values={"happy": "yes"})
    force_staff_login(client, registrar)
    for page, limit in (
        (url("surveys:staff_home"), 8),
        (url("surveys:results", survey.pk), 16),  # shown, not withheld: final
        (url("surveys:results", survey.pk, query="by=settlement"), 20),
        (url("surveys:results", survey.pk, query="by=age_band"), 20),
        (url("surveys:manage", survey.pk), 15),
        (url("surveys:participants", answered.pk), 8),
        (url("surveys:unit", tree["rd_a"].code), 10),
    ):
        with django_assert_max_num_queries(limit):
            assert client.get(page).status_code == 200, page
