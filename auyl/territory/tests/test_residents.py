import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.core.models import AuditEvent
from auyl.core.roles import Role
from auyl.territory import selectors, services
from auyl.territory.models import Resident, ResidentMerge

IIN = "850412301232"


@pytest.fixture
def registrar(tree, make_staff):
    return make_staff(Role.REGISTRAR, tree["rd_a"])


def register(actor, settlement, **extra):
    data = {"last_name": "Сейітқали", "first_name": "Әлия", "phone": "8 701 123 45 67", "consent": True}
    return services.register_resident(actor=actor, settlement=settlement, **(data | extra))


def test_registration_derives_birth_date_and_hides_the_iin(tree, registrar):
    resident = register(registrar, tree["village_a1"], iin=IIN)
    stored = Resident.objects.get(pk=resident.pk)
    assert stored.birth_date.isoformat() == "1985-04-12" and stored.sex == "m"
    assert stored.phone == "+77011234567"
    assert stored.iin_masked == "********1232"
    # Nothing in the row reveals the IIN in clear.
    row = Resident.objects.filter(pk=resident.pk).values().get()
    assert not any(IIN in str(value) for value in row.values())
    assert AuditEvent.objects.filter(action="resident.registered", object_id=str(resident.pk)).exists()


def test_lookup_by_exact_iin_phone_and_name(tree, registrar):
    resident = register(registrar, tree["village_a1"], iin=IIN)
    assert list(selectors.search_residents(registrar, IIN)) == [resident]
    assert list(selectors.search_residents(registrar, "+7 701 123-45-67")) == [resident]
    assert list(selectors.search_residents(registrar, "сейітқали әлия")) == [resident]
    assert list(selectors.search_residents(registrar, "850412301233")) == []


def test_duplicate_iin_is_refused_and_nothing_changes(tree, registrar):
    register(registrar, tree["village_a1"], iin=IIN)
    before = Resident.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        register(registrar, tree["village_a2"], iin=IIN, last_name="Басқа")
    assert "iin" in excinfo.value.message_dict
    assert Resident.objects.count() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("iin", "850412301233"), ("phone", "12345"), ("email", "not-an-email"), ("last_name", ""),
     ("last_name", "Ж" * 101), ("address", "x" * 10_000_000)],
)
def test_bad_input_is_rejected_per_field_and_stores_nothing(tree, registrar, field, value):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as excinfo:
        register(registrar, tree["village_a1"], **{field: value})
    assert field in excinfo.value.message_dict
    assert Resident.objects.count() == 0 and AuditEvent.objects.count() == events


def test_residents_live_in_settlements_not_in_districts(tree, registrar):
    with pytest.raises(ValidationError):
        register(registrar, tree["rd_a"])


def test_update_is_audited_with_old_and_new_values(tree, registrar):
    resident = register(registrar, tree["village_a1"])
    services.update_resident(actor=registrar, resident=resident, address="Абай көшесі, 5", phone="+77021112233")
    event = AuditEvent.objects.filter(action="resident.updated").get()
    assert event.changes["phone"] == ["+77011234567", "+77021112233"]
    assert event.changes["address"] == ["", "Абай көшесі, 5"]


def test_merge_keeps_history_and_closes_the_duplicate(tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    keep = register(akim, tree["village_a1"], iin=IIN, phone="")
    dup = register(akim, tree["village_a1"], phone="+77015550000", address="Жастар 3", consent=False)
    services.merge_residents(actor=akim, keep=keep, duplicate=dup, reason="Бір адам екі рет тіркелген")
    keep.refresh_from_db()
    dup.refresh_from_db()
    assert keep.phone == "+77015550000" and keep.address == "Жастар 3"
    assert dup.merged_into == keep and not dup.is_active
    merge = ResidentMerge.objects.get()
    assert merge.snapshot["phone"] == "+77015550000" and merge.reason
    assert list(selectors.search_residents(akim, "сейітқали")) == [keep]
    with pytest.raises(ValidationError):
        services.update_resident(actor=akim, resident=dup, address="x")


def test_merge_refuses_different_iins_and_missing_reason(tree, make_staff):
    akim = make_staff(Role.AKIM, tree["rd_a"])
    one = register(akim, tree["village_a1"], iin=IIN)
    two = register(akim, tree["village_a1"], iin="011231600078", phone="")
    with pytest.raises(ValidationError):
        services.merge_residents(actor=akim, keep=one, duplicate=two, reason="same")
    with pytest.raises(ValidationError):
        services.merge_residents(actor=akim, keep=one, duplicate=two, reason="  ")


def test_registrar_may_not_merge(tree, registrar):
    one = register(registrar, tree["village_a1"])
    two = register(registrar, tree["village_a1"], phone="")
    with pytest.raises(PermissionDenied):
        services.merge_residents(actor=registrar, keep=one, duplicate=two, reason="dup")


def test_revealing_the_full_iin_is_allowed_to_some_and_audited(tree, registrar, make_staff):
    resident = register(registrar, tree["village_a1"], iin=IIN)
    assert services.reveal_iin(actor=registrar, resident=resident) == IIN
    assert AuditEvent.objects.filter(action="resident.iin_revealed").count() == 1
    executor = make_staff(Role.EXECUTOR, tree["rd_a"])
    with pytest.raises(PermissionDenied):
        services.reveal_iin(actor=executor, resident=resident)
