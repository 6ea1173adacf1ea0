"""The appeals pages as their users meet them: the registrar's intake and receipt, the executor's inbox
and actions, the akim's dashboard, a resident's submission and tracking; kk and ru; isolation."""

import base64
import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from auyl.accounts.models import User
from auyl.accounts.testing import force_staff_login
from auyl.appeals import selectors, services
from auyl.appeals.models import Appeal, AppealStep, Outcome, Status

pytestmark = pytest.mark.django_db


def url(lang: str, name: str, *args) -> str:
    with translation.override(lang):
        return reverse(f"appeals:{name}", args=args or None)


def as_user(user) -> Client:
    client = Client()
    force_staff_login(client, user)
    return client


def page(response) -> str:
    return response.content.decode()


def intake_form(client, lang="kk", **query) -> dict:
    """The fields of the intake form as the page pre-fills them (token, defaults, resident)."""
    response = client.get(url(lang, "new"), query)
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: ("" if v is None else v) for k, v in data.items() if v not in (False,)}


@pytest.fixture
def registrar(people):
    return as_user(people["registrar"])


@pytest.fixture
def filled(tree, topics):
    def _filled(client, lang="kk", **extra):
        data = intake_form(client, lang, **({"resident": extra.pop("resident")} if "resident" in extra else {}))
        data |= {"topic": topics["roads"].pk, "territory": tree["village_a1"].pk, "subject": "Жол жөндеу",
                 "text": "Абай көшесіндегі жол көктемгі су тасқынынан кейін бұзылды."}
        if not data.get("applicant_name"):
            data |= {"applicant_name": "Әлия Нұрланқызы", "applicant_phone": "8 701 765 43 21"}
        return data | extra
    return _filled


# --- every page, in Kazakh and in Russian, for the person it is for -------------------------------


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_page_renders_in_kazakh_and_russian(lang, people, register, resident, client):
    appeal, _code = register(resident=resident)
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    resident_user = User.objects.create(username="r1", resident=resident)
    seen = {
        "intake": as_user(people["registrar"]).get(url(lang, "new"), {"q": "Сейітов"}),
        "receipt": as_user(people["registrar"]).get(url(lang, "receipt", appeal.pk)),
        "inbox": as_user(people["executor"]).get(url(lang, "inbox")),
        "detail": as_user(people["executor"]).get(url(lang, "detail", appeal.pk)),
        "dashboard": as_user(people["akim"]).get(url(lang, "dashboard"), {"status": "in_progress"}),
        "track": client.get(url(lang, "track")),
    }
    resident_client = Client()
    resident_client.force_login(resident_user)
    seen["submit"] = resident_client.get(url(lang, "submit"))
    rural_districts = {"kk": "Ауылдық округтер", "ru": "Сельские округа"}[lang]
    for name, response in seen.items():
        assert response.status_code == 200, name
        html = page(response)
        assert f'<html lang="{lang}"' in html and rural_districts in html, name
    assert "Сейітов Ерлан" in page(seen["intake"])
    for name in ("receipt", "inbox", "detail", "dashboard"):
        assert appeal.number in page(seen[name]), name


# --- the registrar's intake -----------------------------------------------------------------------


def test_find_the_resident_then_register_and_read_the_code_once(registrar, people, resident, filled, topics):
    found = registrar.get(url("kk", "new"), {"q": "сейітов"})
    assert f'?resident={resident.pk}"' in page(found)
    chosen = registrar.get(url("kk", "new"), {"resident": resident.pk})
    assert 'value="Сейітов Ерлан' in page(chosen) and 'value="+77011234567"' in page(chosen)
    assert re.search(r'<select name="topic"[^>]*autofocus', page(chosen))

    response = registrar.post(url("kk", "new"), filled(registrar, resident=resident.pk))
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and response.url == url("kk", "receipt", appeal.pk)
    assert (appeal.resident, appeal.applicant_name, appeal.channel) == (resident, "Сейітов Ерлан", "paper")
    assert appeal.registered_by == people["registrar"]

    receipt = page(registrar.get(response.url))
    code = re.search(r'id="tracking-code">([A-Z0-9]{8})<', receipt).group(1)
    assert appeal.number in receipt and appeal.deadline.strftime("%d.%m.%Y") in receipt
    assert re.search(r'<a class="button" href="/kk/appeals/new/" autofocus>', receipt)
    assert selectors.find_by_tracking(appeal.number, code) == appeal
    assert code not in page(registrar.get(response.url)), "the code is shown once"
    assert code not in str(Appeal.objects.filter(pk=appeal.pk).values().get())


