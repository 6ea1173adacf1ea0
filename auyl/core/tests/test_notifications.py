import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction

from auyl.core import notifications, sms
from auyl.core.models import Notification


@pytest.mark.django_db(transaction=True)
def test_message_is_delivered_after_commit(_sms_outbox):
    with transaction.atomic():
        notifications.queue(channel="sms", recipient="+77011234567", body="Өтінішіңіз тіркелді")
        assert _sms_outbox == []  # nothing leaves before the change commits
    assert _sms_outbox == [{"phone": "+77011234567", "text": "Өтінішіңіз тіркелді"}]
    assert Notification.objects.get().status == Notification.Status.SENT


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_sends_nothing(_sms_outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        notifications.queue(channel="sms", recipient="+77011234567", body="x")
        raise RuntimeError
    assert _sms_outbox == [] and Notification.objects.count() == 0


@pytest.mark.django_db
def test_dedupe_key_makes_reminders_idempotent(settings):
    settings.NOTIFY_SEND_ON_COMMIT = False
    first = notifications.queue(channel="email", recipient="a@example.kz", body="b", dedupe_key="reminder:1")
    second = notifications.queue(channel="email", recipient="a@example.kz", body="b", dedupe_key="reminder:1")
    assert first is not None and second is None and Notification.objects.count() == 1


@pytest.mark.django_db
def test_failed_gateway_keeps_the_message_and_tick_retries(settings, monkeypatch):
    settings.NOTIFY_SEND_ON_COMMIT = False
    message = notifications.queue(channel="sms", recipient="+77011234567", body="code")

    def broken(phone, text):
        raise sms.SmsError("gateway down")

    monkeypatch.setattr(sms, "send_sms", broken)
    assert notifications.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == Notification.Status.FAILED and "gateway down" in message.last_error
    monkeypatch.undo()
    call_command("tick", "--only", "notifications.deliver")
    message.refresh_from_db()
    assert message.status == Notification.Status.SENT and message.attempts == 2


@pytest.mark.django_db
def test_email_channel_and_attempt_limit(settings, monkeypatch):
    settings.NOTIFY_SEND_ON_COMMIT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    ok = notifications.queue(channel="email", recipient="akim@example.kz", subject="Жауап", body="Мәтін")
    assert notifications.deliver(ok.pk) and mail.outbox[0].subject == "Жауап"
    stuck = notifications.queue(channel="sms", recipient="+77011234567", body="x")
    Notification.objects.filter(pk=stuck.pk).update(attempts=notifications.MAX_ATTEMPTS)
    assert notifications.deliver_pending() == {"sent": 0, "failed": 0}
