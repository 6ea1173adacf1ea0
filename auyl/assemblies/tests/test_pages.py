"""The meetings pages: who sees what (200 / 403 / 404), the day's screens driving the services, and
bad input shown as translated errors on the page with nothing stored."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from auyl.assemblies import documents, services
from auyl.assemblies.models import Attendance, Decision, Meeting, MeetingStatus, MinutesVersion, Vote
from auyl.core.tests.pdf_reading import pdf_text
from auyl.territory.services import iin_lookup_hash

from .conftest import in_days

pytestmark = pytest.mark.django_db


def url(name, *args, lang="en", **query):
    with translation.override(lang):
        path = reverse(f"assemblies:{name}", args=args)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def translated(lang, message, **params):
    with translation.override(lang):
        return translation.gettext(message) % params if params else translation.gettext(message)


def text_of(response) -> str:
    """The visible text of a page, without tags (for assertions on what a person reads)."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _hold(meeting, staff):
    """Vote and close both items, close the meeting."""
    actor = staff["registrar"]
    first, second = meeting.items.order_by("number")
    services.record_vote(actor=actor, item=first, votes_for=3, votes_against=0, abstained=0)
    services.close_item(actor=actor, item=first)
    services.close_item(actor=actor, item=second)
    return services.close_meeting(actor=actor, meeting=meeting)


# ---- who may see what ----------------------------------------------------------------------------


