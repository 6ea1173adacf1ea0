"""Account services: who may grant and revoke what; the client address used by the limits."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from auyl.accounts import services
from auyl.accounts.net import client_ip
from auyl.core.models import AuditEvent
from auyl.core.roles import Role


def test_territorial_administrator_cannot_revoke_a_national_grant(tree, make_staff):
    local_admin = make_staff(Role.ADMINISTRATOR, tree["rd_a"], username="local-admin")
    auditor = make_staff(Role.AUDITOR, None, username="auditor")
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=local_admin, grant=auditor.grants.get())
    assert auditor.grants.get().revoked_at is None


def test_revoking_the_last_administrator_grant_clears_the_admin_flags(tree, make_staff):
    national = make_staff(Role.ADMINISTRATOR, None, username="national")
    user = make_staff(Role.AKIM, tree["rd_a"], username="akim")
    grant = services.grant_role(actor=national, user=user, role=Role.ADMINISTRATOR, territory=tree["rd_a"])
    user.refresh_from_db()
    assert user.is_superuser and user.is_staff
    services.revoke_role(actor=national, grant=grant)
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff
    assert AuditEvent.objects.filter(action="role.revoked", object_id=str(grant.pk)).exists()


def test_reset_second_factor_is_scoped(tree, make_staff):
    local_admin = make_staff(Role.ADMINISTRATOR, tree["rd_a"], username="local-admin")
    other = make_staff(Role.AKIM, tree["rd_b"], username="other-akim")
    with pytest.raises(PermissionDenied):
        services.reset_second_factor(actor=local_admin, user=other)


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        (0, {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.5"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7"}, "198.51.100.7"),
        (1, {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "garbage"}, "10.0.0.1"),
        (0, {"REMOTE_ADDR": "not-an-ip"}, None),
    ],
)
def test_client_ip(settings, proxies, meta, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", **meta)
    assert client_ip(request) == expected
