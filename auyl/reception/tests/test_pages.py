"""The pages: public booking in Kazakh and Russian, a resident booking online, the staff queue with
its buttons, recording a visit as appeals, booking for a resident; other districts' staff are kept out."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from auyl.accounts.testing import force_staff_login
from auyl.appeals.models import Appeal, Channel
from auyl.reception import services
from auyl.reception.models import Booking, Status

from .conftest import THURSDAY, TUESDAY


def url(name, *args, lang="en", **query):
    with translation.override(lang):
        path = reverse(name, args=args)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.mark.parametrize(("lang", "words"), [
    ("kk", ["Әкімнің жеке қабылдауы", "Сейсенбі", "бос уақыт", "Брондау үшін телефонмен кіріңіз"]),
    ("ru", ["Личный приём акима", "Вторник", "свободн", "Войдите по телефону, чтобы записаться"]),
])
def test_public_page_speaks_kazakh_and_russian(client, tree, lang, words):
    page = client.get(url("reception:book", tree["rd_a"].code, lang=lang)).content.decode()
    assert f'lang="{lang}"' in page and "10:00" in page and "11:45" in page
    for word in words:
        assert word in page, word


def test_unknown_or_non_primary_unit_is_404(client, tree):
    assert client.get(url("reception:book", "999999999")).status_code == 404
    assert client.get(url("reception:book", tree["district"].code)).status_code == 404
    assert client.get(url("reception:book", "abc")).status_code == 404


def test_anonymous_post_goes_to_phone_sign_in(client, tree):
    response = client.post(url("reception:book", tree["rd_a"].code),
                           {"date": THURSDAY.isoformat(), "slot_time": "10:00", "visitor_name": "x", "phone": "y"})
    assert response.status_code == 302 and reverse("accounts:resident_login") in response.url
    assert Booking.objects.count() == 0


def test_resident_books_online_and_a_double_click_books_once(client, tree, resident_user):
    client.force_login(resident_user)
    page_url = url("reception:book", tree["rd_a"].code, date=THURSDAY.isoformat())
    page = client.get(page_url).content.decode()
    assert 'value="Сейтқали Әлия"' in page and 'value="+77011112233"' in page and "disabled" in page
    data = {"date": THURSDAY.isoformat(), "slot_time": "10:15", "visitor_name": "Сейтқали Әлия", "note": "Жол"}
    first = client.post(page_url, data)
    second = client.post(page_url, data)
    assert first.status_code == second.status_code == 302
    booking = Booking.objects.get()
    assert booking.slot_time == dt.time(10, 15) and booking.phone == "+77011112233"
    page = client.get(first.url).content.decode()
    assert "Your bookings" in page and "queue number 1" in page


def test_page_shows_the_reason_a_booking_is_refused(client, tree, resident_user, registrar):
    services.book(actor=registrar, territory=tree["rd_a"], date=THURSDAY, slot_time=dt.time(10, 0),
                  visitor_name="Басқа Адам", phone="+77015550000")
    client.force_login(resident_user)
    with translation.override("ru"):
        expected = translation.gettext("This time is already taken: choose another.")
    response = client.post(url("reception:book", tree["rd_a"].code, lang="ru"),
                           {"date": THURSDAY.isoformat(), "slot_time": "10:00", "visitor_name": "Әлия"})
    assert response.status_code == 200 and expected in response.content.decode() and "занято" in expected
    response = client.post(url("reception:book", tree["rd_a"].code),
                           {"date": "2030-04-03", "slot_time": "10:00", "visitor_name": "Әлия"})
    assert "The akim does not receive residents on this day." in response.content.decode()
    assert Booking.objects.count() == 1


def test_resident_cancels_their_booking_on_the_page(client, tree, resident_user, registrar):
    booking = services.book(actor=resident_user, territory=tree["rd_a"], date=THURSDAY, slot_time=dt.time(11, 0))
    someone_else = services.book(actor=registrar, territory=tree["rd_a"], date=THURSDAY, slot_time=dt.time(10, 0),
                                 visitor_name="Басқа Адам", phone="+77015550000")
    client.force_login(resident_user)
    assert client.post(url("reception:cancel", tree["rd_a"].code, someone_else.pk)).status_code == 404
    response = client.post(url("reception:cancel", tree["rd_a"].code, booking.pk))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Status.CANCELLED


@pytest.fixture
def tuesday_queue(tree, registrar, clock):
    clock.set(TUESDAY - dt.timedelta(days=1))
    first = services.book(actor=registrar, territory=tree["rd_a"], date=TUESDAY, slot_time=dt.time(10, 30),
                          visitor_name="Алиев Марат", phone="+77010000012")
    second = services.book(actor=registrar, territory=tree["rd_a"], date=TUESDAY, slot_time=dt.time(10, 0),
                           visitor_name="Бекова Дана", phone="+77010000011")
    clock.set(TUESDAY, dt.time(10, 5))
    return first, second


@pytest.mark.parametrize(("lang", "word"), [("kk", "Қабылдау кезегі"), ("ru", "Очередь на приём")])
def test_queue_page_in_kazakh_and_russian(staff_client, tree, tuesday_queue, lang, word):
    page = staff_client.get(url("reception:queue", tree["rd_a"].code, lang=lang)).content.decode()
    assert word in page and page.index("Алиев Марат") < page.index("Бекова Дана")


def test_staff_buttons_run_the_queue(staff_client, tree, tuesday_queue, topics):
    first, second = tuesday_queue
    code = tree["rd_a"].code
    assert staff_client.post(url("reception:arrived", code, first.pk)).status_code == 302
    assert staff_client.post(url("reception:no_show", code, second.pk)).status_code == 302
    response = staff_client.post(url("reception:queue", code), {"visitor_name": "Омаров Ерлан", "phone": ""})
    assert response.status_code == 302
    statuses = dict(Booking.objects.values_list("visitor_name", "status"))
    assert statuses == {"Алиев Марат": "arrived", "Бекова Дана": "no_show", "Омаров Ерлан": "arrived"}

    visit_url = url("reception:visit", code, first.pk)
    form = staff_client.get(visit_url).content.decode()
    assert "Roads" in form and "Retired topic" not in form and 'for="id_appeals-0-subject"' in form
    response = staff_client.post(visit_url, {
        "appeals-TOTAL_FORMS": "3", "appeals-INITIAL_FORMS": "0", "appeals-MIN_NUM_FORMS": "1",
        "appeals-MAX_NUM_FORMS": "10",
        "appeals-0-topic": topics["roads"].pk, "appeals-0-subject": "Жол", "appeals-0-text": "Шұңқыр",
        "appeals-1-topic": topics["water"].pk, "appeals-1-subject": "Су", "appeals-1-text": "Су жоқ",
        "appeals-2-topic": "", "appeals-2-subject": "", "appeals-2-text": "",
        "applicant_address": "",
    })
    assert response.status_code == 200
    appeals = list(Appeal.objects.order_by("seq"))
    assert len(appeals) == 2 and all(a.channel == Channel.RECEPTION for a in appeals)
    page = response.content.decode()
    assert all(a.number in page for a in appeals)
    assert 'class="code tracking">—<' not in page  # the tracking codes are shown (once)
    first.refresh_from_db()
    assert first.status == Status.SEEN and first.appeal_links.count() == 2


def test_visit_form_errors_are_shown_and_nothing_is_registered(staff_client, tree, tuesday_queue, topics):
    first, _second = tuesday_queue
    response = staff_client.post(url("reception:visit", tree["rd_a"].code, first.pk), {
        "appeals-TOTAL_FORMS": "1", "appeals-INITIAL_FORMS": "0", "appeals-MIN_NUM_FORMS": "1",
        "appeals-MAX_NUM_FORMS": "10", "appeals-0-topic": "", "appeals-0-subject": "", "appeals-0-text": "",
    })
    assert response.status_code == 200 and Appeal.objects.count() == 0
    assert 'class="error"' in response.content.decode()


def test_staff_book_for_a_found_resident(staff_client, tree, resident_user):
    code = tree["rd_a"].code
    found = staff_client.get(url("reception:staff_book", code, q="сейтқали")).content.decode()
    assert "Сейтқали Әлия" in found
    resident = resident_user.resident
    page_url = url("reception:staff_book", code, resident=resident.pk, date=THURSDAY.isoformat())
    assert 'value="Сейтқали Әлия"' in staff_client.get(page_url).content.decode()
    response = staff_client.post(page_url, {"date": THURSDAY.isoformat(), "slot_time": "11:00",
                                            "visitor_name": "Сейтқали Әлия", "phone": "+77011112233",
                                            "resident": resident.pk})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.resident == resident and booking.booked_by.username == "registrar-a"


def test_other_district_staff_are_kept_out(client, tree, tuesday_queue, other_registrar):
    force_staff_login(client, other_registrar)
    code = tree["rd_a"].code
    first, _second = tuesday_queue
    assert client.get(url("reception:queue", code)).status_code == 403
    assert client.get(url("reception:staff_book", code)).status_code == 403
    assert client.post(url("reception:arrived", code, first.pk)).status_code == 404
    assert client.get(url("reception:visit", code, first.pk)).status_code == 404
    assert client.post(url("reception:queue", code), {"visitor_name": "Бөтен"}).status_code == 403
    first.refresh_from_db()
    assert first.status == Status.BOOKED and Booking.objects.count() == 2


def test_staff_home_leads_to_the_only_queue(staff_client, tree):
    response = staff_client.get(url("reception:staff_home"))
    assert response.status_code == 302 and response.url.endswith(f"/reception/{tree['rd_a'].code}/queue/")


def test_anonymous_is_sent_to_staff_sign_in(client, tree):
    response = client.get(url("reception:queue", tree["rd_a"].code))
    assert response.status_code == 302 and reverse("accounts:login") in response.url
