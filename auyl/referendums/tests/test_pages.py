"""Pages: residents sign and vote, staff manage and enter paper entries, isolation between districts."""

from auyl.accounts.testing import en_reverse, force_staff_login
from auyl.referendums.models import Ballot, Signature, Turnout


def test_the_public_page_asks_a_visitor_to_sign_in_and_lists_the_question(client, initiative, tree):
    page = client.get(en_reverse("referendums:public", initiative.pk))
    assert page.status_code == 200
    assert "Sign in with your phone number to sign this initiative." in page.content.decode()
    listing = client.get(en_reverse("referendums:district", tree["rd_a"].code))
    assert initiative.question in listing.content.decode()
    assert client.get(en_reverse("referendums:district", "nope")).status_code == 404


def test_a_resident_signs_once_from_the_page(client, initiative, people):
    client.force_login(people["aliya"])
    url = en_reverse("referendums:sign", initiative.pk)
    assert client.post(url).status_code == 302
    page = client.post(url, follow=True).content.decode()
    assert "Already signed on 01.03.2030" in page
    assert "You have signed this initiative." in page
    assert Signature.objects.count() == 1


def test_an_outsider_is_told_why_they_cannot_sign(client, initiative, people):
    client.force_login(people["outsider"])
    page = client.get(en_reverse("referendums:public", initiative.pk)).content.decode()
    assert "Only residents registered in" in page and "Sign the initiative" not in page
    client.post(en_reverse("referendums:sign", initiative.pk))
    assert not Signature.objects.exists()


def test_a_resident_votes_from_the_page_and_the_page_never_shows_the_answer(client, voting, people):
    client.force_login(people["marat"])
    client.post(en_reverse("referendums:vote", voting.pk), {"choice": "no"})
    page = client.get(en_reverse("referendums:public", voting.pk)).content.decode()
    assert "You have voted." in page
    assert client.post(en_reverse("referendums:vote", voting.pk), {"choice": "maybe"}).status_code == 302
    assert Turnout.objects.count() == Ballot.objects.count() == 1


def test_staff_manage_enter_and_are_isolated(client, voting, staff, people, tree):
    force_staff_login(client, staff["registrar"])
    page = client.get(en_reverse("referendums:manage", voting.pk) + "?q=Алиев").content.decode()
    assert "Enter a polling-point ballot" in page and "Алиев Марат" in page
    response = client.post(
        en_reverse("referendums:enter", voting.pk),
        {"resident": people["marat"].resident_id, "choice": "yes", "polling_point": "Мектеп"},
    )
    assert response.status_code == 302
    again = client.post(
        en_reverse("referendums:enter", voting.pk),
        {"resident": people["marat"].resident_id, "choice": "no", "polling_point": "Мектеп"},
    )
    assert again.status_code == 400 and "Already voted" in again.content.decode()
    roll = client.get(en_reverse("referendums:manage", voting.pk)).content.decode()
    assert "Turnout roll" in roll and "Мектеп" in roll
    assert Ballot.objects.count() == 1
    client.logout()
    force_staff_login(client, staff["akim_b"])
    assert client.get(en_reverse("referendums:manage", voting.pk)).status_code == 404
    assert client.post(en_reverse("referendums:declare", voting.pk)).status_code == 404


def test_an_akim_registers_and_schedules_from_the_pages(client, staff, tree, people):
    force_staff_login(client, staff["akim"])
    assert client.get(en_reverse("referendums:create")).status_code == 200
    bad = client.post(
        en_reverse("referendums:create"),
        {
            "territory": tree["rd_a"].pk,
            "kind": "referendum",
            "initiator": "council",
            "question": "Q?",
            "meeting_id": 77,
        },
    )
    assert bad.status_code == 200 and "Choose the meeting" in bad.content.decode()
    made = client.post(
        en_reverse("referendums:create"),
        {
            "territory": tree["rd_a"].pk,
            "kind": "referendum",
            "initiator": "residents",
            "question": "Жол салу?",
        },
    )
    assert made.status_code == 302
    pk = int(made["Location"].rstrip("/").rsplit("/", 1)[-1])
    refused = client.post(
        en_reverse("referendums:schedule", pk), {"voting_from": "2030-03-10", "voting_until": "2030-03-09"}
    )
    assert refused.status_code == 400 and "0 of the 1 signatures" in refused.content.decode()
    home = client.get(en_reverse("referendums:staff")).content.decode()
    assert "Жол салу?" in home


def test_pages_render_in_kazakh_and_russian(client, voting, staff):
    force_staff_login(client, staff["akim"])
    for lang in ("kk", "ru"):
        assert client.get(f"/{lang}/referendums/{voting.pk}/").status_code == 200
        assert client.get(f"/{lang}/referendums/staff/{voting.pk}/").status_code == 200
        assert client.get(f"/{lang}/referendums/staff/").status_code == 200
