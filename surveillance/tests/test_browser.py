"""In real Chromium: a holder submits a logbook and a supervisor's letter, staff review it; a holder
applies for recertification and the application arrives prefilled."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from registration.samples import sample_pdf
from schemes.tests.factories import RECERTIFICATION, make_scheme
from surveillance.models import RecertificationRequest, Surveillance
from surveillance.tests.factories import make_accepted_application, make_certificate


@pytest.fixture(autouse=True)
def _roles():
    # A transactional test starts from an emptied database: put the role groups back.
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible()


def log_out(page: Page) -> None:
    page.locator("#menu-akun").click()
    page.get_by_role("button", name="Keluar").click()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_holder_submits_logbook_and_letter_and_staff_reviews(page: Page, live_server, tmp_path):
    holder = make_user(Role.PEMOHON, username="dewi", full_name="Dewi Lestari")
    make_user(Role.STAF, username="staf", full_name="Sari Staf")
    today = timezone.localdate()
    certificate = make_certificate(holder=holder, scheme=make_scheme(**RECERTIFICATION),
                                   issued_on=today - relativedelta(months=12) + timedelta(days=10))
    letter = tmp_path / "surat-atasan.pdf"
    letter.write_bytes(sample_pdf())

    log_in(page, live_server.url, "dewi")
    page.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Surveilan").click()
    expect(page.get_by_text(certificate.number)).to_be_visible()
    page.get_by_role("button", name="Mulai surveilan 1").click()

    logbook = page.get_by_role("region", name="Tambah entri logbook")
    logbook.get_by_label("Tanggal").fill((today - timedelta(days=30)).isoformat())
    logbook.get_by_label("Kegiatan").fill("Mengoordinasikan penyusunan RKPD 2027")
    logbook.get_by_label("Peran").fill("Ketua tim penyusun")
    logbook.get_by_label("Keluaran / hasil kerja").fill("Dokumen RKPD 2027")
    logbook.get_by_role("button", name="Simpan entri").click()
    expect(page.get_by_text("Entri logbook disimpan.")).to_be_visible()

    supervisor = page.get_by_role("region", name="Konfirmasi atasan langsung")
    supervisor.get_by_label("Nama").fill("Budi Santoso")
    supervisor.get_by_label("Jabatan").fill("Kepala Bappeda")
    supervisor.get_by_label("Kontak").fill("022-4200000")
    supervisor.get_by_label("Surat konfirmasi bertanda tangan").set_input_files(str(letter))
    supervisor.get_by_role("button", name="Simpan konfirmasi atasan").click()
    expect(page.get_by_text("Konfirmasi atasan langsung disimpan.")).to_be_visible()
    expect(page.get_by_role("link", name="surat-atasan.pdf")).to_be_visible()
    page.get_by_role("button", name="Ajukan surveilan").click()
    expect(page.get_by_text("Surveilan diajukan.")).to_be_visible()
    surveillance = Surveillance.objects.get()
    assert surveillance.status == "diajukan" and surveillance.logbook.count() == 1
    log_out(page)

    log_in(page, live_server.url, "staf")
    page.goto(f"{live_server.url}/surveilan/tinjauan/")
    page.get_by_role("link", name=surveillance.reference).click()
    review = page.get_by_role("region", name="Tinjauan staf")
    review.get_by_label("Konfirmasi pihak ketiga").uncheck()
    review.get_by_label("Kunjungan tempat kerja").check()
    review.get_by_label("Tanggal kunjungan").fill(today.isoformat())
    review.get_by_label("Catatan kunjungan").fill("Bertemu kepala bidang perencanaan.")
    review.get_by_label("Kompetensi terpelihara", exact=True).check()
    review.get_by_label("Temuan").fill("Logbook dan surat atasan konsisten.")
    review.get_by_role("button", name="Simpan hasil surveilan").click()
    review.page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_text("Hasil surveilan dicatat.")).to_be_visible()
    expect(page.get_by_role("region", name="Hasil surveilan")).to_contain_text("kunjungan tempat kerja")
    surveillance.refresh_from_db()
    assert (surveillance.status, surveillance.result) == ("ditinjau", "terpelihara")
    assert surveillance.method_logbook and surveillance.method_supervisor and surveillance.method_visit
    assert surveillance.visit_date == today
    page.goto(f"{live_server.url}/surveilan/pemegang/{certificate.pk}/")
    expect(page.get_by_role("cell", name="Kompetensi terpelihara")).to_be_visible()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_holder_applies_for_recertification_and_the_application_arrives_prefilled(page: Page, live_server):
    holder = make_user(Role.PEMOHON, username="rina", full_name="Rina Marlina", email="rina@contoh.id")
    scheme = make_scheme(**RECERTIFICATION)
    today = timezone.localdate()
    certificate = make_certificate(
        holder=holder, scheme=scheme, issued_on=today - relativedelta(years=3) + relativedelta(months=4),
        application=make_accepted_application(holder=holder, scheme=scheme),
    )

    log_in(page, live_server.url, "rina")
    page.goto(f"{live_server.url}/surveilan/saya/")
    page.get_by_role("button", name="Ajukan sertifikasi ulang").click()
    expect(page.get_by_text("dibuat dari data terakhir Anda")).to_be_visible()
    request = RecertificationRequest.objects.get(certificate=certificate)
    application = request.application
    expect(page.get_by_text(f"{application.reference} · Sertifikasi Ulang")).to_be_visible()

    page.get_by_role("link", name=application.reference).click()
    page.goto(f"{live_server.url}/pendaftaran/{application.pk}/isi/pekerjaan/")
    expect(page.get_by_label("Nama institusi/perusahaan")).to_have_value("Bappeda Kota Bandung")
    expect(page.get_by_label("Jabatan")).to_have_value("Perencana Ahli Muda")
    page.goto(f"{live_server.url}/pendaftaran/{application.pk}/isi/dokumen/")
    expect(page.get_by_role("link", name="ktp.pdf")).to_be_visible()
    expect(page.get_by_role("link", name="foto.png")).to_be_visible()
    assert application.purpose == "sertifikasi_ulang" and application.prefilled_from == certificate.application
