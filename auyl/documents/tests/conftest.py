"""Fixtures of the document channel tests: a fixed clock, the staff of a district akimat and of its two rural
districts, a second district with its own rural district (outside the first one's tree), and file bytes.

The clock is fixed at Tuesday 2 April 2030, 09:00 in Almaty.
"""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from PIL import Image

from auyl.core.roles import Role

ALMATY = ZoneInfo("Asia/Almaty")
NOW = dt.datetime(2030, 4, 2, 9, 0, tzinfo=ALMATY)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class Clock:
    def __init__(self, monkeypatch):
        self.now = NOW
        monkeypatch.setattr(timezone, "now", lambda: self.now.astimezone(dt.UTC))

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def shift(self, **delta) -> None:
        self.now = self.now + dt.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def other_district(tree):
    from auyl.territory.models import Level
    from auyl.territory.testing import make_unit

    district = make_unit("112000000", Level.DISTRICT, "Басқа аудан", tree["region"])
    return {"district": district, "rd": make_unit("112033000", Level.RURAL_DISTRICT, "Басқа округ", district)}


@pytest.fixture
def staff(tree, other_district, make_staff):
    def person(role, unit, name, email=""):
        user = make_staff(role, unit, username=name)
        user.email, user.preferred_language = email, "en"
        user.save()
        return user

    return {
        "supervisor": person(Role.DISTRICT_SUPERVISOR, tree["district"], "supervisor", "district@akimat.kz"),
        "akim_a": person(Role.AKIM, tree["rd_a"], "akim_a", "akim.a@akimat.kz"),
        "registrar_a": person(Role.REGISTRAR, tree["rd_a"], "registrar_a"),
        "executor_a": person(Role.EXECUTOR, tree["rd_a"], "executor_a"),
        "akim_b": person(Role.AKIM, tree["rd_b"], "akim_b", "akim.b@akimat.kz"),
        "other_supervisor": person(Role.DISTRICT_SUPERVISOR, other_district["district"], "other_sup"),
        "other_akim": person(Role.AKIM, other_district["rd"], "other_akim", "other@akimat.kz"),
        "region": person(Role.REGIONAL_SUPERVISOR, tree["region"], "region_sup", "region@akimat.kz"),
        "auditor": person(Role.AUDITOR, tree["region"], "auditor"),
    }


@pytest.fixture
def send(staff, tree):
    """Send a report request from the district to both rural districts (or as told)."""
    from auyl.documents import services

    def _send(**overrides):
        fields = {
            "actor": staff["supervisor"],
            "sender": tree["district"],
            "kind": "report_request",
            "title": "Көктемгі егіс туралы есеп",
            "body": "Егіс алқаптары туралы мәліметтер жіберіңіз.",
            "level": "rural_district",
            "report_due": NOW.date() + dt.timedelta(days=7),
        }
        fields.update(overrides)
        return services.send_document(**fields)

    return _send


def pdf_file(name="report.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def png_file(name="photo.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