def test_a_likely_repeat_is_shown_and_needs_confirmation(registrar, register, resident, filled, topics):
    earlier, _code = register(resident=resident, topic=topics["roads"])
    data = filled(registrar, resident=resident.pk)
    warned = registrar.post(url("kk", "new"), data)
    assert warned.status_code == 200 and Appeal.objects.count() == 1
    assert earlier.number in page(warned) and 'name="confirm_repeat"' in page(warned)

    confirmed = registrar.post(url("kk", "new"), data | {"confirm_repeat": "on"})
    assert confirmed.status_code == 302 and Appeal.objects.count() == 2


def test_a_double_click_registers_one_appeal(registrar, filled):
    data = filled(registrar)
    first = registrar.post(url("kk", "new"), data)
    second = registrar.post(url("kk", "new"), data)
    appeal = Appeal.objects.get()
    assert first.url == second.url == url("kk", "receipt", appeal.pk)
    assert re.search(r'id="tracking-code">[A-Z0-9]{8}<', page(registrar.get(first.url)))


def test_another_token_is_another_appeal(registrar, filled):
    registrar.post(url("kk", "new"), filled(registrar))
    registrar.post(url("kk", "new"), filled(registrar) | {"confirm_repeat": "on", "subject": "Басқа мәселе"})
    assert Appeal.objects.count() == 2


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"subject": ""}, "subject", "This field is required."),
    ({"applicant_phone": "12345", "applicant_name": "Иванов Иван"}, "applicant_phone",
     "Enter a Kazakhstan phone number, for example +7 701 123 45 67 or 8 7162 25 12 34."),
    ({"received_on": "2999-01-01"}, "received_on", "The date of receipt cannot be in the future."),
    ({"topic": "999999"}, "topic", "Select a valid choice. That choice is not one of the available choices."),
    ({"received_on": "вчера"}, "received_on", "Enter a valid date."),
])
def test_bad_input_shows_a_translated_error_and_stores_nothing(registrar, filled, tree, change, field, message):
    with translation.override("ru"):
        expected = str(translation.gettext(message))
    response = registrar.post(url("ru", "new"), filled(registrar, "ru") | change)
    assert response.status_code == 200 and Appeal.objects.count() == 0
    assert field in response.context["form"].errors
    assert expected in page(response)


def test_a_settlement_outside_the_registrars_district_is_refused(registrar, filled, tree):
    response = registrar.post(url("kk", "new"), filled(registrar) | {"territory": tree["village_b1"].pk})
    assert response.status_code == 200 and Appeal.objects.count() == 0
    assert "territory" in response.context["form"].errors


def test_co_signers_need_a_collective_appeal(registrar, filled):
    response = registrar.post(url("kk", "new"), filled(registrar) | {"cosigners": "Иванов И.\nПетров П."})
    assert response.status_code == 200 and Appeal.objects.count() == 0
    assert "is_collective" in response.context["form"].errors


def test_co_signers_of_a_collective_appeal_are_kept(registrar, filled):
    data = filled(registrar) | {"is_collective": "on", "cosigners": "Иванов И.\n\nПетров П.\n"}
    assert registrar.post(url("kk", "new"), data).status_code == 302
    assert list(Appeal.objects.get().cosigners.values_list("name", flat=True)) == ["Иванов И.", "Петров П."]


def test_only_staff_who_register_see_the_intake(people, client):
    assert as_user(people["executor"]).get(url("kk", "new")).status_code == 403
    assert client.get(url("kk", "new")).status_code == 302  # to sign-in


# --- executor, akim, permissions ------------------------------------------------------------------


def test_akim_assigns_executor_answers_and_the_inbox_shows_it(people, register):
    appeal, _code = register()
    akim, executor = as_user(people["akim"]), as_user(people["executor"])
    detail = page(akim.get(url("kk", "detail", appeal.pk)))
    assert f'<option value="{people["executor"].pk}"' in detail and f'value="{people["executor_b"].pk}"' not in detail
    assert akim.post(url("kk", "assign", appeal.pk), {"executor": people["executor"].pk}).status_code == 302

    inbox = page(executor.get(url("kk", "inbox")))
    assert appeal.number in inbox and "badge" in inbox
    answered = executor.post(url("kk", "answer", appeal.pk), {"outcome": Outcome.EXPLAINED, "text": "Түсіндірілді."})
    assert answered.status_code == 302
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answer_text) == (Status.CLOSED, "Түсіндірілді.")
    assert appeal.number not in page(executor.get(url("kk", "inbox")))


