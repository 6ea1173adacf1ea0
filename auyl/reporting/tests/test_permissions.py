"""Permission isolation: staff see and change only their territory's meetings; the report covers only
what its reader may report on; residents and anonymous visitors never reach staff data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from auyl.reporting import selectors, services
from auyl.reporting.report import decree_826_report


@pytest.fixture
def both(tree, people, meeting_factory):
    mine = meeting_factory()
    theirs = meeting_factory(
        actor=people["registrar_b"], akim_unit=tree["rd_b"], territory=tree["village_b1"]
    )
    return mine, theirs


def test_lists_are_scoped_to_the_grant(people, both):
    mine, theirs = both
    assert list(selectors.meetings_visible_to(people["registrar"])) == [mine]
    assert list(selectors.meetings_visible_to(people["akim_b"])) == [theirs]
    assert set(selectors.meetings_visible_to(people["supervisor"])) == {mine, theirs}
    assert set(selectors.meetings_visible_to(people["admin"])) == {mine, theirs}
    assert not selectors.meetings_visible_to(None).exists()


def test_one_meeting_of_another_district_is_not_found(people, both):
    mine, theirs = both
    assert selectors.meeting_for(people["registrar"], mine.pk) == mine
    for pk in (theirs.pk, "abc", None, 10**30):
        with pytest.raises(Http404):
            selectors.meeting_for(people["registrar"], pk)


def test_services_refuse_another_districts_meeting(people, topics, both):
    mine, theirs = both
    with pytest.raises(PermissionDenied):
        services.hold_meeting(actor=people["registrar"], meeting=theirs, offline_participants=1)
    with pytest.raises(PermissionDenied):
        services.add_question(
            actor=people["registrar"],
            meeting=theirs,
            topic=topics["other"],
            text="x",
            executor=people["executor_b"],
        )
    with pytest.raises(PermissionDenied):
        services.add_promise(actor=people["akim"], meeting=theirs, text="x", due_on=dt.date(2026, 12, 1))
    with pytest.raises(PermissionDenied):
        services.cancel_meeting(actor=people["supervisor"], meeting=mine, reason="x")  # supervisors only read
    theirs.refresh_from_db()
    assert theirs.offline_participants == 40 and not theirs.questions.exists()


def test_promises_are_scoped_too(people, both):
    mine, theirs = both
    kept = services.add_promise(
        actor=people["registrar"], meeting=mine, text="x", due_on=dt.date(2026, 12, 1)
    )
    other = services.add_promise(
        actor=people["registrar_b"], meeting=theirs, text="y", due_on=dt.date(2026, 12, 1)
    )
    assert list(selectors.promises_visible_to(people["executor"])) == [kept]
    with pytest.raises(Http404):
        selectors.promise_for(people["executor"], other.pk)


def test_the_report_needs_a_grant_on_the_territory(tree, people, both):
    assert decree_826_report(people["akim"], tree["rd_a"], 2026, 4).value("held") == 1
    assert decree_826_report(people["supervisor"], tree["district"], 2026, 4).value("held") == 2
    for user, unit in (
        (people["akim"], "rd_b"),
        (people["akim"], "district"),
        (people["registrar"], "rd_a"),
        (people["executor"], "rd_a"),
    ):
        with pytest.raises(PermissionDenied):
            decree_826_report(user, tree[unit], 2026, 4)


@pytest.mark.parametrize(
    ("year", "quarter", "level"),
    [(1999, 1, ""), (2028, 1, ""), (2026, 0, ""), (2026, 5, ""), ("2026", 1, ""), (2026, 1, "mayor")],
)
def test_the_report_refuses_bad_periods(tree, people, year, quarter, level):
    with pytest.raises(ValidationError):
        decree_826_report(people["akim"], tree["rd_a"], year, quarter, level)


def test_staff_pages_are_closed_to_residents(client, tree, both):
    from auyl.accounts.models import User

    resident = User.objects.create_user(username="resident", phone="+77019990000")
    client.force_login(resident)
    mine, _theirs = both
    assert client.get(f"/en/reporting-meetings/{mine.pk}/").status_code == 404  # not revealed
    assert client.get("/en/reporting-meetings/").status_code == 403
    assert client.get("/en/reporting-meetings/report/").status_code == 403
    assert client.get(f"/en/reporting-meetings/d/{tree['rd_a'].code}/{mine.pk}/").status_code == 200
