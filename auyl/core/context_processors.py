from django.conf import settings

from . import permissions


def site(request):
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        "is_staff_member": permissions.is_staff_member(user) if user else False,
        "can_view_audit": permissions.has_perm(user, "audit.view") if user else False,
        "demo_mode": settings.DEMO_SHORTCUTS,
    }