def test_a_refused_action_shows_the_reason_and_changes_nothing(people, register):
    appeal, _code = register()
    akim = as_user(people["akim"])
    response = akim.post(url("ru", "extend", appeal.pk), {"reason": "   "})
    assert response.status_code == 200
    appeal.refresh_from_db()
    assert appeal.extended_at is None and appeal.deadline == appeal.original_deadline
    satisfied = akim.post(url("ru", "answer", appeal.pk), {"outcome": Outcome.SATISFIED, "text": "Жасалады."})
    assert satisfied.status_code == 200 and "promised_action" in satisfied.context["action_forms"]["answer"].errors
    assert Appeal.objects.get(pk=appeal.pk).status == Status.REGISTERED


def test_overdue_appeal_is_flagged_in_the_inbox(people, register, today):
    appeal, _code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    Appeal.objects.filter(pk=appeal.pk).update(deadline=today - dt.timedelta(days=3))
    inbox = page(as_user(people["executor"]).get(url("kk", "inbox")))
    assert 'class="overdue"' in inbox and 'badge danger' in inbox


@pytest.mark.parametrize("who", ["akim_b", "executor_b"])
def test_staff_of_another_rural_district_get_404_everywhere(people, register, who):
    appeal, _code = register()
    before = Appeal.objects.values().get(pk=appeal.pk)
    stranger = as_user(people[who])
    assert stranger.get(url("kk", "detail", appeal.pk)).status_code == 404
    assert stranger.get(url("kk", "receipt", appeal.pk)).status_code == 404
    posts = {"assign": {"executor": people["executor_b"].pk}, "answer": {"outcome": "explained", "text": "x"},
             "extend": {"reason": "x"}, "redirect": {"to_body": "x"}, "execute": {"note": "x"},
             "repeat": {"is_repeat": "yes"}}
    for name, data in posts.items():
        assert stranger.post(url("kk", name, appeal.pk), data).status_code == 404, name
    assert appeal.number not in page(stranger.get(url("kk", "dashboard"), {"status": ""}))
    assert Appeal.objects.values().get(pk=appeal.pk) == before


def test_personal_data_is_hidden_from_an_auditor(people, register):
    appeal, _code = register(applicant_address="Абай к-сі 7")
    auditor = page(as_user(people["auditor"]).get(url("kk", "detail", appeal.pk)))
    assert appeal.number in auditor
    for secret in ("Әлия Нұрланқызы", "+77017654321", "Абай к-сі 7"):
        assert secret not in auditor
    akim = page(as_user(people["akim"]).get(url("kk", "detail", appeal.pk)))
    assert "Әлия Нұрланқызы" in akim and "+77017654321" in akim


def test_dashboard_counts_and_filters(people, register, topics, today):
    late, _c = register()
    Appeal.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=1))
    other, _c = register(topic=topics["land"], subject="Жер телімі")
    akim = as_user(people["akim"])
    response = akim.get(url("ru", "dashboard"))
    assert response.context["stats"]["open"] == 2 and response.context["stats"]["overdue"] == 1
    assert [a.pk for a in response.context["attention"]] == [late.pk]
    filtered = akim.get(url("ru", "dashboard"), {"topic": topics["land"].pk})
    assert [a.pk for a in filtered.context["page"]] == [other.pk]
    assert akim.get(url("ru", "dashboard"), {"status": "nonsense"}).status_code == 200


