"""The pages: sending through the form, the recipient's acknowledgement and report, the sender's overview,
who may see what, files and the public page, in Kazakh and Russian."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.documents.models import Acknowledgement, Document, DocumentFile, Report

from .conftest import NOW, pdf_file

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    force_staff_login(client, user)
    return client


def url(name, *args, lang="kk"):
    with translation.override(lang):
        return reverse(f"documents:{name}", args=args or None)


def test_sending_through_the_form(tree, staff):
    client = signed_in(staff["supervisor"])
    page = client.get(url("send") + "?unit=111000000")
    assert page.status_code == 200 and 'name="units"' in page.content.decode()
    response = client.post(
        url("send"),
        {
            "unit": "111000000",
            "kind": "report_request",
            "title": "Есеп",
            "body": "Мәтін",
            "level": "rural_district",
            "report_due": "2030-04-09",
            "files": [pdf_file()],
        },
    )
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == url("detail", document.pk)
    assert document.recipients.count() == 2 and DocumentFile.objects.count() == 1


def test_the_form_shows_bad_input_and_stores_nothing(tree, staff):
    client = signed_in(staff["supervisor"])
    with translation.override("ru"):
        response = client.post(
            url("send", lang="ru"),
            {"unit": "111000000", "kind": "plan", "title": "План", "report_due": "2030-03-01", "level": ""},
        )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="field-report_due"' in html and "has-error" in html and 'id="recipients"' in html
    assert not Document.objects.exists()
    outside = client.post(
        url("send"), {"unit": "111000000", "kind": "plan", "title": "План", "units": ["112033000"]}
    )
    assert outside.status_code == 200 and not Document.objects.exists()


def test_a_rural_akim_cannot_send(tree, staff):
    assert signed_in(staff["akim_a"]).get(url("send") + "?unit=111000000").status_code == 403
    assert signed_in(staff["other_supervisor"]).get(url("send") + "?unit=111000000").status_code == 403


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_acknowledge_report_and_overview(send, tree, staff, clock, lang):
    document = send(report_due=NOW.date() + dt.timedelta(days=2))
    akim = signed_in(staff["akim_a"])
    detail = url("detail", document.pk, lang=lang)
    page = akim.get(detail)
    assert page.status_code == 200 and 'id="acknowledge-111033000"' in page.content.decode()
    assert 'id="acknowledge-111035000"' not in page.content.decode()  # not this akim's unit
    akim.post(url("acknowledge", document.pk, "111033000", lang=lang))
    assert Acknowledgement.objects.get().acknowledged_by == staff["akim_a"]
    twice = akim.post(url("acknowledge", document.pk, "111033000", lang=lang), follow=True)
    assert 'class="message error"' in twice.content.decode() and Acknowledgement.objects.count() == 1
    akim.post(url("report", document.pk, "111033000", lang=lang), {"text": "Дайын", "files": [pdf_file()]})
    assert Report.objects.get().files.count() == 1
    clock.shift(days=3)
    overview = signed_in(staff["supervisor"]).get(detail).content.decode()
    assert 'id="overview-111035000" class="doc-overdue"' in overview
    assert 'data-report="overdue"' in overview and 'data-report="on-time"' in overview
    assert '<dd id="sum-overdue">1</dd>' in overview


def test_a_unit_not_addressed_is_told_and_nothing_is_stored(send, tree, staff):
    document = send(level="", units=[tree["rd_a"]])
    assert signed_in(staff["akim_b"]).get(url("detail", document.pk)).status_code == 404
    assert signed_in(staff["akim_b"]).post(url("acknowledge", document.pk, "111035000")).status_code == 404
    # a unit that can see the document (rd_a's akim) posting for another unit
    response = signed_in(staff["akim_a"]).post(url("acknowledge", document.pk, "111035000"), follow=True)
    assert response.status_code == 200 and 'class="message error"' in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_bad_report_shows_the_form_again(send, tree, staff):
    document = send()
    response = signed_in(staff["akim_a"]).post(
        url("report", document.pk, "111033000"), {"text": "x", "files": [pdf_file("a.jpg")]}
    )
    assert response.status_code == 400 and "has-error" in response.content.decode()
    assert not Report.objects.exists()


def test_home_lists_inbox_and_sent(send, tree, staff):
    document = send()
    assert (
        f'id="inbox-{document.pk}-111033000"' in signed_in(staff["akim_a"]).get(url("home")).content.decode()
    )
    supervisor_home = signed_in(staff["supervisor"]).get(url("home", lang="ru")).content.decode()
    assert f'id="sent-{document.pk}"' in supervisor_home and 'id="send-from-111000000"' in supervisor_home
    assert Client().get(url("home")).status_code == 302  # sign in first


def test_files_and_the_public_page(send, tree, staff):
    private = send(files=[pdf_file("secret.pdf")])
    public = send(files=[pdf_file("open.pdf")], is_public=True, kind="programme", report_due=None)
    secret = DocumentFile.objects.get(original_name="secret.pdf")
    opened = DocumentFile.objects.get(original_name="open.pdf")
    assert Client().get(url("file", secret.pk)).status_code == 404
    assert signed_in(staff["other_akim"]).get(url("file", secret.pk)).status_code == 404
    assert signed_in(staff["akim_b"]).get(url("file", secret.pk)).status_code == 200
    assert Client().get(url("file", opened.pk)).status_code == 200
    assert Client().get(url("public", private.pk)).status_code == 404
    page = Client().get(url("public", public.pk, lang="ru"))
    assert page.status_code == 200 and "open.pdf" in page.content.decode()
