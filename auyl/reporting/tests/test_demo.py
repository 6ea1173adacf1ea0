"""The demo: the sources' two examples come out of the report exactly, and a second run adds nothing."""

import pytest
from django.core.management import call_command

from auyl.accounts.models import User
from auyl.appeals.models import Appeal
from auyl.reporting.models import Promise, ReportingMeeting, Status
from auyl.reporting.report import decree_826_report
from auyl.territory.models import Territory

from .test_examples import KRASNOYARSKY_Q1_2022, KYZYL_ZHULDYZ_Q1_2022, assert_rows


@pytest.fixture
def demo(db, settings):
    settings.DEMO_SHORTCUTS = True
    settings.NOTIFY_SEND_ON_COMMIT = False
    call_command("reporting_demo", verbosity=0)


def test_the_demo_reproduces_both_sheets_and_is_idempotent(demo):
    admin = User.objects.get(username="demo-admin")
    kz, ky = Territory.objects.get(code="111033200"), Territory.objects.get(code="111033100")
    assert_rows(decree_826_report(admin, kz, 2022, 1), KYZYL_ZHULDYZ_Q1_2022)
    assert_rows(decree_826_report(admin, ky, 2022, 1), KRASNOYARSKY_Q1_2022)
    counts = (ReportingMeeting.objects.count(), Appeal.objects.count(), Promise.objects.count())
    assert counts[0] == 5 and ReportingMeeting.objects.filter(status=Status.PLANNED).count() == 2
    # The 2022 appeals carry their 2022 past: numbered in the 2022 register and answered then.
    questions_2022 = Appeal.objects.filter(source_type="reporting.question", received_on__year=2022)
    assert questions_2022.count() == 36 and not questions_2022.exclude(number__contains="-2022-").exists()
    call_command("reporting_demo", verbosity=0)
    assert (ReportingMeeting.objects.count(), Appeal.objects.count(), Promise.objects.count()) == counts


def test_the_demo_is_refused_outside_demo_mode(db, settings):
    from django.core.management.base import CommandError

    settings.DEMO_SHORTCUTS = False
    with pytest.raises(CommandError):
        call_command("reporting_demo", verbosity=0)
    assert not ReportingMeeting.objects.exists()
