"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over the appeals, in JSON and XML.

* ``service_code`` is a topic code; ``jurisdiction_id`` is a KATO code (a rural district, or any unit
  above it for reads: reads without it cover the whole deployment).
* ``service_request_id`` is the appeal's registration number.
* Only appeals whose applicant agreed to publication (``is_public``) are listed, and never with
  personal data: no names, phones, e-mails or postal addresses of anyone; free text (description,
  answer) is published with the applicant's name and contacts, and anything phone- or IIN-like, hidden.
* ``status`` is ``closed`` for a closed or redirected appeal and ``open`` otherwise (an answered
  appeal whose promised action is still being carried out is open); ``status_notes`` is the answer.
* POST needs an ``api_key`` issued by ``manage.py issue_api_key``; only its keyed hash is stored.
  Appeals filed through Open311 are public: the protocol lists them to every client, and client apps
  tell their users so. The tracking code goes into ``service_notice``, the one place a client shows.

No geometry of territories exists, so a POST must name its ``jurisdiction_id``; a location alone is
answered with an error that says so.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import secrets
import xml.etree.ElementTree as ET

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    BadRequest,
    PermissionDenied,
    SuspiciousOperation,
    ValidationError,
)
from django.db import transaction
from django.http import Http404, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from auyl.core import audit, crypto
from auyl.territory.models import Territory

from . import services
from .models import ApiClient, Appeal, Channel, Status, Topic

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2025-01-01T00:00:00+05:00"
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
CLOSED_STATUSES = (Status.CLOSED, Status.REDIRECTED)
MAX_RESULTS = 1000
MAX_IDS = 100
DEFAULT_WINDOW = dt.timedelta(days=90)
SUBJECT_LENGTH = 100
NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# XML element of each item of a list, by the list's element name.
XML_ITEMS = {"services": "service", "service_requests": "request", "errors": "error", "endpoints": "endpoint",
             "formats": "format", "attributes": "attribute"}
# register_appeal's field names, as an Open311 client knows them.
PARAM_NAMES = {"applicant_name": "first_name/last_name", "applicant_phone": "phone", "applicant_email": "email",
               "applicant_address": "address_string", "subject": "description", "text": "description",
               "territory": "jurisdiction_id", "topic": "service_code"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# --- API keys ---------------------------------------------------------------------------------------------

def api_key_hash(key: str) -> str:
    return crypto.keyed_hash(f"open311-api-key:{key}")


@transaction.atomic
def issue_api_client(*, name: str, territory: Territory | None = None) -> tuple[ApiClient, str]:
    """Create a client app and return it with its key (shown once; only the keyed hash is kept)."""
    name = (name or "").strip()
    if not name or len(name) > 200:
        raise ValidationError({"name": [_("Give the client application a name (at most 200 characters).")]})
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, key_hash=api_key_hash(key), territory=territory)
    audit.record(actor="system", action="appeal.api_client_issued", obj=client, territory=territory,
                 changes={"name": name, "territory": territory.code if territory else None})
    return client, key


def _client(key: str | None) -> ApiClient:
    if not key:
        raise Open311Error(403, _("api_key was not provided."))
    client = ApiClient.objects.select_related("territory").filter(key_hash=api_key_hash(key), is_active=True).first()
    if client is None:
        raise Open311Error(403, _("api_key is invalid."))
    return client


def _check_reach(client: ApiClient, territory: Territory) -> None:
    if client.territory_id and not territory.path.startswith(client.territory.path):
        raise Open311Error(403, _("This api_key may not file requests in jurisdiction %(code)s.") % {
            "code": territory.code})


# --- rendering ------------------------------------------------------------------------------------------

