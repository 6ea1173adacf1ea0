"""Test helpers: staff users holding a role on a territory, and signed-in staff sessions."""

from auyl.core.permissions import forget_grants

from .models import RoleGrant, User

PASSWORD = "correct-horse-battery-staple"


def make_staff_user(role: str, territory=None, username: str | None = None) -> User:
    username = username or f"{role}-{territory.code if territory else 'kz'}-{User.objects.count()}"
    user = User.objects.create_user(username=username, password=PASSWORD, full_name=username)
    RoleGrant.objects.create(user=user, role=role, territory=territory)
    forget_grants(user)
    return user


def enrol_totp(user: User) -> str:
    """Give ``user`` a confirmed TOTP secret and return it (for ``pyotp.TOTP(secret).now()``)."""
    from . import totp

    secret = totp.new_secret()
    totp.set_secret(user, secret, confirmed=True)
    return secret


def force_staff_login(client, user: User) -> None:
    """Sign ``client`` in as ``user`` with a session that passed the second factor (what the staff
    sign-in leaves behind); ``client.force_login`` alone is undone by SecondFactorMiddleware for staff."""
    from .middleware import SESSION_2FA_KEY

    client.force_login(user)
    session = client.session
    session[SESSION_2FA_KEY] = True
    session.save()


def en_reverse(name: str, *args) -> str:
    """reverse() of a page in English (module-level URLs are built before any test activates a language)."""
    from django.urls import reverse
    from django.utils import translation

    with translation.override("en"):
        return reverse(name, args=args or None)
