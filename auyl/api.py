"""The JSON API (django-ninja): OpenAPI 3 at /api/docs. Each domain app contributes a router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as NinjaValidationError

from auyl.core.errors import TooManyAttempts

api = NinjaAPI(title="auyl API", version="1", urls_namespace="api")


def _messages(exc: ValidationError) -> list[str] | dict[str, list[str]]:
    """Field errors keyed by field (so a client can show them beside the inputs), else a flat list."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return [str(m) for m in exc.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request, exc):
    return api.create_response(request, {"error": "invalid", "messages": _messages(exc)}, status=400)


@api.exception_handler(NinjaValidationError)
def on_schema_error(request, exc):
    return api.create_response(request, {"error": "invalid", "messages": exc.errors}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc):
    return api.create_response(request, {"error": "forbidden", "messages": [str(exc) or "forbidden"]}, status=403)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(request, {"error": "unauthorized", "messages": ["sign in first"]}, status=401)


@api.exception_handler(TooManyAttempts)
def on_too_many_attempts(request, exc):
    return api.create_response(request, {"error": "too_many_attempts", "messages": [str(exc)]}, status=429)


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(request, {"error": "not_found", "messages": [str(exc) or "not found"]}, status=404)


api.add_router("/territories", "auyl.territory.api.territories_router")
api.add_router("/residents", "auyl.territory.api.residents_router")
api.add_router("/appeals", "auyl.appeals.api.appeals_router")
api.add_router("/elections", "auyl.elections.api.elections_router")
api.add_router("/referendums", "auyl.referendums.api.referendums_router")
api.add_router("/documents", "auyl.documents.api.documents_router")
api.add_router("/juries", "auyl.juries.api.juries_router")
