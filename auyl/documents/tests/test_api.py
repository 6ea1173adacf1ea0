"""The open-data API of public documents: what a rural district's public page lists and a document's public
page shows; never a document whose current version is not public, an earlier version, a correction note,
a recipient's report, and never a 500."""

import pytest
from django.test import Client

from auyl.documents import services
from auyl.documents.models import DocumentFile

from .conftest import pdf_file

API = "/api/documents"


@pytest.fixture
def documents(send, staff, tree, other_district):
    """Public and non-public documents from the district, the region and another district."""
    public = send(
        title="Жол картасы 2030", body="Бағдарлама мәтіні.", is_public=True, files=[pdf_file("programme.pdf")]
    )  # a report request: the units' reports stay internal
    private = send(title="Ішкі нұсқау", files=[pdf_file("secret.pdf")])
    hidden_later = send(title="Бастапқыда ашық", kind="plan", report_due=None, is_public=True)
    services.revise_document(
        actor=staff["supervisor"],
        document=hidden_later,
        title="Енді жабық",
        correction_note="Жариялаудан алынды",
        is_public=False,
    )
    corrected = send(
        title="Қате тақырып", body="Ескі мәтін", kind="legal_act", report_due=None, is_public=True
    )
    services.revise_document(
        actor=staff["supervisor"],
        document=corrected,
        title="Дұрыс тақырып",
        body="Жаңа мәтін",
        correction_note="Тақырып түзетілді",
        is_public=True,
    )
    from_region = send(
        actor=staff["region"],
        sender=tree["region"],
        units=[tree["district"]],
        level="",
        title="Облыстық статистика",
        kind="statistics",
        report_due=None,
        is_public=True,
    )
    elsewhere = send(
        actor=staff["other_supervisor"],
        sender=other_district["district"],
        title="Басқа аудан",
        kind="programme",
        report_due=None,
        is_public=True,
    )
    services.acknowledge(actor=staff["akim_a"], document=public, territory=tree["rd_a"])
    services.submit_report(
        actor=staff["akim_a"],
        document=public,
        territory=tree["rd_a"],
        text="Округтің ішкі есебі",
        files=[pdf_file("our-report.pdf")],
    )
    return {
        "public": public,
        "private": private,
        "hidden_later": hidden_later,
        "corrected": corrected,
        "from_region": from_region,
        "elsewhere": elsewhere,
    }


def test_the_list_of_a_rural_district_is_what_its_page_shows(client, documents):
    page = client.get(f"{API}/", {"territory": "111033000"}).json()
    ids = [d["id"] for d in page["items"]]
    assert page["count"] == 3
    assert set(ids) == {documents[k].pk for k in ("public", "corrected", "from_region")}
    row = next(d for d in page["items"] if d["id"] == documents["corrected"].pk)
    assert (row["title"], row["version"], row["corrected"], row["kind"]) == (
        "Дұрыс тақырып",
        2,
        True,
        "legal_act",
    )
    assert row["sender"] == {"code": "111000000", "name": "Көкшетау"} and row["date"] == "2030-04-02"
    assert row["reference"] == f"111000000-{documents['corrected'].pk}"
    assert row["url"].endswith(f"/documents/public/{documents['corrected'].pk}/")
    region = next(d for d in page["items"] if d["id"] == documents["from_region"].pk)
    assert region["sender"]["code"] == "110000000"  # passed on by the district to its villages
    text = client.get(f"{API}/", {"territory": "111033000"}).content.decode()
    for hidden in ("Ішкі нұсқау", "Бастапқыда ашық", "Енді жабық", "Қате тақырып", "Басқа аудан"):
        assert hidden not in text
    paged = client.get(f"{API}/", {"territory": "111033000", "limit": 2, "offset": 2}).json()
    assert paged["count"] == 3 and len(paged["items"]) == 1


def test_another_district_sees_its_own_public_documents_only(client, documents, other_district):
    page = client.get(f"{API}/", {"territory": other_district["rd"].code}).json()
    assert [d["id"] for d in page["items"]] == [documents["elsewhere"].pk]


def test_a_public_document_with_its_files_and_nothing_else(client, documents):
    response = client.get(f"{API}/{documents['public'].pk}")
    data = response.json()
    assert (data["title"], data["body"], data["kind"]) == (
        "Жол картасы 2030",
        "Бағдарлама мәтіні.",
        "report_request",
    )
    (item,) = data["files"]
    assert (
        item["name"] == "programme.pdf"
        and item["size"] == DocumentFile.objects.get(original_name="programme.pdf").size
    )
    assert Client().get(item["url"]).status_code == 200  # the link downloads without signing in
    text = response.content.decode()
    for hidden in (
        "Округтің ішкі есебі",
        "our-report.pdf",
        "akim_a",
        "supervisor",
        "report_due",
        "2030-04-09",
    ):
        assert hidden not in text


def test_a_corrected_document_shows_its_current_version_only(client, documents):
    response = client.get(f"{API}/{documents['corrected'].pk}")
    data = response.json()
    assert (data["title"], data["body"], data["version"]) == ("Дұрыс тақырып", "Жаңа мәтін", 2)
    for hidden in ("Ескі мәтін", "Қате тақырып", "Тақырып түзетілді"):
        assert hidden not in response.content.decode()


@pytest.mark.parametrize("key", ["private", "hidden_later"])
def test_a_document_whose_current_version_is_not_public_is_not_found(client, documents, key):
    response = client.get(f"{API}/{documents[key].pk}")
    assert response.status_code == 404 and response.json()["error"] == "not_found"


def test_names_follow_the_request_language(client, tree, documents):
    tree["district"].name_ru = "Кокшетау"
    tree["district"].save(update_fields=["name_ru"])
    ru = client.get(f"{API}/{documents['public'].pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    en = client.get(f"{API}/{documents['public'].pk}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert ru["sender"] == {"code": "111000000", "name": "Кокшетау"} and en["sender"]["name"] == "Көкшетау"
    assert en["kind_label"] == "Report request"


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{API}/", {}, 422),
        (f"{API}/", {"territory": "1110330000"}, 422),
        (f"{API}/", {"territory": "111-33000"}, 422),
        (f"{API}/", {"territory": "999999999"}, 404),
        (f"{API}/", {"territory": "111000000"}, 404),  # a district has no public page of documents
        (f"{API}/", {"territory": "111033100"}, 404),  # nor has a village
        (f"{API}/", {"territory": "111033000", "offset": "-1"}, 422),
        (f"{API}/", {"territory": "111033000", "limit": "x"}, 422),
        (f"{API}/x1", {}, 422),
        (f"{API}/123456", {}, 404),
        (f"{API}/99999999999999999999999", {}, 404),  # too large for the database: no such id
    ],
)
def test_bad_input_is_a_4xx_json_answer(client, tree, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json") and response.json()["error"]


def test_openapi_lists_the_document_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert list(paths["/api/documents/"]) == ["get"] and list(paths["/api/documents/{document_id}"]) == [
        "get"
    ]
