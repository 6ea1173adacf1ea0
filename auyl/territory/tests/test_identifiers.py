import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from auyl.territory.identifiers import make_iin, normalize_phone, parse_iin


@pytest.mark.parametrize(
    ("iin", "birth", "sex"),
    [
        ("850412301232", dt.date(1985, 4, 12), "m"),  # first weight sequence
        ("011231600078", dt.date(2001, 12, 31), "f"),
        # 8504123007x: the first weighted sum mod 11 is 10, so the check digit comes from the second
        # sequence (3..11, 1, 2): 125 mod 11 = 4.
        ("850412300704", dt.date(1985, 4, 12), "m"),
    ],
)
def test_valid_iins_give_birth_date_and_sex(iin, birth, sex):
    info = parse_iin(iin)
    assert (info.birth_date, info.sex) == (birth, sex)


def test_spaces_and_dashes_are_ignored():
    assert parse_iin(" 850412-301232 ").iin == "850412301232"


@pytest.mark.parametrize(
    ("iin", "code"),
    [
        ("85041230123", "iin_format"),  # 11 digits
        ("8504123012321", "iin_format"),  # 13 digits
        ("85041230123A", "iin_format"),
        ("", "iin_format"),
        ("850412701232", "iin_century"),  # 7th digit 7
        ("850412001232", "iin_century"),  # 7th digit 0
        ("851332301232", "iin_date"),  # month 13
        ("850230301232", "iin_date"),  # 30 February
        ("850412301233", "iin_checksum"),  # wrong check digit
        ("850412300703", "iin_checksum"),  # wrong digit in the second-sequence case
        ("900101400430", "iin_checksum"),  # both sums give 10: no valid IIN has these 11 digits
        ("991231600007", "iin_future"),  # born 2099
    ],
)
def test_invalid_iins_are_rejected_with_a_reason(iin, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_iin(iin)
    assert excinfo.value.code == code
    assert str(excinfo.value.messages[0])


def test_make_iin_produces_valid_numbers():
    made = [make_iin(dt.date(1970, 1, 1) + dt.timedelta(days=k * 37), "mf"[k % 2], k) for k in range(300)]
    valid = [m for m in made if m]
    assert len(valid) > 250
    for iin in valid:
        assert parse_iin(iin).iin == iin


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("+7 701 123 45 67", "+77011234567"),
        ("87011234567", "+77011234567"),
        ("8 (7162) 25-12-34", "+77162251234"),
        ("7011234567", "+77011234567"),
        ("77011234567", "+77011234567"),
    ],
)
def test_phone_numbers_are_normalised(raw, normal):
    assert normalize_phone(raw) == normal


@pytest.mark.parametrize("raw", ["+49 30 1234567", "12345", "8701abc4567", "+7 601 123 45 67", "8 701 123 45 678"])
def test_bad_phone_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)
