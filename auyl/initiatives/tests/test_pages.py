"""The civic-projects pages as residents and staff meet them: kk and ru, 200 / 302 / 403 / 404, errors in
the page's language, and never a 500 on bad input."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from auyl.accounts.testing import force_staff_login
from auyl.initiatives import services
from auyl.initiatives.models import Ballot, Campaign, Proposal, Turnout

from .conftest import build_ballot, campaign_data
from .test_proposals import IDEA, png

pytestmark = pytest.mark.django_db


def url(name: str, *args, lang: str = "kk") -> str:
    with translation.override(lang):
        return reverse(f"initiatives:{name}", args=args)


def staff_client(user) -> Client:
    client = Client()
    force_staff_login(client, user)
    return client


def resident_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def in_language(lang: str, message: str) -> str:
    with translation.override(lang):
        return gettext(message)


@pytest.fixture
def ready(make_campaign, staff, people, clock):
    return build_ballot(make_campaign, staff, people, clock)


# --- public pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_public_pages_answer_in_both_languages(ready, lang, client):
    campaign, (p1, _p2, _p3) = ready
    for page in (
        url("index", lang=lang),
        url("district", "111033000", lang=lang),
        url("campaign", campaign.pk, lang=lang),
        url("proposal", campaign.pk, p1.number, lang=lang),
        url("results", campaign.pk, lang=lang),
        url("vote", campaign.pk, lang=lang),
    ):
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{lang}"' in response.content.decode()
    text = client.get(url("campaign", campaign.pk, lang=lang)).content.decode()
    assert p1.title in text and 'data-phase="voting"' in text and 'id="vote-link"' in text


@pytest.mark.parametrize("code", ["111033100", "999999999", "abc", "1" * 40])
def test_the_district_page_is_for_rural_districts_only(tree, client, code):
    assert client.get(url("district", code)).status_code == 404


def test_a_draft_is_hidden_from_the_public_and_from_other_districts(make_campaign, staff, client):
    draft = make_campaign(publish=False)
    assert client.get(url("campaign", draft.pk)).status_code == 404
    assert client.get(url("vote", draft.pk)).status_code == 404
    assert staff_client(staff["akim_b"]).get(url("campaign", draft.pk)).status_code == 404
    assert staff_client(staff["registrar"]).get(url("campaign", draft.pk)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/kk/projects/999999/",
        "/kk/projects/1/p/999/",
        "/ru/projects/1/p/1/photos/9/",
        "/kk/projects/99999999999999999999/",
        "/kk/projects/999999/results/",
        "/kk/projects/999999/vote/",
    ],
)
def test_unknown_things_are_404_not_500(ready, client, path):
    assert client.get(path).status_code == 404


def test_a_photo_is_served_as_the_image_it_is(make_campaign, people, clock, client):
    campaign = make_campaign()
    clock.to("proposals")
    proposal = services.submit_proposal(actor=people["aliya"], campaign=campaign, photos=[png()], **IDEA)
    photo = proposal.photos.get()
    response = client.get(url("photo", campaign.pk, proposal.number, photo.pk))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(url("photo", campaign.pk, proposal.number + 1, photo.pk)).status_code == 404


# --- a resident proposes ----------------------------------------------------------------------------


def test_propose_asks_anonymous_visitors_to_sign_in(make_campaign, clock, client):
    campaign = make_campaign()
    clock.to("proposals")
    response = client.get(url("propose", campaign.pk))
    assert response.status_code == 302 and "/accounts/" in response["Location"]


def test_a_resident_sends_a_proposal_with_a_photo(make_campaign, people, clock):
    campaign = make_campaign()
    clock.to("proposals")
    client = resident_client(people["aliya"])
    assert 'id="propose-form"' in client.get(url("propose", campaign.pk)).content.decode()
    data = IDEA | {"estimated_cost": "4 500 000 ₸", "photos": [png()]}
    response = client.post(url("propose", campaign.pk), data)
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/p/{proposal.number}/?new=1")
    assert proposal.estimated_cost == 4_500_000 and proposal.photos.count() == 1
    assert 'id="proposal-received"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_proposal_errors_come_back_in_the_page_language(make_campaign, people, clock, lang):
    campaign = make_campaign()
    clock.to("proposals")
    bad = IDEA | {"estimated_cost": "көп", "photos": [SimpleUploadedFile("x.jpg", b"<script>")]}
    response = resident_client(people["aliya"]).post(url("propose", campaign.pk, lang=lang), bad)
    text = response.content.decode()
    assert response.status_code == 200
    assert in_language(lang, "Give the sum in whole tenge, for example 4 500 000.") in text
    assert not Proposal.objects.exists()
    bad = IDEA | {"photos": [SimpleUploadedFile("x.jpg", b"<script>")]}
    text = resident_client(people["aliya"]).post(url("propose", campaign.pk, lang=lang), bad).content.decode()
    assert in_language(lang, "%(name)s is not a photo: only JPEG, PNG and WebP images can be added.") % {
        "name": "x.jpg"
    } in text.replace("&#x27;", "'")


def test_propose_outside_the_phase_says_when(make_campaign, people, clock):
    campaign = make_campaign()
    clock.to("review")
    text = resident_client(people["aliya"]).get(url("propose", campaign.pk)).content.decode()
    assert 'id="propose-closed"' in text and "10.03.2030" in text


def test_an_account_without_a_registry_record_is_told_where_to_go(make_campaign, clock):
    from auyl.accounts.models import User

    campaign = make_campaign()
    clock.to("proposals")
    user = User.objects.create_user(username="resident-x", phone="+77019990000")
    assert 'id="no-resident"' in resident_client(user).get(url("propose", campaign.pk)).content.decode()


# --- the vote ---------------------------------------------------------------------------------------


def test_a_resident_votes_sees_thanks_and_changes_the_ballot(ready, people):
    campaign, (p1, p2, _p3) = ready
    client = resident_client(people["aliya"])
    page = client.get(url("vote", campaign.pk, lang="ru")).content.decode()
    assert f'id="choice-{p1.number}"' in page and 'id="vote-submit"' in page
    response = client.post(url("vote", campaign.pk, lang="ru"), {"choice": [p1.pk]})
    assert response.status_code == 302 and response["Location"] == url("vote_thanks", campaign.pk, lang="ru")
    assert 'id="vote-thanks"' in client.get(response["Location"]).content.decode()
    page = client.get(url("vote", campaign.pk, lang="ru")).content.decode()
    assert (
        'id="vote-done"' in page
        and f'value="{p1.pk}" id="choice-{p1.number}" data-cost="4000000" checked' in page
    )
    response = client.post(url("vote", campaign.pk, lang="ru"), {"choice": [p2.pk]})
    assert response["Location"].endswith("?changed=1")
    assert Ballot.objects.get().choices == [p2.pk] and Turnout.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("aliya", {"choice": ["x", "1' OR 1=1"]}, "One of the chosen projects is not on this ballot."),
        ("aliya", {}, "Choose at least one project."),
        ("teen", None, "Voting is open to residents aged %(age)s and over."),
    ],
)
def test_a_refused_ballot_is_explained_on_the_page(ready, people, who, data, message):
    campaign, (p1, _p2, _p3) = ready
    response = resident_client(people[who]).post(
        url("vote", campaign.pk, lang="ru"), data if data is not None else {"choice": [p1.pk]}
    )
    assert response.status_code == 200
    expected = in_language("ru", message)
    assert (expected % {"age": 18} if "%(age)s" in expected else expected) in response.content.decode()
    assert not Turnout.objects.exists()


def test_anonymous_ballots_go_to_sign_in(ready, client):
    campaign, (p1, _p2, _p3) = ready
    response = client.post(url("vote", campaign.pk), {"choice": [p1.pk]})
    assert response.status_code == 302 and "/accounts/" in response["Location"]
    assert 'id="vote-sign-in"' in client.get(url("vote", campaign.pk)).content.decode()


def test_the_vote_page_after_closing_says_so_and_refuses(ready, people, clock):
    campaign, (p1, _p2, _p3) = ready
    clock.to("results")
    client = resident_client(people["aliya"])
    assert 'id="vote-closed"' in client.get(url("vote", campaign.pk)).content.decode()
    response = client.post(url("vote", campaign.pk, lang="ru"), {"choice": [p1.pk]})
    assert response.status_code == 200 and "09.04.2030" in response.content.decode()
    assert not Turnout.objects.exists()


# --- staff ------------------------------------------------------------------------------------------


def test_staff_home_needs_a_staff_role(ready, people, staff, client):
    assert client.get(url("staff_home")).status_code == 302
    assert resident_client(people["aliya"]).get(url("staff_home")).status_code == 403
    campaign, _projects = ready
    text = staff_client(staff["deputy"]).get(url("staff_home")).content.decode()
    assert campaign.title in text
    assert campaign.title not in staff_client(staff["akim_b"]).get(url("staff_home")).content.decode()


def test_an_akim_creates_a_campaign_through_the_form(tree, staff):
    client = staff_client(staff["akim"])
    assert client.get(url("campaign_new")).status_code == 200
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in campaign_data().items()}
    data |= {
        "territory": tree["rd_a"].pk,
        "amount": "10 000 000",
        "min_age": 18,
        "allow_ballot_changes": "on",
    }
    bad = client.post(url("campaign_new", lang="ru"), data | {"review_until": data["proposals_until"]})
    assert bad.status_code == 200 and in_language("ru", "Each phase must end after the one before it.") in (
        bad.content.decode()
    )
    response = client.post(url("campaign_new"), data)
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url("manage", campaign.pk)
    assert campaign.amount == 10_000_000
    assert staff_client(staff["registrar"]).get(url("campaign_new")).status_code == 403
    other = staff_client(staff["akim_b"]).post(url("campaign_new"), data | {"title": "Бөтен"})
    assert other.status_code == 200 and Campaign.objects.count() == 1


def test_the_desk_and_each_staff_page_is_isolated_by_territory_and_role(ready, staff):
    campaign, (p1, _p2, _p3) = ready
    pages = {
        "manage": (campaign.pk,),
        "turnout": (campaign.pk,),
        "polling": (campaign.pk,),
        "implement": (campaign.pk, p1.number),
        "edit": (campaign.pk,),
        "export": (campaign.pk,),
    }
    for name, args in pages.items():
        assert staff_client(staff["akim_b"]).get(url(name, *args)).status_code == 404, name
    assert staff_client(staff["executor"]).get(url("polling", campaign.pk)).status_code == 404
    assert staff_client(staff["executor"]).get(url("turnout", campaign.pk)).status_code == 404
    assert staff_client(staff["registrar"]).get(url("polling", campaign.pk)).status_code == 200
    assert staff_client(staff["auditor"]).get(url("turnout", campaign.pk)).status_code == 200
    # p1 has not won (nothing counted yet): its implementation page is refused
    assert staff_client(staff["akim"]).get(url("implement", campaign.pk, p1.number)).status_code == 403
    export = staff_client(staff["deputy"]).get(url("export", campaign.pk))
    assert export.status_code == 200 and export.content.decode().startswith("META")


def test_review_through_the_page(make_campaign, staff, people, clock):
    campaign = make_campaign()
    clock.to("proposals")
    proposal = services.submit_proposal(actor=people["aliya"], campaign=campaign, **IDEA)
    clock.to("review")
    client = staff_client(staff["executor"])
    assert client.get(url("review", campaign.pk, proposal.number)).status_code == 200
    response = client.post(
        url("review", campaign.pk, proposal.number, lang="ru"), {"decision": "rejected", "note": ""}
    )
    assert response.status_code == 200
    assert in_language("ru", "Give at least one reason for the rejection.") in response.content.decode()
    response = client.post(
        url("review", campaign.pk, proposal.number), {"decision": "accepted", "reviewed_cost": "4 200 000"}
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.reviewed_cost == 4_200_000
    assert (
        staff_client(staff["registrar"]).get(url("review", campaign.pk, proposal.number)).status_code == 404
    )


def test_a_polling_point_finds_the_resident_records_once_and_then_says_when(ready, staff, offline):
    campaign, (p1, _p2, _p3) = ready
    client = staff_client(staff["registrar"])
    found = client.get(url("polling", campaign.pk) + "?q=Нұрланов").content.decode()
    assert f'data-resident="{offline.pk}"' in found
    page = url("polling", campaign.pk) + f"?resident={offline.pk}"
    assert 'id="polling-form"' in client.get(page).content.decode()
    data = {"resident": offline.pk, "polling_point": "Мектеп №2", "choice": [p1.pk]}
    assert client.post(page, data).status_code == 302
    again = client.get(page).content.decode()
    assert 'id="already-voted"' in again and "«Мектеп №2»" in again and 'id="polling-form"' not in again
    twice = client.post(page, data)
    assert twice.status_code == 200 and Ballot.objects.count() == 1
    roll = client.get(url("turnout", campaign.pk)).content.decode()
    assert offline.full_name in roll


def test_a_staff_proposal_for_a_resident_without_internet(make_campaign, staff, offline, clock):
    campaign = make_campaign()
    clock.to("proposals")
    client = staff_client(staff["registrar"])
    page = url("staff_propose", campaign.pk) + f"?resident={offline.pk}"
    assert 'id="chosen-resident"' in client.get(page).content.decode()
    response = client.post(page, IDEA | {"resident": offline.pk, "estimated_cost": "300000"})
    assert response.status_code == 302
    assert Proposal.objects.get().author == offline


def test_counting_publishes_the_results_page_with_an_explanation_per_project(ready, staff, people, clock):
    campaign, (p1, p2, p3) = ready
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk, p2.pk])
    clock.to("results")
    client = staff_client(staff["akim"])
    response = client.post(url("count", campaign.pk))
    assert response.status_code == 302 and response["Location"] == url("results", campaign.pk)
    text = Client().get(url("results", campaign.pk, lang="ru")).content.decode()
    assert text.count('class="why"') == 3 and f'data-project="{p3.number}"' in text
    assert 'data-selected="1"' in text and 'data-selected="0"' in text
    again = client.post(url("count", campaign.pk), follow=True)
    assert in_language("kk", "The results of this campaign are already counted.") in again.content.decode()


def test_import_refuses_a_broken_file_on_the_page(tree, staff):
    client = staff_client(staff["akim"])
    broken = SimpleUploadedFile("x.pb", b"META\nkey;value\n")
    response = client.post(
        url("import", lang="ru"),
        {"territory": tree["rd_a"].pk, "funding_source": "own_budget", "file": broken},
    )
    assert response.status_code == 200 and "budget" in response.content.decode()
    assert not Campaign.objects.exists()


def test_implementation_reports_through_the_page(ready, staff, people, clock):
    campaign, (p1, _p2, _p3) = ready
    services.cast_ballot(actor=people["aliya"], campaign=campaign, choices=[p1.pk])
    clock.to("implementation")
    services.compute_results(actor=staff["akim"], campaign=campaign)
    client = staff_client(staff["executor"])
    page = url("implement", campaign.pk, p1.number)
    assert client.get(page).status_code == 200
    response = client.post(
        page,
        {
            "form": "progress",
            "progress-status": "in_progress",
            "progress-progress": "40",
            "progress-note": "Іргетас",
        },
    )
    assert response.status_code == 302
    bad = client.post(page, {"form": "progress", "progress-status": "completed", "progress-progress": "40"})
    assert bad.status_code == 200
    public = Client().get(url("proposal", campaign.pk, p1.number)).content.decode()
    assert "Іргетас" in public and "40%" in public


def test_junk_in_staff_and_vote_requests_is_a_clean_refusal(ready, staff, people):
    campaign, (p1, _p2, _p3) = ready
    client = staff_client(staff["registrar"])
    assert client.get(url("polling", campaign.pk) + "?resident=abc").status_code == 404
    assert client.get(url("polling", campaign.pk) + "?resident=99999999").status_code == 404
    assert client.post(url("polling", campaign.pk) + "?resident=x", {"choice": ["1"]}).status_code == 404
    flood = resident_client(people["aliya"]).post(
        url("vote", campaign.pk), {"choice": [str(i) for i in range(5000)]}
    )
    assert flood.status_code == 400
    assert not Turnout.objects.exists()
