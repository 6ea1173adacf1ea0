import pytest


@pytest.mark.django_db
def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_openapi_docs_are_served(client):
    assert client.get("/api/docs").status_code == 200
    schema = client.get("/api/openapi.json").json()
    assert "/api/territories/{code}" in schema["paths"]


def test_territory_api_search_and_detail(client, tree):
    found = client.get("/api/territories/", {"q": "1110331"}).json()
    assert [t["code"] for t in found] == ["111033100"]
    by_name = client.get("/api/territories/", {"q": "жұлдыз"}).json()
    assert [t["code"] for t in by_name] == ["111033200"]
    detail = client.get("/api/territories/111033000").json()
    assert [a["code"] for a in detail["ancestors"]] == ["110000000", "111000000"]
    assert {c["code"] for c in detail["children"]} == {"111033100", "111033200"}


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/territories/999999999", 404), ("/api/territories/abc", 404), ("/api/territories/?level=planet", 400),
     ("/api/territories/?limit=-5", 422), ("/api/territories/?limit=abc", 422)],
)
def test_territory_api_bad_input_answers_4xx_json(client, tree, url, status):
    response = client.get(url)
    assert response.status_code == status
    assert "error" in response.json()
