"""Staff sessions are valid only after the second factor.

The staff sign-in view logs a user in only after the TOTP step and marks the session; this
middleware is the guard behind it: any session of a staff member without that mark (for example
one opened by another login path) is ended before the request reaches a view.
"""

from django.contrib.auth import logout

from auyl.core.permissions import is_staff_member

SESSION_2FA_KEY = "auyl_2fa_verified"


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.session.get(SESSION_2FA_KEY):
            if is_staff_member(user) or user.is_superuser:
                logout(request)
        return self.get_response(request)
