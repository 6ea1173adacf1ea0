"""Anonymity: after residents answer an anonymous survey, nothing staff can read — any table, the audit
log, the admin, the results — joins a person to what they answered; the results stay hidden while the
survey is open and while too few have answered, and small groups are hidden in breakdowns."""

import uuid

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.core.models import AuditEvent
from auyl.surveys import selectors, services
from auyl.surveys.models import Answer, Participation, Response

PERSON_MODELS = {"territory.resident", "accounts.user"}
FINAL = 41  # days from the fixture's clock: closed after 10, paper forms accepted 30 days more: final


def _answer_all(survey, people, choices):
    for user, choice in zip(people, choices, strict=True):
        services.submit_online(actor=user, survey=survey, values={"happy": choice, "age": ""})


def test_no_table_links_a_resident_to_an_answer(survey, residents, registrar):
    _answer_all(survey, residents[:3], ["yes", "no", "no"])
    assert Participation.objects.count() == 3 and Response.objects.count() == 3
    # 1. The rows holding answers name nobody and carry no time.
    assert not Response.objects.exclude(respondent=None).exists()
    assert not Response.objects.exclude(submitted_at=None).exists()
    for model in apps.get_app_config("surveys").get_models():
        person_fields = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation
            and f.concrete
            and f.related_model
            and f.related_model._meta.label_lower in PERSON_MODELS
        ]
        answer_fields = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model in (Response, Answer)
        ]
        # 2. A table that names a person never points at a response or an answer.
        assert not (person_fields and answer_fields), model
        # 3. A table that names a person keeps no moment to line it up with answers by time.
        if model is Participation:
            assert not [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, models.DateTimeField | models.DateField)
            ]
    # 4. Keys of responses and answers are random, so their order says nothing about who came first.
    assert all(
        isinstance(pk, uuid.UUID) and pk.version == 4 for pk in Response.objects.values_list("pk", flat=True)
    )
    assert all(pk.version == 4 for pk in Answer.objects.values_list("pk", flat=True))
    # 5. The audit log says who answered which survey, never which response.
    response_ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    events = AuditEvent.objects.filter(action="survey.answered")
    assert events.count() == 3 and {e.actor_id for e in events} == {u.pk for u in residents[:3]}
    for event in AuditEvent.objects.all():
        blob = f"{event.object_id} {event.object_label} {event.changes}"
        assert not any(rid in blob for rid in response_ids)


def test_identified_survey_does_link_and_says_so(registrar, tree, residents):
    from .conftest import build_survey

    survey = build_survey(registrar, tree["rd_a"], anonymous=False)
    _answer_all(survey, residents[:1], ["yes"])
    response = Response.objects.get()
    assert response.respondent_id == residents[0].resident_id
    assert AuditEvent.objects.get(action="survey.answered").changes["response"] == str(response.pk)


