import pytest

from auyl.core import permissions
from auyl.core.models import TerritorySetting
from auyl.core.roles import Role
from auyl.core.rules import get_rule


def test_rule_defaults_and_nearest_override(tree):
    assert get_rule(tree["village_a1"], "calendar.deadline_mode") == "calendar"
    TerritorySetting.objects.create(territory=tree["region"], key="calendar.deadline_mode", value="working")
    assert get_rule(tree["village_a1"], "calendar.deadline_mode") == "working"
    TerritorySetting.objects.create(territory=tree["rd_a"], key="calendar.deadline_mode", value="calendar")
    assert get_rule(tree["village_a1"], "calendar.deadline_mode") == "calendar"
    assert get_rule(tree["village_b1"], "calendar.deadline_mode") == "working"
    with pytest.raises(KeyError):
        get_rule(tree["rd_a"], "no.such.rule")


def test_rules_of_one_unit_are_read_in_one_query_and_a_change_is_seen_at_once(tree, django_assert_num_queries):
    unit = tree["rd_a"]
    TerritorySetting.objects.create(territory=tree["region"], key="appeals.consideration_days", value=10)
    with django_assert_num_queries(1):
        assert get_rule(unit, "appeals.consideration_days") == 10
        assert get_rule(unit, "calendar.deadline_mode") == "calendar"
        assert get_rule(unit, "appeals.registration_days") == 3
    # A setting saved later applies to the same object straight away (no stale answer within a request).
    setting = TerritorySetting.objects.create(territory=unit, key="appeals.consideration_days", value=7)
    assert get_rule(unit, "appeals.consideration_days") == 7
    setting.delete()
    assert get_rule(unit, "appeals.consideration_days") == 10


def test_grant_applies_to_descendants_only(tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    assert permissions.has_perm(akim, "resident.edit", tree["village_a2"])
    assert permissions.has_perm(akim, "resident.edit", tree["rd_a"])
    assert not permissions.has_perm(akim, "resident.edit", tree["rd_b"])
    assert not permissions.has_perm(akim, "resident.edit", tree["district"])
    assert not permissions.has_perm(akim, "audit.view", tree["rd_a"])


def test_national_grant_and_revocation(tree, make_staff):
    from django.utils import timezone

    auditor = make_staff(Role.AUDITOR, None)
    assert permissions.has_perm(auditor, "audit.view", tree["village_b2"])
    assert not permissions.has_perm(auditor, "resident.edit", tree["village_b2"])
    grant = auditor.grants.get()
    grant.revoked_at = timezone.now()
    grant.save()
    permissions.forget_grants(auditor)
    assert not permissions.has_perm(auditor, "audit.view")


def test_unknown_action_is_a_programming_error(tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    with pytest.raises(KeyError):
        permissions.has_perm(akim, "resident.eat")
