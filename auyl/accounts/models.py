"""Users, their territorial role grants, and residents' one-time sign-in codes."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from auyl.core.roles import Role


class User(AbstractUser):
    """A person who signs in: staff (password + TOTP) or resident (phone + one-time code).

    Residents' accounts have no usable password; staff accounts must confirm a TOTP secret before
    their first sign-in completes.
    """

    full_name = models.CharField(_("full name"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=16, unique=True, null=True, blank=True)
    resident = models.OneToOneField(
        "territory.Resident", null=True, blank=True, on_delete=models.SET_NULL, related_name="account"
    )
    totp_secret_encrypted = models.TextField(blank=True, editable=False)
    totp_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    totp_last_counter = models.BigIntegerField(null=True, blank=True, editable=False)
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        # A resident signed in by phone has a random login name; the masked number says more.
        return self.full_name or (self.masked_phone if self.phone else self.username)

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:5]}•••••{self.phone[-2:]}" if self.phone and len(self.phone) > 7 else ""


class RoleGrant(models.Model):
    """``user`` holds ``role`` on ``territory`` and its descendants (no territory: the whole country)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    territory = models.ForeignKey(
        "territory.Territory", null=True, blank=True, on_delete=models.PROTECT, related_name="role_grants"
    )
    granted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(auto_now_add=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "territory"],
                condition=models.Q(revoked_at__isnull=True),
                name="uniq_active_grant",
            )
        ]

    def __str__(self) -> str:
        where = self.territory.code if self.territory_id else "KZ"
        return f"{self.user} {self.role}@{where}"


class OneTimeCode(models.Model):
    """A sign-in code sent by SMS. Only its hash is stored; it expires and allows a few attempts."""

    phone = models.CharField(max_length=16, db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["ip_address", "created_at"])]

    def __str__(self) -> str:
        return f"code for {self.phone} at {self.created_at:%Y-%m-%d %H:%M}"


class SignInFailure(models.Model):
    """One failed staff sign-in step: a wrong password or a wrong second-factor code.

    Failures are counted over a sliding window per login name and per IP address to stop guessing.
    They live in the database, not in a cache, so that every worker process sees the same count
    (the project runs without a cache server). The login name is stored only as a keyed hash: a
    password typed into the wrong box never lands here in clear. Rows older than a day are pruned.
    """

    class Stage(models.TextChoices):
        PASSWORD = "password", _("password")
        TOTP = "totp", _("second factor")

    username_hash = models.CharField(max_length=64)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    stage = models.CharField(max_length=10, choices=Stage.choices)
    created_at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["username_hash", "created_at"]),
            models.Index(fields=["ip_address", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.stage} failure from {self.ip_address or '?'} at {self.created_at:%Y-%m-%d %H:%M}"
