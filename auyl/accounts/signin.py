"""Staff sign-in: a password, then a mandatory TOTP code (enrolled at the first sign-in).

The view keeps the state between the two steps in the session; these functions decide. Every
refusal is a ``ValidationError`` whose message can be shown as is and whose ``code`` is one of
``invalid`` (wrong login or password; the message never says which), ``invalid_code``, ``locked``
or ``not_allowed``.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from auyl.core import audit
from auyl.core.permissions import is_staff_member

from . import lockout, totp
from .models import SignInFailure, User


def may_use_password_sign_in(user: User) -> bool:
    """Only staff members (any non-resident role) and superusers sign in with a password."""
    return user.is_active and (is_staff_member(user) or user.is_superuser)


def _locked_error() -> ValidationError:
    return ValidationError(
        _("Too many failed sign-in attempts. Please try again in %(minutes)s minutes.")
        % {"minutes": lockout.window_minutes()},
        code="locked",
    )


def check_password(*, request, username: str, password: str, ip: str | None) -> User:
    """Step one. Return the user whose password matches; they are not signed in yet."""
    username = (username or "").strip()
    if lockout.is_locked(username=username, ip=ip):
        raise _locked_error()
    user = authenticate(request, username=username, password=password)
    if user is None or not may_use_password_sign_in(user):
        # Residents (no staff role) are refused like a wrong password: this form is not theirs,
        # and the answer must not reveal which accounts exist.
        if lockout.record_failure(username=username, ip=ip, stage=SignInFailure.Stage.PASSWORD):
            raise _locked_error()
        raise ValidationError(_("Wrong login or password."), code="invalid")
    return user


def _second_factor_failed(*, user: User, ip: str | None) -> ValidationError:
    audit.record(actor="system", action="signin.second_factor_failed", obj=user, changes={"ip": ip or ""})
    if lockout.record_failure(username=user.username, ip=ip, stage=SignInFailure.Stage.TOTP):
        return _locked_error()
    return ValidationError(
        _("Wrong code. Enter the 6-digit code your authenticator app shows now."), code="invalid_code"
    )


def _check_still_allowed(*, user: User, ip: str | None) -> None:
    if not may_use_password_sign_in(user):
        raise ValidationError(_("This account may not sign in here."), code="not_allowed")
    if lockout.is_locked(username=user.username, ip=ip):
        raise _locked_error()


def verify_second_factor(*, user: User, code: str, ip: str | None) -> User:
    """Step two for an enrolled user: a current, not yet used TOTP code."""
    _check_still_allowed(user=user, ip=ip)
    if not totp.verify(user, code):
        raise _second_factor_failed(user=user, ip=ip)
    lockout.clear_for(username=user.username)
    return user


@transaction.atomic
def begin_enrolment(*, user: User) -> str:
    """The secret to show a user who has no confirmed second factor: the pending one, or a new one."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if totp.is_enrolled(user):
        raise ValidationError(_("The second factor is already set up."), code="enrolled")
    secret = totp.secret_of(user)
    if not secret:
        secret = totp.new_secret()
        totp.set_secret(user, secret, confirmed=False)
    return secret


def confirm_enrolment(*, user: User, code: str, ip: str | None) -> User:
    """Step two for a user enrolling: the first correct code confirms the pending secret."""
    _check_still_allowed(user=user, ip=ip)
    if totp.is_enrolled(user):
        raise ValidationError(_("The second factor is already set up."), code="enrolled")
    with transaction.atomic():
        confirmed = totp.confirm(user, code)
        if confirmed:
            audit.record(actor=user, action="account.totp_enrolled", obj=user, changes={"ip": ip or ""})
    if not confirmed:
        raise _second_factor_failed(user=user, ip=ip)
    lockout.clear_for(username=user.username)
    return user


def group_secret(secret: str) -> str:
    """``JBSWY3DPEHPK3PXP`` → ``JBSW Y3DP EHPK 3PXP``, easier to type into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
