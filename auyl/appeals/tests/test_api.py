"""The appeals JSON API: registration (idempotent), permission-scoped reads, personal data only for those
who handle appeals, the lifecycle, public tracking and rating, reports, and bad input never a 500."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from auyl.accounts.testing import force_staff_login
from auyl.appeals.models import Appeal, Status, Topic
from auyl.core.roles import Role

PHONE = "+77011234567"
NAME = "Сейітқали Нұрлан"


@pytest.fixture
def topic(db):
    return Topic.objects.get_or_create(code="api-test-roads", defaults={
        "name_kk": "Жолдар (тест)", "name_ru": "Дороги (тест)", "name_en": "Roads (test)", "form_826": 6,
        "sector_7": "roads", "topic_10": "roads", "reception_16": "roads"})[0]


@pytest.fixture
def people(tree, make_staff):
    return {
        "registrar": make_staff(Role.REGISTRAR, tree["rd_a"], username="reg-a"),
        "akim": make_staff(Role.AKIM, tree["rd_a"], username="akim-a"),
        "executor": make_staff(Role.EXECUTOR, tree["rd_a"], username="exec-a"),
        "akim_b": make_staff(Role.AKIM, tree["rd_b"], username="akim-b"),
        "auditor": make_staff(Role.AUDITOR, None, username="auditor"),
    }


def as_user(client, user):
    force_staff_login(client, user)
    return client


def post(client, url, body, **headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", headers=headers)


def body(topic, /, **changes):
    return {"territory_code": "111033100", "topic": topic.code, "channel": "paper", "applicant_name": NAME,
            "applicant_phone": PHONE, "applicant_address": "Қызыл Жар, Абай к-сі 1", "subject": "Жол жөндеу",
            "text": "Көшедегі жол бұзылған.", "is_public": True} | changes


@pytest.fixture
def registered(client, people, topic):
    """One appeal registered through the API by the registrar; returns its JSON."""
    response = post(as_user(client, people["registrar"]), "/api/appeals/", body(topic))
    assert response.status_code == 201, response.content
    client.logout()
    return response.json()


def test_register_returns_number_code_and_history(client, people, topic):
    response = post(as_user(client, people["registrar"]), "/api/appeals/", body(topic))
    assert response.status_code == 201
    data = response.json()
    assert data["number"].startswith("111033000-") and len(data["tracking_code"]) == 8
    assert data["territory_code"] == "111033000" and data["settlement_code"] == "111033100"
    assert data["status"] == Status.REGISTERED and data["applicant_phone"] == PHONE
    assert [step["kind"] for step in data["history"]] == ["registered"]


def test_retry_with_the_same_idempotency_key_returns_the_same_appeal(client, people, topic):
    as_user(client, people["registrar"])
    first = post(client, "/api/appeals/", body(topic), **{"Idempotency-Key": "form-42"})
    again = post(client, "/api/appeals/", body(topic), **{"Idempotency-Key": "form-42"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["number"] == first.json()["number"] and again.json()["tracking_code"] == ""
    assert Appeal.objects.count() == 1
    # another user's equal key is another request, and never reveals the first appeal
    other = post(as_user(client, people["akim"]), "/api/appeals/", body(topic), **{"Idempotency-Key": "form-42"})
    assert other.status_code == 201 and other.json()["number"] != first.json()["number"]


def test_script_in_text_round_trips_as_inert_json_text(client, people, topic, registered):
    script = '<script>alert("x")</script> & <b>bold</b>'
    as_user(client, people["registrar"])
    response = post(client, "/api/appeals/", body(topic, subject=script, text=script))
    assert response.status_code == 201
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"  # a browser never sniffs it as HTML
    detail = client.get(f"/api/appeals/{response.json()['number']}").json()
    assert detail["text"] == script and detail["subject"] == script  # stored as given, returned as text
    assert Appeal.objects.get(number=detail["number"]).text == script


@pytest.mark.parametrize("changes, status", [
    ({"territory_code": "999999999"}, 400),
    ({"territory_code": "111035100"}, 403),  # a village of another rural district
    ({"topic": "no-such-topic"}, 400),
    ({"channel": "pigeon"}, 400),
    ({"subject": "   "}, 400),
    ({"text": ""}, 400),
    ({"applicant_name": ""}, 400),
    ({"applicant_phone": "", "applicant_address": ""}, 400),
    ({"applicant_phone": "12"}, 400),
    ({"applicant_email": "not an e-mail"}, 400),
    ({"received_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}, 400),
    ({"resident_id": 999999}, 400),
    ({"subject": "x" * 2000}, 422),
])
def test_bad_registration_is_a_clear_4xx_and_stores_nothing(client, people, topic, changes, status):
    response = post(as_user(client, people["registrar"]), "/api/appeals/", body(topic, **changes))
    assert response.status_code == status, response.content
    assert response.json()["messages"]  # a message a person can read
    assert Appeal.objects.count() == 0


@pytest.mark.parametrize("raw", ["{not json", "[]", json.dumps({"territory_code": "111033100"}),
                                 json.dumps({"received_on": "2025-13-45"}), json.dumps({"is_public": "maybe"})])
def test_malformed_bodies_are_4xx_json(client, people, topic, raw):
    response = as_user(client, people["registrar"]).post("/api/appeals/", data=raw, content_type="application/json")
    assert 400 <= response.status_code < 500 and response["Content-Type"].startswith("application/json")
    assert isinstance(response.json(), dict)
    assert Appeal.objects.count() == 0


def test_anonymous_and_staff_without_appeal_roles(client, people, topic, make_staff, tree):
    assert client.get("/api/appeals/").status_code == 401
    assert post(client, "/api/appeals/", body(topic)).status_code == 401
    deputy = make_staff(Role.DEPUTY, tree["rd_a"], username="deputy")
    assert as_user(client, deputy).get("/api/appeals/").status_code == 403


def test_list_is_scoped_filtered_and_paginated(client, people, topic, registered):
    as_user(client, people["registrar"])
    post(client, "/api/appeals/", body(topic, subject="Екінші"))
    page = client.get("/api/appeals/", {"limit": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1 and page["items"][0]["subject"] == "Екінші"
    assert client.get("/api/appeals/", {"limit": 1, "offset": 1}).json()["items"][0]["number"] == registered["number"]
    assert client.get("/api/appeals/", {"q": registered["number"][-5:]}).json()["count"] == 1
    assert client.get("/api/appeals/", {"status": "registered", "topic": topic.code}).json()["count"] == 2
    assert client.get("/api/appeals/", {"overdue": "true"}).json()["count"] == 0
    Appeal.objects.filter(number=registered["number"]).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    overdue = client.get("/api/appeals/", {"overdue": "true"}).json()
    assert [a["number"] for a in overdue["items"]] == [registered["number"]] and overdue["items"][0]["overdue"]
    assert client.get("/api/appeals/", {"status": "lost"}).status_code == 400
    assert client.get("/api/appeals/", {"limit": 0}).status_code == 422
    assert client.get("/api/appeals/", {"offset": -1}).status_code == 422
    # another rural district sees none of them, and cannot open one by number
    as_user(client, people["akim_b"])
    assert client.get("/api/appeals/").json()["count"] == 0
    assert client.get(f"/api/appeals/{registered['number']}").status_code == 404
    assert post(client, f"/api/appeals/{registered['number']}/extend", {"reason": "x"}).status_code == 404


def test_personal_data_only_for_those_who_handle_appeals(client, people, registered):
    handler = as_user(client, people["akim"]).get(f"/api/appeals/{registered['number']}").json()
    assert handler["applicant_name"] == NAME and handler["personal_data_hidden"] is False
    as_user(client, people["auditor"])  # may read appeals everywhere, but not who wrote them
    for response in (client.get(f"/api/appeals/{registered['number']}"), client.get("/api/appeals/")):
        assert response.status_code == 200
        assert NAME not in response.content.decode() and PHONE not in response.content.decode()
        assert "Абай к-сі" not in response.content.decode()
    detail = client.get(f"/api/appeals/{registered['number']}").json()
    assert detail["personal_data_hidden"] is True and detail["applicant_phone"] is None


def test_lifecycle_through_the_api_and_public_tracking(client, people, registered):
    number, code = registered["number"], registered["tracking_code"]
    as_user(client, people["akim"])
    assigned = post(client, f"/api/appeals/{number}/assign", {"executor_id": people["executor"].pk})
    assert assigned.status_code == 200 and assigned.json()["status"] == Status.IN_PROGRESS
    assert post(client, f"/api/appeals/{number}/assign", {"executor_id": 10**9}).status_code == 400
    extended = post(client, f"/api/appeals/{number}/extend", {"reason": "Мердігер іздеу"}).json()
    assert extended["deadline"] > registered["deadline"] and extended["extension_reason"] == "Мердігер іздеу"
    assert post(client, f"/api/appeals/{number}/extend", {"reason": "тағы"}).status_code == 400  # only once
    as_user(client, people["executor"])
    promised_by = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    answered = post(client, f"/api/appeals/{number}/answer", {
        "outcome": "satisfied", "text": "Жол жөнделеді.", "promised_action": "Шұңқырлар жабылады",
        "promised_by": promised_by})
    assert answered.status_code == 200 and answered.json()["status"] == Status.ANSWERED
    again = post(client, f"/api/appeals/{number}/answer", {"outcome": "explained", "text": "Тағы"})
    assert again.status_code == 400
    executed = post(client, f"/api/appeals/{number}/execute", {"note": "Жабылды"}).json()
    assert executed["status"] == Status.CLOSED
    kinds = [step["kind"] for step in executed["history"]]
    assert kinds == ["registered", "assigned", "extended", "answered", "executed"]
    client.logout()
    tracked = client.get("/api/appeals/track", {"number": number, "code": code})
    assert tracked.status_code == 200
    data = tracked.json()
    assert data["answer_text"] == "Жол жөнделеді." and data["executor"] == people["executor"].full_name
    assert data["status"] == Status.CLOSED and data["promised_by"] == promised_by
    assert NAME not in tracked.content.decode() and PHONE not in tracked.content.decode()
    rated = post(client, "/api/appeals/track/rate", {"number": number, "code": code, "rating": 5, "comment": "Рақмет"})
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    assert post(client, "/api/appeals/track/rate", {"number": number, "code": "WRONGCOD", "rating": 1}).status_code == 404
    assert post(client, "/api/appeals/track/rate", {"number": number, "code": code, "rating": 9}).status_code == 422


def test_redirect_and_permissions_of_actions(client, people, registered):
    number = registered["number"]
    as_user(client, people["executor"])  # an executor may not redirect
    assert post(client, f"/api/appeals/{number}/redirect", {"to_body": "Аудандық әкімдік"}).status_code == 403
    as_user(client, people["registrar"])
    assert post(client, f"/api/appeals/{number}/redirect", {"to_body": "  "}).status_code == 400
    response = post(client, f"/api/appeals/{number}/redirect", {"to_body": "Аудандық әкімдік", "note": "құзыреті"})
    assert response.status_code == 200 and response.json()["status"] == Status.REDIRECTED
    assert response.json()["redirected_to"] == "Аудандық әкімдік"


@pytest.mark.parametrize("params, status", [
    ({"number": "111033000-2000-00001", "code": "ABCDEFGH"}, 404),
    ({"number": "", "code": ""}, 404),
    ({}, 422),
    ({"number": "x" * 100, "code": "y"}, 422),
])
def test_tracking_bad_input(client, registered, params, status):
    response = client.get("/api/appeals/track", params)
    assert response.status_code == status and response["Content-Type"].startswith("application/json")


def test_tracking_needs_the_right_code(client, registered):
    wrong = client.get("/api/appeals/track", {"number": registered["number"], "code": "AAAAAAAA"})
    assert wrong.status_code == 404
    lower = client.get("/api/appeals/track", {"number": registered["number"],
                                              "code": registered["tracking_code"].lower()})
    assert lower.status_code == 200


def test_tracking_guesses_are_limited_per_number_and_per_address(client, registered, settings):
    settings.TRACKING_MAX_FAILURES_PER_NUMBER, settings.TRACKING_MAX_FAILURES_PER_IP = 3, 5
    number, code = registered["number"], registered["tracking_code"]
    for _attempt in range(3):
        assert client.get("/api/appeals/track", {"number": number, "code": "AAAAAAAA"}).status_code == 404
    locked = client.get("/api/appeals/track", {"number": number, "code": code})  # even the right code now
    assert locked.status_code == 429 and locked.json()["error"] == "too_many_attempts"
    # Another address may still follow it; this address can still try two other numbers, then not at all.
    assert client.get("/api/appeals/track", {"number": number, "code": code},
                      REMOTE_ADDR="10.0.0.9").status_code == 429  # the number itself is locked for the window
    for other in ("111033000-2026-99998", "111033000-2026-99999"):
        assert client.get("/api/appeals/track", {"number": other, "code": "AAAAAAAA"}).status_code == 404
    assert client.get("/api/appeals/track", {"number": "111033000-2026-99997", "code": "AAAAAAAA"}).status_code == 429
    from auyl.appeals.models import TrackingFailure

    assert TrackingFailure.objects.count() == 5
    assert not TrackingFailure.objects.filter(number_hash__contains=number).exists()  # never stored in clear


def test_reports(client, people, registered, tree):
    as_user(client, people["akim"])
    today = timezone.localdate()
    monthly = client.get("/api/appeals/reports/monthly", {"territory": "111033000", "year": today.year,
                                                          "month": today.month})
    assert monthly.status_code == 200, monthly.content
    assert monthly.json()["total"] == 1 and monthly.json()["territory_code"] == "111033000"
    form = client.get("/api/appeals/reports/form", {"territory": "111033000", "form": "826",
                                                    "date_from": today.replace(day=1).isoformat(),
                                                    "date_to": today.isoformat()})
    assert form.status_code == 200, form.content
    assert form.json()["totals"][0]["count"] == 1 and len(form.json()["rows"]) == 12
    bad = [
        ("/api/appeals/reports/monthly", {"territory": "111033000", "year": today.year, "month": 13}, 422),
        ("/api/appeals/reports/monthly", {"territory": "999999999", "year": today.year, "month": 1}, 400),
        ("/api/appeals/reports/monthly", {"territory": "111035000", "year": today.year, "month": 1}, 403),
        ("/api/appeals/reports/form", {"territory": "111033000", "form": "nope", "date_from": "2025-01-01",
                                       "date_to": "2025-01-31"}, 400),
        ("/api/appeals/reports/form", {"territory": "111033000", "date_from": "2025-02-01",
                                       "date_to": "2025-01-01"}, 400),
        ("/api/appeals/reports/form", {"territory": "111033000", "date_from": "yesterday",
                                       "date_to": "2025-01-01"}, 422),
    ]
    for url, params, status in bad:
        response = client.get(url, params)
        assert response.status_code == status, (url, params, response.content)
