"""Fixtures of the appeals tests: topics, people holding roles on the test tree, a registration helper."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from auyl.accounts.testing import make_staff_user
from auyl.core.roles import Role
from auyl.territory.models import Resident


@pytest.fixture
def _english():
    """Assertions read the English messages; kk/ru catalogues are checked in core's test_languages.
    (Not autouse: other test modules of this directory check pages in Kazakh and Russian.)"""
    with translation.override("en"):
        yield


def _topic(code, form_826, **flags):
    from auyl.appeals.models import Topic

    return Topic.objects.create(code=f"t-{code}", name_en=code.title(), name_ru=code, name_kk=code,
                                form_826=form_826, sector_7="housing", topic_10="housing", reception_16="other",
                                **flags)


@pytest.fixture
def topics(db):
    return {
        "roads": _topic("roads", 6),
        "water": _topic("water", 8, is_emergency=True),
        "official": _topic("official", 12, is_official_complaint=True),
        "land": _topic("land", 5),
    }


@pytest.fixture
def people(tree, settings):
    """Staff of rural district A (and one akim of B, one district supervisor above both).
    Passwords are hashed with a fast hasher here: Argon2 would spend seconds per test on eight users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    def staff(role, unit, name, **extra):
        user = make_staff_user(role, tree[unit], username=name)
        user.preferred_language = "en"  # messages to these staff are asserted in English
        for field, value in extra.items():
            setattr(user, field, value)
        user.save()
        return user

    return {
        "registrar": staff(Role.REGISTRAR, "rd_a", "registrar_a"),
        "executor": staff(Role.EXECUTOR, "rd_a", "executor_a", email="executor@akimat.kz"),
        "executor2": staff(Role.EXECUTOR, "rd_a", "executor_a2", phone="+77015550002"),
        "akim": staff(Role.AKIM, "rd_a", "akim_a", email="akim.a@akimat.kz"),
        "akim_b": staff(Role.AKIM, "rd_b", "akim_b", email="akim.b@akimat.kz"),
        "executor_b": staff(Role.EXECUTOR, "rd_b", "executor_b", email="exec.b@akimat.kz"),
        "supervisor": staff(Role.DISTRICT_SUPERVISOR, "district", "supervisor", email="district@akimat.kz"),
        "auditor": staff(Role.AUDITOR, "rd_a", "auditor_a"),
    }


@pytest.fixture
def resident(tree):
    return Resident.objects.create(last_name="Сейітов", first_name="Ерлан", search_name="сейітов ерлан",
                                   settlement=tree["village_a1"], territory_path=tree["village_a1"].path,
                                   phone="+77011234567", address="Абай к-сі 5")


@pytest.fixture
def register(tree, topics, people):
    """``register(**overrides)`` -> (appeal, code): a registrar records a paper appeal in village A1."""
    from auyl.appeals import services

    def _register(**overrides):
        data = {
            "actor": people["registrar"], "territory": tree["village_a1"], "topic": topics["roads"],
            "channel": "paper", "applicant_name": "Әлия Нұрланқызы", "applicant_phone": "8 701 765 43 21",
            "subject": "Road repair", "text": "The road on Abai street is broken after the spring floods.",
        }
        data.update(overrides)
        return services.register_appeal(**data)

    return _register


@pytest.fixture
def today():
    return timezone.localdate()


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
