"""The registry: bodies and their functions, with every bad input refused and nothing stored."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.powers.models import Body, GovLevel, Power
from auyl.powers.services import create_body, register_power


def test_function_registered_with_programme_and_audit(bodies, supervisor):
    power = register_power(
        actor=supervisor,
        body=bodies["rd_a"],
        name_ru="Благоустройство населённых пунктов",
        legal_basis="Закон о МГУ, ст. 35",
        programme_code="amenities",
        staff_hours="120",
    )
    assert power.level == GovLevel.RURAL_DISTRICT
    assert power.staff_hours == Decimal("120.0")
    assert power.programme_code == "amenities"
    assert AuditEvent.objects.filter(action="powers.power_registered", object_id=str(power.pk)).exists()


@pytest.mark.parametrize("level", ["county", "", "REGION"])
def test_unknown_level_is_refused(tree, supervisor, level):
    with pytest.raises(ValidationError) as exc:
        create_body(actor=supervisor, level=level, territory=tree["district"], name_ru="Отдел")
    assert "Unknown level" in str(exc.value)
    assert not Body.objects.exists()


def test_level_must_match_the_unit(tree, supervisor):
    with pytest.raises(ValidationError):
        create_body(
            actor=supervisor, level=GovLevel.RURAL_DISTRICT, territory=tree["district"], name_ru="Отдел"
        )
    with pytest.raises(ValidationError):
        create_body(
            actor=supervisor, level=GovLevel.REPUBLIC, territory=tree["district"], name_ru="Министерство"
        )


def test_republic_body_needs_a_national_grant(supervisor, admin):
    with pytest.raises(PermissionDenied):
        create_body(actor=supervisor, level=GovLevel.REPUBLIC, name_ru="Министерство национальной экономики")
    body = create_body(actor=admin, level=GovLevel.REPUBLIC, name_ru="Министерство национальной экономики")
    assert body.territory is None and body.territory_path == ""


def test_duplicate_function_name_in_the_same_body(bodies, supervisor):
    register_power(actor=supervisor, body=bodies["rd_a"], name_ru="Организация ярмарок")
    with pytest.raises(ValidationError) as exc:
        register_power(actor=supervisor, body=bodies["rd_a"], name_ru="  организация   ЯРМАРОК ")
    assert "already exercises" in str(exc.value)
    assert Power.objects.filter(body=bodies["rd_a"]).count() == 1
    # Another body may exercise a function of the same name: that is what the finder is for.
    register_power(actor=supervisor, body=bodies["district"], name_ru="Организация ярмарок")


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("staff_hours", "-5", "cannot be negative"),
        ("staff_hours", "a lot", "number of hours"),
        ("programme_code", "no-such-programme", "Unknown budget programme"),
        ("legal_basis", "x" * 301, "too long"),
        ("name_ru", "", "Kazakh or in Russian"),
    ],
)
def test_bad_function_input(bodies, supervisor, field, value, message):
    kwargs = {"name_ru": "Санитария", field: value}
    with pytest.raises(ValidationError) as exc:
        register_power(actor=supervisor, body=bodies["rd_a"], **kwargs)
    assert message in str(exc.value)
    assert not Power.objects.exists()


def test_akim_keeps_only_his_own_registry(bodies, akim_a):
    register_power(actor=akim_a, body=bodies["rd_a"], name_ru="Похозяйственный учёт")
    for body in (bodies["rd_b"], bodies["district"]):
        with pytest.raises(PermissionDenied):
            register_power(actor=akim_a, body=body, name_ru="Похозяйственный учёт")
    assert Power.objects.count() == 1
