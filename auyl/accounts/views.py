"""Sign-in pages (staff: password then TOTP; residents: phone then SMS code), sign-out, "my account".

Thin: parse the form, call :mod:`.signin`, :mod:`.otp` or :mod:`.services`, keep the state between
two steps in the session, render.
"""

from __future__ import annotations

import time

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from auyl.core.permissions import is_staff_member

from . import otp, services, signin, totp
from .forms import LanguageForm, PhoneForm, SmsCodeForm, StaffLoginForm, TotpCodeForm
from .middleware import SESSION_2FA_KEY
from .models import RoleGrant, User
from .net import client_ip

# Session keys between the two steps of a sign-in.
PENDING_USER = "auyl_pending_user"
PENDING_AT = "auyl_pending_at"
PENDING_BACKEND = "auyl_pending_backend"
NEXT_URL = "auyl_next"
OTP_PHONE = "auyl_otp_phone"
DEFAULT_BACKEND = "django.contrib.auth.backends.ModelBackend"


def pending_ttl_seconds() -> int:
    """How long the second step may wait after the password (enrolment includes installing an app)."""
    return int(getattr(settings, "SIGNIN_PENDING_TTL_SECONDS", 600))


def safe_next(request, url: str | None) -> str:
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def _finish(request, user: User, *, method: str, second_factor: bool):
    next_url = request.session.get(NEXT_URL, "")
    backend = request.session.get(PENDING_BACKEND) or DEFAULT_BACKEND
    for key in (PENDING_USER, PENDING_AT, PENDING_BACKEND, NEXT_URL, OTP_PHONE):
        request.session.pop(key, None)
    login(request, user, backend=backend)  # rotates the session key (new session id after sign-in)
    if second_factor:
        request.session[SESSION_2FA_KEY] = True
    # Staff sign-ins keep the address (accountability); residents' do not (the log is never pruned).
    services.record_sign_in(user=user, method=method, ip=client_ip(request) if second_factor else None)
    return redirect(next_url or "portal:home")


# --- staff --------------------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    """Step one of the staff sign-in: login and password. Nobody is signed in by this step."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = StaffLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = signin.check_password(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session.cycle_key()
            request.session[PENDING_USER] = user.pk
            request.session[PENDING_AT] = int(time.time())
            request.session[PENDING_BACKEND] = getattr(user, "backend", DEFAULT_BACKEND)
            request.session[NEXT_URL] = next_url
            return redirect("accounts:login_totp")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


def _pending_user(request) -> User | None:
    user_id, started = request.session.get(PENDING_USER), request.session.get(PENDING_AT)
    if not user_id or not started or time.time() - started > pending_ttl_seconds():
        return None
    return User.objects.filter(pk=user_id, is_active=True).first()


def _qr_svg(uri: str) -> str:
    svg = segno.make(uri, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", svgclass="qr", title=_("QR code for the authenticator app")
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno output, no user text)


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_totp_view(request):
    """Step two: the TOTP code; or, for a user without a confirmed secret, enrolment."""
    user = _pending_user(request)
    if user is None:
        for key in (PENDING_USER, PENDING_AT, PENDING_BACKEND):
            request.session.pop(key, None)
        messages.info(request, _("Please sign in with your login and password first."))
        return redirect("accounts:login")
    enrolling = not totp.is_enrolled(user)
    form = TotpCodeForm(request.POST or None)
    ip = client_ip(request)
    if request.method == "POST" and form.is_valid():
        step = signin.confirm_enrolment if enrolling else signin.verify_second_factor
        try:
            step(user=user, code=form.cleaned_data["code"], ip=ip)
        except ValidationError as exc:
            if exc.code in ("locked", "not_allowed", "enrolled"):
                for key in (PENDING_USER, PENDING_AT, PENDING_BACKEND):
                    request.session.pop(key, None)
                messages.error(request, exc.messages[0])
                return redirect("accounts:login")
            form.add_error("code", exc)
        else:
            if enrolling:
                messages.success(request, _("Your authenticator app is set up. Welcome!"))
            return _finish(request, user, method="password+totp", second_factor=True)
    context = {"form": form, "enrolling": enrolling, "pending_user": user}
    if enrolling:
        secret = signin.begin_enrolment(user=user)
        context["secret_grouped"] = signin.group_secret(secret)
        context["qr_svg"] = _qr_svg(totp.provisioning_uri(user, secret))
    return render(request, "accounts/login_totp.html", context)


# --- residents ----------------------------------------------------------------------------------


@csrf_protect
@never_cache
def resident_login_view(request):
    """Residents: enter a phone number, receive a code by SMS."""
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phone = otp.request_code(form.cleaned_data["phone"], client_ip(request))
        except ValidationError as exc:
            form.add_error("phone", exc)
        else:
            request.session[OTP_PHONE] = phone
            request.session[NEXT_URL] = next_url
            # The same answer whether or not the number is known.
            messages.info(
                request,
                _("We have sent a code by SMS to %(phone)s. It is valid for %(minutes)s minutes.")
                % {"phone": phone, "minutes": max(1, settings.OTP_TTL_SECONDS // 60)},
            )
            return redirect("accounts:resident_code")
    return render(request, "accounts/resident_login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def resident_code_view(request):
    phone = request.session.get(OTP_PHONE)
    if not phone:
        return redirect("accounts:resident_login")
    form = SmsCodeForm(request.POST or None)
    staff_refused = False
    if request.method == "POST" and form.is_valid():
        try:
            user = otp.verify_code(phone, form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
            staff_refused = exc.code == "staff_account"
        else:
            return _finish(request, user, method="phone", second_factor=False)
    return render(
        request, "accounts/resident_code.html", {"form": form, "phone": phone, "staff_refused": staff_refused}
    )


# --- everyone -----------------------------------------------------------------------------------


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")


@login_required
@never_cache
def me_view(request):
    user = request.user
    form = LanguageForm(request.POST or None, initial={"language": user.preferred_language})
    if request.method == "POST" and form.is_valid():
        language = form.cleaned_data["language"]
        services.set_preferred_language(actor=user, user=user, language=language)
        messages.success(request, _("Your language preference has been saved."))
        response = redirect(translate_url(reverse("accounts:me"), language))
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax")
        return response
    grants = (
        RoleGrant.objects.filter(user=user, revoked_at__isnull=True)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=timezone.now()))
        .select_related("territory")
        .order_by("role", "territory__path")
    )
    return render(
        request,
        "accounts/me.html",
        {
            "account": user,
            "grants": grants,
            "form": form,
            "is_staff_account": is_staff_member(user),
            "totp_enrolled": totp.is_enrolled(user),
        },
    )
