"""Test helpers: staff users holding a role on a territory."""

from auyl.core.permissions import forget_grants

from .models import RoleGrant, User


def make_staff_user(role: str, territory=None, username: str | None = None) -> User:
    username = username or f"{role}-{territory.code if territory else 'kz'}-{User.objects.count()}"
    user = User.objects.create_user(username=username, password="correct-horse-battery-staple", full_name=username)
    RoleGrant.objects.create(user=user, role=role, territory=territory)
    forget_grants(user)
    return user
