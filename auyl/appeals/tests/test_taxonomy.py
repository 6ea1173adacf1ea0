"""The topic taxonomy rolls up into each of the four official forms, and loading it is idempotent."""

import pytest
from django.core.validators import validate_slug
from django.utils import translation

from auyl.appeals import taxonomy
from auyl.appeals.models import Topic

KAZAKH_LETTERS = set("әғқңөұүһі")


def test_the_four_forms_have_the_rows_of_the_sources():
    assert [r.code for r in taxonomy.FORM_826.rows] == [str(n) for n in range(1, 13)]
    assert len(taxonomy.FORM_SECTOR_7.rows) == 7
    assert len(taxonomy.FORM_TOPIC_10.rows) == 10
    assert len(taxonomy.FORM_RECEPTION_16.rows) == 16
    # Read from the header of the reception table (002:511-518), in its order.
    assert taxonomy.FORM_RECEPTION_16.rows[3].ru == "Недропользование"
    assert taxonomy.FORM_RECEPTION_16.rows[-1].ru == "Другие"
    assert taxonomy.FORM_TOPIC_10.rows[8].ru == "Жалобы на должностные лица"
    assert taxonomy.FORM_SECTOR_7.rows[0].kk == "Әлеуметтік сала"


@pytest.mark.parametrize("form", list(taxonomy.FORMS))
def test_every_topic_maps_to_exactly_one_valid_row_and_every_row_is_reachable(form):
    official = taxonomy.FORMS[form]
    codes = [row.code for row in official.rows]
    assert len(set(codes)) == len(codes)
    reached = set()
    for topic in taxonomy.TOPICS:
        row = taxonomy.row_of(topic, form)
        assert row in codes, f"{topic.code} maps to unknown {form} row {row!r}"
        reached.add(row)
    assert reached == set(codes), f"{form} rows nobody can reach: {set(codes) - reached}"


def test_topics_are_uniquely_coded_named_in_three_languages_and_flagged():
    codes = [t.code for t in taxonomy.TOPICS]
    assert len(codes) == len(set(codes))
    assert 25 <= len(codes) <= 50
    for topic in taxonomy.TOPICS:
        validate_slug(topic.code)  # editable in the admin, usable as an Open311 service code
        assert topic.kk and topic.ru and topic.en
    assert any(KAZAKH_LETTERS & set(t.kk) for t in taxonomy.TOPICS)
    emergency = {t.code for t in taxonomy.TOPICS if t.is_emergency}
    assert {"housing-heating", "utilities-water-outage", "emergency-flood", "emergency-fire"} <= emergency
    complaints = [t for t in taxonomy.TOPICS if t.is_official_complaint]
    assert complaints and all(t.topic_10 == "official_complaints" for t in complaints)


def test_labels_follow_the_active_language():
    row = taxonomy.FORM_SECTOR_7.rows[1]
    for lang, expected in (("kk", "Тұрғын үй-коммуналдық шаруашылығы"), ("ru", "Жилищно-коммунальное хозяйство"),
                           ("en", "Housing and communal services")):
        with translation.override(lang):
            assert taxonomy.localized(row) == expected


@pytest.mark.django_db
def test_load_topics_is_idempotent_and_repairs_changed_rows():
    taxonomy.load_topics()  # the post_migrate hook may already have run: either way the table is complete
    assert taxonomy.load_topics() == {"created": 0, "updated": 0, "retired": 0}
    assert Topic.objects.count() >= len(taxonomy.TOPICS)
    heating = Topic.objects.get(code="housing-heating")
    assert (heating.form_826, heating.sector_7, heating.topic_10, heating.reception_16) == (
        4, "housing_communal", "housing_communal", "housing_communal")
    assert heating.is_emergency and heating.is_active
    Topic.objects.filter(code="housing-heating").update(form_826=12, name_ru="испорчено", is_active=False)
    assert taxonomy.load_topics()["updated"] == 1
    heating.refresh_from_db()
    assert (heating.form_826, heating.name_ru, heating.is_active) == (4, "Теплоснабжение", True)


@pytest.mark.django_db
def test_load_topics_keeps_a_topic_an_administrator_added():
    taxonomy.load_topics()
    Topic.objects.create(code="local-custom", name_ru="Местная тема", form_826=12, sector_7="social",
                         topic_10="other", reception_16="other")
    taxonomy.load_topics()
    assert Topic.objects.get(code="local-custom").is_active


@pytest.mark.django_db
def test_the_post_migrate_hook_loads_the_topics(django_db_setup):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    Topic.objects.all().delete()
    config = apps.get_app_config("appeals")
    taxonomy.connect(config)
    post_migrate.send(sender=config, app_config=config, using="default", apps=apps, verbosity=0,
                      interactive=False, plan=[])
    assert Topic.objects.count() == len(taxonomy.TOPICS)
