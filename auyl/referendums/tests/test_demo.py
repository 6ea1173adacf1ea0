import pytest
from django.core.management import call_command

from auyl.assemblies.models import Decision
from auyl.core.models import AuditEvent
from auyl.referendums.models import Ballot, Referendum, Signature


@pytest.mark.django_db
def test_the_demo_loads_once(settings):
    settings.DEMO_SHORTCUTS = True
    call_command("referendums_demo")
    call_command("referendums_demo")
    collecting, decided = Referendum.objects.order_by("pk")
    assert collecting.territory.code == "111033000" and collecting.status == "collecting"
    assert Signature.objects.filter(referendum=collecting).count() == 12
    # The decided one went through the services: ballots stored, result counted, decision handed over.
    assert decided.status == "decided" and decided.adopted
    assert Ballot.objects.filter(referendum=decided).count() == decided.votes_yes + decided.votes_no
    assert 2 * decided.ballots_cast >= decided.roll_size  # the default turnout rule of 50 %
    decision = Decision.objects.get(source_id=decided.pk)
    assert decision.status == "awaiting_response" and decision.territory == decided.territory
    assert AuditEvent.objects.filter(action="referendums.demo_history", object_id=str(decided.pk)).count() == 2
