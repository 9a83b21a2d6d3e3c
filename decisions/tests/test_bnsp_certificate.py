"""The certificate in BNSP form: bilingual front page, units page in both languages, the
signatory's real name and title, numbers without database keys in issue-date order, and a QR whose
signed statement can be checked offline."""

import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings as django_settings

from decisions import documents, services, signing
from decisions.models import Certificate
from decisions.services import DecisionError
from decisions.tests.factories import make_certificate
from skema_lsp.testing import decode_qr_from_pdf, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual_scheme(scheme):
    scheme.name_en = "Managing the Implementation of Development Plans"
    scheme.save()
    for unit, english in zip(scheme.units.order_by("order"), ["Coordinating Plans", "Controlling Plans"],
                             strict=True):
        unit.title_en = english
        unit.save()
    return scheme


def rendered(certificate: Certificate) -> bytes:
    services.render_certificate_pdf(certificate_id=certificate.pk)
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_front_page_is_bilingual_with_licence_and_real_signatory(bilingual_scheme, director, staff, settings):
    settings.LSP_LICENCE_NUMBER = "BNSP-LSP-0420-ID"
    certificate = make_certificate(scheme=bilingual_scheme, signatory=director, by=staff, issued_on=date(2026, 3, 2))
    front, units_page = pdf_text(rendered(certificate)).split("\f")[:2]
    assert "SERTIFIKAT KOMPETENSI" in front and "CERTIFICATE OF COMPETENCE" in front
    assert certificate.holder_name in front and certificate.number in front
    assert "Mengelola Pelaksanaan Rencana Pembangunan" in front
    assert "Managing the Implementation of Development Plans" in front
    assert bilingual_scheme.document_number in front
    assert "Licence No.: BNSP-LSP-0420-ID" in front
    assert "2 Maret 2026" in front and "2 March 2026" in front and "1 March 2029" in front
    # The signatory line: title once, the LSP's name once, then the director's own name.
    assert "Direktur LSP Perencanaan Pembangunan Indonesia Abiratno Direktur" in front
    assert "LSP LSP" not in front
    assert "O.84PPB01.007.1 Mengoordinasikan Pelaksanaan Rencana Pembangunan Coordinating Plans" in units_page
    assert "Controlling Plans" in units_page and "List of Units of Competency" in units_page


def test_signatory_title_comes_from_their_account(scheme, director, staff):
    director.position = "Ketua"
    director.save()
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    assert certificate.signatory_title == "Ketua"
    assert "Ketua LSP Perencanaan Pembangunan Indonesia Abiratno Direktur" in pdf_text(rendered(certificate))


def test_units_page_prints_the_snapshot_not_later_scheme_edits(bilingual_scheme, director, staff):
    certificate = make_certificate(scheme=bilingual_scheme, signatory=director, by=staff)
    bilingual_scheme.units.update(title_en="Renamed later")
    text = pdf_text(rendered(certificate))
    assert "Coordinating Plans" in text and "Renamed later" not in text


def test_number_carries_no_database_key_and_follows_issue_dates(scheme, director, staff):
    first = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 2))
    assert first.number == f"RENBANG/KLS/{scheme.serial}/2026/00001" and scheme.serial == \
        scheme.document_number.split("/")[1]
    with pytest.raises(DecisionError, match="lebih awal"):
        make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 1))
    same_day = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 2))
    later = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 5, 1))
    numbered = list(Certificate.objects.filter(scheme=scheme).order_by("sequence").values_list("issued_on", flat=True))
    assert numbered == sorted(numbered) and (same_day.sequence, later.sequence) == (2, 3)


def test_number_format_with_a_database_key_is_refused_at_start_up():
    env = {"DEBUG": "true", "CERTIFICATE_NUMBER_FORMAT": "X/{scheme_pk}/{seq}", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
                             " 'skema_lsp.settings'); django.setup()"], env=env, capture_output=True,
                            cwd=django_settings.BASE_DIR)
    assert result.returncode != 0 and b"kunci basis data" in result.stderr


# --- signed QR payload ---------------------------------------------------------------------------


def public_key():
    return signing.load_public_key(documents.public_key_text())


def test_qr_read_back_carries_url_and_a_valid_signed_statement(scheme, director, staff):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff, issued_on=date(2026, 3, 2))
    [scanned] = decode_qr_from_pdf(rendered(certificate))
    assert scanned.startswith(certificate.verification_url + "#v1.")
    statement = signing.verify(scanned, public_key())
    assert statement == signing.Statement(certificate.number, certificate.holder_name, scheme.document_number,
                                          date(2026, 3, 2), date(2029, 3, 1))


@pytest.mark.parametrize("field", ["number", "name", "scheme", "issued_on", "valid_until"])
def test_altering_any_signed_field_fails_the_check(scheme, director, staff, field):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    text = documents.certificate_qr_text(certificate)
    original = signing.verify(text, public_key())
    changed = {"number": "RENBANG/KLS/99/2026/99999", "name": "Orang Lain", "scheme": "SKM/99/KLS/I/2020",
               "issued_on": date(2020, 1, 1), "valid_until": date(2099, 12, 31)}[field]
    forged_statement = signing.Statement(**{**original.__dict__, field: changed})
    _, raw, signature = text.split("#")[1].split(".")
    forged_raw = signing._b64(forged_statement.to_bytes())
    with pytest.raises(signing.PayloadError, match="TIDAK SAH"):
        signing.verify(f"{certificate.verification_url}#v1.{forged_raw}.{signature}", public_key())


def test_a_statement_signed_with_another_key_fails(scheme, director, staff):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    other = signing.private_key(signing.generate_private_key_text())
    text = signing.qr_text(certificate.verification_url, documents.certificate_statement(certificate), other)
    with pytest.raises(signing.PayloadError, match="TIDAK SAH"):
        signing.verify(text, public_key())


def test_offline_script_checks_a_payload_with_only_the_public_key(scheme, director, staff, tmp_path):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    text = documents.certificate_qr_text(certificate)
    script = django_settings.BASE_DIR / "scripts" / "verify_certificate_qr.py"
    ok = subprocess.run([sys.executable, str(script), "--public-key", documents.public_key_text(), text],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and "SAH" in ok.stdout and certificate.number in ok.stdout
    pem = tmp_path / "kunci.pem"
    pem.write_text(documents.public_key_pem())
    tampered = text.replace(text.split(".")[-2][:4], "AAAA", 1)
    bad = subprocess.run([sys.executable, str(script), "--public-key-file", str(pem), tampered],
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "TIDAK SAH" in bad.stdout + bad.stderr


def test_verification_page_shows_the_public_key_and_how_to_check(client, scheme, director, staff):
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    html = client.get(certificate.verification_path).content.decode()
    assert documents.public_key_text() in html and "verify_certificate_qr.py" in html


def test_production_refuses_to_start_without_a_signing_key():
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 60, "SITE_URL": "https://lsp.example", "PATH": "/usr/bin:/bin",
           "MEDIA_ENCRYPTION_KEYS": "dGVzdC1vbmx5LW1lZGlhLWtleS0wMTIzNDU2Nzg5YWI="}
    result = subprocess.run([sys.executable, "-c", "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE',"
                             " 'skema_lsp.settings'); django.setup()"], env=env, capture_output=True,
                            cwd=django_settings.BASE_DIR)
    assert result.returncode != 0 and b"CERTIFICATE_SIGNING_KEY" in result.stderr
