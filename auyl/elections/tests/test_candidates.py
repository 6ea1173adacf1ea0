"""Scheduling, nominations and registration decisions: the rules of 000:444-449 and bad inputs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.elections import services
from auyl.elections.models import Candidate, CandidateStatus, Election

from .conftest import DECIDED, ELECTION_DAY, NOMINATION_END, person

pytestmark = pytest.mark.django_db


def test_schedule_creates_the_district_once_and_audits(tree, recorder, election):
    assert election.district.territory == tree["rd_a"]
    again = services.schedule_election(
        actor=recorder,
        territory=tree["rd_a"],
        election_date=dt.date(2025, 9, 7),
        nomination_end=dt.date(2025, 8, 1),
        voters=1100,
    )
    assert again.district == election.district
    assert AuditEvent.objects.filter(action="elections.scheduled").count() == 2


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"nomination_end": ELECTION_DAY}, "nomination_end"),
        ({"voters": 0}, "voters"),
        ({"election_date": dt.date(1950, 1, 1), "nomination_end": dt.date(1949, 1, 1)}, "election_date"),
    ],
)
def test_schedule_refuses_bad_input(tree, recorder, kwargs, field):
    data = {"election_date": ELECTION_DAY, "nomination_end": NOMINATION_END, "voters": 500, **kwargs}
    with pytest.raises(ValidationError) as exc:
        services.schedule_election(actor=recorder, territory=tree["rd_a"], **data)
    assert field in exc.value.message_dict
    assert not Election.objects.exists()


def test_schedule_refuses_a_duplicate_day_and_a_settlement(tree, recorder, election):
    with pytest.raises(ValidationError, match="already recorded"):
        services.schedule_election(
            actor=recorder,
            territory=tree["rd_a"],
            election_date=ELECTION_DAY,
            nomination_end=NOMINATION_END,
            voters=900,
        )
    with pytest.raises(ValidationError, match="rural district or a town"):
        services.schedule_election(
            actor=recorder,
            territory=tree["village_a1"],
            election_date=ELECTION_DAY,
            nomination_end=NOMINATION_END,
            voters=900,
        )
    assert Election.objects.count() == 1


def test_recorder_of_another_district_and_the_rural_akim_may_not_record(tree, election, outsider, make_staff):
    from auyl.core.roles import Role

    akim = make_staff(Role.AKIM, tree["rd_a"], username="akim-a")
    for user in (outsider, akim):
        with pytest.raises(PermissionDenied):
            services.nominate_candidate(actor=user, election=election, **person("Сәрсен Ерлан"))
    assert not Candidate.objects.exists()


def test_party_nominee_needs_a_party_and_self_nominee_signatures(election, recorder):
    with pytest.raises(ValidationError) as exc:
        services.nominate_candidate(actor=recorder, election=election, **person("Сәрсен Ерлан", party=""))
    assert "party" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.nominate_candidate(
            actor=recorder,
            election=election,
            **person("Сәрсен Ерлан", nomination="self", party="", signatures=None),
        )
    assert "signatures" in exc.value.message_dict
    with pytest.raises(ValidationError, match="at least 25"):
        services.nominate_candidate(
            actor=recorder, election=election, **person("Жас Талап", birth_date=dt.date(2000, 1, 1))
        )
    assert not Candidate.objects.exists()


def test_the_same_person_cannot_be_nominated_twice(election, recorder):
    services.nominate_candidate(actor=recorder, election=election, **person("Сәрсен Ерлан"))
    with pytest.raises(ValidationError, match="already nominated"):
        services.nominate_candidate(actor=recorder, election=election, **person("  сәрсен   ерлан "))
    assert Candidate.objects.count() == 1


def test_self_nominee_below_one_percent_of_voters_is_not_registered(election, recorder):
    candidate = services.nominate_candidate(
        actor=recorder, election=election, **person("Сәрсен Ерлан", nomination="self", party="", signatures=9)
    )
    with pytest.raises(ValidationError, match="at least 10 signatures .1% of 1000 voters.; 9 were collected"):
        services.decide_registration(
            actor=recorder, candidate=candidate, registered=True, decision_date=DECIDED
        )
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.NOMINATED


def test_signature_threshold_is_a_per_region_rule(tree, election, recorder):
    TerritorySetting.objects.create(
        territory=tree["region"], key="elections.self_nomination_signature_percent", value=2.0
    )
    tree["rd_a"].refresh_from_db()
    election = Election.objects.get(pk=election.pk)
    assert services.signature_threshold(election) == 20


def test_refusal_needs_a_reason_and_is_decided_once(election, recorder):
    candidate = services.nominate_candidate(actor=recorder, election=election, **person("Сәрсен Ерлан"))
    with pytest.raises(ValidationError, match="reason"):
        services.decide_registration(
            actor=recorder, candidate=candidate, registered=False, decision_date=DECIDED
        )
    services.decide_registration(
        actor=recorder,
        candidate=candidate,
        registered=False,
        decision_date=DECIDED,
        reason="Не представлена декларация о доходах",
    )
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.REFUSED and candidate.decision_reason.startswith(
        "Не представлена"
    )
    with pytest.raises(ValidationError, match="already decided"):
        services.decide_registration(
            actor=recorder, candidate=candidate, registered=True, decision_date=DECIDED
        )
    assert AuditEvent.objects.filter(action="elections.registration_decided").count() == 1


def test_district_akim_nominates_only_when_fewer_than_two_stand(election, recorder):
    services.nominate_candidate(actor=recorder, election=election, **person("Бірінші Үміткер"))
    by_akim = services.nominate_candidate(
        actor=recorder, election=election, **person("Әкім Ұсынған", nomination="district_akim", party="")
    )
    assert by_akim.nomination == "district_akim"
    services.nominate_candidate(actor=recorder, election=election, **person("Екінші Үміткер"))
    with pytest.raises(ValidationError, match="fewer than 2 were nominated"):
        services.nominate_candidate(
            actor=recorder, election=election, **person("Тағы Біреу", nomination="district_akim", party="")
        )
    assert Candidate.objects.count() == 3
