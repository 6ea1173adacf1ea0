"""An appeal from registration to the applicant's rating, each rule of the way, bad inputs and isolation."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from auyl.accounts.models import User
from auyl.appeals import selectors, services
from auyl.appeals.models import Appeal, AppealCounter, Outcome, Status
from auyl.core.audit import verify_chain
from auyl.core.calendar import add_days
from auyl.core.models import AuditEvent, Notification, TerritorySetting

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_english")]


def messages_to(recipient):
    return list(Notification.objects.filter(recipient=recipient).order_by("pk").values_list("body", flat=True))


def frozen(appeal):
    """What is stored about an appeal, to prove a refused action changed nothing."""
    row = Appeal.objects.values().get(pk=appeal.pk)
    return row, appeal.steps.count(), AuditEvent.objects.count(), Notification.objects.count()


def refused(exc_info) -> str:
    return " ".join(exc_info.value.message_dict.get(NON_FIELD_ERRORS, []))


def test_satisfied_appeal_is_answered_carried_out_and_rated(register, people, today):
    appeal, code = register()
    assert appeal.number.endswith(f"-{today.year}-00001") and appeal.status == Status.REGISTERED
    assert "Tracking code: " + code in messages_to("+77017654321")[0]

    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    assert appeal.status == Status.IN_PROGRESS and appeal.executor == people["executor"]
    assert appeal.number in messages_to("executor@akimat.kz")[0]

    promised = today + dt.timedelta(days=20)
    services.answer(actor=people["executor"], appeal=appeal, outcome=Outcome.SATISFIED,
                    text="The street will be repaired.", promised_action="Patch the asphalt", promised_by=promised)
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome, appeal.promised_by) == (Status.ANSWERED, Outcome.SATISFIED, promised)
    assert appeal in selectors.inbox(people["executor"])  # satisfied is not done: still the executor's work

    services.mark_executed(actor=people["executor"], appeal=appeal, note="Asphalt patched on 12 May")
    assert appeal.status == Status.CLOSED and appeal.executed_at is not None
    assert appeal not in selectors.inbox(people["executor"])

    found = selectors.find_by_tracking(appeal.number, code.lower())
    services.rate(appeal=found, rating=5, comment="Thank you", tracking_code=code)
    appeal.refresh_from_db()
    assert appeal.rating == 5
    kinds = list(appeal.steps.values_list("kind", flat=True))
    assert kinds == ["registered", "assigned", "answered", "executed", "rated"]
    sms = messages_to("+77017654321")
    assert len(sms) == 3 and "answered" in sms[1] and "has been done" in sms[2]
    actions = set(AuditEvent.objects.filter(object_id=str(appeal.pk)).values_list("action", flat=True))
    assert {"appeal.registered", "appeal.assigned", "appeal.answered", "appeal.executed", "appeal.rated"} <= actions
    assert verify_chain().ok


def test_executor_must_answer_appeals_of_the_territory(register, people):
    appeal, _code = register()
    before = frozen(appeal)
    with pytest.raises(ValidationError) as exc:
        services.assign(actor=people["akim"], appeal=appeal, executor=people["executor_b"])
    assert "cannot answer appeals" in exc.value.message_dict["executor"][0]
    assert frozen(appeal) == before


def test_assignment_is_mailed_only_to_an_executor_with_e_mail_and_a_double_click_changes_nothing(register, people):
    appeal, _code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor2"])
    assert Notification.objects.filter(recipient="+77015550002").count() == 0
    steps = appeal.steps.count()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor2"])
    assert appeal.steps.count() == steps


def test_deadline_is_extended_once_with_a_reason(register, people):
    appeal, _code = register()
    old = appeal.deadline
    with pytest.raises(ValidationError) as exc:
        services.extend_deadline(actor=people["akim"], appeal=appeal, reason="   ")
    assert "reason" in exc.value.message_dict
    services.extend_deadline(actor=people["akim"], appeal=appeal, reason="Expert examination of the road")
    assert appeal.deadline == add_days(old, 15, "calendar") and appeal.extension_reason
    assert "extended" in appeal.risk_factors
    before = frozen(appeal)
    with pytest.raises(ValidationError) as exc:
        services.extend_deadline(actor=people["akim"], appeal=appeal, reason="Again")
    assert "already been extended" in refused(exc)
    assert frozen(appeal) == before


def test_extension_follows_the_regions_rules(register, people, tree):
    TerritorySetting.objects.create(territory=tree["district"], key="appeals.extension_days", value=5)
    TerritorySetting.objects.create(territory=tree["rd_a"], key="appeals.day_mode", value="working")
    appeal, _code = register()
    old = appeal.deadline
    services.extend_deadline(actor=people["supervisor"], appeal=appeal, reason="Waiting for the land registry")
    assert appeal.deadline == add_days(old, 5, "working")


def test_redirect_tells_the_applicant_and_ends_consideration_here(register, people):
    appeal, _code = register()
    with pytest.raises(ValidationError) as exc:
        services.redirect(actor=people["registrar"], appeal=appeal, to_body="")
    assert "to_body" in exc.value.message_dict
    services.redirect(actor=people["registrar"], appeal=appeal, to_body="District police department")
    assert (appeal.status, appeal.outcome) == (Status.REDIRECTED, Outcome.REDIRECTED)
    assert "District police department" in messages_to("+77017654321")[-1]
    with pytest.raises(ValidationError):
        services.redirect(actor=people["registrar"], appeal=appeal, to_body="Another body")
    with pytest.raises(ValidationError):
        services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="x")


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"outcome": "approved", "text": "x"}, "outcome"),
    ({"outcome": Outcome.REDIRECTED, "text": "x"}, "outcome"),
    ({"outcome": Outcome.RE_EXAMINED, "text": "x"}, "outcome"),  # only after a re-examination
    ({"outcome": Outcome.REFUSED, "text": "  "}, "text"),
    ({"outcome": Outcome.EXPLAINED, "text": ""}, "text"),
    ({"outcome": Outcome.SATISFIED, "text": "Yes", "promised_by": None}, "promised_by"),
    ({"outcome": Outcome.SATISFIED, "text": "Yes", "promised_action": ""}, "promised_action"),
    ({"outcome": Outcome.SATISFIED, "text": "Yes", "promised_by": "2099-01-01"}, "promised_by"),
])
def test_an_incomplete_answer_is_refused_and_changes_nothing(register, people, today, kwargs, field):
    appeal, _code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    args = {"promised_action": "Repair", "promised_by": today + dt.timedelta(days=3)} | kwargs
    before = frozen(appeal)
    with pytest.raises(ValidationError) as exc:
        services.answer(actor=people["executor"], appeal=appeal, **args)
    assert field in exc.value.message_dict
    assert frozen(appeal) == before


def test_refusal_needs_reasons_and_a_promise_cannot_be_dated_in_the_past(register, people, today):
    appeal, _code = register()
    with pytest.raises(ValidationError) as exc:
        services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.REFUSED, text="")
    assert exc.value.message_dict["text"] == ["Give the reasons for the refusal."]
    with pytest.raises(ValidationError) as exc:
        services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.SATISFIED, text="Yes",
                        promised_action="Repair", promised_by=today - dt.timedelta(days=1))
    assert "cannot be in the past" in exc.value.message_dict["promised_by"][0]


def test_a_second_answer_is_refused_until_a_re_examination_reopens_the_appeal(register, people, today):
    appeal, code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    services.answer(actor=people["executor"], appeal=appeal, outcome=Outcome.EXPLAINED, text="The road is "
                    "the district's responsibility; we passed your request on.")
    assert appeal.status == Status.CLOSED
    before = frozen(appeal)
    with pytest.raises(ValidationError) as exc:
        services.answer(actor=people["executor"], appeal=appeal, outcome=Outcome.EXPLAINED, text="Again")
    assert "already been answered" in refused(exc)
    assert frozen(appeal) == before

    with pytest.raises(PermissionDenied):
        services.request_reexamination(appeal=appeal, reason="Nothing changed", tracking_code="WRONG123")
    services.request_reexamination(appeal=appeal, reason="Nothing changed", tracking_code=code)
    assert (appeal.status, appeal.reexamination_count, appeal.outcome) == (Status.IN_PROGRESS, 1, "")
    assert appeal.deadline == add_days(today, 15, "calendar")
    assert "re-examine" in messages_to("executor@akimat.kz")[-1]
    assert "re-examine" in messages_to("akim.a@akimat.kz")[-1]
    with pytest.raises(ValidationError):  # not again while it is being re-examined
        services.request_reexamination(appeal=appeal, reason="Still", tracking_code=code)

    services.answer(actor=people["executor"], appeal=appeal, outcome=Outcome.RE_EXAMINED,
                    text="Checked on site: the district will repair it in June.")
    assert (appeal.status, appeal.outcome) == (Status.CLOSED, Outcome.RE_EXAMINED)
    notes = list(appeal.steps.filter(kind="answered").values_list("note", flat=True))
    assert len(notes) == 2 and "passed your request on" in notes[0]  # the first answer stays in the history


def test_executed_only_for_a_satisfied_answer(register, people):
    appeal, _code = register()
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="Explained")
    with pytest.raises(ValidationError):
        services.mark_executed(actor=people["akim"], appeal=appeal, note="Done")


def test_another_executor_cannot_answer_an_assigned_appeal(register, people):
    appeal, _code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    with pytest.raises(ValidationError) as exc:
        services.answer(actor=people["executor2"], appeal=appeal, outcome=Outcome.EXPLAINED, text="x")
    assert "another executor" in refused(exc)
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="The akim answers")


@pytest.mark.parametrize("rating", [0, 6, "five", True, None, 4.5])
def test_rating_must_be_one_to_five(register, people, rating):
    appeal, code = register()
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="Explained")
    with pytest.raises(ValidationError) as exc:
        services.rate(appeal=appeal, rating=rating, tracking_code=code)
    assert "rating" in exc.value.message_dict


def test_rating_needs_the_applicant_and_an_answer_and_can_change_for_30_days(register, people, resident):
    appeal, code = register(resident=resident, applicant_phone="")
    with pytest.raises(ValidationError):
        services.rate(appeal=appeal, rating=4, tracking_code=code)  # not answered yet
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.EXPLAINED, text="Explained")
    with pytest.raises(PermissionDenied):
        services.rate(appeal=appeal, rating=4)
    with pytest.raises(PermissionDenied):
        services.rate(appeal=appeal, rating=4, actor=people["akim"])  # staff cannot rate for the applicant
    account = User.objects.create_user(username="resident-1", resident=resident)
    services.rate(appeal=appeal, rating=2, actor=account)
    services.rate(appeal=appeal, rating=4, comment="They called me back", tracking_code=code)
    appeal.refresh_from_db()
    assert appeal.rating == 4
    assert list(appeal.steps.filter(kind__startswith="rat").values_list("kind", flat=True)) == [
        "rated", "rating_changed"]
    Appeal.objects.filter(pk=appeal.pk).update(rated_at=timezone.now() - dt.timedelta(days=31))
    appeal.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        services.rate(appeal=appeal, rating=1, tracking_code=code)
    assert "30 days" in refused(exc)


@pytest.mark.parametrize(("overrides", "field"), [
    ({"applicant_name": ""}, "applicant_name"),
    ({"applicant_phone": "", "applicant_email": "", "applicant_address": ""}, "applicant_phone"),
    ({"applicant_phone": "12345"}, "applicant_phone"),
    ({"applicant_email": "not-an-address"}, "applicant_email"),
    ({"subject": ""}, "subject"),
    ({"text": "   "}, "text"),
    ({"topic": None}, "topic"),
    ({"territory": None}, "territory"),
    ({"channel": "pigeon"}, "channel"),
    ({"applicant_kind": "legal"}, "organization_name"),
    ({"received_on": "yesterday"}, "received_on"),
])
def test_registration_with_bad_input_stores_nothing(register, overrides, field):
    with pytest.raises(ValidationError) as exc:
        register(**overrides)
    assert field in exc.value.message_dict
    assert Appeal.objects.count() == 0 and AppealCounter.objects.filter(last_number__gt=0).count() == 0


def test_registration_refuses_a_future_date_an_unused_topic_and_a_unit_above_rural_districts(register, tree,
                                                                                             topics, today):
    with pytest.raises(ValidationError) as exc:
        register(received_on=today + dt.timedelta(days=1))
    assert exc.value.message_dict["received_on"] == ["The date of receipt cannot be in the future."]
    topics["land"].is_active = False
    topics["land"].save()
    with pytest.raises(ValidationError):
        register(topic=topics["land"])
    with pytest.raises(ValidationError):
        register(territory=tree["district"])
    with pytest.raises(ValidationError):
        register(territory=tree["rd_a"], settlement=tree["village_b1"])


def test_registration_late_is_visible_on_the_clock(register, today):
    appeal, _code = register(received_on=today - dt.timedelta(days=10))
    clock = selectors.clock(appeal)
    assert clock["registration_late"] is True and clock["days_left"] == (appeal.deadline - today).days


def test_akim_of_another_rural_district_can_neither_see_nor_act(register, people, tree):
    appeal, _code = register()
    outsider = people["akim_b"]
    for call in (
        lambda: services.assign(actor=outsider, appeal=appeal, executor=people["executor"]),
        lambda: services.answer(actor=outsider, appeal=appeal, outcome=Outcome.EXPLAINED, text="x"),
        lambda: services.extend_deadline(actor=outsider, appeal=appeal, reason="x"),
        lambda: services.redirect(actor=outsider, appeal=appeal, to_body="x"),
        lambda: services.confirm_repeat(actor=outsider, appeal=appeal, is_repeat=True),
        lambda: services.register_appeal(actor=outsider, territory=tree["rd_a"], topic=appeal.topic,
                                         channel="paper", applicant_name="X", applicant_phone="87011112233",
                                         subject="s", text="t"),
    ):
        with pytest.raises(PermissionDenied):
            call()
    assert not selectors.appeals_visible_to(outsider).exists()
    with pytest.raises(Http404):
        selectors.appeal_for(outsider, appeal.pk)
    assert selectors.dashboard(outsider)["open"] == 0
    assert selectors.appeal_for(people["supervisor"], appeal.pk) == appeal  # the district sees both


def test_applicant_history_is_for_those_who_handle_appeals(register, people, resident):
    first, _c = register(resident=resident, applicant_phone="")  # the phone comes from the registry
    second, _c = register(applicant_phone=resident.phone, subject="Street light", text="No light at night")
    third, _c = register(applicant_phone="87019998877")
    assert selectors.applicant_history(people["akim"], first) == [second]
    assert selectors.applicant_history(people["akim"], second) == [first]
    assert selectors.applicant_history(people["akim"], third) == []
    assert selectors.applicant_history(people["auditor"], first) == []  # no personal data for auditors
    assert selectors.applicant_history(people["akim_b"], first) == []


def test_tracking_lookup_needs_the_right_code(register):
    appeal, code = register()
    assert selectors.find_by_tracking(appeal.number, code) == appeal
    assert selectors.find_by_tracking(f" {appeal.number.lower()} ", f" {code.lower()} ") == appeal
    assert selectors.find_by_tracking(appeal.number, "AAAAAAAA") is None
    assert selectors.find_by_tracking(appeal.number, "") is None
    assert selectors.find_by_tracking("111033000-2000-00001", code) is None
    assert selectors.find_by_tracking(None, None) is None


def test_a_double_posted_registration_is_stored_once(register):
    first, code = register(idempotency_key="form-token-1")
    again, again_code = register(idempotency_key="form-token-1")
    assert again == first and code and again_code == "" and Appeal.objects.count() == 1


def test_html_in_the_text_is_kept_as_text(register):
    appeal, _code = register(text="<script>alert(1)</script> The bridge is broken")
    assert appeal.text.startswith("<script>")  # stored verbatim; templates escape it


def test_co_signers_are_kept_with_a_collective_appeal(register, resident):
    with pytest.raises(ValidationError) as exc:
        register(cosigners=["Иванов И."])
    assert "is_collective" in exc.value.message_dict and Appeal.objects.count() == 0
    appeal, _code = register(is_collective=True, cosigners=["Иванов И.", "  ", resident])
    assert [(c.name, c.resident) for c in appeal.cosigners.order_by("pk")] == [
        ("Иванов И.", None), (resident.full_name, resident)]
    assert "collective" in appeal.risk_factors


def test_an_open311_client_registers_only_within_its_unit(tree, topics):
    from auyl.appeals.models import ApiClient

    client = ApiClient.objects.create(name="FixMyAuyl", key_hash="h" * 64, territory=tree["rd_b"])
    fields = {"topic": topics["roads"], "applicant_name": "A", "applicant_phone": "87011112233",
              "subject": "Road", "text": "Broken road"}
    appeal, code = services.register_appeal(actor=None, api_client=client, territory=tree["village_b1"],
                                            channel="portal", **fields)
    assert code and appeal.territory == tree["rd_b"]
    assert AuditEvent.objects.get(action="appeal.registered").actor_label == "api:FixMyAuyl"
    with pytest.raises(PermissionDenied):
        services.register_appeal(actor=None, api_client=client, territory=tree["village_a1"], channel="portal",
                                 **fields)
    client.is_active = False
    with pytest.raises(PermissionDenied):
        services.register_appeal(actor=None, api_client=client, territory=tree["village_b1"], channel="portal",
                                 **fields)
