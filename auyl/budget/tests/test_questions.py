"""A resident's question on a budget line becomes an appeal to the akim."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.appeals.models import Appeal
from auyl.budget import services

from .conftest import YEAR

CODE = "111033000"
ASK = f"/en/budget/d/{CODE}/{YEAR}/ask/expenditure/roads/"


@pytest.fixture
def published(make_budget):
    return make_budget("published")


def test_a_signed_in_resident_asks_and_gets_an_appeal_number(client, published, resident_user):
    client.force_login(resident_user)
    page = client.get(ASK)
    assert page.status_code == 200 and b"Roads and streets" in page.content
    token = page.context["form"]["token"].value()
    response = client.post(ASK, {"text": "Which streets will be repaired this year?", "token": token})
    assert response.status_code == 200
    appeal = Appeal.objects.get()
    assert appeal.number.encode() in response.content
    assert (appeal.source_type, appeal.source_id) == ("budget.line", f"{published.pk}:expenditure:roads")
    assert appeal.channel == "portal" and appeal.resident == resident_user.resident
    assert appeal.territory.code == CODE and appeal.topic.code == "economy-budget"
    assert appeal.subject == f"Budget {YEAR}: Roads and streets"
    again = client.post(ASK, {"text": "Which streets will be repaired this year?", "token": token})
    assert again.status_code == 200 and Appeal.objects.count() == 1  # a double click registers once


def test_an_anonymous_visitor_is_sent_to_sign_in(client, published):
    response = client.get(ASK)
    assert response.status_code == 302 and response["Location"].startswith("/en/accounts/")
    assert client.post(ASK, {"text": "Why?"}).status_code == 302
    assert not Appeal.objects.exists()


def test_an_account_without_a_registry_entry_cannot_ask(client, published, staff):
    from auyl.accounts.testing import force_staff_login

    force_staff_login(client, staff["akim_b"])
    response = client.post(ASK, {"text": "Why?"})
    assert response.status_code == 200 and b"not linked to the residents registry" in response.content
    assert not Appeal.objects.exists()


@pytest.mark.parametrize(
    "lang, text, message",
    [
        ("ru", "", ""),
        ("en", "", "Write your question."),
        ("en", "x" * 5001, "too long"),
    ],
)
def test_a_bad_question_is_refused_with_a_message(client, published, resident_user, lang, text, message):
    client.force_login(resident_user)
    response = client.post(f"/{lang}/budget/d/{CODE}/{YEAR}/ask/expenditure/roads/", {"text": text})
    assert response.status_code == 200 and b'role="alert"' in response.content
    if lang == "en":  # kk and ru read the lead's catalogues
        assert message.encode() in response.content
    assert not Appeal.objects.exists()


def test_a_draft_line_cannot_be_asked_about(make_budget, resident_user, english):
    budget = make_budget("planned")
    line = budget.versions.get().lines.get(code="roads")
    with pytest.raises(ValidationError):
        services.ask_about_line(actor=resident_user, budget=budget, line=line, text="Why?")
    with pytest.raises(PermissionDenied):
        services.ask_about_line(actor=None, budget=budget, line=line, text="Why?")
    assert not Appeal.objects.exists()