def _text(value) -> str:
    """Element text; characters XML 1.0 cannot carry (control codes) become U+FFFD, never a broken file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return NOT_XML.sub("\ufffd", str(value))


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        for key, child in value.items():
            element.append(_element(key, child))
    elif isinstance(value, list):
        for child in value:
            element.append(_element(XML_ITEMS.get(tag, "item"), child))
    else:
        element.text = _text(value)
    return element


def render(fmt: str, root: str, data, status: int = 200) -> HttpResponse:
    """``data`` as JSON, or as XML under element ``root`` (lists become repeated item elements)."""
    if fmt == "xml":
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(_element(root, data), encoding="unicode")
    else:
        body = json.dumps(data, ensure_ascii=False)
    return HttpResponse(body.encode("utf-8"), content_type=CONTENT_TYPES[fmt], status=status)


def _error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, "errors", [{"code": status, "description": description}], status=status)


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(" ".join(messages) if field == NON_FIELD_ERRORS
                         else f"{PARAM_NAMES.get(field, field)}: {' '.join(messages)}"
                         for field, messages in exc.message_dict.items())
    return " ".join(str(m) for m in exc.messages)


def _language(request) -> str:
    """``locale`` parameter (e.g. ``ru`` or ``ru_KZ``), else Accept-Language, else Kazakh."""
    wanted = (request.GET.get("locale") or "")[:2].lower()
    if wanted in dict(settings.LANGUAGES):
        return wanted
    return translation.get_language_from_request(request, check_path=False)


def open311_view(view):
    """Language, CSRF exemption (clients authenticate by api_key) and Open311 errors instead of pages."""
    @functools.wraps(view)
    def wrapper(request, *args, fmt: str = "json", **kwargs):
        with translation.override(_language(request)):
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return _error(fmt, exc.status, exc.description)
            except ValidationError as exc:
                return _error(fmt, 400, _describe(exc))
            except PermissionDenied as exc:
                return _error(fmt, 403, str(exc) or _("Forbidden."))
            except Http404 as exc:
                return _error(fmt, 404, str(exc) or _("Not found."))
            except (MultiPartParserError, SuspiciousOperation, BadRequest):  # an unreadable or oversized body
                return _error(fmt, 400, _("The request body cannot be read."))
    return csrf_exempt(wrapper)


def _only(request, *methods: str) -> None:
    if request.method not in methods:
        raise Open311Error(405, _("Method %(method)s is not allowed here.") % {"method": request.method})


def iso(moment: dt.datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


# --- discovery and services ----------------------------------------------------------------------------

@open311_view
def discovery(request, fmt):
    _only(request, "GET", "HEAD")
    url = request.build_absolute_uri("/open311/v2/")
    return render(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": _("The akim's office of your rural district"),
        "key_service": _("API keys for filing requests are issued by the administrator of this site."),
        "endpoints": [{"specification": SPECIFICATION, "url": url, "changeset": CHANGESET, "type": "production",
                       "formats": ["application/json", "text/xml"]}],
    })


def _service(topic: Topic) -> dict:
    return {"service_code": topic.code, "service_name": topic.name, "description": topic.name,
            "metadata": False, "type": "realtime", "keywords": "", "group": ""}


@open311_view
def service_list(request, fmt):
    _only(request, "GET", "HEAD")
    _jurisdiction(request.GET.get("jurisdiction_id"), required=False)
    return render(fmt, "services", [_service(t) for t in Topic.objects.filter(is_active=True)])


@open311_view
def service_definition(request, code, fmt):
    _only(request, "GET", "HEAD")
    if not Topic.objects.filter(code=code, is_active=True).exists():
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return render(fmt, "service_definition", {"service_code": code, "attributes": []})


def _jurisdiction(code: str | None, *, required: bool) -> Territory | None:
    code = (code or "").strip()
    if not code:
        if required:
            raise Open311Error(400, _("jurisdiction_id is required: give the KATO code of the rural district."))
        return None
    territory = Territory.objects.filter(code=code, is_active=True).first()
    if territory is None:
        raise Open311Error(400, _("jurisdiction_id %(code)s was not found.") % {"code": code[:20]})
    return territory


# --- requests -------------------------------------------------------------------------------------------

def _open311_status(appeal: Appeal) -> str:
    return "closed" if appeal.status in CLOSED_STATUSES else "open"


def _status_notes(appeal: Appeal) -> str:
    if appeal.answer_text:
        return appeal.answer_text
    if appeal.status == Status.REDIRECTED and appeal.redirected_to:
        return _("Redirected to: %(body)s") % {"body": appeal.redirected_to}
    return ""


PHONE_LIKE = re.compile(r"\+?\d[\d\s\-()]{8,}\d")  # with 10+ digits: phones, IINs, card numbers (not dates)
EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def redact(text: str, appeal: Appeal) -> str:
    """Free text as published: the applicant agreed to publish the matter, not themselves. Their name,
    e-mail and postal address (an answer often begins "Dear <name>"), and anything that looks like a
    phone, an IIN or an e-mail address, are hidden."""
    words = {appeal.applicant_name, appeal.applicant_email, appeal.applicant_address,
             *appeal.applicant_name.split()}
    for word in sorted((w for w in words if len(w.strip()) >= 3), key=len, reverse=True):
        text = re.sub(re.escape(word.strip()), "***", text, flags=re.IGNORECASE)
    text = EMAIL_LIKE.sub("***", text)
    return PHONE_LIKE.sub(lambda m: "***" if sum(c.isdigit() for c in m.group()) >= 10 else m.group(), text)


def public_request(appeal: Appeal) -> dict:
    """One appeal as an Open311 service request. Nothing personal: built field by field on purpose."""
    expected = dt.datetime.combine(appeal.deadline, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())
    return {
        "service_request_id": appeal.number, "status": _open311_status(appeal),
        "status_notes": redact(_status_notes(appeal), appeal), "service_name": appeal.topic.name,
        "service_code": appeal.topic.code, "description": redact(appeal.text, appeal),
        "agency_responsible": appeal.territory.name, "service_notice": "",
        "requested_datetime": iso(appeal.registered_at), "updated_datetime": iso(appeal.updated_at),
        "expected_datetime": expected.isoformat(timespec="seconds"),
    }


def _public_appeals():
    return Appeal.objects.filter(is_public=True).select_related("territory", "topic").order_by("-registered_at",
                                                                                                "-pk")


def _parse_moment(value: str, name: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise Open311Error(400, _("%(name)s must be a date and time in ISO 8601, e.g. "
                                  "2025-01-31T09:00:00+05:00.") % {"name": name}) from None
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _filtered(params):
    """GET requests: by ids (which override every other filter), else by place, topic, status, dates."""
    qs = _public_appeals()
    ids = [i.strip() for i in (params.get("service_request_id") or "").split(",") if i.strip()]
    if ids:
        return qs.filter(number__in=ids[:MAX_IDS])
    territory = _jurisdiction(params.get("jurisdiction_id"), required=False)
    if territory is not None:
        qs = qs.filter(territory_path__startswith=territory.path)
    code = (params.get("service_code") or "").strip()
    if code:
        if not Topic.objects.filter(code=code).exists():
            raise Open311Error(400, _("service_code %(code)s was not found.") % {"code": code[:60]})
        qs = qs.filter(topic__code=code)
    wanted = {s.strip() for s in (params.get("status") or "").split(",") if s.strip()}
    if wanted - {"open", "closed"}:
        raise Open311Error(400, _("status must be open or closed."))
    if wanted == {"open"}:
        qs = qs.exclude(status__in=CLOSED_STATUSES)
    elif wanted == {"closed"}:
        qs = qs.filter(status__in=CLOSED_STATUSES)
    end = _parse_moment(params["end_date"], "end_date") if params.get("end_date") else None
    start = _parse_moment(params["start_date"], "start_date") if params.get("start_date") else None
    start = start or (end or timezone.now()) - DEFAULT_WINDOW
    qs = qs.filter(registered_at__gte=start)
    return qs.filter(registered_at__lte=end) if end else qs


@open311_view
def requests_view(request, fmt):
    """GET: public service requests (at most 1000, newest first). POST: file a new one."""
    _only(request, "GET", "HEAD", "POST")
    if request.method == "POST":
        return _create(request, fmt)
    rows = _filtered(request.GET)[:MAX_RESULTS]
    return render(fmt, "service_requests", [public_request(a) for a in rows])


@open311_view
def request_detail(request, request_id, fmt):
    _only(request, "GET", "HEAD")
    appeal = _public_appeals().filter(number=request_id).first()
    if appeal is None:
        raise Open311Error(404, _("service_request_id %(id)s was not found.") % {"id": request_id[:40]})
    return render(fmt, "service_requests", [public_request(appeal)])


@open311_view
def unknown(request, fmt="json"):
    return _error("xml" if request.path.endswith(".xml") else "json", 404,
                  _("No such Open311 resource; see discovery.json."))


# --- filing a request -----------------------------------------------------------------------------------

def _subject(description: str) -> str:
    line = description.strip().splitlines()[0].strip() if description.strip() else ""
    return line if len(line) <= SUBJECT_LENGTH else line[: SUBJECT_LENGTH - 1].rstrip() + "…"


def _post_fields(params) -> dict:
    """The applicant's requisites and the matter, as register_appeal names them."""
    description = (params.get("description") or "").strip()
    if not description:
        raise Open311Error(400, _("description is required: say what the request is about."))
    contact = {name: (params.get(name) or "").strip()
               for name in ("first_name", "last_name", "phone", "email", "address_string")}
    if not any(contact[n] for n in ("phone", "email", "address_string")):
        raise Open311Error(400, _("Give at least one contact for the answer: phone, email or address_string."))
    return {
        "subject": _subject(description), "text": description,
        "applicant_name": f"{contact['last_name']} {contact['first_name']}".strip(),
        "applicant_phone": contact["phone"], "applicant_email": contact["email"],
        "applicant_address": contact["address_string"],
    }


