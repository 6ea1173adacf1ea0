"""The inputs that feed plans — priority needs of gatherings, the akim's promises, winning civic projects —
listed with their source and link, linked to indicators, and the need marked "in a development plan"."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.assemblies import selectors as assemblies_selectors
from auyl.assemblies import services as assemblies
from auyl.core.models import AuditEvent
from auyl.plans import selectors, services
from auyl.plans.models import Indicator
from auyl.reporting import services as reporting
from auyl.territory.models import Resident

pytestmark = pytest.mark.usefixtures("english")


def _resident(village, n):
    return Resident.objects.create(
        last_name=f"Жұмабаев{n:02d}",
        first_name="Нұрлан",
        search_name=f"жұмабаев{n:02d} нұрлан",
        birth_date=dt.date(1980, 1, 1),
        settlement=village,
        territory_path=village.path,
        phone=f"+7701{n:07d}",
    )


def make_needs(village, registrar, titles):
    """A gathering in ``village`` that decided its priority needs (through the assemblies services)."""
    adults = [_resident(village, n + 100 * village.pk) for n in range(20)]
    meeting = assemblies.convene_meeting(
        actor=registrar,
        territory=village,
        kind="gathering",
        title="Жиын",
        starts_at=timezone.now() + dt.timedelta(days=10),
        venue="Клуб",
        agenda=[{"kind": "local_question", "title": "Басым қажеттіліктер", "decision_text": "Бекіту."}],
        chair_name="Серікбаев Е.",
        secretary_name="Ахметова Г.",
    )
    meeting = assemblies.publish_notice(actor=registrar, meeting=meeting)
    type(meeting).objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(minutes=5))
    meeting.refresh_from_db()
    meeting = assemblies.open_meeting(actor=registrar, meeting=meeting)
    for person in adults[:2]:
        assemblies.check_in(actor=registrar, meeting=meeting, resident=person)
    item = meeting.items.get(number=1)
    assemblies.record_vote(actor=registrar, item=item, votes_for=2, votes_against=0, abstained=0)
    return assemblies.record_priority_needs(actor=registrar, item=item, needs=[{"title": t} for t in titles])


def make_promise(unit, registrar, text="Спорт алаңын салу"):
    meeting = reporting.plan_meeting(
        actor=registrar,
        akim_unit=unit,
        starts_at=timezone.now() - dt.timedelta(days=7),
        venue="Клуб",
        akim_name="Серікбаев Ержан",
        already_held=True,
    )
    meeting = reporting.hold_meeting(actor=registrar, meeting=meeting, offline_participants=40)
    return reporting.add_promise(
        actor=registrar, meeting=meeting, text=text, due_on=timezone.localdate() + dt.timedelta(days=30)
    )


def make_winner(unit, title="Балалар алаңы"):
    """A published campaign with one winning project being built. The voting chain is the initiatives
    app's (tested there); the rows are written directly so that these tests read only its selectors."""
    from auyl.initiatives.models import Campaign, Implementation, Proposal

    today = timezone.localdate()
    campaign = Campaign.objects.create(
        territory=unit,
        territory_path=unit.path,
        title="Азаматтық жобалар 2026",
        year=2026,
        amount=10_000_000,
        funding_source="district_subsidy",
        ballot_type="approval",
        max_choices=2,
        rule="greedy",
        proposals_from=today - dt.timedelta(days=100),
        proposals_until=today - dt.timedelta(days=90),
        review_until=today - dt.timedelta(days=80),
        discussion_until=today - dt.timedelta(days=70),
        voting_until=today - dt.timedelta(days=60),
        results_until=today - dt.timedelta(days=50),
        published_at=timezone.now(),
    )
    proposal = Proposal.objects.create(
        campaign=campaign,
        number=1,
        title=title,
        description="…",
        place="Абай көшесі",
        category="playground",
        estimated_cost=4_000_000,
        status="accepted",
    )
    return Implementation.objects.create(proposal=proposal, status="in_progress", progress=40)


@pytest.fixture
def inputs(tree, people):
    needs = make_needs(tree["village_a2"], people["registrar"], ["Ауыз су құбыры", "Көше жарығы"])
    return {
        "needs": needs,
        "promise": make_promise(tree["rd_a"], people["registrar"]),
        "winner": make_winner(tree["rd_a"]),
        "other_need": make_needs(tree["village_b1"], people["admin"], ["Жол"])[0],
    }


def test_inputs_are_listed_with_their_source_and_link(tree, people, inputs):
    found = selectors.plan_inputs(tree["rd_a"])
    assert [(i.kind, i.title) for i in found] == [
        ("need", "Ауыз су құбыры"),
        ("need", "Көше жарығы"),
        ("promise", "Спорт алаңын салу"),
        ("project", "Балалар алаңы"),
    ]
    need, _second, promise, project = found
    meeting = inputs["needs"][0].meeting
    assert need.url == f"/en/meetings/d/111033000/{meeting.pk}/" and "priority 1" in need.source
    assert promise.url.startswith("/en/reporting-meetings/d/111033000/") and promise.state_tone == "info"
    assert project.url.endswith("/p/1/") and project.state_label.endswith("40%")
    assert all(not i.indicators for i in found)


