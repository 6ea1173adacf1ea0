"""The open-data API of citizen juries: the published draw that anyone can repeat, the tokens drawn, the
sessions, the recommendation and the answer; never a draft, never a juror's name, never a 500."""

import pytest
from django.utils import timezone

from auyl.juries import draw, services
from auyl.juries.models import MemberStatus

API = "/api/juries"


@pytest.fixture
def draft(akim, tree, registry):
    return services.create_jury(
        actor=akim, territory=tree["rd_a"], title="Жасырын жоба", question="Әлі жарияланбаған сұрақ?", size=15
    )


@pytest.fixture
def announced(akim, tree, registry):
    jury = services.create_jury(
        actor=akim, territory=tree["rd_a"], title="Су құбыры", question="Қай көше бірінші?", size=20
    )
    return services.announce_draw(actor=akim, jury=jury, seed_source="Lottery of 8 June")


def _names_and_phones(registry):
    return [p.last_name for p in registry] + [p.phone for p in registry]


def test_list_shows_announced_juries_not_drafts(client, drawn, announced, draft):
    page = client.get(f"{API}/", {"territory": "111033000"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert page["count"] == 2 and {j["id"] for j in page["items"]} == {drawn.pk, announced.pk}
    row = next(j for j in page["items"] if j["id"] == drawn.pk)
    assert (row["title"], row["status"], row["status_label"]) == (
        "Street lighting",
        "drawn",
        "Drawn, inviting",
    )
    assert row["territory"] == {"code": "111033000", "name": "Қызылжар ауылдық округі"}
    assert row["url"].endswith(f"/juries/{drawn.pk}/public/")
    assert "Жасырын жоба" not in client.get(f"{API}/", {"territory": "111033000"}).content.decode()
    assert client.get(f"{API}/{draft.pk}").status_code == 404
    assert client.get(f"{API}/{draft.pk}/pool").status_code == 404
    assert client.get(f"{API}/", {"territory": "111035000"}).json()["count"] == 0
    assert client.get(f"{API}/", {"territory": "111000000", "limit": 1}).json()["count"] == 2


def test_the_draw_is_published_and_can_be_repeated_from_the_api(client, drawn, registry):
    data = client.get(f"{API}/{drawn.pk}").json()
    facts = data["draw"]
    assert (facts["seed"], facts["public_value"], facts["pool_hash"]) == (
        drawn.seed,
        "4815162342",
        drawn.pool_hash,
    )
    assert facts["algorithm"] == draw.ALGORITHM_VERSION and len(facts["steps"]) == len(draw.ALGORITHM)
    assert (facts["pool_size"], facts["excluded"], facts["size"]) == (60, 2, 15)
    assert facts["verify_url"].endswith(f"/juries/{drawn.pk}/verify/")
    assert sum(s["seats"] for s in data["strata"]) == 15 and sum(s["pool"] for s in data["strata"]) == 60
    assert sum(s["invited"] for s in data["strata"]) == 15
    # Anyone repeats it: hash of the pool, seed from the public value, the selection, the tokens published.
    pool = client.get(f"{API}/{drawn.pk}/pool").json()
    assert draw.pool_hash(pool["pool"]) == pool["pool_hash"] == facts["pool_hash"]
    assert draw.derive_seed(pool["public_value"], pool["jury"]) == pool["seed"]
    chosen = draw.select(pool["seed"], pool["pool"], pool["size"])
    assert sorted(t for tokens in chosen.values() for t in tokens) == pool["selected"]
    assert sorted(m["token"] for m in data["drawn"]) == pool["selected"]


def test_no_juror_is_named(client, akim, drawn, registry):
    member = drawn.members.select_related("resident").first()
    services.respond(actor=akim, jury=drawn, resident=member.resident, accepted=False)
    member.refresh_from_db()
    replacement = services.draw_replacement(actor=akim, jury=drawn, member=member)
    data = client.get(f"{API}/{drawn.pk}").json()
    by_token = {m["token"]: m for m in data["drawn"]}
    assert by_token[member.token]["status"] == MemberStatus.DECLINED
    assert by_token[replacement.token]["replaces"] == member.token
    for url in (f"{API}/{drawn.pk}", f"{API}/{drawn.pk}/pool", f"{API}/?territory=111033000"):
        text = client.get(url).content.decode()
        assert not any(word in text for word in _names_and_phones(registry)), url
        assert "Resident" not in text and "pool_residents" not in text and "resident" not in text


def test_announced_jury_before_the_draw_publishes_no_seed(client, announced):
    facts = client.get(f"{API}/{announced.pk}").json()["draw"]
    assert facts["seed_source"] == "Lottery of 8 June" and facts["pool_hash"] == announced.pool_hash
    assert (facts["seed"], facts["public_value"], facts["drawn_at"], facts["verify_url"]) == (
        None,
        None,
        None,
        None,
    )


def test_sessions_recommendation_answer_due_and_answer(client, akim, drawn):
    today = timezone.localdate()
    services.add_session(actor=akim, jury=drawn, date=today, topic="Experts on lighting", experts="Energy Co")
    jury = services.recommend(actor=akim, jury=drawn, text="Light the school street first.")
    data = client.get(f"{API}/{jury.pk}").json()
    assert data["sessions"] == [
        {"date": today.isoformat(), "topic": "Experts on lighting", "experts": "Energy Co", "present": None}
    ]
    rec = data["recommendation"]
    assert (
        rec["text"] == "Light the school street first." and rec["answer_due"] == jury.answer_due.isoformat()
    )
    assert rec["answer"] is None and rec["overdue"] is False
    services.answer(actor=akim, jury=jury, outcome="partly", text="Two of three streets in 2026.")
    rec = client.get(f"{API}/{jury.pk}", HTTP_ACCEPT_LANGUAGE="en").json()["recommendation"]
    assert (rec["answer"], rec["answer_label"], rec["answer_text"]) == (
        "partly",
        "Partly accepted",
        "Two of three streets in 2026.",
    )
    assert rec["answer_due"] is None and rec["answered_on"] == today.isoformat()


def test_names_follow_the_request_language(client, tree, drawn):
    tree["rd_a"].name_ru = "Кызылжарский сельский округ"
    tree["rd_a"].save(update_fields=["name_ru"])
    ru = client.get(f"{API}/{drawn.pk}", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert ru["territory"] == {"code": "111033000", "name": "Кызылжарский сельский округ"}
    assert client.get(f"{API}/{drawn.pk}", HTTP_ACCEPT_LANGUAGE="kk").json()["territory"]["name"] == (
        "Қызылжар ауылдық округі"
    )


@pytest.mark.parametrize(
    ("url", "params", "status"),
    [
        (f"{API}/", {}, 422),
        (f"{API}/", {"territory": "abcdefghi"}, 422),
        (f"{API}/", {"territory": "12345"}, 422),
        (f"{API}/", {"territory": "999999999"}, 404),
        (f"{API}/", {"territory": "111033000", "offset": "-1"}, 422),
        (f"{API}/", {"territory": "111033000", "limit": "0"}, 422),
        (f"{API}/jury", {}, 422),
        (f"{API}/424242", {}, 404),
        (f"{API}/424242/pool", {}, 404),
        (f"{API}/x/pool", {}, 422),
    ],
)
def test_bad_input_is_a_4xx_json_answer(client, tree, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json") and response.json()["error"]


def test_openapi_lists_the_jury_paths(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("/api/juries/", "/api/juries/{jury_id}", "/api/juries/{jury_id}/pool"):
        assert list(paths[path]) == ["get"]
