"""Choosing the channel and language of a message: ``notify_user`` (staff) and ``notify_person``."""

from types import SimpleNamespace

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from auyl.accounts.models import User
from auyl.core.models import Notification
from auyl.core.notifications import notify_person, notify_user


@pytest.fixture(autouse=True)
def _queue_only(settings):
    settings.NOTIFY_SEND_ON_COMMIT = False


def _user(name, *, email="", phone=None, language="kk"):
    return User.objects.create_user(
        username=name, email=email, phone=phone, preferred_language=language, password="x"
    )


def test_staff_with_email_and_phone_get_an_email(tree):
    user = _user("akim", email="akim@example.kz", phone="+77011234567")
    unit = tree["rd_a"]
    assert notify_user(user, "Decision awaits", dedupe_key="k:1", obj=unit, territory=unit, subject="Due")
    message = Notification.objects.get()
    assert (message.channel, message.recipient) == (Notification.Channel.EMAIL, "akim@example.kz")
    assert (message.subject, message.body) == ("Due", "Decision awaits")
    assert message.territory_path == unit.path and message.object_id == str(unit.pk)


def test_staff_without_email_get_an_sms(db):
    user = _user("clerk", phone="+77017654321")
    assert notify_user(user, "Decision awaits", dedupe_key="k:2", obj=None, territory=None)
    message = Notification.objects.get()
    assert (message.channel, message.recipient, message.body) == (
        Notification.Channel.SMS,
        "+77017654321",
        "Decision awaits",
    )


def test_message_is_rendered_in_the_users_language(db):
    russian = _user("ru-akim", email="ru@example.kz", language="ru")
    kazakh = _user("kk-akim", email="kk@example.kz", language="kk")
    with translation.override("en"):
        for user in (russian, kazakh):
            notify_user(
                user,
                lambda: f"{translation.get_language()}: {_('Yes')}",
                subject=lambda: _("Yes"),
                dedupe_key=f"lang:{user.pk}",
                obj=None,
                territory=None,
            )
        assert translation.get_language() == "en"  # the caller's language is restored
    sent = {m.recipient: (m.subject, m.body) for m in Notification.objects.all()}
    assert sent == {"ru@example.kz": ("Да", "ru: Да"), "kk@example.kz": ("Иә", "kk: Иә")}


def test_email_without_subject_takes_the_start_of_the_body(db):
    user = _user("akim", email="akim@example.kz")
    notify_user(user, "x" * 150, dedupe_key="k:3", obj=None, territory=None)
    assert Notification.objects.get().subject == "x" * 100


def test_same_dedupe_key_queues_once(db):
    user = _user("akim", email="akim@example.kz")
    first = notify_user(user, "one", dedupe_key="reminder:7", obj=None, territory=None)
    again = notify_user(user, "two", dedupe_key="reminder:7", obj=None, territory=None)
    other = notify_user(user, "three", dedupe_key="reminder:8", obj=None, territory=None)
    assert (first, again, other) == (True, False, True)
    assert sorted(Notification.objects.values_list("body", flat=True)) == ["one", "three"]


def test_person_gets_an_sms_before_an_email(db):
    both = SimpleNamespace(phone="+77011112233", email="r@example.kz")
    email_only = SimpleNamespace(phone="", email="e@example.kz")
    assert notify_person(both, "Meeting on Friday", dedupe_key="p:1", obj=None, territory=None)
    assert notify_person(email_only, "Meeting on Friday", dedupe_key="p:2", obj=None, territory=None)
    sent = {m.recipient: (m.channel, m.subject) for m in Notification.objects.all()}
    assert sent == {
        "+77011112233": (Notification.Channel.SMS, ""),
        "e@example.kz": (Notification.Channel.EMAIL, "Meeting on Friday"),
    }


def test_person_with_neither_phone_nor_email_gets_nothing(db):
    nobody = SimpleNamespace(phone=None, email="")
    no_fields = object()
    assert notify_person(nobody, "Meeting", dedupe_key="p:3", obj=None, territory=None) is False
    assert notify_person(no_fields, "Meeting", dedupe_key="p:4", obj=None, territory=None) is False
    assert Notification.objects.count() == 0
