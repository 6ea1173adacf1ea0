"""Words shared with the assemblies app ("Held", "Results", "Coming meetings"…) mean a reporting meeting
(кездесу / встреча) here, a gathering (жиын / сход) there: this app asks for them with the context
"reporting meeting", so the Kazakh and Russian catalogues can give each its own form."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from auyl.accounts.testing import force_staff_login

SHARED = ["Held", "Planned", "Results", "Coming meetings", "Cancel the meeting", "The meeting is cancelled."]


@pytest.fixture
def russian_catalogue(monkeypatch):
    """The Russian catalogue with each shared word translated twice: the gathering's form (no context)
    and the reporting meeting's form (with the context)."""
    catalogue = trans_real.translation("ru")._catalog._catalogs[0]
    for word in SHARED:
        monkeypatch.setitem(catalogue, word, f"СХОД:{word}")
        monkeypatch.setitem(catalogue, f"reporting meeting\x04{word}", f"ВСТРЕЧА:{word}")
    return catalogue


def url(name, *args):
    with translation.override("ru"):
        return reverse(name, args=args)


def test_staff_and_public_pages_use_the_reporting_meeting_words(
    client, tree, people, meeting_factory, russian_catalogue
):
    held = meeting_factory()
    planned = meeting_factory(held=False, starts_at=dt.datetime(2026, 12, 3, 15, 0), already_held=False)
    force_staff_login(client, people["registrar"])
    pages = [
        client.get(url("reporting:detail", held.pk)).content.decode(),
        client.get(url("reporting:detail", planned.pk)).content.decode(),
        client.get(url("reporting:public", tree["rd_a"].code)).content.decode(),
    ]
    page = "\n".join(pages)
    for word in ("Held", "Planned", "Results", "Coming meetings", "Cancel the meeting"):
        assert f"ВСТРЕЧА:{word}" in page, word
    assert "СХОД:" not in page
    response = client.post(url("reporting:cancel", planned.pk), {"reason": "Буран"}, follow=True)
    assert "ВСТРЕЧА:The meeting is cancelled." in response.content.decode()
