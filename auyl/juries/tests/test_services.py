"""The jury workflow through its services: draw, responses, replacements, bad inputs, permissions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from auyl.core.calendar import add_days
from auyl.core.models import AuditEvent, Notification
from auyl.juries import selectors, services
from auyl.juries.models import Jury, JuryStatus, Member, MemberStatus
from auyl.juries.verify import verify_draw

from .conftest import add_resident


@pytest.mark.parametrize("size", [14, 26, "", "many", None])
def test_size_outside_15_to_25_is_refused(akim, tree, registry, size):
    with pytest.raises(ValidationError) as err:
        services.create_jury(actor=akim, territory=tree["rd_a"], title="T", question="Q", size=size)
    assert "from 15 to 25" in str(err.value)
    assert not Jury.objects.exists()


def test_announce_freezes_the_eligible_pool_with_its_hash(akim, jury):
    services.announce_draw(actor=akim, jury=jury, seed_source="Lottery, 1 June")
    jury.refresh_from_db()
    assert jury.status == JuryStatus.ANNOUNCED
    # 60 adults of the rural district; not minors, not the other rural district; two cannot be stratified.
    assert len(jury.pool) == 60 and jury.excluded_count == 2
    assert len({stratum for _t, stratum in jury.pool}) == 8
    event = AuditEvent.objects.get(action="jury.announced")
    assert event.changes["pool_hash"] == jury.pool_hash
    with pytest.raises(ValidationError, match="can be changed only before"):
        services.update_jury(actor=akim, jury=jury, title="Other", question="Q", size=20)


def test_pool_smaller_than_the_jury_is_refused(other_akim, tree, registry):
    jury = services.create_jury(actor=other_akim, territory=tree["rd_b"], title="T", question="Q", size=15)
    with pytest.raises(ValidationError, match="Only 5 residents are eligible"):
        services.announce_draw(actor=other_akim, jury=jury, seed_source="Lottery")
    jury.refresh_from_db()
    assert jury.status == JuryStatus.DRAFT and jury.pool == []


def test_draw_invites_the_allocated_seats_of_every_stratum(drawn):
    members = list(drawn.members.all())
    assert len(members) == 15 and drawn.status == JuryStatus.DRAWN
    per_stratum = {}
    for m in members:
        per_stratum[m.stratum] = per_stratum.get(m.stratum, 0) + 1
        assert (
            m.resident.settlement.code == m.stratum.split("|")[0]
            and m.resident.sex == m.stratum.split("|")[1]
        )
    assert sorted(per_stratum.values()) == [1, 1, 1, 1, 2, 3, 3, 3]
    assert Notification.objects.filter(object_type="juries.member").count() == 15
    assert all(
        m.token in n.body
        for m, n in zip(
            sorted(members, key=lambda m: m.pk),
            Notification.objects.filter(object_type="juries.member").order_by("pk"),
            strict=True,
        )
    )


def test_draw_is_reproducible_from_its_published_seed(drawn):
    result = verify_draw(drawn)
    assert result.ok, result.problems
    assert result.expected == result.actual


def test_draw_before_announcement_and_redraw_after_publication_are_refused(akim, jury, drawn):
    fresh = services.create_jury(actor=akim, territory=jury.territory, title="T2", question="Q", size=15)
    with pytest.raises(ValidationError, match="Announce the draw first"):
        services.run_draw(actor=akim, jury=fresh, public_value="1")
    before = sorted(drawn.members.values_list("token", flat=True))
    with pytest.raises(ValidationError, match="cannot be drawn again"):
        services.run_draw(actor=akim, jury=drawn, public_value="another value")
    drawn.refresh_from_db()
    assert drawn.public_value == "4815162342"
    assert sorted(drawn.members.values_list("token", flat=True)) == before


@pytest.mark.parametrize("tamper", ["seed", "member", "pool", "public_value"])
def test_a_draw_that_cannot_be_reproduced_is_detected(drawn, registry, tamper):
    if tamper == "seed":
        Jury.objects.filter(pk=drawn.pk).update(seed="0" * 64)
    elif tamper == "public_value":
        Jury.objects.filter(pk=drawn.pk).update(public_value="4815162343")
    elif tamper == "pool":  # someone moved a person to another stratum after the announcement
        pool = [list(e) for e in drawn.pool]
        pool[0][1] = pool[-1][1] if pool[-1][1] != pool[0][1] else pool[1][1]
        Jury.objects.filter(pk=drawn.pk).update(pool=pool)
    else:  # a chosen member swapped for someone else
        outsider = next(r for r in registry if not drawn.members.filter(resident=r).exists())
        Member.objects.filter(pk=drawn.members.first().pk).update(resident=outsider)
    drawn.refresh_from_db()
    result = verify_draw(drawn)
    assert not result.ok and result.problems


def test_responses_only_for_invited_people(akim, drawn, registry):
    invited = drawn.members.first()
    member = services.respond(actor=akim, jury=drawn, resident=invited.resident, accepted=True)
    assert member.status == MemberStatus.ACCEPTED
    with pytest.raises(ValidationError, match="already been recorded"):
        services.respond(actor=akim, jury=drawn, resident=invited.resident, accepted=False)
    outsider = next(r for r in registry if not drawn.members.filter(resident=r).exists())
    with pytest.raises(ValidationError, match="not invited"):
        services.respond(actor=akim, jury=drawn, resident=outsider, accepted=True)
    assert not drawn.members.filter(resident=outsider).exists()


def test_replacement_comes_from_the_same_stratum_until_it_is_exhausted(akim, drawn):
    # A stratum of village a2 has 5 people and one seat: four replacements, then nobody is left.
    member = drawn.members.filter(stratum__startswith="111033200|").first()
    for _round in range(4):
        services.respond(actor=akim, jury=drawn, resident=member.resident, accepted=False)
        new = services.draw_replacement(actor=akim, jury=drawn, member=member)
        assert new.stratum == member.stratum and new.replaces_id == member.pk
        with pytest.raises(ValidationError, match="already been replaced"):
            services.draw_replacement(actor=akim, jury=drawn, member=member)
        member = new
    services.respond(actor=akim, jury=drawn, resident=member.resident, accepted=False)
    with pytest.raises(ValidationError, match="Nobody is left in the pool of this stratum"):
        services.draw_replacement(actor=akim, jury=drawn, member=member)
    assert verify_draw(drawn).ok
    accepted = drawn.members.exclude(status=MemberStatus.DECLINED).first()
    with pytest.raises(ValidationError, match="Only a person who declined"):
        services.draw_replacement(actor=akim, jury=drawn, member=accepted)


def test_other_rural_district_cannot_run_or_see_the_jury(other_akim, jury):
    with pytest.raises(PermissionDenied):
        services.announce_draw(actor=other_akim, jury=jury, seed_source="x")
    assert not selectors.juries_for(other_akim).exists()
    with pytest.raises(PermissionDenied):
        services.create_jury(actor=other_akim, territory=jury.territory, title="T", question="Q", size=15)


def test_sessions_recommendation_and_answer_with_a_deadline(akim, drawn):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="at least one session"):
        services.recommend(actor=akim, jury=drawn, text="Light the school street first.")
    with pytest.raises(ValidationError, match="before the draw"):
        services.add_session(actor=akim, jury=drawn, date=today.replace(year=today.year - 1), topic="Experts")
    with pytest.raises(ValidationError, match="More jurors present"):
        services.add_session(actor=akim, jury=drawn, date=today, topic="Experts", present=3)
    services.add_session(actor=akim, jury=drawn, date=today, topic="Experts from the district", present=0)
    jury = services.recommend(actor=akim, jury=drawn, text="Light the school street first.")
    assert jury.answer_due == add_days(today, 30)
    assert selectors.public_for(jury.territory)[0]["status"] == "Recommendation given"
    with pytest.raises(ValidationError, match="listed answers"):
        services.answer(actor=akim, jury=jury, outcome="maybe", text="We will see.")
    jury = services.answer(actor=akim, jury=jury, outcome="accepted", text="Included in the 2026 plan.")
    assert jury.status == JuryStatus.ANSWERED
    with pytest.raises(ValidationError):
        services.answer(actor=akim, jury=jury, outcome="rejected", text="No.")


def test_public_for_lists_announced_juries_only(akim, jury, tree):
    assert selectors.public_for(tree["rd_a"]) == []
    services.announce_draw(actor=akim, jury=jury, seed_source="Lottery")
    items = selectors.public_for(tree["rd_a"])
    assert [i["title"] for i in items] == ["Street lighting"] and items[0]["url"].endswith(
        f"/{jury.pk}/public/"
    )
    assert selectors.public_for(tree["rd_b"]) == []


def test_resident_registered_after_the_announcement_is_not_in_the_draw(akim, jury, tree):
    services.announce_draw(actor=akim, jury=jury, seed_source="Lottery")
    late = add_resident(tree["village_a1"], 999)
    jury = services.run_draw(actor=akim, jury=jury, public_value="12")
    assert not jury.members.filter(resident=late).exists() and verify_draw(jury).ok
