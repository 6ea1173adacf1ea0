"""Ballot secrecy: the roll says who voted, the ballots say what was chosen, and nothing staff can read
joins the two (see the design and its limits in :mod:`auyl.initiatives.voting`)."""

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.core.models import AuditEvent
from auyl.core.roles import Role
from auyl.initiatives import services, voting
from auyl.initiatives.models import Ballot

from .conftest import build_ballot

pytestmark = pytest.mark.django_db


def staff_client(user) -> Client:
    client = Client()
    force_staff_login(client, user)
    return client


def url(name: str, *args, lang="ru") -> str:
    with translation.override(lang):
        return reverse(f"initiatives:{name}", args=args)


def test_a_ballot_row_names_no_person_and_no_time():
    fields = {field.name: field for field in Ballot._meta.get_fields() if field.concrete}
    assert set(fields) == {"token", "campaign", "link", "choices"}
    relations = [f for f in fields.values() if f.is_relation]
    assert [f.related_model._meta.label for f in relations] == ["initiatives.Campaign"]
    assert not any(isinstance(f, models.DateField | models.AutoField) for f in fields.values())
    assert Ballot not in admin.site._registry


def test_the_link_is_a_keyed_hash_and_absent_when_ballots_are_final(make_campaign, staff, people, clock):
    campaign, (p1, _p2, _p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    ballot = Ballot.objects.get()
    resident_id = people["aliya"].resident_id
    assert ballot.link == voting.ballot_link(campaign.pk, resident_id)
    assert len(ballot.token) == 32 and ballot.token != ballot.link[:32]
    with override_settings(SECRET_KEY="another-server-key-0123456789abcdefghijklmnop"):
        assert voting.ballot_link(campaign.pk, resident_id) != ballot.link

    final, (q1, _q2, _q3) = build_ballot(make_campaign, staff, people, clock, allow_ballot_changes=False)
    services.cast_ballot(actor=people["marat"], campaign=final, choices=[q1.pk])
    assert Ballot.objects.get(campaign=final).link is None


def test_audit_events_of_votes_carry_no_choices(make_campaign, staff, people, offline, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p2.pk])
    services.record_polling_ballot(
        actor=staff["registrar"], campaign=campaign, resident=offline, choices=[p2.pk], polling_point="Клуб"
    )
    events = AuditEvent.objects.filter(action__in=["initiatives.ballot_cast", "initiatives.ballot_changed"])
    assert events.count() == 3
    for event in events:
        assert set(event.changes) == {"campaign", "channel"}
        assert event.object_type == "initiatives.turnout"


def test_staff_pages_show_who_voted_but_never_what_they_chose(
    make_campaign, staff, people, offline, clock, make_staff
):
    """One voter chose a project nobody else did: no staff page that names her shows that project."""
    campaign, (p1, p2, p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p3.pk])
    services.record_polling_ballot(
        actor=staff["registrar"], campaign=campaign, resident=offline, choices=[p1.pk], polling_point="Клуб"
    )
    admin_user = make_staff(Role.ADMINISTRATOR, None, username="admin-kz")
    name = people["aliya"].resident.last_name
    for user in (staff["akim"], staff["registrar"], staff["auditor"], admin_user):
        client = staff_client(user)
        pages = [
            url("turnout", campaign.pk),
            url("manage", campaign.pk),
            url("polling", campaign.pk) + f"?q={name}",
            url("polling", campaign.pk) + f"?resident={people['aliya'].resident_id}",
        ]
        for page in pages:
            response = client.get(page)
            if response.status_code != 200:
                continue
            text = response.content.decode()
            if name in text:
                assert p3.title not in text, (user, page)
    roll = staff_client(staff["akim"]).get(url("turnout", campaign.pk)).content.decode()
    assert name in roll and "Нұрланов" in roll and "Клуб" in roll
    assert p1.title not in roll and p3.title not in roll


def test_the_export_has_anonymous_ballots_numbered_from_one(make_campaign, staff, people, offline, clock):
    campaign, (p1, p2, _p3) = build_ballot(make_campaign, staff, people, clock)
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    services.cast_ballot(actor=people["marat"], campaign=campaign, choices=[p2.pk])
    text = services.export_pb(campaign)
    votes = text.split("VOTES\n", 1)[1].splitlines()
    assert votes[0].startswith("voter_id;vote")
    assert sorted(line.split(";")[0] for line in votes[1:]) == ["1", "2"]
    for person in ("aliya", "marat"):
        assert people[person].resident.last_name not in text
