"""Check-in against the residents registry: residence, age, a person counts once; the search screen."""

import pytest
from django.core.exceptions import ValidationError

from auyl.assemblies import selectors, services
from auyl.assemblies.models import Attendance
from auyl.territory.services import iin_lookup_hash

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_a_resident_of_another_village_is_refused_with_where_they_live(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["neighbour"])
    assert "registered in Қызыл Жар, not in Қызыл Жұлдыз" in error.value.message_dict["resident"][0]
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_a_resident_the_secretary_may_not_see_is_refused_without_revealing_where(
    tree, villagers, convene, staff
):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError) as error:
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["other_district"])
    message = error.value.message_dict["resident"][0]
    assert "not registered in Қызыл Жұлдыз" in message and "Шағалалы" not in message


def test_a_person_counts_once(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    person = villagers["adults"][3]
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    with pytest.raises(ValidationError, match="already checked in .* a person counts once"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person)
    with pytest.raises(ValidationError, match="already checked in"):  # not again as a guest either
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=person, kind="guest")
    assert selectors.quorum(meeting).present == 1


def test_minors_and_unknown_ages_are_refused(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError, match="under 18"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["minor"])
    unknown = villagers["adults"][5]
    unknown.birth_date = None
    unknown.save()
    with pytest.raises(ValidationError, match="birth date .* is not in the registry"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=unknown)
    # A minor may still attend as a guest, without counting.
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["minor"], kind="guest")
    assert selectors.quorum(meeting).present == 0


def test_guests_and_officials_need_names(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    with pytest.raises(ValidationError, match="name of the guest"):
        services.check_in(actor=staff["registrar"], meeting=meeting, kind="guest")
    with pytest.raises(ValidationError, match="position"):
        services.check_in(actor=staff["registrar"], meeting=meeting, kind="official", guest_name="Omarov")
    with pytest.raises(ValidationError, match="too long"):
        services.check_in(actor=staff["registrar"], meeting=meeting, kind="guest", guest_name="x" * 301)
    with pytest.raises(ValidationError, match="Unknown kind"):
        services.check_in(actor=staff["registrar"], meeting=meeting, kind="vip", guest_name="X")
    groups = selectors.attendance_of(meeting)
    assert groups == {"participants": [], "guests": [], "officials": []}


def test_no_check_in_before_opening_or_after_closing(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"], open_it=False)
    with pytest.raises(ValidationError, match="not in progress"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][0])
    meeting = services.open_meeting(actor=staff["registrar"], meeting=meeting)
    services.close_meeting(actor=staff["registrar"], meeting=meeting)
    with pytest.raises(ValidationError, match="not in progress"):
        services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][0])


def test_removing_a_mistaken_check_in(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    row = services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][0])
    with pytest.raises(ValidationError):
        services.remove_check_in(actor=staff["registrar"], attendance=row, reason="")
    services.remove_check_in(actor=staff["registrar"], attendance=row, reason="Wrong person")
    assert selectors.quorum(meeting).present == 0


def test_checkin_search_by_name_phone_and_iin(tree, villagers, convene, staff):
    meeting = convene(tree["village_a2"])
    person = villagers["adults"][7]
    person.iin_hash = iin_lookup_hash("900101300123")
    person.save()
    services.check_in(actor=staff["registrar"], meeting=meeting, resident=villagers["adults"][8])
    by_name = selectors.checkin_search(staff["registrar"], meeting, "ЖҰМАБАЕВ0")
    assert [c.resident for c in by_name] == villagers["adults"][:10]
    assert [c.checked_in for c in by_name].count(True) == 1
    assert [c.resident for c in selectors.checkin_search(staff["registrar"], meeting, "жұмабаев07 нұр")] == [
        person
    ]
    assert [c.resident for c in selectors.checkin_search(staff["registrar"], meeting, "900101 300123")] == [
        person
    ]
    assert [c.resident for c in selectors.checkin_search(staff["registrar"], meeting, person.phone[1:])] == [
        person
    ]
    # Someone of the neighbouring village is found and shown as not eligible, with why.
    (found,) = selectors.checkin_search(staff["registrar"], meeting, "Иванов")
    assert not found.eligible and "registered in Қызыл Жар" in found.reason
    # Residents of another rural district are not in this secretary's registry at all.
    assert selectors.checkin_search(staff["registrar"], meeting, "Петров") == []
    assert selectors.checkin_search(staff["registrar"], meeting, "   ") == []
