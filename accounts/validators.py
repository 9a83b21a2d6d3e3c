"""NIK (Nomor Induk Kependudukan) validation, cross-checked with the birth date and sex it encodes.

The NIK is PPRRSS DDMMYY XXXX: region of issue, birth date (day + 40 for women), serial number.
`stdnum.id.nik` knows the format and the region codes; the cross-check with the person's own
data is ours, because APL-01 must not carry a NIK that belongs to somebody else.
"""

from datetime import date

from django.core.exceptions import ValidationError
from stdnum import exceptions as stdnum_errors
from stdnum.id import nik as stdnum_nik

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
SEX_LABELS = {"L": "laki-laki", "P": "perempuan"}


def validate_nik(nik: str, birth_date: date | None = None, sex: str | None = None) -> str:
    """Return the NIK without separators, or raise ValidationError with an Indonesian message.

    `sex` is "L" or "P" (accounts.User.Sex); empty values skip that cross-check.
    """
    number = stdnum_nik.compact(nik or "")
    _check_shape(number)
    _check_components(number)
    if birth_date is not None:
        _check_birth_date(number, birth_date)
    if sex:
        _check_sex(number, sex)
    return number


def nik_sex(number: str) -> str:
    """"P" when the day digits carry the +40 women's offset, else "L"."""
    return "P" if int(number[6:8]) > FEMALE_DAY_OFFSET else "L"


def _check_shape(number: str) -> None:
    if number and not number.isdigit():
        raise ValidationError("NIK hanya boleh berisi angka (16 digit, tanpa huruf).", code="nik_format")
    if len(number) != NIK_LENGTH:
        raise ValidationError(
            "NIK harus terdiri dari tepat 16 digit angka; yang diisi %(count)d digit.",
            code="nik_length",
            params={"count": len(number)},
        )


def _check_components(number: str) -> None:
    try:
        stdnum_nik.get_birth_date(number)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "NIK tidak valid: digit ke-7 sampai ke-12 bukan tanggal lahir yang mungkin (format DDMMYY, "
            "tanggal ditambah 40 untuk perempuan).",
            code="nik_birth_code",
        ) from None
    try:
        stdnum_nik.validate(number)
    except stdnum_errors.ValidationError:
        raise ValidationError(
            "NIK tidak valid: kode wilayah (%(code)s) pada awal NIK tidak dikenal. Periksa kembali NIK pada KTP Anda.",
            code="nik_region",
            params={"code": number[:6]},
        ) from None


def _check_birth_date(number: str, birth_date: date) -> None:
    day = int(number[6:8]) % FEMALE_DAY_OFFSET
    month, year2 = int(number[8:10]), int(number[10:12])
    if (day, month, year2) != (birth_date.day, birth_date.month, birth_date.year % 100):
        raise ValidationError(
            "NIK tidak sesuai dengan tanggal lahir: NIK memuat tanggal lahir %(nik_date)s, "
            "sedangkan tanggal lahir yang diisi %(given)s.",
            code="nik_birth_date_mismatch",
            params={
                "nik_date": f"{day:02d}-{month:02d}-{year2:02d} (DD-MM-YY)",
                "given": birth_date.strftime("%d-%m-%Y"),
            },
        )


def _check_sex(number: str, sex: str) -> None:
    encoded = nik_sex(number)
    if encoded != sex:
        raise ValidationError(
            "NIK tidak sesuai dengan jenis kelamin: NIK ini milik seorang %(nik_sex)s (pada NIK perempuan, "
            "tanggal lahir ditambah 40), sedangkan jenis kelamin yang dipilih %(given)s.",
            code="nik_sex_mismatch",
            params={"nik_sex": SEX_LABELS[encoded], "given": SEX_LABELS.get(sex, sex)},
        )
