import pytest
from django.core.exceptions import ImproperlyConfigured

from auyl.settings import DEV_SECRET_KEY, check_production_safety

STRONG = "x" * 50


def test_production_refuses_the_development_secret_key():
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        check_production_safety(debug=False, secret_key=DEV_SECRET_KEY, allowed_hosts=["auyl.kz"])


def test_production_refuses_a_short_secret_key():
    with pytest.raises(ImproperlyConfigured):
        check_production_safety(debug=False, secret_key="short", allowed_hosts=["auyl.kz"])


def test_debug_is_refused_on_a_public_host():
    with pytest.raises(ImproperlyConfigured, match="auyl.kz"):
        check_production_safety(debug=True, secret_key=STRONG, allowed_hosts=["localhost", "auyl.kz"])


def test_safe_configurations_pass():
    check_production_safety(debug=False, secret_key=STRONG, allowed_hosts=["auyl.kz"])
    check_production_safety(debug=True, secret_key=DEV_SECRET_KEY, allowed_hosts=["localhost", "127.0.0.1"])


def test_defaults(settings):
    from auyl import settings as project

    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert settings.LANGUAGE_CODE == "kk"
    assert [code for code, _name in settings.LANGUAGES] == ["kk", "ru", "en"]
    assert settings.TIME_ZONE == "Asia/Almaty"
