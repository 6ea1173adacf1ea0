"""The public site as a resident meets it: search, browse, the page of a rural district, languages."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from auyl.territory.models import Level, Office
from auyl.territory.testing import make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(tree):
    return Office.objects.create(
        territory=tree["rd_a"],
        akim_name="Сейітқали Нұрлан Бекұлы",
        address_kk="Қызыл Жар ауылы, Абай көшесі, 12",
        address_ru="село Кызыл Жар, улица Абая, 12",
        phone="8 (7162) 25-13-47",
        email="kyzylzhar@akmola.gov.kz",
        reception_kk="Сейсенбі, 10:00–12:00",
        reception_ru="Вторник, 10:00–12:00",
    )


def translated(language, message):
    with translation.override(language):
        return translation.gettext(message)


# --- Home: search -------------------------------------------------------------------------------


def test_home_search_by_cyrillic_name_lists_unit_with_district_and_region(client, tree):
    response = client.get("/kk/", {"q": "шағалалы"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Шағалалы ауылдық округі" in page
    assert "/kk/d/111035000/" in page
    assert "Көкшетау, Ақмола облысы" in page
    assert "Қызылжар ауылдық округі" not in page


def test_home_search_by_kato_code_prefix(client, tree):
    page = client.get("/ru/", {"q": "11103"}).content.decode()
    assert "/ru/d/111033000/" in page
    assert "/ru/d/111035000/" in page
    # A code prefix does not list every village as a reason for the match.
    assert "Қызыл Жұлдыз" not in page

    page = client.get("/ru/", {"q": "1110331"}).content.decode()
    assert "/ru/d/111033000/" not in page

    # The full code of a village leads to its rural district.
    page = client.get("/ru/", {"q": "111033200"}).content.decode()
    assert "/ru/d/111033000/" in page
    assert "<mark>Қызыл Жұлдыз</mark>" in page


def test_home_search_by_village_name_leads_to_its_rural_district(client, tree):
    page = client.get("/en/", {"q": "Ақкөл"}).content.decode()
    assert "/en/d/111035000/" in page
    assert "<mark>Ақкөл</mark>" in page


def test_home_search_without_match_says_so_and_survives_odd_input(client, tree):
    for query in ["zzzz", "%", "'; drop table", "x" * 5000, "   "]:
        response = client.get("/ru/", {"q": query})
        assert response.status_code == 200
    page = client.get("/en/", {"q": "zzzz"}).content.decode()
    assert "Nothing found" in page


def test_home_lists_regions_and_region_page_lists_districts(client, tree):
    page = client.get("/kk/").content.decode()
    assert 'href="/kk/t/110000000/"' in page
    region = client.get("/kk/t/110000000/").content.decode()
    assert 'href="/kk/t/111000000/"' in region
    assert "Көкшетау" in region
    district = client.get("/kk/t/111000000/").content.decode()
    assert 'href="/kk/d/111033000/"' in district
    assert 'href="/kk/d/111035000/"' in district


def test_browse_lists_units_in_kazakh_alphabetical_order(client, tree):
    # Plain code-point order would put Қ after Ш; the Kazakh alphabet puts it before.
    district = client.get("/kk/t/111000000/").content.decode()
    assert district.index("Қызылжар ауылдық округі") < district.index("Шағалалы ауылдық округі")
    make_unit("111037000", Level.RURAL_DISTRICT, "Әйтей ауылдық округі", tree["district"])
    district = client.get("/kk/t/111000000/").content.decode()
    assert district.index("Әйтей") < district.index("Қызылжар ауылдық округі")


# --- Rural district page ------------------------------------------------------------------------


def test_rural_district_page_shows_akim_contacts_and_settlements(client, tree, office):
    response = client.get("/ru/d/111033000/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Қызылжар ауылдық округі</h1>" in page
    assert "Сейітқали Нұрлан Бекұлы" in page
    assert "село Кызыл Жар, улица Абая, 12" in page  # address in the active language
    assert 'href="tel:+77162251347"' in page
    assert 'href="mailto:kyzylzhar@akmola.gov.kz"' in page
    assert "Вторник, 10:00–12:00" in page
    assert "Қызыл Жар" in page and "Қызыл Жұлдыз" in page
    assert "12\u00a0361" in page and "8\u00a0900" in page  # population, adults
    assert "12\u00a0405" in page and "8\u00a0930" in page  # totals
    assert "111033000" in page
    # Breadcrumb of ancestors links to their pages.
    assert 'href="/ru/t/110000000/"' in page and 'href="/ru/t/111000000/"' in page


def test_rural_district_page_in_kazakh_uses_kazakh_office_fields(client, tree, office):
    page = client.get("/kk/d/111033000/").content.decode()
    assert "Қызыл Жар ауылы, Абай көшесі, 12" in page
    assert "Сейсенбі, 10:00–12:00" in page


def test_rural_district_page_without_office_or_figures(client, tree):
    make_unit("111035500", Level.SETTLEMENT, "Жаңаауыл", tree["rd_b"])  # population unknown
    response = client.get("/en/d/111035000/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Шағалалы" in page and "Жаңаауыл" in page
    assert "1,200" in page  # total of the known figures


def test_rural_district_page_for_district_code_redirects_to_browse_page(client, tree):
    response = client.get("/kk/d/111000000/")
    assert response.status_code == 302
    assert response["Location"] == "/kk/t/111000000/"
    response = client.get("/kk/t/111033000/")
    assert response["Location"] == "/kk/d/111033000/"


@pytest.mark.parametrize(
    "path",
    [
        "/ru/d/999999999/",  # unknown
        "/ru/d/11103300/",  # invalid: 8 digits
        "/ru/d/abc/",  # invalid
        "/ru/d/111033100/",  # a village, not a rural district
        "/ru/t/111033100/",
        "/ru/t/000000000/",
    ],
)
def test_unknown_or_wrong_code_is_a_translated_404(client, tree, path):
    response = client.get(path)
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="ru"' in page
    assert translated("ru", "Page not found") in page
    assert 'name="q"' in page  # the 404 page offers the search


def test_404_is_rendered_in_the_language_of_the_prefix(client, tree):
    page = client.get("/en/d/999999999/").content.decode()
    assert '<html lang="en"' in page
    assert "Page not found" in page


def test_stylesheet_is_found_by_staticfiles():
    """Without it every page is unstyled (runserver, live server, collectstatic for production)."""
    from django.contrib.staticfiles import finders

    assert finders.find("auyl/site.css"), "add STATICFILES_DIRS = [BASE_DIR / 'auyl' / 'static'] to settings"


def test_server_error_page_needs_no_context():
    with translation.override("ru"):
        page = render_to_string("500.html")
    assert '<html lang="ru"' in page
    assert translated("ru", "Server error") in page


# --- Languages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_language_prefix_serves_the_pages(client, tree, office, language):
    for path in ["/", "/t/110000000/", "/d/111033000/"]:
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        assert f'<html lang="{language}"' in response.content.decode()


def test_root_redirects_to_a_language(client, tree):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/kk/"


def test_language_switcher_offers_the_same_page_in_each_language(client, tree):
    page = client.get("/kk/d/111033000/", {"q": "x"}).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert 'name="next" value="/ru/d/111033000/?q=x"' in page
    assert 'name="next" value="/en/d/111033000/?q=x"' in page
    assert 'hreflang="ru" href="/ru/d/111033000/?q=x"' in page


@pytest.mark.parametrize("accept_language", ["", "en-US,en;q=0.9", "ru", "kk"])
def test_set_language_keeps_the_page(client, tree, accept_language):
    """Whatever language the browser asks for, switching keeps the page and changes the prefix."""
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    page = client.get("/kk/d/111033000/", **headers).content.decode()
    next_ru = "/ru/d/111033000/"
    assert f'name="next" value="{next_ru}"' in page
    response = client.post("/i18n/setlang/", {"language": "ru", "next": next_ru}, **headers)
    assert response.status_code == 302
    assert response["Location"] == "/ru/d/111033000/"
    assert response.cookies["django_language"].value == "ru"
    followed = client.get(response["Location"], **headers)
    assert followed.status_code == 200
    assert '<html lang="ru"' in followed.content.decode()


def test_switching_language_on_a_404_page_keeps_the_address(client, tree):
    page = client.get("/kk/d/999999999/").content.decode()
    assert 'name="next" value="/ru/d/999999999/"' in page


# --- What is happening in the rural district -------------------------------------------------------


def test_rural_district_page_shows_the_next_published_meeting_and_nothing_unpublished(client, tree, make_staff):
    import datetime as dt

    from django.utils import timezone

    from auyl.assemblies import services
    from auyl.core.roles import Role

    registrar = make_staff(Role.REGISTRAR, tree["rd_a"])
    starts = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=12), dt.time(18)))

    def convene(title):
        return services.convene_meeting(actor=registrar, territory=tree["village_a1"], kind="gathering",
                                        title=title, starts_at=starts, venue="Мәдениет үйі",
                                        agenda=[{"kind": "local_question", "title": "Көше жарығы"}])

    published = services.publish_notice(actor=registrar, meeting=convene("Көше жарығы туралы жиын"))
    convene("Әлі жарияланбаған жиын")  # a draft stays off the public page
    page = client.get(f"/kk/d/{tree['rd_a'].code}/").content.decode()
    assert "Көше жарығы туралы жиын" in page and "Әлі жарияланбаған жиын" not in page
    assert f"/kk/meetings/d/{tree['rd_a'].code}/{published.pk}/" in page
    assert translated("kk", "Nothing is open for residents right now.") in page
    other = client.get(f"/kk/d/{tree['rd_b'].code}/").content.decode()
    assert "Көше жарығы туралы жиын" not in other and translated("kk", "No meetings have been announced.") in other
