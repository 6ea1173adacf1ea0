"""Fixtures of the powers tests: bodies of the test tree's district and rural districts, staff of each."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english():
    """Messages produced outside a request are asserted in English; kk and ru are checked on pages."""
    with translation.override("en"):
        yield


@pytest.fixture
def admin(db, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.ADMINISTRATOR, None, username="admin")


@pytest.fixture
def supervisor(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.DISTRICT_SUPERVISOR, tree["district"], username="district-supervisor")


@pytest.fixture
def akim_a(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.AKIM, tree["rd_a"], username="akim-a")


@pytest.fixture
def akim_b(tree, make_staff):
    from auyl.core.roles import Role

    return make_staff(Role.AKIM, tree["rd_b"], username="akim-b")


@pytest.fixture
def bodies(tree, supervisor):
    from auyl.powers.models import GovLevel
    from auyl.powers.services import create_body

    return {
        "district": create_body(
            actor=supervisor,
            level=GovLevel.DISTRICT,
            territory=tree["district"],
            name_kk="Аудан әкімдігі",
            name_ru="Акимат района",
        ),
        "rd_a": create_body(
            actor=supervisor,
            level=GovLevel.RURAL_DISTRICT,
            territory=tree["rd_a"],
            name_kk="Ауыл әкімінің аппараты",
            name_ru="Аппарат акима сельского округа",
        ),
        "rd_b": create_body(
            actor=supervisor,
            level=GovLevel.RURAL_DISTRICT,
            territory=tree["rd_b"],
            name_kk="Ауыл әкімінің аппараты",
            name_ru="Аппарат акима сельского округа",
        ),
    }
