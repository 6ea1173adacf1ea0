"""The pages: registry, duplications, transfers, the level report files and the public page."""

import io

import pytest
from django.utils import translation

from auyl.accounts.testing import en_reverse, force_staff_login
from auyl.powers import selectors
from auyl.powers.models import Body, DuplicateCandidate, Power, TransferProposal
from auyl.powers.services import register_power


@pytest.fixture
def data(bodies, supervisor):
    fairs = register_power(
        actor=supervisor,
        body=bodies["district"],
        name_ru="Организация ярмарок",
        name_kk="Жәрмеңкелерді ұйымдастыру",
        legal_basis="Закон о МГУ ст. 31",
        programme_code="amenities",
        staff_hours=200,
    )
    register_power(
        actor=supervisor,
        body=bodies["rd_a"],
        name_ru="Проведение ярмарок",
        name_kk="Жәрмеңке өткізу",
        legal_basis="Закон о МГУ, ст.31",
    )
    return {"fairs": fairs}


@pytest.fixture
def sup_client(client, supervisor):
    force_staff_login(client, supervisor)
    return client


def test_registry_shows_levels_in_kazakh_and_russian(client, akim_a, data, tree):
    force_staff_login(client, akim_a)
    for lang, name, level in (
        ("kk", "Жәрмеңкелерді ұйымдастыру", "Аудан"),
        ("ru", "Организация ярмарок", "Район"),
    ):
        with translation.override(lang):
            from django.urls import reverse

            page = client.get(reverse("powers:registry", args=[tree["rd_a"].code]))
        assert page.status_code == 200
        text = page.content.decode()
        assert name in text and level in text and "200" in text


def test_neighbouring_akim_is_refused(client, akim_b, data, tree):
    force_staff_login(client, akim_b)
    assert client.get(en_reverse("powers:registry", tree["rd_a"].code)).status_code == 403
    assert client.get(en_reverse("powers:report", tree["rd_a"].code, "csv")).status_code == 403


def test_bad_function_on_the_page_shows_a_message_and_stores_nothing(sup_client, data, bodies, tree):
    url = en_reverse("powers:registry", tree["district"].code)
    page = sup_client.post(
        url,
        {
            "form": "power",
            "body": bodies["district"].pk,
            "name_ru": "организация ЯРМАРОК",
            "staff_hours": "-3",
        },
    )
    assert page.status_code == 200
    assert "Staff time cannot be negative." in page.content.decode()
    page = sup_client.post(
        url, {"form": "power", "body": bodies["district"].pk, "name_ru": "организация ЯРМАРОК"}
    )
    assert "already exercises a function with this name" in page.content.decode()
    page = sup_client.post(url, {"form": "body", "level": "county", "name_ru": "Отдел"})
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
    assert Power.objects.count() == 2 and Body.objects.count() == 3


def test_report_files(sup_client, data, tree):
    csv_response = sup_client.get(en_reverse("powers:report", tree["rd_a"].code, "csv"))
    text = csv_response.content.decode("utf-8-sig")
    assert "Жәрмеңкелерді ұйымдастыру" in text and "District" in text and "Rural district (village)" in text
    from openpyxl import load_workbook

    xlsx = sup_client.get(en_reverse("powers:report", tree["rd_a"].code, "xlsx"))
    book = load_workbook(io.BytesIO(xlsx.content))
    assert [s.title for s in book.worksheets] == ["1. District", "2. Rural district (village)"]
    assert sup_client.get(en_reverse("powers:report", tree["rd_a"].code, "doc")).status_code == 404


def test_duplications_found_and_decided_on_the_page(sup_client, data, tree):
    url = en_reverse("powers:duplicates", tree["district"].code)
    sup_client.post(url)
    candidate = DuplicateCandidate.objects.get()
    assert "Same legal basis" in sup_client.get(url).content.decode()
    sup_client.post(
        en_reverse("powers:decide", tree["district"].code, candidate.pk),
        {"decision": "to_transfer", "note": "hand to the village"},
    )
    candidate.refresh_from_db()
    assert candidate.decision == "to_transfer"
    sup_client.post(en_reverse("powers:decide", tree["district"].code, candidate.pk), {"decision": "perhaps"})
    candidate.refresh_from_db()
    assert candidate.decision == "to_transfer"


def test_propose_with_negative_financing_then_approve(client, akim_a, supervisor, data, bodies, tree):
    force_staff_login(client, akim_a)
    url = en_reverse("powers:transfers", tree["rd_a"].code)
    form = {
        "from_body": bodies["district"].pk,
        "to_body": bodies["rd_a"].pk,
        "power": data["fairs"].pk,
        "financing": "-100",
    }
    page = client.post(url, form)
    assert page.status_code == 200 and "Financing cannot be negative." in page.content.decode()
    page = client.post(
        url,
        {
            **form,
            "from_body": bodies["rd_a"].pk,
            "to_body": bodies["district"].pk,
            "power": "",
            "title_ru": "Ярмарки",
            "financing": "5",
        },
    )
    assert "only be transferred to a lower level" in page.content.decode()
    assert not TransferProposal.objects.exists()
    client.post(url, {**form, "financing": "2500000"})
    proposal = TransferProposal.objects.get()
    detail = en_reverse("powers:transfer", tree["rd_a"].code, proposal.pk)
    assert "Next step" not in client.get(detail).content.decode()  # the receiving akim does not decide
    force_staff_login(client, supervisor)
    client.post(detail, {"status": "under_review"})
    client.post(detail, {"status": "approved", "decision_number": "7"})
    proposal.refresh_from_db()
    assert proposal.status == "approved"
    public = client.get(en_reverse("powers:public", tree["rd_a"].code)).content.decode()
    assert "Жәрмеңкелерді ұйымдастыру" in public and "Approved" in public
    assert selectors.public_for(tree["rd_a"])[0]["status"] == "Approved"
