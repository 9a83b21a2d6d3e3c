import io
import json
import zipfile

import pytest

from accounts.models import Consent
from accounts.roles import Role
from accounts.tests.factories import make_user


@pytest.mark.django_db
def test_applicant_downloads_own_data_as_zip_with_consents(client):
    user = make_user(Role.PEMOHON, nik="3471014203900002", full_name="Siti Rahmawati")
    Consent.objects.create(user=user, purpose=Consent.Purpose.SERTIFIKASI, text_version="v1", text="Saya setuju.")
    other = make_user(Role.PEMOHON, nik="3471010311880001")
    client.force_login(user)

    page = client.get("/data-saya/")
    assert "Pemrosesan data untuk proses sertifikasi" in page.content.decode()

    response = client.get("/data-saya/?unduh=zip")
    assert response["Content-Disposition"] == 'attachment; filename="data-pribadi-saya.zip"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("data.json"))
    assert data["accounts"]["profil"]["nik"] == "3471014203900002"
    assert data["accounts"]["persetujuan"][0]["versi_teks"] == "v1"
    assert other.nik not in archive.read("data.json").decode()


@pytest.mark.django_db
def test_data_export_needs_login(client):
    response = client.get("/data-saya/?unduh=zip")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
