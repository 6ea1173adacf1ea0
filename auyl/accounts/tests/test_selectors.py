"""``officials``: who currently holds a role on a unit (the people the system tells or asks)."""

import datetime as dt

from django.utils import timezone

from auyl.accounts.models import RoleGrant
from auyl.accounts.selectors import officials
from auyl.core.roles import Role


def test_active_grants_on_the_unit_count_others_do_not(tree, make_staff):
    unit = tree["rd_a"]
    akim = make_staff(Role.AKIM, unit)
    revoked = make_staff(Role.AKIM, unit)
    RoleGrant.objects.filter(user=revoked).update(revoked_at=timezone.now())
    expired = make_staff(Role.AKIM, unit)
    RoleGrant.objects.filter(user=expired).update(valid_until=timezone.now() - dt.timedelta(minutes=1))
    still_valid = make_staff(Role.AKIM, unit)
    RoleGrant.objects.filter(user=still_valid).update(valid_until=timezone.now() + dt.timedelta(days=1))
    inactive = make_staff(Role.AKIM, unit)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    make_staff(Role.EXECUTOR, unit)  # another role
    make_staff(Role.AKIM, tree["rd_b"])  # a neighbouring unit
    assert officials(unit, [Role.AKIM]) == [akim, still_valid]
    assert officials(unit, [Role.AKIM], exact=True) == [akim, still_valid]


def test_grants_above_count_unless_exact(tree, make_staff):
    village = tree["village_a1"]
    local = make_staff(Role.AKIM, village)
    district = make_staff(Role.DISTRICT_SUPERVISOR, tree["district"])
    region = make_staff(Role.AKIM, tree["region"])
    make_staff(Role.AKIM, tree["village_a2"])  # a sibling is not above
    roles = [Role.AKIM, Role.DISTRICT_SUPERVISOR]
    assert officials(village, roles) == [local, district, region]
    assert officials(village, roles, exact=True) == [local]
    assert officials(tree["district"], roles, exact=True) == [district]


def test_one_user_with_several_grants_is_listed_once(tree, make_staff):
    unit = tree["rd_a"]
    user = make_staff(Role.AKIM, unit)
    RoleGrant.objects.create(user=user, role=Role.DISTRICT_SUPERVISOR, territory=tree["district"])
    assert officials(unit, [Role.AKIM, Role.DISTRICT_SUPERVISOR]) == [user]