def test_admin_shows_answers_without_a_person(survey, residents, client, make_staff):
    from auyl.core.roles import Role

    _answer_all(survey, residents[:1], ["no"])
    admin = make_staff(Role.ADMINISTRATOR, None, username="root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    force_staff_login(client, admin)
    response = Response.objects.get()
    with translation.override("kk"):
        url = reverse("admin:surveys_response_change", args=[response.pk])
    page = client.get(url).content.decode()
    assert "жоқ" in page and residents[0].resident.last_name not in page
    assert client.get(reverse("admin:surveys_response_add")).status_code == 403


def test_results_of_an_anonymous_survey_wait_for_final_figures_and_enough_people(
    survey, residents, registrar, clock
):
    _answer_all(survey, residents[:4], ["yes", "no", "no", "yes"])
    report, reason = selectors.results_for(registrar, survey)
    assert report is None and "after the survey closes" in reason  # nobody can watch them change
    clock.shift(days=FINAL)
    report, reason = selectors.results_for(registrar, survey)
    assert report is None and "at least 5 people" in reason
    clock.shift(days=-FINAL)
    _answer_all(survey, residents[4:6], ["no", "no"])
    clock.shift(days=FINAL)
    report, reason = selectors.results_for(registrar, survey)
    assert reason == "" and report.respondents == 6


def test_while_paper_forms_come_in_nobody_watches_the_figures_change(survey, residents, registrar, clock):
    """After closing, paper forms are typed one at a time, and the audit log and the participants list
    say whose: results seen before and after one form would give that person's answers. They are
    withheld, from staff too, until final (at the end of the entry period, or when staff end it)."""
    _answer_all(survey, residents[:6], ["yes", "no", "no", "yes", "no", "no"])
    clock.shift(days=11)
    report, reason = selectors.results_for(registrar, survey)
    assert report is None and "once they are final" in reason
    survey = services.finalise_results(actor=registrar, survey=survey)
    report, reason = selectors.results_for(registrar, survey)
    assert reason == "" and report.respondents == 6


def test_breakdowns_hide_small_groups(survey, residents, registrar, clock):
    _answer_all(survey, residents, ["yes", "no", "no", "yes", "no", "no", "yes"])  # 4 women, 3 men
    clock.shift(days=FINAL)
    report, _reason = selectors.results_for(registrar, survey, by="sex")
    tab = report.questions[0].crosstab
    assert [(g.key, g.respondents) for g in tab.groups] == [("m", 3), ("f", 4)]
    assert all(cell.hidden for cell in tab.bases)  # both under 5: hidden
    report, _reason = selectors.results_for(registrar, survey, by="settlement")
    tab = report.questions[0].crosstab
    assert [cell.count for cell in tab.bases] == [7] and not tab.bases[0].hidden
    assert [[c.count for c in cells] for _option, cells in tab.rows] == [[3], [4]]


@pytest.mark.parametrize("anonymous", [True, False])
def test_participants_list_names_who_not_what(registrar, tree, residents, client, anonymous):
    from .conftest import build_survey

    survey = build_survey(registrar, tree["rd_a"], anonymous=anonymous)
    _answer_all(survey, residents[:2], ["yes", "no"])
    force_staff_login(client, registrar)
    page = client.get(reverse("surveys:participants", args=[survey.pk])).content.decode()
    assert residents[0].resident.last_name in page and residents[1].resident.last_name in page
    listed = page.split('id="participants"')[1].split("</ol>")[0]
    assert listed.count("<li>") == 2 and "иә" not in listed and "жоқ" not in listed


def test_a_breakdown_never_lets_the_totals_give_away_a_hidden_group(survey, residents, registrar, clock):
    """Six women and one man: hiding the man's column alone would not do, since the question's totals
    minus the women's column are his answer; the women's column is hidden with it."""
    from .conftest import make_resident_user

    woman = make_resident_user(registrar, residents[0].resident.settlement, 8)
    _answer_all(survey, [*residents[:4], woman, residents[4]], ["yes", "no", "no", "yes", "no", "yes"])
    clock.shift(days=FINAL)  # final: 5 women and 1 man answered
    report, _reason = selectors.results_for(registrar, survey, by="sex")
    tab = report.questions[0].crosstab
    assert [(g.key, g.respondents) for g in tab.groups] == [("m", 1), ("f", 5)]
    assert [cell.hidden for cell in tab.bases] == [True, True]
    assert all(cell.hidden for _option, cells in tab.rows for cell in cells)
    assert [row.count for row in report.questions[0].rows] == [3, 3]  # the totals are still shown


def test_a_part_whose_rest_is_a_handful_is_withheld(survey, residents, registrar, tree, clock):
    """Five answers from one village and two from the other: the first village's figures subtracted
    from the whole would show the two, so they are withheld (on the page and to the indicators)."""
    from .conftest import make_resident_user

    others = [make_resident_user(registrar, tree["village_a2"], n) for n in (8, 9)]
    _answer_all(survey, [*residents[:5], *others], ["yes", "no", "no", "yes", "no", "yes", "yes"])
    clock.shift(days=FINAL)
    report, reason = selectors.results_for(registrar, survey, within=tree["village_a1"])
    assert report is None and "fewer than 5" in reason and "single them out" in reason
    report, reason = selectors.results_for(registrar, survey, within=tree["rd_a"])
    assert reason == "" and report.respondents == 7
    assert selectors.indicator_distribution(tree["village_a1"], "satisfaction") is None
    assert not selectors.indicator_responses(tree["village_a1"], "satisfaction").exists()
    assert selectors.indicator_distribution(tree["rd_a"], "satisfaction").respondents == 7


def test_two_parts_and_the_whole_never_single_out_a_third(survey, residents, registrar, tree, clock):
    """Five answers from each of two villages and one from a third. Each of the two villages has enough
    respondents and enough outside it, yet both of them subtracted from the whole would give the third
    village's one person (whom the participants list names): one of the two is withheld too."""
    from auyl.territory.models import Level
    from auyl.territory.testing import make_unit

    from .conftest import make_resident_user

    village_a3 = make_unit("111033300", Level.SETTLEMENT, "Үшқоңыр", tree["rd_a"])
    people = [
        *residents[:5],
        *[make_resident_user(registrar, tree["village_a2"], n) for n in range(10, 15)],
        make_resident_user(registrar, village_a3, 20),
    ]
    _answer_all(survey, people, ["yes", "no"] * 5 + ["yes"])
    clock.shift(days=FINAL)
    shown = [
        selectors.results_for(registrar, survey, within=tree[name])[0] is not None
        for name in ("village_a1", "village_a2")
    ]
    assert sorted(shown) == [False, True]
    assert selectors.results_for(registrar, survey, within=village_a3)[0] is None
    assert selectors.results_for(registrar, survey)[0].respondents == 11
