"""Staff and public pages: thin views over the services, in Kazakh and Russian, never a 500."""

import pytest
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.juries import services
from auyl.juries.models import Jury, MemberStatus


def url(name, *args, lang="en"):
    with translation.override(lang):
        return reverse(name, args=args)


def test_create_refuses_a_size_outside_the_range(akim_client, tree, registry):
    response = akim_client.post(
        url("juries:create", tree["rd_a"].code),
        {"title": "Lighting", "question": "Which streets?", "size": "30"},
    )
    assert response.status_code == 200
    assert "from 15 to 25" in response.content.decode()
    assert not Jury.objects.exists()


def test_staff_run_the_workflow_through_the_pages(akim_client, tree, registry):
    response = akim_client.post(
        url("juries:create", tree["rd_a"].code),
        {"title": "Lighting", "question": "Which streets?", "size": "15"},
    )
    jury = Jury.objects.get()
    assert response.status_code == 302
    akim_client.post(url("juries:act", jury.pk, "announce"), {"seed_source": "Lottery of 1 June"})
    akim_client.post(url("juries:act", jury.pk, "draw"), {"public_value": "99 12 7"})
    jury.refresh_from_db()
    assert jury.members.count() == 15
    page = akim_client.get(url("juries:detail", jury.pk)).content.decode()
    member = jury.members.first()
    assert member.resident.full_name in page  # the akim sees names to make the calls
    again = akim_client.post(url("juries:act", jury.pk, "draw"), {"public_value": "other"}, follow=True)
    assert "cannot be drawn again" in again.content.decode()
    bad = akim_client.post(url("juries:act", jury.pk, "session"), {"date": "2001-01-01", "topic": "x"})
    assert bad.status_code == 400 and "cannot be before the draw" in bad.content.decode()
    akim_client.post(url("juries:member_action", jury.pk, member.pk, "decline"))
    akim_client.post(url("juries:member_action", jury.pk, member.pk, "replace"))
    assert jury.members.count() == 16 and jury.members.get(pk=member.pk).status == MemberStatus.DECLINED


def test_public_page_publishes_the_draw_without_names(akim, drawn, client):
    page = client.get(url("juries:public", drawn.pk)).content.decode()
    assert drawn.seed in page and drawn.pool_hash in page and drawn.public_value in page
    member = drawn.members.select_related("resident").first()
    assert member.token in page and member.resident.last_name not in page
    pool = client.get(url("juries:pool_json", drawn.pk)).json()
    assert pool["pool"] == drawn.pool and len(pool["selected"]) == 15
    assert not any(member.resident.last_name in str(v) for v in pool.values())


@pytest.mark.parametrize("lang, phrase", [("kk", "Street lighting"), ("ru", "Street lighting")])
def test_public_pages_render_in_kazakh_and_russian(drawn, client, lang, phrase):
    for name in ("juries:public", "juries:verify"):
        response = client.get(url(name, drawn.pk, lang=lang))
        assert response.status_code == 200 and phrase in response.content.decode()
    assert phrase in client.get(url("juries:unit_list", drawn.territory.code, lang=lang)).content.decode()


def test_verify_page_reports_a_tampered_draw(drawn, client):
    assert "gives exactly the published jurors" in client.get(url("juries:verify", drawn.pk)).content.decode()
    Jury.objects.filter(pk=drawn.pk).update(public_value="something else")
    page = client.get(url("juries:verify", drawn.pk)).content.decode()
    assert "cannot be reproduced" in page


def test_draft_is_not_public_and_other_units_staff_get_404(jury, client, other_akim):
    assert client.get(url("juries:public", jury.pk)).status_code == 404
    force_staff_login(client, other_akim)
    assert client.get(url("juries:detail", jury.pk)).status_code == 404
    assert client.post(url("juries:act", jury.pk, "announce"), {"seed_source": "x"}).status_code == 404


def test_bad_action_names_and_foreign_members_are_404(akim_client, drawn, akim, tree, registry):
    assert akim_client.post(url("juries:act", drawn.pk, "explode")).status_code == 404
    other = services.create_jury(actor=akim, territory=tree["rd_a"], title="Other", question="Q", size=15)
    member = drawn.members.first()
    assert akim_client.post(url("juries:member_action", other.pk, member.pk, "accept")).status_code == 404