def test_staff_pages_render_for_the_secretary(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    for name, args in [
        ("staff_list", ()),
        ("convene", ()),
        ("detail", (gathering.pk,)),
        ("checkin", (gathering.pk,)),
        ("item", (gathering.pk, 1)),
        ("minutes", (gathering.pk,)),
        ("followup", (gathering.pk,)),
    ]:
        for lang in ("kk", "ru"):
            response = client.get(url(name, *args, lang=lang))
            assert response.status_code == 200, (name, lang)
            assert f'lang="{lang}"' in response.content.decode()
    assert "Gathering on roads" in text_of(client.get(url("staff_list")))


def test_other_districts_get_404_and_readers_get_403(signed_in, staff, gathering, client):
    outsider = signed_in(staff["registrar_b"])
    for name, args in [
        ("detail", (gathering.pk,)),
        ("checkin", (gathering.pk,)),
        ("item", (gathering.pk, 1)),
        ("minutes", (gathering.pk,)),
        ("ics", (gathering.pk,)),
    ]:
        assert outsider.get(url(name, *args)).status_code == 404, name
    assert (
        outsider.post(
            url("vote", gathering.pk, 1), {"votes_for": 3, "votes_against": 0, "abstained": 0}
        ).status_code
        == 404
    )
    reader = signed_in(staff["executor"])  # may read the meeting, not conduct it
    assert reader.get(url("detail", gathering.pk)).status_code == 200
    assert reader.get(url("checkin", gathering.pk)).status_code == 403
    assert (
        reader.post(
            url("vote", gathering.pk, 1), {"votes_for": 3, "votes_against": 0, "abstained": 0}
        ).status_code
        == 403
    )
    assert reader.post(url("act", gathering.pk, "close")).status_code == 403
    assert not Vote.objects.exists() and Meeting.objects.get().status == MeetingStatus.OPEN
    client.logout()
    response = client.get(url("detail", gathering.pk))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_unknown_items_actions_and_versions_are_404(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    assert client.get(url("item", gathering.pk, 9)).status_code == 404
    assert client.post(url("act", gathering.pk, "explode")).status_code == 404
    assert client.get(url("minutes_pdf", gathering.pk, 1)).status_code == 404
    assert client.get(url("detail", 99999)).status_code == 404


# ---- convening -------------------------------------------------------------------------------------


def _convene_data(tree, when, **extra):
    data = {
        "kind": "gathering",
        "territory": tree["village_a2"].pk,
        "title": "Су құбыры",
        "date": f"{when:%Y-%m-%d}",
        "time": "18:00",
        "venue": "Мәдениет үйі",
        "convener_label": "",
        "rows": "2",
        "agenda-TOTAL_FORMS": "2",
        "agenda-INITIAL_FORMS": "0",
        "agenda-MIN_NUM_FORMS": "1",
        "agenda-MAX_NUM_FORMS": "30",
        "agenda-0-kind": "local_question",
        "agenda-0-title": "Су құбырын жөндеу",
        "agenda-0-addressed_to_akim": "on",
        "agenda-1-kind": "local_question",
        "agenda-1-title": "",
    }
    data.update(extra)
    return data


def test_convene_a_gathering_with_its_agenda(signed_in, staff, tree):
    client = signed_in(staff["registrar"])
    chosen = client.get(url("convene", kind="council_session", territory=tree["rd_a"].code)).context["form"]
    assert (chosen["kind"].value(), chosen["territory"].value()) == ("council_session", tree["rd_a"].pk)
    when = timezone.localdate() + dt.timedelta(days=12)
    more = client.post(url("convene"), _convene_data(tree, when, add_row="1"))
    assert more.status_code == 200 and 'name="agenda-2-title"' in more.content.decode()
    assert not Meeting.objects.exists()  # adding a row saves nothing
    response = client.post(url("convene"), _convene_data(tree, when))
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response.url == url("detail", meeting.pk)
    assert (meeting.status, meeting.territory, timezone.localtime(meeting.starts_at).hour) == (
        MeetingStatus.DRAFT,
        tree["village_a2"],
        18,
    )
    assert [(i.title, i.addressed_to_akim) for i in meeting.items.all()] == [("Су құбырын жөндеу", True)]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_past_or_too_early_date_is_refused_with_the_reason(signed_in, staff, tree, lang):
    client = signed_in(staff["registrar"])
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(url("convene", lang=lang), _convene_data(tree, yesterday))
    assert response.status_code == 200 and not Meeting.objects.exists()
    earliest = f"{timezone.localdate() + dt.timedelta(days=7):%d.%m.%Y}"
    assert earliest in text_of(response)
    assert 'class="field has-error"' in response.content.decode()
    if lang == "ru":
        assert re.search("[а-яА-Я]{4,}", re.sub(r"Су құбыры|Мәдениет үйі", "", text_of(response)))


def test_convene_refuses_an_empty_agenda_and_a_foreign_territory(signed_in, staff, tree):
    client = signed_in(staff["registrar"])
    when = timezone.localdate() + dt.timedelta(days=12)
    response = client.post(
        url("convene", lang="ru"),
        _convene_data(tree, when, **{"agenda-0-title": "", "agenda-0-addressed_to_akim": ""}),
    )
    assert response.status_code == 200 and 'class="field has-error"' in response.content.decode()
    assert translated("ru", "Write the question.") in text_of(response)
    response = client.post(url("convene"), _convene_data(tree, when, territory=tree["village_b1"].pk))
    assert response.status_code == 200 and "territory" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_publishing_too_late_shows_the_reason_and_keeps_the_draft(signed_in, staff, tree):
    meeting = services.convene_meeting(
        actor=staff["registrar"],
        territory=tree["village_a2"],
        kind="gathering",
        title="Жиын",
        starts_at=in_days(10),
        venue="Мектеп",
        agenda=[{"kind": "local_question", "title": "Жол"}],
    )
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(3))
    client = signed_in(staff["registrar"])
    response = client.post(url("act", meeting.pk, "publish"))
    assert response.status_code == 200
    assert f"{timezone.localdate() + dt.timedelta(days=7):%d.%m.%Y}" in text_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.DRAFT and meeting.notice_published_at is None
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=in_days(10))
    assert client.post(url("act", meeting.pk, "publish")).status_code == 302
    assert Meeting.objects.get().status == MeetingStatus.CONVENED
    ics = client.get(url("ics", meeting.pk))
    assert ics["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ics.content


# ---- the day: check-in, quorum, votes -----------------------------------------------------------------


def test_check_in_search_shows_masked_iin_settlement_and_age(signed_in, staff, gathering, villagers):
    person = villagers["adults"][5]
    type(person).objects.filter(pk=person.pk).update(
        iin_hash=iin_lookup_hash("900101300123"), iin_last4="0123"
    )
    client = signed_in(staff["registrar"])
    page = text_of(client.get(url("checkin", gathering.pk, q="900101300123")))
    assert (
        person.full_name in page and "********0123" in page and "Қызыл Жұлдыз" in page and "40 years" in page
    )
    assert "3 of 2 required" in page


def test_check_in_counts_a_person_once_and_refuses_other_villages(signed_in, staff, gathering, villagers):
    client = signed_in(staff["registrar"])
    fourth = villagers["adults"][3]
    assert client.post(url("checkin", gathering.pk), {"resident": fourth.pk}).status_code == 302
    again = client.post(url("checkin", gathering.pk, lang="ru"), {"resident": fourth.pk})
    assert again.status_code == 200 and 'id="checkin-error"' in again.content.decode()
    neighbour = client.post(url("checkin", gathering.pk), {"resident": villagers["neighbour"].pk})
    assert neighbour.status_code == 200 and 'id="checkin-error"' in neighbour.content.decode()
    foreign = client.post(url("checkin", gathering.pk), {"resident": villagers["other_district"].pk})
    assert "not in the residents registry of your territory" in text_of(foreign)
    minor = client.post(url("checkin", gathering.pk), {"resident": villagers["minor"].pk})
    assert 'id="checkin-error"' in minor.content.decode()
    assert client.post(url("checkin", gathering.pk), {"resident": "abc"}).status_code == 200
    assert Attendance.objects.filter(meeting=gathering).count() == 4
    found = text_of(client.get(url("checkin", gathering.pk, q="Иванов")))
    assert "Иванов Сергей" in found and 'id="checkin-' not in found.split("Иванов Сергей")[1][:50]
    assert client.get(url("quorum", gathering.pk)).json() == {
        "present": 4,
        "required": 2,
        "roll_size": 20,
        "reached": True,
        "text": "4 of 2 required",
    }


def test_guests_and_officials_do_not_count(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    response = client.post(
        url("add_guest", gathering.pk),
        {"kind": "official", "guest_name": "Омаров Б.", "position": "Аудан әкімдігі"},
    )
    assert response.status_code == 302
    assert client.post(url("add_guest", gathering.pk), {"kind": "guest", "guest_name": ""}).status_code == 200
    assert client.get(url("quorum", gathering.pk)).json()["present"] == 3
    assert "Омаров Б." in text_of(client.get(url("checkin", gathering.pk)))


def test_vote_counts_beyond_attendance_are_refused_then_a_vote_is_recorded(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    bad = client.post(
        url("vote", gathering.pk, 1, lang="ru"), {"votes_for": 3, "votes_against": 1, "abstained": 0}
    )
    assert bad.status_code == 200 and not Vote.objects.exists()
    assert "(4)" in text_of(bad) and "(3)" in text_of(bad)
    huge = client.post(
        url("vote", gathering.pk, 1), {"votes_for": 10**12, "votes_against": 0, "abstained": 0}
    )
    assert huge.status_code == 200 and 'class="field has-error"' in huge.content.decode()
    assert (
        client.post(
            url("vote", gathering.pk, 1), {"votes_for": 2, "votes_against": 1, "abstained": 0}
        ).status_code
        == 302
    )
    page = client.get(url("item", gathering.pk, 1))
    assert 'data-adopted="yes"' in page.content.decode() and 'id="vote-form"' not in page.content.decode()
    closed = client.post(url("close_item", gathering.pk, 1), {"decision_text": "Жолды жөндеу."})
    assert closed.status_code == 302 and closed.url == url("item", gathering.pk, 2)
    after = client.post(url("vote", gathering.pk, 1), {"votes_for": 3, "votes_against": 0, "abstained": 0})
    assert after.status_code == 200 and Vote.objects.get().votes_for == 2


def test_vote_without_quorum_is_refused_on_the_page(signed_in, staff, tree, villagers, convene):
    meeting = convene(tree["village_a2"])
    client = signed_in(staff["registrar"])
    response = client.post(url("vote", meeting.pk, 1), {"votes_for": 0, "votes_against": 0, "abstained": 0})
    assert response.status_code == 200 and "No quorum" in text_of(response) and not Vote.objects.exists()


# ---- minutes and follow-up ----------------------------------------------------------------------------


def test_minutes_are_signed_corrected_and_both_versions_listed(signed_in, staff, gathering):
    _hold(gathering, staff)
    client = signed_in(staff["registrar"])
    draft = client.get(url("minutes", gathering.pk))
    assert 'data-state="draft"' in draft.content.decode() and "Repair of the road to the school" in text_of(
        draft
    )
    empty = client.post(url("finalize", gathering.pk), {"chair_name": "", "secretary_name": ""})
    assert empty.status_code == 200 and not MinutesVersion.objects.exists()
    assert (
        client.post(
            url("finalize", gathering.pk), {"chair_name": "Серікбаев Е.", "secretary_name": "Ахметова Г."}
        ).status_code
        == 302
    )
    no_reason = client.post(url("correct", gathering.pk), {"reason": "", "decision_1": "Басқа мәтін"})
    assert no_reason.status_code == 200 and MinutesVersion.objects.count() == 1
    response = client.post(
        url("correct", gathering.pk),
        {
            "reason": "Шешім мәтіні түзетілді",
            "decision_1": "Жолды қыркүйекке дейін жөндеу.",
            "decision_2": "",
            "chair_name": "",
            "secretary_name": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    page = client.get(url("minutes", gathering.pk)).content.decode()
    assert 'data-version="2"' in page and 'data-version="1"' in page and "Шешім мәтіні түзетілді" in page
    assert "Жолды қыркүйекке дейін жөндеу." in page
    first = MinutesVersion.objects.get(number=1)
    assert "Жолды қыркүйекке дейін жөндеу." not in str(first.data)  # the signed version is unchanged


def test_the_akim_responds_and_a_rejection_is_escalated(signed_in, staff, gathering):
    _hold(gathering, staff)
    decision = Decision.objects.get(item__number=1)
    registrar = signed_in(staff["registrar"])
    assert 'id="respond-' not in registrar.get(url("followup", gathering.pk)).content.decode()
    assert (
        registrar.post(
            url("respond", gathering.pk, decision.pk), {"response": "rejected", "text": "Қаржы жоқ"}
        ).status_code
        == 403
    )
    akim = signed_in(staff["akim"])
    assert f'id="respond-{decision.pk}"' in akim.get(url("followup", gathering.pk)).content.decode()
    bad = akim.post(url("respond", gathering.pk, decision.pk), {"response": "accepted", "text": "Жоспар"})
    assert bad.status_code == 200  # accepted without the date it will be done by
    decision.refresh_from_db()
    assert decision.response == ""
    response = akim.post(
        url("respond", gathering.pk, decision.pk), {"response": "rejected", "text": "Қаржы жоқ"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.response == "rejected" and decision.escalated_at is not None


# ---- public pages -----------------------------------------------------------------------------------


def test_public_pages_show_published_meetings_only(client, staff, tree, gathering):
    draft = services.convene_meeting(
        actor=staff["registrar"],
        territory=tree["village_a2"],
        kind="gathering",
        title="Жоба",
        starts_at=in_days(12),
        venue="Мектеп",
        agenda=[{"kind": "other", "title": "Жоба"}],
    )
    code = tree["rd_a"].code
    listing = client.get(url("public_list", code, lang="ru"))
    assert (
        listing.status_code == 200
        and "Gathering on roads" in text_of(listing)
        and "Жоба" not in text_of(listing)
    )
    assert client.get(url("public_detail", code, gathering.pk, lang="ru")).status_code == 200
    assert client.get(url("public_detail", code, draft.pk)).status_code == 404
    assert client.get(url("public_detail", tree["rd_b"].code, gathering.pk)).status_code == 404
    assert client.get(url("public_list", tree["district"].code)).status_code == 404
    assert client.get(url("public_list", "12345")).status_code == 404
    feed = client.get(url("public_feed", code))
    assert feed.status_code == 200 and feed.content.count(b"BEGIN:VEVENT") == 1
    assert client.get(url("public_ics", code, gathering.pk)).status_code == 200


def test_public_meeting_page_shows_results_minutes_and_follow_up(client, staff, tree, gathering):
    _hold(gathering, staff)
    services.finalize_minutes(actor=staff["registrar"], meeting=gathering)
    code = tree["rd_a"].code
    page = client.get(url("public_detail", code, gathering.pk, lang="ru"))
    body = page.content.decode()
    assert 'data-adopted="yes"' in body and 'data-version="1"' in body
    assert 'data-decision-status="awaiting_response"' in body
    assert translated("ru", "Awaiting the akim's response") in text_of(page)
    pdf = client.get(url("public_minutes_pdf", code, gathering.pk, 1, lang="ru") + "?lang=kk")
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    assert client.get(url("public_minutes_pdf", code, gathering.pk, 2)).status_code == 404


@pytest.mark.parametrize(("lang", "letters"), [("kk", set("құіғ")), ("ru", set("Тр"))])
def test_minutes_pdf_in_kazakh_and_russian_carries_the_protocol(signed_in, staff, gathering, lang, letters):
    _hold(gathering, staff)
    version = services.finalize_minutes(actor=staff["registrar"], meeting=gathering)
    client = signed_in(staff["registrar"])
    response = client.get(url("minutes_pdf", gathering.pk, 1) + f"?lang={lang}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f"minutes-{gathering.pk}-v1-{lang}.pdf" in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert "\ufffd" not in text
    for words in (
        translated(lang, "Minutes"),
        translated(lang, "Territory"),
        "Қызыл Жұлдыз",
        "Серікбаев Е.",
        "Ахметова Г.",
        "House of culture",
        "Repair of the road to the school",
        "Ask the akim to repair the road before September.",
        translated(lang, "Adopted"),
        version.data["meeting"]["date"],
    ):
        assert all(word in text for word in words.split()), words
    assert letters <= set(text)  # Kazakh (and Russian) letters came out as themselves, not as boxes
    with translation.override(lang):
        phrase = translation.gettext("Version %(n)s, signed (final) on %(date)s.")
        expected = max(re.split(r"%\(\w+\)s", phrase), key=len).split()[
            0
        ]  # a word of the longest literal part
    assert expected in text
    draft = documents.minutes_html(gathering.minutes_versions.get().data, lang=lang)
    assert translated(lang, "Draft generated from the record: not signed.") in html.unescape(draft)


def test_members_vote_by_name_on_the_page(signed_in, staff, tree, villagers, convene):
    today = timezone.localdate()
    members = villagers["adults"][:3]
    for person in members:
        services.add_member(
            actor=staff["registrar"],
            territory=tree["rd_a"],
            resident=person,
            category="elders",
            term_start=today - dt.timedelta(days=10),
            term_end=today + dt.timedelta(days=365),
        )
    meeting = convene(tree["rd_a"], kind="community_meeting")
    for person in members:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    client = signed_in(staff["registrar"])
    form = client.get(url("item", meeting.pk, 1)).content.decode()
    assert all(f'name="ballot_{p.pk}"' in form for p in members) and 'id="vote-by-counts"' in form
    ballots = {
        f"ballot_{members[0].pk}": "for",
        f"ballot_{members[1].pk}": "against",
        f"ballot_{members[2].pk}": "for",
        "method": "by_name",
    }
    bad = client.post(url("vote", meeting.pk, 1), {**ballots, f"ballot_{members[0].pk}": "maybe"})
    assert bad.status_code == 200 and not Vote.objects.exists()
    assert client.post(url("vote", meeting.pk, 1), ballots).status_code == 302
    vote = Vote.objects.get()
    assert (vote.method, vote.votes_for, vote.votes_against, vote.adopted) == ("by_name", 2, 1, True)
    page = text_of(client.get(url("item", meeting.pk, 1)))
    assert f"{members[1].full_name} — Against" in page
    counts = client.get(url("item", meeting.pk, 2, method="counts")).content.decode()
    assert 'name="votes_for"' in counts and 'name="ballot_' not in counts


def test_a_mistaken_check_in_is_removed_with_its_reason(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    row = Attendance.objects.filter(meeting=gathering).first()
    assert 'id="remove-checkin"' in client.get(url("checkin", gathering.pk)).content.decode()
    no_reason = client.post(url("remove_checkin", gathering.pk), {"attendance": row.pk, "reason": ""})
    assert no_reason.status_code == 200 and Attendance.objects.filter(meeting=gathering).count() == 3
    unknown = client.post(url("remove_checkin", gathering.pk), {"attendance": 999999, "reason": "Қате"})
    assert unknown.status_code == 200 and Attendance.objects.filter(meeting=gathering).count() == 3
    done = client.post(
        url("remove_checkin", gathering.pk), {"attendance": row.pk, "reason": "Қате белгіленді"}
    )
    assert done.status_code == 302 and client.get(url("quorum", gathering.pk)).json()["present"] == 2


def test_item_record_is_saved_or_closed_together(signed_in, staff, gathering):
    client = signed_in(staff["registrar"])
    second = gathering.items.get(number=2)
    services.record_vote(actor=staff["registrar"], item=second, votes_for=3, votes_against=0, abstained=0)
    refused = client.post(
        url("close_item", gathering.pk, 2, lang="ru"),
        {"decision_text": "", "discussion": "Сөз сөйлегендер: Омаров", "is_task": "on"},
    )
    assert refused.status_code == 200 and 'class="field has-error"' in refused.content.decode()
    second.refresh_from_db()
    assert (second.status, second.discussion, second.is_task) == ("open", "", False)  # nothing kept
    saved = client.post(
        url("close_item", gathering.pk, 2),
        {"decision_text": "Омаров сайлансын.", "discussion": "Омаров", "save_only": "1"},
    )
    assert saved.status_code == 302 and saved.url == url("item", gathering.pk, 2)
    second.refresh_from_db()
    assert (second.status, second.decision_text, second.discussion) == ("open", "Омаров сайлансын.", "Омаров")
    closed = client.post(
        url("close_item", gathering.pk, 2),
        {"decision_text": "Омаров сайлансын.", "discussion": "Омаров", "is_task": "on"},
    )
    assert closed.status_code == 302 and closed.url == url("detail", gathering.pk)
    second.refresh_from_db()
    assert (second.status, second.is_task) == ("closed", True)
    assert Decision.objects.get(item=second).text == "Омаров сайлансын."
