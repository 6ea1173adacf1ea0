import pytest
from django.core.management import call_command

from auyl.referendums.models import Referendum, Signature


@pytest.mark.django_db
def test_the_demo_loads_once(settings):
    settings.DEMO_SHORTCUTS = True
    call_command("referendums_demo")
    call_command("referendums_demo")
    referendum = Referendum.objects.get()
    assert referendum.territory.code == "111033000" and referendum.status == "collecting"
    assert Signature.objects.filter(referendum=referendum).count() == 12
