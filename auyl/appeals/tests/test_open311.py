"""Open311 GeoReport v2: discovery, services in Kazakh and Russian, filing with an api_key and reading back
in JSON and XML, only public appeals listed, and no personal data anywhere."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from auyl.appeals import services
from auyl.appeals.models import ApiClient, Appeal, Channel, Status, Topic
from auyl.appeals.open311 import api_key_hash, issue_api_client
from auyl.core.roles import Role

BASE = "/open311/v2"
PHONE = "+77019876543"
FIRST, LAST = "Әсел", "Жұмабаева"
EMAIL = "asel.private@example.kz"
ADDRESS = "Қызыл Жар, Тәуелсіздік к-сі 17, пәтер 4"


@pytest.fixture
def topic(db):
    return Topic.objects.get_or_create(code="o311-lighting", defaults={
        "name_kk": "Көше жарығы", "name_ru": "Уличное освещение", "name_en": "Street lighting", "form_826": 12,
        "sector_7": "housing", "topic_10": "utilities", "reception_16": "utilities"})[0]


@pytest.fixture
def key(tree):
    return issue_api_client(name="FixMyAuyl", territory=tree["district"])[1]


def filing(key, topic, **changes):
    return {"api_key": key, "jurisdiction_id": "111033000", "service_code": topic.code,
            "description": "Көшеде шам жанбайды", "first_name": FIRST, "last_name": LAST, "phone": PHONE,
            "email": EMAIL, "address_string": ADDRESS} | changes


def xml_of(response) -> ET.Element:
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    return ET.fromstring(response.content)


def assert_no_personal_data(response):
    text = response.content.decode()
    for secret in (PHONE, "7019876543", FIRST, LAST, EMAIL, "Тәуелсіздік"):
        assert secret not in text


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_discovery(client, db, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")
    assert response.status_code == 200
    if fmt == "json":
        endpoint = response.json()["endpoints"][0]
        assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
        assert endpoint["url"].endswith("/open311/v2/") and "text/xml" in endpoint["formats"]
    else:
        root = xml_of(response)
        assert root.tag == "discovery" and root.find("endpoints/endpoint/type").text == "production"
        assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == ["application/json", "text/xml"]


def test_services_in_kazakh_by_default_and_in_russian_on_request(client, topic):
    by_code = {s["service_code"]: s for s in client.get(f"{BASE}/services.json").json()}
    assert by_code[topic.code]["service_name"] == "Көше жарығы" and by_code[topic.code]["metadata"] is False
    russian = {s["service_code"]: s for s in client.get(f"{BASE}/services.json", {"locale": "ru"}).json()}
    assert russian[topic.code]["service_name"] == "Уличное освещение"
    by_header = client.get(f"{BASE}/services.xml", headers={"Accept-Language": "ru-RU,ru;q=0.9"})
    names = {s.find("service_code").text: s.find("service_name").text for s in xml_of(by_header).findall("service")}
    assert names[topic.code] == "Уличное освещение"


def test_service_definition(client, topic):
    response = client.get(f"{BASE}/services/{topic.code}.json")
    assert response.json() == {"service_code": topic.code, "attributes": []}
    root = xml_of(client.get(f"{BASE}/services/{topic.code}.xml"))
    assert root.tag == "service_definition" and list(root.find("attributes")) == []
    missing = client.get(f"{BASE}/services/nothing.json")
    assert missing.status_code == 404 and missing.json()[0]["code"] == 404


def test_post_creates_an_appeal_and_get_reads_it_back(client, topic, key):
    response = client.post(f"{BASE}/requests.json", filing(key, topic))
    assert response.status_code == 200, response.content
    [created] = response.json()
    number = created["service_request_id"]
    appeal = Appeal.objects.get(number=number)
    assert (appeal.channel, appeal.is_public, appeal.applicant_name) == (Channel.PORTAL, True, f"{LAST} {FIRST}")
    assert appeal.applicant_phone == PHONE and appeal.territory.code == "111033000"
    assert number in created["service_notice"] and created["token"] is None  # tracking code shown once, there
    assert created["service_notice"].split()[-1].isalnum()
    as_json = client.get(f"{BASE}/requests/{number}.json")
    [item] = as_json.json()
    assert item["service_code"] == topic.code and item["status"] == "open"
    assert item["description"] == "Көшеде шам жанбайды" and item["agency_responsible"] == "Қызылжар ауылдық округі"
    assert item["requested_datetime"].endswith("+05:00")
    root = xml_of(client.get(f"{BASE}/requests/{number}.xml"))
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == number
    assert root.find("request/status").text == "open"
    assert_no_personal_data(as_json)
    assert_no_personal_data(client.get(f"{BASE}/requests/{number}.xml"))
    assert_no_personal_data(client.get(f"{BASE}/requests.json"))


def test_post_in_xml(client, topic, key):
    response = client.post(f"{BASE}/requests.xml", filing(key, topic))
    root = xml_of(response)
    assert response.status_code == 200 and root.find("request/service_request_id").text.startswith("111033000-")


@pytest.mark.parametrize("changes, status, words", [
    ({"api_key": ""}, 403, "api_key"),
    ({"api_key": "guessed"}, 403, "api_key"),
    ({"service_code": "potholes-on-mars"}, 400, "service_code"),
    ({"service_code": ""}, 400, "service_code"),
    ({"jurisdiction_id": "999999999"}, 400, "jurisdiction_id"),
    ({"jurisdiction_id": "", "lat": "53.28", "long": "69.38"}, 400, "jurisdiction_id"),
    ({"jurisdiction_id": ""}, 400, "jurisdiction_id"),
    ({"description": "  "}, 400, "description"),
    ({"phone": "", "email": "", "address_string": ""}, 400, "address_string"),
    ({"phone": "123"}, 400, "phone"),
    ({"first_name": "", "last_name": ""}, 400, "first_name"),
])
def test_bad_posts_answer_open311_errors_and_store_nothing(client, topic, key, changes, status, words):
    for fmt in ("json", "xml"):
        response = client.post(f"{BASE}/requests.{fmt}", filing(key, topic, **changes))
        assert response.status_code == status
        if fmt == "json":
            [error] = response.json()
            assert error["code"] == status and words in error["description"]
        else:
            root = xml_of(response)
            assert root.tag == "errors" and root.find("error/code").text == str(status)
            assert words in root.find("error/description").text
    assert Appeal.objects.count() == 0


def test_key_limited_to_its_territory(client, topic, tree):
    _client, key = issue_api_client(name="One district only", territory=tree["rd_b"])
    response = client.post(f"{BASE}/requests.json", filing(key, topic))
    assert response.status_code == 403 and Appeal.objects.count() == 0
    ApiClient.objects.update(is_active=False)
    assert client.post(f"{BASE}/requests.json", filing(key, topic, jurisdiction_id="111035000")).status_code == 403


def test_only_public_appeals_are_listed(client, topic, tree, make_staff):
    registrar = make_staff(Role.REGISTRAR, tree["rd_a"])
    common = {"actor": registrar, "topic": topic, "channel": Channel.PAPER, "applicant_name": f"{LAST} {FIRST}",
              "applicant_phone": PHONE, "subject": "Жарық", "text": "Шам жанбайды"}
    public, _code = services.register_appeal(territory=tree["village_a1"], is_public=True, **common)
    private, _code = services.register_appeal(territory=tree["village_a1"], is_public=False, **common)
    other, _code = services.register_appeal(territory=tree["rd_a"], is_public=True, **common)
    listed = [r["service_request_id"] for r in client.get(f"{BASE}/requests.json").json()]
    assert public.number in listed and other.number in listed and private.number not in listed
    assert client.get(f"{BASE}/requests/{private.number}.json").status_code == 404
    ids = client.get(f"{BASE}/requests.json", {"service_request_id": f"{public.number},{private.number}"}).json()
    assert [r["service_request_id"] for r in ids] == [public.number]
    assert client.get(f"{BASE}/requests.json", {"jurisdiction_id": "111035000"}).json() == []
    assert len(client.get(f"{BASE}/requests.json", {"jurisdiction_id": "110000000"}).json()) == 2
    assert len(client.get(f"{BASE}/requests.json", {"service_code": topic.code, "status": "open"}).json()) == 2
    assert client.get(f"{BASE}/requests.json", {"status": "closed"}).json() == []
    Appeal.objects.filter(pk=public.pk).update(status=Status.CLOSED, answer_text="Шам ауыстырылды")
    [closed] = client.get(f"{BASE}/requests.json", {"status": "closed"}).json()
    assert closed["status_notes"] == "Шам ауыстырылды"
    assert_no_personal_data(client.get(f"{BASE}/requests.xml"))


@pytest.mark.parametrize("params", [{"status": "pending"}, {"start_date": "last week"}, {"end_date": "2025-02-30"},
                                    {"service_code": "nope"}, {"jurisdiction_id": "abc"}])
def test_bad_queries_are_400(client, db, params):
    response = client.get(f"{BASE}/requests.json", params)
    assert response.status_code == 400 and response.json()[0]["code"] == 400


def test_dates_window(client, topic, key):
    client.post(f"{BASE}/requests.json", filing(key, topic))
    assert len(client.get(f"{BASE}/requests.json", {"start_date": "2000-01-01T00:00:00+05:00"}).json()) == 1
    assert client.get(f"{BASE}/requests.json", {"end_date": "2001-01-01T00:00:00Z"}).json() == []


def test_script_in_description_is_escaped_in_xml_and_literal_in_json(client, topic, key):
    script = '<script>alert("x")</script> & ]]> \x01'
    response = client.post(f"{BASE}/requests.json", filing(key, topic, description=script))
    number = response.json()[0]["service_request_id"]
    [item] = client.get(f"{BASE}/requests/{number}.json").json()
    assert item["description"] == script.strip()
    raw = client.get(f"{BASE}/requests/{number}.xml")
    assert b"<script>" not in raw.content and b"&lt;script&gt;" in raw.content
    assert xml_of(raw).find("request/description").text == script.strip().replace("\x01", "\ufffd")


def test_personal_data_written_into_the_text_is_hidden(client, topic, key):
    description = f"Мен, {LAST} {FIRST}, хабарласыңыз: 8 701 987 65 43, {EMAIL}. ЖСН 900101300123. Шам жанбайды."
    number = client.post(f"{BASE}/requests.json", filing(key, topic, description=description)).json()[0][
        "service_request_id"]
    Appeal.objects.filter(number=number).update(status=Status.CLOSED, answer_text=f"Құрметті {FIRST}! Шам 2025-06-15 ауыстырылды.")
    for fmt in ("json", "xml"):
        response = client.get(f"{BASE}/requests/{number}.{fmt}")
        assert_no_personal_data(response)
        assert "900101300123" not in response.content.decode() and "Шам жанбайды" in response.content.decode()
    assert client.get(f"{BASE}/requests/{number}.json").json()[0]["status_notes"] == "Құрметті ***! Шам 2025-06-15 ауыстырылды."


def test_unreadable_body_is_an_open311_error(client, db, settings):
    broken = client.post(f"{BASE}/requests.json", data=b"--x\r\nnot multipart", content_type="multipart/form-data")
    assert broken.status_code == 400 and broken.json()[0]["code"] == 400
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    huge = client.post(f"{BASE}/requests.xml", {"description": "x" * 1000})
    assert huge.status_code == 400 and xml_of(huge).find("error/code").text == "400"


def test_wrong_method_and_unknown_paths(client, db):
    assert client.delete(f"{BASE}/requests.json").status_code == 405
    missing = client.get(f"{BASE}/nothing.xml")
    assert missing.status_code == 404 and xml_of(missing).find("error/code").text == "404"
    assert client.get(f"{BASE}/requests/111033000-2000-00001.json").status_code == 404


def test_issue_api_key_command_prints_the_key_once_and_keeps_only_its_hash(tree):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_api_key", "Mobile app", "--territory", "111033000", stdout=out, stderr=err)
    key = out.getvalue().strip()
    client = ApiClient.objects.get(name="Mobile app")
    assert client.key_hash == api_key_hash(key) and key not in client.key_hash and client.territory == tree["rd_a"]
    with pytest.raises(CommandError, match="unknown territory"):
        call_command("issue_api_key", "X", "--territory", "000", stdout=out, stderr=err)