def test_promises_follow_the_readers_grants(tree, people, inputs):
    assert [i.kind for i in selectors.plan_inputs(tree["rd_a"], user=people["akim"])].count("promise") == 1
    assert [i.kind for i in selectors.plan_inputs(tree["rd_a"], user=people["akim_b"])].count("promise") == 0


def test_linking_a_need_puts_it_in_the_plan(tree, people, inputs, make_plan, make_indicator):
    plan = make_plan()
    need = inputs["needs"][0]
    indicator = make_indicator(plan, input_key=f"need:{need.pk}")
    need.refresh_from_db()
    assert need.status == "in_plan"
    assert need.plan_reference == f"{plan.title} — 1. {indicator.title}"
    assert (indicator.input_kind, indicator.input_id, indicator.input_label) == ("need", need.pk, need.title)
    assert AuditEvent.objects.filter(action="assemblies.need_updated", object_id=str(need.pk)).exists()
    linked = AuditEvent.objects.get(action="plans.indicator_linked")
    assert linked.changes["input_kind"] == ["", "need"]

    public = {i.key: i for i in selectors.plan_inputs(tree["rd_a"])}
    assert public[f"need:{need.pk}"].indicators == []  # the plan is a draft: residents do not see it yet
    services.publish_plan(actor=people["akim"], plan=plan)
    public = {i.key: i for i in selectors.plan_inputs(tree["rd_a"])}
    assert public[f"need:{need.pk}"].indicators == [indicator]


def test_relinking_and_unlinking_give_the_need_back(tree, people, inputs, make_plan, make_indicator):
    first, second = inputs["needs"]
    indicator = make_indicator(make_plan(), input_key=f"need:{first.pk}")
    services.link_input(actor=people["akim"], indicator=indicator, input_key=f"need:{second.pk}")
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == ("recorded", "in_plan")
    services.link_input(actor=people["akim"], indicator=indicator, input_key=f"project:{inputs['winner'].pk}")
    second.refresh_from_db()
    indicator.refresh_from_db()
    assert second.status == "recorded" and indicator.input_label == "Балалар алаңы"
    services.link_input(actor=people["akim"], indicator=indicator, input_key="")
    indicator.refresh_from_db()
    assert (indicator.input_kind, indicator.input_id) == ("", None)
    assert AuditEvent.objects.filter(action="plans.indicator_linked").count() == 4


def test_a_promise_and_a_project_can_be_answered(tree, people, inputs, make_plan, make_indicator):
    plan = make_plan()
    make_indicator(plan, input_key=f"promise:{inputs['promise'].pk}")
    make_indicator(plan, title="Алаң", input_key=f"project:{inputs['winner'].pk}")
    services.publish_plan(actor=people["akim"], plan=plan)
    answered = {i.key: [x.number for x in i.indicators] for i in selectors.plan_inputs(tree["rd_a"])}
    assert answered[f"promise:{inputs['promise'].pk}"] == [1]
    assert answered[f"project:{inputs['winner'].pk}"] == [2]


@pytest.mark.parametrize("key", ["need:abc", "wish:1", "need:", "need:99999999"])
def test_unknown_inputs_are_refused(people, inputs, make_plan, make_indicator, key):
    plan = make_plan()
    with pytest.raises(ValidationError) as caught:
        make_indicator(plan, input_key=key)
    assert "input" in caught.value.message_dict and not Indicator.objects.exists()


def test_an_input_of_another_rural_district_is_refused(people, inputs, make_plan, make_indicator):
    plan = make_plan()
    other = inputs["other_need"]
    with pytest.raises(ValidationError, match="rural district of the plan"):
        make_indicator(plan, input_key=f"need:{other.pk}")
    indicator = make_indicator(plan)
    with pytest.raises(ValidationError):
        services.link_input(actor=people["akim"], indicator=indicator, input_key=f"need:{other.pk}")
    other.refresh_from_db()
    indicator.refresh_from_db()
    assert other.status == "recorded" and indicator.input_kind == ""
    assert not AuditEvent.objects.filter(action="plans.indicator_linked").exists()


def test_only_managers_link(people, inputs, make_plan, make_indicator):
    indicator = make_indicator(make_plan())
    for who in ("executor", "deputy", "akim_b"):
        with pytest.raises(PermissionDenied):
            services.link_input(
                actor=people[who], indicator=indicator, input_key=f"need:{inputs['needs'][0].pk}"
            )
    assert assemblies_selectors.priority_needs(inputs["needs"][0].territory).first().status == "recorded"
