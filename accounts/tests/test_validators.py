from datetime import date

import pytest
from django.core.exceptions import ValidationError

from accounts.validators import validate_nik

MALE_NIK = "3171011708450001"  # Jakarta Selatan, born 17-08-45
FEMALE_NIK = "3171015708450001"  # same date, day + 40


def codes(exc: pytest.ExceptionInfo) -> list[str]:
    return [error.code for error in exc.value.error_list]


def message(exc: pytest.ExceptionInfo) -> str:
    return " ".join(exc.value.messages)


def test_valid_male_nik_matches_birth_date_and_sex():
    assert validate_nik(MALE_NIK, date(1945, 8, 17), "L") == MALE_NIK


def test_valid_female_nik_has_forty_added_to_the_day():
    assert validate_nik(FEMALE_NIK, date(1945, 8, 17), "P") == FEMALE_NIK


def test_separators_are_stripped():
    assert validate_nik("3171 0117 0845 0001") == MALE_NIK


def test_birth_date_mismatch_names_both_dates():
    with pytest.raises(ValidationError) as exc:
        validate_nik(MALE_NIK, date(1945, 8, 18), "L")
    assert codes(exc) == ["nik_birth_date_mismatch"]
    assert "17-08-45" in message(exc) and "18-08-1945" in message(exc)


def test_birth_year_mismatch_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_nik(MALE_NIK, date(1946, 8, 17))
    assert codes(exc) == ["nik_birth_date_mismatch"]


def test_female_nik_for_a_man_is_a_sex_mismatch():
    with pytest.raises(ValidationError) as exc:
        validate_nik(FEMALE_NIK, date(1945, 8, 17), "L")
    assert codes(exc) == ["nik_sex_mismatch"]
    assert "perempuan" in message(exc) and "laki-laki" in message(exc)


def test_male_nik_for_a_woman_is_a_sex_mismatch():
    with pytest.raises(ValidationError) as exc:
        validate_nik(MALE_NIK, None, "P")
    assert codes(exc) == ["nik_sex_mismatch"]


@pytest.mark.parametrize("nik", ["317101170845000", "31710117084500011", ""])
def test_wrong_length_is_refused(nik):
    with pytest.raises(ValidationError) as exc:
        validate_nik(nik)
    assert codes(exc) == ["nik_length"]
    assert "16 digit" in message(exc)


def test_letters_are_refused():
    with pytest.raises(ValidationError) as exc:
        validate_nik("31710117084500A1")
    assert codes(exc) == ["nik_format"]
    assert "angka" in message(exc)


def test_unknown_region_code_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_nik("9971011708450001")
    assert codes(exc) == ["nik_region"]
    assert "kode wilayah" in message(exc)


def test_impossible_birth_date_code_is_refused():
    with pytest.raises(ValidationError) as exc:
        validate_nik("3171013508450001")  # day 35: neither a man's nor a woman's (day + 40) date
    assert codes(exc) == ["nik_birth_code"]
