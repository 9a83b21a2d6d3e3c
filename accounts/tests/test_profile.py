from datetime import date

import pytest
from django.urls import reverse

from accounts.models import Consent, User
from accounts.roles import Role
from accounts.tests.factories import make_user

pytestmark = pytest.mark.django_db

MALE_NIK = "3171011708450001"


def profile_data(**overrides) -> dict:
    data = {
        "full_name": "Budi Santoso", "nik": MALE_NIK, "birth_place": "Bandung", "birth_date": "1945-08-17",
        "sex": "L", "nationality": "Indonesia", "address": "Jl. Merdeka 1, Jakarta", "phone": "081234567890",
        "last_education": "S1 Perencanaan Wilayah",
    }
    return {**data, **overrides}


@pytest.fixture
def applicant(client) -> User:
    user = make_user(Role.PEMOHON, full_name="Budi")
    client.force_login(user)
    return user


def test_profile_edit_saves_every_field(client, applicant):
    response = client.post(reverse("profile"), profile_data(nik="3171 0117 0845 0001"))
    assert response.url == reverse("profile")
    applicant.refresh_from_db()
    assert applicant.nik == MALE_NIK and applicant.birth_date == date(1945, 8, 17)
    assert (applicant.full_name, applicant.birth_place, applicant.sex) == ("Budi Santoso", "Bandung", "L")
    assert applicant.last_education == "S1 Perencanaan Wilayah" and applicant.phone == "081234567890"


def test_bad_nik_is_refused_and_other_values_are_kept(client, applicant):
    response = client.post(reverse("profile"), profile_data(nik="3171011808450001"))  # born 18-08-45
    html = response.content.decode()
    assert "NIK tidak sesuai dengan tanggal lahir" in html
    assert 'value="Bandung"' in html and 'value="Budi Santoso"' in html and 'value="1945-08-17"' in html
    assert "Jl. Merdeka 1, Jakarta" in html and 'value="081234567890"' in html
    applicant.refresh_from_db()
    assert applicant.full_name == "Budi" and applicant.nik == "" and applicant.birth_place == ""


def test_nik_of_the_other_sex_is_refused(client, applicant):
    response = client.post(reverse("profile"), profile_data(sex="P"))
    assert "NIK tidak sesuai dengan jenis kelamin" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.nik == ""


def test_stored_nik_is_masked_for_applicant_and_kept_when_left_empty(client, applicant):
    client.post(reverse("profile"), profile_data())
    html = client.get(reverse("profile")).content.decode()
    assert MALE_NIK not in html and "3171********0001" in html
    client.post(reverse("profile"), profile_data(nik="", phone="0899"))
    applicant.refresh_from_db()
    assert applicant.nik == MALE_NIK and applicant.phone == "0899"


def test_stored_nik_is_rechecked_when_birth_date_changes(client, applicant):
    client.post(reverse("profile"), profile_data())
    response = client.post(reverse("profile"), profile_data(nik="", birth_date="1950-01-01"))
    assert "NIK tidak sesuai dengan tanggal lahir" in response.content.decode()
    applicant.refresh_from_db()
    assert applicant.birth_date == date(1945, 8, 17)


def test_staff_sees_own_nik_in_full(client):
    staff = make_user(Role.STAF, nik=MALE_NIK)
    client.force_login(staff)
    assert MALE_NIK in client.get(reverse("profile")).content.decode()


def test_profile_lists_consents(client, applicant):
    Consent.objects.create(user=applicant, purpose=Consent.Purpose.SERTIFIKASI, text_version="2026-01", text="…")
    html = client.get(reverse("profile")).content.decode()
    assert "Pemrosesan data untuk proses sertifikasi" in html and "2026-01" in html


def test_profile_needs_login(client):
    response = client.get(reverse("profile"))
    assert response.url.startswith(reverse("login"))


def test_dashboard_shows_account_panel(client, applicant):
    html = client.get(reverse("dashboard")).content.decode()
    assert "Akun saya" in html and reverse("profile") in html