def register_for_client(*, client: ApiClient, territory: Territory, topic: Topic, **fields) -> tuple[Appeal, str]:
    """Register an appeal on behalf of a verified Open311 client (channel: online portal; public)."""
    return services.register_appeal(
        actor=None, api_client=client, territory=territory, topic=topic, channel=Channel.PORTAL,
        is_public=True, source_type="open311", source_id=str(client.pk), **fields,
    )


def _create(request, fmt) -> HttpResponse:
    params = request.POST
    client = _client(params.get("api_key"))
    code = (params.get("jurisdiction_id") or "").strip()
    if not code and (params.get("lat") or params.get("long")):
        raise Open311Error(400, _("jurisdiction_id is required: this server cannot place a location in a rural "
                                  "district; give the KATO code of the rural district as jurisdiction_id."))
    territory = _jurisdiction(code, required=True)
    _check_reach(client, territory)
    service_code = (params.get("service_code") or "").strip()
    topic = Topic.objects.filter(code=service_code, is_active=True).first() if service_code else None
    if topic is None:
        raise Open311Error(400, _("service_code %(code)s was not found.") % {"code": service_code[:60]}
                           if service_code else _("service_code is required."))
    appeal, tracking_code = register_for_client(client=client, territory=territory, topic=topic,
                                                **_post_fields(params))
    notice = _("Appeal %(number)s registered. Answer due by %(deadline)s. Tracking code: %(code)s") % {
        "number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y"), "code": tracking_code}
    return render(fmt, "service_requests", [{"service_request_id": appeal.number, "token": None,
                                             "service_notice": notice, "account_id": None}])
