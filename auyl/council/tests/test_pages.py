"""The pages: the public council page in Kazakh and Russian, the staff page and its forms; other
districts' staff are kept out; bad input gets a translated message, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from auyl.accounts.testing import force_staff_login
from auyl.council import services
from auyl.council.models import Commission, Council, Member, Recommendation

from .conftest import TERM_START


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


def in_lang(lang: str, message: str) -> str:
    with translation.override(lang):
        return gettext(message)


@pytest.fixture
def staffed(registrar, council, person):
    chair = services.add_member(
        actor=registrar,
        council=council,
        resident=person("village_a1", "Төрағаев"),
        start_date=TERM_START,
        is_chair=True,
    )
    member = services.add_member(
        actor=registrar, council=council, resident=person("village_a2", "Жұлдызов"), start_date=TERM_START
    )
    return chair, member


def signed_in(client, user):
    force_staff_login(client, user)
    return client


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_public_page_shows_members_by_settlement_chair_and_recommendations(
    client, tree, council_member, district_akim, staffed, lang
):
    council = staffed[0].council
    rec = services.send_recommendation(
        actor=council_member,
        council=council,
        akim_name="Серікбаев Е.",
        addressee="Kokshetau akim",
        text="Reprimand.",
        grounds="Late answers.",
        sent_on=dt.date(2030, 3, 1),
    )
    services.record_answer(
        actor=district_akim,
        recommendation=rec,
        outcome="accepted",
        text="Reprimanded.",
        answered_on=dt.date(2030, 3, 3),
    )
    response = client.get(url("council:public", tree["rd_a"].code, lang=lang))
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{lang}"' in page
    for text in (
        "Төрағаев Test",
        "Жұлдызов Test",
        "Қызыл Жар",
        "Қызыл Жұлдыз",
        "15.01.2030",
        "14.01.2034",
        "Reprimand.",
        "Reprimanded.",
        in_lang(lang, "Members by settlement"),
    ):
        assert text in page, text
    assert page.count(in_lang(lang, "vacant seat")) == 7  # 8 + 1 seats, 2 members


def test_public_page_without_a_council_and_unknown_units(client, tree):
    page = client.get(url("council:public", tree["rd_b"].code)).content.decode()
    assert "has not been formed in the system yet" in page
    for code in ("999999999", tree["district"].code, "abc", tree["village_a1"].code):
        assert client.get(url("council:public", code)).status_code == 404


def test_commission_findings_appear_publicly_only_once_published(client, tree, council_member, staffed):
    council = staffed[0].council
    commission = services.create_commission(
        actor=council_member,
        council=council,
        subject="Street lighting",
        period_start=dt.date(2030, 2, 1),
        period_end=dt.date(2030, 4, 1),
        members=list(staffed),
    )
    page = client.get(url("council:public", tree["rd_a"].code)).content.decode()
    assert "Street lighting" in page and "published here when the commission finishes" in page
    services.publish_findings(actor=council_member, commission=commission, findings="4 lights missing.")
    page = client.get(url("council:public", tree["rd_a"].code)).content.decode()
    assert "4 lights missing." in page


def test_staff_page_is_for_the_district_staff_only(client, tree, registrar, other_registrar, staffed):
    manage = url("council:manage", tree["rd_a"].code)
    assert client.get(manage).status_code == 302  # sign in first
    assert signed_in(client, other_registrar).get(manage).status_code == 403
    council = staffed[0].council
    for name, args in [
        ("council:term", (council.pk,)),
        ("council:member_add", (council.pk,)),
        ("council:member_end", (staffed[1].pk,)),
    ]:
        assert client.get(url(name, tree["rd_a"].code, *args)).status_code in (403, 404)
    assert client.post(url("council:member_chair", tree["rd_a"].code, staffed[1].pk)).status_code == 404
    assert client.get(url("council:form_term", tree["rd_a"].code)).status_code == 403
    page = signed_in(client, registrar).get(manage).content.decode()
    assert "Төрағаев Test" in page and "Record leaving" in page and "Make chair" in page


def test_council_member_sees_the_page_but_cannot_change_the_composition(
    client, tree, council_member, staffed
):
    signed_in(client, council_member)
    page = client.get(url("council:manage", tree["rd_a"].code)).content.decode()
    assert "New monitoring commission" in page and "Make chair" not in page
    assert client.get(url("council:member_add", tree["rd_a"].code, staffed[0].council.pk)).status_code == 404
    assert client.get(url("council:form_term", tree["rd_a"].code)).status_code == 403


def test_forming_a_term_previews_the_apportionment_then_creates_it(client, tree, registrar):
    signed_in(client, registrar)
    form_url = url("council:form_term", tree["rd_a"].code, lang="ru")
    preview = client.post(form_url, {"term_start": "2030-01-15"})
    page = preview.content.decode()
    assert preview.status_code == 200 and not Council.objects.exists()
    assert (
        "14.01.2034" in page
        and "12\xa0361" in page
        and "<strong>8</strong>" in page
        and "<strong>1</strong>" in page
    )
    signature = preview.context["plan"].signature
    done = client.post(form_url, {"term_start": "2030-01-15", "signature": signature})
    assert done.status_code == 302
    council = Council.objects.get()
    assert done.url == url("council:term", tree["rd_a"].code, council.pk, lang="ru")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"term_start": "15.01.2030x"}, "Enter a valid date."),
        ({"term_start": ""}, "Enter the date."),
        ({"term_start": "99999-01-01"}, "Enter a valid date."),
        ({"term_start": "9999-12-31"}, "A term can be formed at most a year before it starts."),
        (
            {"term_start": "2030-01-15", "signature": "forged"},
            "The population figures or the rules changed after the "
            "preview: check the new apportionment and confirm again.",
        ),
    ],
)
def test_bad_term_input_gets_a_translated_message_and_creates_nothing(client, tree, registrar, data, message):
    signed_in(client, registrar)
    response = client.post(url("council:form_term", tree["rd_a"].code, lang="ru"), data)
    assert response.status_code == 200
    assert in_lang("ru", message) in response.content.decode()
    assert not Council.objects.exists()


def test_adding_a_member_through_the_page(client, tree, registrar, council, person):
    signed_in(client, registrar)
    resident = person("village_a2", "Табылды")
    add_url = url("council:member_add", tree["rd_a"].code, council.pk)
    found = client.get(add_url, {"q": "табылды"}).content.decode()
    assert f"?resident={resident.pk}" in found
    response = client.post(
        f"{add_url}?resident={resident.pk}", {"resident": resident.pk, "start_date": "", "is_chair": "on"}
    )
    assert response.status_code == 302
    member = Member.objects.get()
    assert member.resident == resident and member.is_chair
    second = person("village_a2", "Артық")
    response = client.post(
        f"{add_url}?resident={second.pk}",
        {"resident": second.pk, "start_date": "2030-03-04"},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert (
        response.status_code == 200 and "All 1 seats of Қызыл Жұлдыз are taken" in response.content.decode()
    )
    assert Member.objects.count() == 1
    assert client.get(add_url, {"resident": "abc"}).status_code == 404


def test_leaving_and_chair_buttons(client, tree, registrar, staffed):
    chair, member = staffed
    signed_in(client, registrar)
    chair_url = url("council:member_chair", tree["rd_a"].code, member.pk)
    assert "Төрағаев Test stays a member" in client.get(chair_url).content.decode()
    assert client.post(chair_url, {"since": "2029-01-01"}).status_code == 200  # before the term
    assert client.post(chair_url, {"since": "2030-03-01"}).status_code == 302
    member.refresh_from_db()
    assert member.is_chair and member.chair_since == dt.date(2030, 3, 1)
    end_url = url("council:member_end", tree["rd_a"].code, chair.pk, lang="kk")
    bad = client.post(end_url, {"end_date": "2040-01-01", "reason": "x"})
    assert bad.status_code == 200 and "14.01.2034" in bad.content.decode()
    assert client.post(end_url, {"end_date": "2030-03-10", "reason": "Көшіп кетті"}).status_code == 302
    chair.refresh_from_db()
    assert chair.end_date == dt.date(2030, 3, 10)


def test_commission_findings_recommendation_and_answer_pages(
    client, tree, council_member, district_akim, staffed
):
    council = staffed[0].council
    signed_in(client, council_member)
    add = url("council:commission_add", tree["rd_a"].code, council.pk, lang="ru")
    bad = client.post(
        add,
        {
            "subject": "x" * 400,
            "period_start": "2030-02-01",
            "period_end": "2030-01-01",
            "members": ["999999"],
        },
    )
    assert bad.status_code == 200 and not Commission.objects.exists()
    assert in_lang("ru", "Choose members of this council only.") in bad.content.decode()
    ok = client.post(
        add,
        {
            "subject": "Lights",
            "period_start": "2030-02-01",
            "period_end": "2030-04-01",
            "members": [staffed[0].pk, staffed[1].pk],
        },
    )
    assert ok.status_code == 302
    commission = Commission.objects.get()
    findings = url("council:findings", tree["rd_a"].code, commission.pk)
    assert client.post(findings, {"findings": ""}).status_code == 200
    assert client.post(findings, {"findings": "Done well."}).status_code == 302
    assert client.get(findings).status_code == 302  # already published: back to the council page

    rec_url = url("council:recommendation_add", tree["rd_a"].code, council.pk)
    form = client.get(rec_url).content.decode()
    assert "Akim of Көкшетау" in form
    huge = client.post(
        rec_url,
        {"akim_name": "A", "addressee": "B", "text": "t" * 30_000, "grounds": "g", "sent_on": "2030-03-01"},
    )
    assert huge.status_code == 200 and not Recommendation.objects.exists()
    assert (
        client.post(
            rec_url,
            {
                "akim_name": "A",
                "addressee": "B",
                "text": "Reprimand",
                "grounds": "Late",
                "sent_on": "2030-03-01",
            },
        ).status_code
        == 302
    )
    rec = Recommendation.objects.get()
    answer_url = url("council:answer", tree["rd_a"].code, rec.pk)
    assert client.get(answer_url).status_code == 404  # a council member does not record the answer
    signed_in(client, district_akim)
    assert (
        client.post(answer_url, {"outcome": "maybe", "text": "x", "answered_on": "2030-03-02"}).status_code
        == 200
    )
    assert (
        client.post(
            answer_url, {"outcome": "rejected", "text": "No.", "answered_on": "2030-03-02"}
        ).status_code
        == 302
    )
    rec.refresh_from_db()
    assert rec.status == "rejected"
    page = client.get(url("council:manage", tree["rd_a"].code)).content.decode()
    assert "No." in page and "Record the answer" not in page


def test_overdue_recommendation_is_visible_on_the_staff_page(
    client, tree, registrar, council_member, staffed, clock
):
    services.send_recommendation(
        actor=council_member,
        council=staffed[0].council,
        akim_name="A",
        addressee="B",
        text="Reprimand",
        grounds="Late",
        sent_on=dt.date(2030, 1, 20),
    )
    signed_in(client, registrar)
    page = client.get(url("council:manage", tree["rd_a"].code)).content.decode()
    assert "answer overdue" in page


def test_staff_home_goes_straight_to_the_only_council(client, tree, registrar):
    signed_in(client, registrar)
    response = client.get(url("council:staff_home"))
    assert response.status_code == 302 and response.url == url("council:manage", tree["rd_a"].code)