def test_upload_and_download_an_attachment(people, register, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    appeal, _code = register()
    png = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")
    from django.core.files.uploadedfile import SimpleUploadedFile

    akim = as_user(people["akim"])
    response = akim.post(url("kk", "attach", appeal.pk),
                         {"uploaded_file": SimpleUploadedFile("photo.png", png, "image/png")})
    assert response.status_code == 302
    item = appeal.attachments.get()
    download = akim.get(url("kk", "attachment", appeal.pk, item.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == png
    assert as_user(people["akim_b"]).get(url("kk", "attachment", appeal.pk, item.pk)).status_code == 404
    fake = akim.post(url("kk", "attach", appeal.pk),
                     {"uploaded_file": SimpleUploadedFile("x.pdf", b"<script>alert(1)</script>", "application/pdf")})
    assert fake.status_code == 200 and appeal.attachments.count() == 1


# --- residents: submission and tracking -----------------------------------------------------------


def test_a_resident_submits_online_and_gets_a_code(resident, topics, client):
    user = User.objects.create(username="resident-1", resident=resident)
    assert client.get(url("kk", "submit")).status_code == 302
    client.force_login(user)
    form = client.get(url("kk", "submit")).context["form"]
    response = client.post(url("kk", "submit"), {"token": form["token"].value(), "topic": topics["water"].pk,
                                                 "subject": "Су жоқ", "text": "Үш күн бойы су жоқ."})
    appeal = Appeal.objects.get()
    assert response.status_code == 302 and (appeal.channel, appeal.resident) == ("portal", resident)
    assert appeal.settlement == resident.settlement
    assert re.search(r'id="tracking-code">[A-Z0-9]{8}<', page(client.get(response.url)))
    neighbour = Client()
    neighbour.force_login(User.objects.create(username="resident-2"))
    assert neighbour.get(response.url).status_code == 404


def test_an_account_without_a_resident_record_is_told_what_to_do(client, db):
    client.force_login(User.objects.create(username="nobody"))
    response = client.get(url("ru", "submit"))
    assert response.status_code == 200 and response.context["no_resident"]


def test_tracking_by_number_and_code_shows_the_answer_and_takes_a_rating(people, register, client):
    appeal, code = register()
    services.assign(actor=people["akim"], appeal=appeal, executor=people["executor"])
    services.answer(actor=people["executor"], appeal=appeal, outcome=Outcome.EXPLAINED, text="Жол мамырда жөнделеді.")
    shown = client.post(url("ru", "track"), {"number": appeal.number, "code": code.lower()})
    assert shown.status_code == 200
    html = page(shown)
    assert "Жол мамырда жөнделеді." in html and "executor_a" in html and appeal.deadline.strftime("%d.%m.%Y") in html
    assert "Әлия" not in html and "+7701" not in html  # the page is public: no personal data

    rated = client.post(url("ru", "track_rate"), {"number": appeal.number, "code": code, "rating": "4",
                                                  "comment": "Спасибо"})
    assert rated.status_code == 200
    appeal.refresh_from_db()
    assert (appeal.rating, appeal.rating_comment) == (4, "Спасибо")
    assert AppealStep.objects.filter(appeal=appeal, kind="rated").exists()


def test_a_wrong_code_reveals_nothing_and_guessing_is_limited(register, client, settings):
    settings.TRACKING_MAX_FAILURES_PER_NUMBER = 5  # counted on the server: a new browser session does not help
    appeal, code = register()
    wrong = client.post(url("kk", "track"), {"number": appeal.number, "code": "AAAAAAAA"})
    unknown = client.post(url("kk", "track"), {"number": "111033000-2000-00001", "code": "AAAAAAAA"})
    assert wrong.status_code == unknown.status_code == 200
    assert appeal.subject not in page(wrong)
    assert wrong.context["form"].non_field_errors() == unknown.context["form"].non_field_errors()
    rate = client.post(url("kk", "track_rate"), {"number": appeal.number, "code": "AAAAAAAA", "rating": "1"})
    assert rate.status_code == 200 and Appeal.objects.get(pk=appeal.pk).rating is None
    for _i in range(3):
        client.post(url("kk", "track"), {"number": appeal.number, "code": "BBBBBBBB"})
    client.cookies.clear()
    refused = client.post(url("kk", "track"), {"number": appeal.number, "code": code})
    assert appeal.subject not in page(refused) and refused.context["form"].non_field_errors()


def test_reexamination_through_the_tracking_page(people, register, client):
    appeal, code = register()
    services.answer(actor=people["akim"], appeal=appeal, outcome=Outcome.REFUSED, text="Қаражат жоқ.")
    response = client.post(url("kk", "track_reexamine"), {"number": appeal.number, "code": code,
                                                          "reason": "Жол әлі бұзық."})
    assert response.status_code == 200
    appeal.refresh_from_db()
    assert appeal.status == Status.IN_PROGRESS and appeal.reexamination_count == 1
