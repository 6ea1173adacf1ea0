"""The demo loads through the services and a second run adds nothing."""

import pytest

from auyl.documents import selectors
from auyl.documents.demo import load_documents_demo
from auyl.documents.models import Document, Report
from auyl.territory.demo import load_demo
from auyl.territory.models import Territory

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_public_on_krasnoyar():
    load_demo()
    first = load_documents_demo()
    assert first["documents"] == 3 and first["reports"] == 1
    again = load_documents_demo()
    assert again["documents"] == 0 and again["reports"] == 0
    assert Document.objects.count() == 3 and Report.objects.count() == 1
    shown = selectors.public_for(Territory.objects.get(code="111033000"))
    assert len(shown) == 2  # the region's programme (via Kokshetau) and Kokshetau's instruction
