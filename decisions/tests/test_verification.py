from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from decisions import services
from decisions.tests.factories import make_certificate
from registration.samples import sample_pdf

pytestmark = pytest.mark.django_db
KEYS = {"nomor", "nama", "skema", "tanggal_terbit", "berlaku_sampai", "status", "alasan"}


@pytest.fixture
def certificate(scheme, director, staff):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    holder = certificate.holder
    holder.nik = "3273015405900002"
    holder.phone = "081234567890"
    holder.save()
    return certificate


def verify(client, certificate):
    response = client.get(f"/verifikasi/{certificate.public_code}.json")
    assert response.status_code == 200
    return response.json()


def test_valid_certificate_json_has_exactly_the_contract_keys(client, certificate):
    data = verify(client, certificate)
    assert set(data) == KEYS
    assert data == {
        "nomor": certificate.number, "nama": certificate.holder_name, "skema": certificate.scheme_name,
        "tanggal_terbit": certificate.issued_on.isoformat(), "berlaku_sampai": certificate.valid_until.isoformat(),
        "status": "berlaku", "alasan": None,
    }


def test_nothing_private_in_json_or_html(client, certificate):
    json_body = client.get(f"/verifikasi/{certificate.public_code}.json").content.decode()
    html_body = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    for body in (json_body, html_body):
        assert "3273015405900002" not in body and "081234567890" not in body
        assert certificate.holder.email not in body and "base64" not in body
        assert "Kompeten" not in body.replace("kompetensi", "")  # no scores or recommendations


def test_suspended_status_shows_at_once_with_reason(client, certificate, staff):
    services.suspend_certificate(certificate=certificate, reason="Hasil surveilan tidak memenuhi", by=staff)
    data = verify(client, certificate)
    assert (data["status"], data["alasan"]) == ("dibekukan", "Hasil surveilan tidak memenuhi")
    html = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    assert "dibekukan" in html


def test_revoked_status(client, certificate, staff, director, time_machine):
    evidence = SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")
    violation = services.record_violation(certificate=certificate, category="d", description="x", evidence=evidence,
                                          by=staff)
    services.warn_holder(violation=violation, text="Hentikan", deadline=timezone.localdate() + timedelta(days=1),
                         by=staff)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    services.propose_revocation(violation=violation, by=staff)
    services.decide_revocation(violation=violation, by=director, approve=True)
    data = verify(client, certificate)
    assert data["status"] == "dicabut" and "9.5.1 d" in data["alasan"]


def test_superseded_status(client, certificate, staff):
    new = services.reissue_certificate(certificate=certificate, by=staff, holder_name="Nama Benar", reason="Typo")
    data = verify(client, certificate)
    assert data["status"] == "digantikan" and new.number in data["alasan"]
    assert verify(client, new)["status"] == "berlaku"


def test_expired_status_from_end_date_on(client, certificate, time_machine):
    end = certificate.valid_until
    time_machine.move_to(timezone.make_aware(timezone.datetime(end.year, end.month, end.day, 23, 0)))
    assert verify(client, certificate)["status"] == "berlaku"
    time_machine.move_to(timezone.make_aware(timezone.datetime(end.year, end.month, end.day, 23, 0))
                         + timedelta(hours=1, minutes=1))
    data = verify(client, certificate)
    assert data["status"] == "kedaluwarsa" and data["alasan"]


def test_unknown_code_is_404(client, certificate):
    response = client.get("/verifikasi/tidak-ada-kode-ini.json")
    assert response.status_code == 404 and response.json() == {"status": "tidak_ditemukan"}
    response = client.get("/verifikasi/tidak-ada-kode-ini/")
    assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()
    assert client.get(f"/verifikasi/{certificate.public_code[:-1]}.json").status_code == 404


def test_html_page_shows_status(client, certificate):
    html = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    assert certificate.number in html and "berlaku" in html


def test_rate_limit_answers_429(client, certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 3
    url = f"/verifikasi/{certificate.public_code}.json"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and "Retry-After" in response
    assert client.get(f"/verifikasi/{certificate.public_code}/").status_code == 429
    # Another client is not affected.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_search_needs_number_and_matching_name(client, certificate):
    found = client.get("/verifikasi/", {"nomor": certificate.number, "nama": certificate.holder_name.upper()})
    assert found.status_code == 200 and "berlaku" in found.content.decode()
    assert found.context["payload"]["nomor"] == certificate.number
    wrong = client.get("/verifikasi/", {"nomor": certificate.number, "nama": "Orang Lain"})
    assert wrong.context["payload"] is None and "tidak ditemukan" in wrong.content.decode()
    only_number = client.get("/verifikasi/", {"nomor": certificate.number})
    assert only_number.context["payload"] is None


@pytest.mark.parametrize("code", ["abc%00def", "%00", "x" * 41, "kode%20spasi"])
def test_malformed_code_is_unknown_not_an_error(client, certificate, code):
    """PostgreSQL refuses a NUL byte in a query: such a code is simply not found."""
    response = client.get(f"/verifikasi/{code}.json")
    assert response.status_code == 404 and response.json() == {"status": "tidak_ditemukan"}
    assert client.get(f"/verifikasi/{code}/").status_code == 404
