"""Campaigns in and out of the pabulib .pb format: a real file imports with its projects and ballots and
counts like pabutools; our campaigns export and import back; a broken file stores nothing."""

from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.initiatives import pabulib, services
from auyl.initiatives.models import Ballot, Campaign, Proposal

from .conftest import build_ballot

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"


def test_a_real_pabulib_file_imports_and_counts_as_pabutools_does(tree, staff, clock):
    raw = (DATA / "Poland_Warszawa_2023_Ursus.pb").read_bytes()
    campaign = services.import_pb(actor=staff["akim"], territory=tree["rd_a"], data=raw)
    meta, instance = pabulib.parse(raw)
    assert campaign.is_imported and campaign.published_at is None
    assert campaign.amount == instance.budget and campaign.max_choices == 15
    assert Proposal.objects.filter(campaign=campaign, status="accepted").count() == len(instance.project_ids)
    assert Ballot.objects.filter(campaign=campaign).count() == len(instance.ballots) == 4519
    assert Proposal.objects.get(campaign=campaign, number=1003).title == "Drzewa na Skoroszach"
    result = services.compute_results(actor=staff["akim"], campaign=campaign)
    assert result.winners == pabulib.pabutools_winners(
        instance.__class__(
            budget=instance.budget,
            project_ids=instance.project_ids,
            costs=instance.costs,
            ballots=instance.ballots,
            tie_order=sorted(
                range(len(instance.costs)), key=lambda i: (instance.costs[i], int(instance.project_ids[i]))
            ),
        ),
        "greedy",
    )
    assert AuditEvent.objects.get(action="initiatives.campaign_imported").changes["ballots"] == 4519


def test_a_campaign_exports_and_imports_back_with_the_same_ballots(
    make_campaign, staff, people, offline, clock, tree
):
    campaign, (p1, p2, p3) = build_ballot(make_campaign, staff, people, clock, ballot_type="knapsack")
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk, p2.pk])
    services.cast_ballot(actor=people["marat"], campaign=campaign, choices=[p3.pk])
    text = services.export_pb(campaign)
    meta, instance = pabulib.parse(text)
    assert meta["meta"]["max_sum_cost"] == "10000000" and meta["meta"]["rule"] == "greedy"
    assert instance.project_ids == ["1", "2", "3"] and instance.costs == [4_000_000, 3_000_000, 5_000_000]
    assert sorted(map(sorted, instance.ballots)) == [[0, 1], [2]]
    copy = services.import_pb(actor=staff["akim"], territory=tree["rd_a"], data=text.encode())
    assert copy.ballot_type == "knapsack" and copy.amount == campaign.amount
    assert sorted(Proposal.objects.filter(campaign=copy).values_list("number", "title")) == [
        (1, p1.title),
        (2, p2.title),
        (3, p3.title),
    ]
    again_meta, again = pabulib.parse(services.export_pb(copy))
    assert sorted(map(sorted, again.ballots)) == sorted(map(sorted, instance.ballots))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b"hello;world\n", "cannot be imported: The file has no META section"),
        (
            b"META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n1;1\n",
            "vote type",
        ),
        (
            b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;10\nVOTES\nvoter_id;vote\n"
            b"1;1\n2;7\n",
            "Line 11: the vote names project 7",
        ),
        (
            b"META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;0\nVOTES\nvoter_id;vote\n1;1\n",
            "cost more than zero",
        ),
        (
            b"META\nkey;value\nbudget;0\nvote_type;approval\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\n1;1\n",
            "budget must be greater",
        ),
    ],
)
def test_a_broken_file_is_refused_clearly_and_nothing_is_stored(tree, staff, data, message):
    with pytest.raises(ValidationError) as caught:
        services.import_pb(actor=staff["akim"], territory=tree["rd_a"], data=data)
    assert message in " ".join(caught.value.messages)
    assert not Campaign.objects.exists() and not Proposal.objects.exists() and not Ballot.objects.exists()


def test_only_managers_import(tree, staff):
    raw = (DATA / "France_Toulouse_2022.pb").read_bytes()
    with pytest.raises(PermissionDenied):
        services.import_pb(actor=staff["registrar"], territory=tree["rd_a"], data=raw)
    with pytest.raises(PermissionDenied):
        services.import_pb(actor=staff["akim_b"], territory=tree["rd_a"], data=raw)
    assert not Campaign.objects.exists()
