"""Residents' initiatives: the threshold, one signature per resident, closed phases, bad inputs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from auyl.core.models import AuditEvent, TerritorySetting
from auyl.referendums import services
from auyl.referendums.models import Signature, Status

from .conftest import TODAY


def test_a_residents_initiative_opens_collection_with_the_regions_threshold(initiative):
    assert initiative.status == Status.COLLECTING
    assert initiative.signatures_required == 1  # 5 % of 3 adults (the minor does not count), rounded up
    assert initiative.signatures_until == dt.date(2030, 4, 1)  # 30 days; 31.03.2030 is a Sunday
    assert AuditEvent.objects.filter(action="referendums.created", object_id=str(initiative.pk)).exists()


def test_the_region_sets_its_own_threshold(tree, staff, people):
    TerritorySetting.objects.create(territory=tree["region"], key="referendums.signature_percent", value=50)
    referendum = services.create_question(
        actor=staff["akim"], territory=tree["rd_a"], kind="referendum", initiator="residents", question="Q?"
    )
    assert referendum.signatures_required == 2  # 50 % of 3, rounded up


def test_one_signature_per_resident(initiative, people):
    services.sign(actor=people["aliya"], referendum=initiative)
    with pytest.raises(ValidationError, match="Already signed on 01.03.2030"):
        services.sign(actor=people["aliya"], referendum=initiative)
    assert Signature.objects.filter(referendum=initiative).count() == 1


def test_the_database_refuses_a_second_signature(initiative, people):
    services.sign(actor=people["aliya"], referendum=initiative)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signature.objects.create(
            referendum=initiative,
            resident=people["aliya"].resident,
            channel="online",
            signed_at=timezone.now(),
        )


def test_a_non_resident_and_a_minor_cannot_sign(initiative, people):
    with pytest.raises(ValidationError, match="Only residents registered in"):
        services.sign(actor=people["outsider"], referendum=initiative)
    with pytest.raises(ValidationError, match="from the age of 18"):
        services.sign(actor=people["teen"], referendum=initiative)
    assert not Signature.objects.exists()


def test_signing_needs_a_resident_account(initiative, staff):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.sign(actor=AnonymousUser(), referendum=initiative)
    with pytest.raises(PermissionDenied):
        services.sign(actor=staff["akim"], referendum=initiative)


def test_staff_enter_paper_signatures_of_their_own_territory_only(initiative, staff, people):
    aliya = people["aliya"].resident
    services.record_paper_signature(actor=staff["registrar"], referendum=initiative, resident=aliya)
    with pytest.raises(ValidationError, match="Already signed"):
        services.sign(actor=people["aliya"], referendum=initiative)
    with pytest.raises(PermissionDenied):
        services.record_paper_signature(
            actor=staff["registrar_b"], referendum=initiative, resident=people["marat"].resident
        )
    with pytest.raises(ValidationError, match="not registered in"):
        services.record_paper_signature(
            actor=staff["registrar"], referendum=initiative, resident=people["outsider"].resident
        )
    assert Signature.objects.filter(referendum=initiative).count() == 1
    assert Signature.objects.get().recorded_by == staff["registrar"]


def test_no_signature_after_the_collection_ended(initiative, people, clock):
    clock.set(TODAY + dt.timedelta(days=32))
    with pytest.raises(ValidationError, match="not being collected"):
        services.sign(actor=people["aliya"], referendum=initiative)


def test_voting_needs_the_signatures_first(tree, staff, people):
    TerritorySetting.objects.create(territory=tree["rd_a"], key="referendums.signature_percent", value=100)
    referendum = services.create_question(
        actor=staff["akim"], territory=tree["rd_a"], kind="referendum", initiator="residents", question="Q?"
    )
    services.sign(actor=people["aliya"], referendum=referendum)
    start = TODAY + dt.timedelta(days=5)
    with pytest.raises(ValidationError, match="1 of the 3 signatures"):
        services.schedule_vote(
            actor=staff["akim"], referendum=referendum, voting_from=start, voting_until=start
        )
    referendum.refresh_from_db()
    assert referendum.status == Status.COLLECTING and referendum.voting_from is None


def test_a_collection_without_enough_signatures_fails_after_its_deadline(tree, staff, people, initiative):
    from auyl.core import periodic

    assert services.close_expired_collections(TODAY + dt.timedelta(days=32)) == {"failed": 1}
    initiative.refresh_from_db()
    assert initiative.status == Status.FAILED
    assert services.close_expired_collections(TODAY + dt.timedelta(days=32)) == {"failed": 0}
    assert "referendums.collections" in periodic.JOBS


def test_a_collection_that_reached_its_threshold_does_not_fail(initiative, people):
    services.sign(actor=people["aliya"], referendum=initiative)
    services.close_expired_collections(TODAY + dt.timedelta(days=32))
    initiative.refresh_from_db()
    assert initiative.status == Status.COLLECTING
