"""The whole lifecycle in real Chromium, one applicant from sign-up to recertification:

sign-up → email verification → APL-01 and APL-02 with uploads → staff acceptance → fee (proof
upload, staff confirmation) → assessor proposed, conflict declaration → plan and consent (FR.AK.01)
→ APL-02 review and test record → Kompeten → technical-team meeting → SK → certificate download →
public verification from the QR code → (another candidate's appeal decided by a panel) →
surveillance → recertification application → the SK's blanko package for BNSP downloaded and the
registration number BNSP returned recorded, shown on the public verification page.

Each step runs inside `step(...)`: when it fails, a screenshot of the page goes to test-results/.
Only time is simulated: the certificate's dates are moved back (a year for surveillance, towards
expiry for recertification) instead of waiting for them."""

import io
import re
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD as DEMO_PASSWORD
from accounts.tests.factories import make_user
from accounts.tests.helpers import verification_path
from appeals import services as appeal_services
from appeals.models import Appeal
from appeals.tests.factories import ANSWERS, make_decided_case
from assessment.models import Assessment
from decisions.models import Certificate
from registration.models import Application
from registration.samples import sample_pdf, sample_png
from schemes.models import TUK, Element, PerformanceCriterion
from schemes.tests.factories import load_renbang
from skema_lsp.testing import decode_qr_from_pdf
from surveillance.models import RecertificationRequest, Surveillance

WAIT = 20_000  # ms: the CI machine can be busy
RESULTS = Path(__file__).resolve().parent.parent / "test-results"
PASSWORD = "Rencana-Pembangunan-77"
DOCUMENTS = ["ktp", "pasfoto", "ijazah-s1-d4", "pengalaman-kerja"]


class Journey:
    """One browser context per person, so each stays logged in; `step` screenshots a failure."""

    def __init__(self, browser: Browser, base: str):
        self.browser, self.base, self.pages = browser, base, {}
        self.current: Page | None = None

    def as_(self, username: str, password: str = DEMO_PASSWORD) -> Page:
        if username not in self.pages:
            page = self.browser.new_context(locale="id-ID").new_page()
            page.set_default_timeout(WAIT)
            page.goto(f"{self.base}/accounts/login/")
            page.get_by_label("Nama pengguna").fill(username)
            page.get_by_label("Kata sandi").fill(password)
            page.get_by_role("button", name="Masuk", exact=True).click()
            expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible(timeout=WAIT)
            self.pages[username] = page
        self.current = self.pages[username]
        return self.current

    @contextmanager
    def step(self, name: str):
        try:
            yield
        except Exception:
            if self.current is not None:
                RESULTS.mkdir(exist_ok=True)
                self.current.screenshot(path=str(RESULTS / f"journey-{name}.png"), full_page=True)
            raise


def _people() -> dict:
    verified = {"email_verified_at": timezone.now()}
    people = {"staf": make_user(Role.STAF, username="j_staf", full_name="Yuliana Staf", **verified),
              "asesor": make_user(Role.ASESOR, username="j_asesor", full_name="Bambang Asesor",
                                  met_number="MET.000.012345 2019", **verified),
              "direktur": make_user(Role.DIREKTUR, username="j_direktur", full_name="Wahyu Direktur", **verified)}
    for n, name in enumerate(["Hendra Teknis", "Ratna Teknis", "Ahmad Teknis"], start=1):
        people[f"teknis{n}"] = make_user(Role.TIM_TEKNIS, username=f"j_teknis{n}", full_name=name, **verified)
    for n, name in enumerate(["Sri Banding", "Agus Banding", "Made Banding"], start=1):
        people[f"banding{n}"] = make_user(Role.TIM_BANDING, username=f"j_banding{n}", full_name=name, **verified)
    return people


def _shift_certificate(certificate: Certificate, issued_on) -> None:
    """Simulate the passing of time: the certificate was issued on `issued_on`."""
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=issued_on, valid_until=issued_on + relativedelta(years=3) - timedelta(days=1))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_full_lifecycle_in_chromium(browser: Browser, live_server, mailoutbox, celery_eager, tmp_path):
    scheme = load_renbang(with_examples=True)
    tuk = TUK.objects.create(name="TUK Bappeda Bandung", address="Jl. Wastukencana 2, Bandung", is_verified=True)
    people = _people()
    pdf, png = tmp_path / "dokumen.pdf", tmp_path / "pasfoto.png"
    pdf.write_bytes(sample_pdf())
    png.write_bytes(sample_png())
    base = live_server.url
    j = Journey(browser, base)

    with j.step("01-signup"):
        page = j.current = browser.new_context(locale="id-ID").new_page()
        page.set_default_timeout(WAIT)
        page.goto(f"{base}/accounts/daftar/")
        page.get_by_label("Nama pengguna").fill("dina")
        page.get_by_label("Nama lengkap").fill("Dina Marlina")
        page.get_by_label("Email").fill("dina@contoh.id")
        page.locator("#id_password1").fill(PASSWORD)
        page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
        page.get_by_label("Saya menyetujui pemrosesan data pribadi").check()
        page.get_by_role("button", name="Daftar").click()
        expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()
        page.goto(base + verification_path(mailoutbox, to="dina@contoh.id"))
        expect(page.get_by_text("Email Anda terverifikasi")).to_be_visible()
        page.get_by_label("Nama pengguna").fill("dina")
        page.get_by_label("Kata sandi").fill(PASSWORD)
        page.get_by_role("button", name="Masuk", exact=True).click()
        expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()
        dina = User.objects.get(username="dina")
        assert dina.email_verified_at and dina.has_role(Role.PEMOHON)
        j.pages["dina"] = page

    with j.step("02-apl01"):
        page = j.as_("dina")
        page.goto(f"{base}/pendaftaran/")
        page.get_by_role("button", name=f"Daftar skema: {scheme.name}").click()
        page.get_by_label("NIK").fill("3273015405900002")
        page.get_by_label("Tempat lahir").fill("Bandung")
        page.get_by_label("Tanggal lahir").fill("1990-05-14")
        page.get_by_label("Jenis kelamin").select_option("P")
        page.get_by_label("Alamat rumah").fill("Jl. Dago Asri No. 12, Bandung")
        page.get_by_label("Nomor HP").fill("0812-2233-4401")
        page.get_by_label("Pendidikan terakhir").fill("S-1 Perencanaan Wilayah dan Kota")
        _save_and_next(page)
        page.get_by_label("Nama institusi/perusahaan").fill("Bappeda Kota Bandung")
        page.get_by_label("Jabatan").fill("Perencana Ahli Muda")
        _save_and_next(page)
        page.get_by_label("6.2", exact=False).check()
        _save_and_next(page)
        for code in DOCUMENTS:
            section = page.get_by_role("region", name=scheme.documents.get(code=code).name)
            section.locator("input[type=file]").set_input_files(png if code == "pasfoto" else pdf)
            section.get_by_role("button", name="Unggah").click()
            expect(page.get_by_text("diunggah.")).to_be_visible()
        application = Application.objects.get(applicant=dina)
        assert application.evidence.filter(superseded_at__isnull=True).count() == len(DOCUMENTS)

    with j.step("03-apl02-and-submit"):
        page.get_by_role("link", name="Lanjut ke APL-02").click()
        for element in Element.objects.filter(unit__scheme=scheme):
            page.locator(f"#id_jawaban_{element.pk}_0").check()
            page.locator(f"#id_bukti_{element.pk}_2").check()
        _save_and_next(page)
        for label in ["hak pemohon", "kode etik", "biaya sertifikasi", "untuk keperluan proses sertifikasi",
                      "halaman verifikasi publik"]:
            page.get_by_label(label).check()
        page.get_by_role("button", name="Ajukan permohonan").click()
        page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(page.get_by_text("Permohonan diajukan.", exact=False).first).to_be_visible()
        application.refresh_from_db()
        assert application.status == "submitted" and application.self_assessments.count()

    with j.step("04-staff-acceptance"):
        staff = j.as_("j_staf")
        staff.goto(f"{base}/pendaftaran/staf/{application.pk}/")
        for document in scheme.documents.filter(code__in=DOCUMENTS):
            staff.locator(f"#id_hasil_{document.pk}").select_option("memenuhi")
        staff.get_by_label("Persyaratan dasar yang diklaim").select_option("ya")
        staff.get_by_role("button", name="Terima sebagai peserta").click()
        staff.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(staff.get_by_role("alert")).to_contain_text("Pemohon diterima sebagai peserta")
        application.refresh_from_db()
        assert application.status == "accepted"

    with j.step("05-fee"):
        page = j.as_("dina")
        page.goto(f"{base}/pendaftaran/{application.pk}/")
        payment = page.get_by_role("region", name="Pembayaran")
        payment.locator("input[type=file]").set_input_files(pdf)
        payment.get_by_role("button", name="Unggah bukti pembayaran").click()
        expect(page.get_by_role("alert")).to_contain_text("Bukti pembayaran diunggah")
        staff = j.as_("j_staf")
        staff.goto(f"{base}/pendaftaran/staf/{application.pk}/")
        staff.get_by_role("button", name="Konfirmasi pembayaran").click()
        staff.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(staff.get_by_role("alert")).to_contain_text("dikonfirmasi")
        assert application.payment.status == "confirmed"

    with j.step("06-assessor-assignment"):
        staff.goto(f"{base}/asesmen/penugasan/permohonan/{application.pk}/")
        staff.locator("#id_assessor").select_option(str(people["asesor"].pk))
        staff.get_by_role("button", name="Usulkan asesor").click()
        expect(staff.get_by_text("diusulkan sebagai asesor")).to_be_visible()
        page = j.as_("j_asesor")
        page.goto(f"{base}/asesmen/asesi-saya/")
        page.get_by_role("link", name="Nyatakan konflik kepentingan").click()
        page.get_by_label("Tidak ada konflik kepentingan").check()
        page.locator("#id_statement").check()
        page.get_by_role("button", name="Kirim pernyataan").click()
        expect(page.get_by_text("Anda ditugaskan")).to_be_visible()
        assessment = Assessment.objects.get(application=application)
        assert assessment.status == "assigned" and assessment.declarations.filter(has_conflict=False)

    with j.step("07-plan-and-consent"):
        page.get_by_role("link", name="Susun rencana asesmen").click()
        page.locator("#id_default_methods_0").check()  # observation for every KUK (FR.MAPA.01)
        page.locator("#id_evidence_to_collect").fill("Dokumen rencana kegiatan dan demonstrasi penyusunan RKA")
        page.locator("#id_date").fill((timezone.localdate() + timedelta(days=7)).isoformat())
        page.locator("#id_time").fill("09:00")
        page.locator("#id_tuk").select_option(str(tuk.pk))
        page.get_by_role("button", name="Kirim rencana ke asesi").click()
        expect(page.get_by_text("Rencana asesmen dikirim ke asesi")).to_be_visible()
        candidate = j.as_("dina")
        candidate.goto(f"{base}/asesmen/{assessment.pk}/")
        candidate.locator("#id_plan_accepted").check()
        candidate.locator("#id_confidentiality_accepted").check()
        candidate.get_by_role("button", name="Setujui rencana asesmen").click()
        expect(candidate.locator("#plan-acceptance")).to_contain_text("Rencana disetujui")

    with j.step("08-test-record"):
        page = j.as_("j_asesor")
        page.goto(f"{base}/asesmen/{assessment.pk}/")
        page.get_by_role("link", name="Kaji APL-02").click()
        page.get_by_label("Asesmen dapat dilanjutkan").check()
        page.locator("#id_reasons").fill("Bukti APL-02 relevan dan terkini.")
        page.get_by_role("button", name="Simpan hasil kaji").click()
        expect(page.get_by_text("Hasil kaji APL-02 dicatat")).to_be_visible()
        page.get_by_role("link", name="Periksa identitas asesi").click()
        page.get_by_label("Dokumen identitas").select_option("ktp")
        page.get_by_label("Nomor dokumen").fill("3273015405900002")
        page.locator("#id_matches_application").check()
        page.get_by_role("button", name="Catat pemeriksaan identitas").click()
        expect(page.get_by_text("Pemeriksaan identitas asesi dicatat.")).to_be_visible()
        for unit in scheme.units.order_by("order"):
            page.goto(f"{base}/asesmen/{assessment.pk}/unit/{unit.pk}/")
            for i in range(PerformanceCriterion.objects.filter(element__unit=unit).count()):
                page.locator(f"#id_kuk-{i}-method").select_option("observasi")
                page.locator(f"#id_kuk-{i}-notes").fill("Asesi mendemonstrasikan sesuai KUK.")
                for field in ("valid", "authentic", "current", "sufficient"):
                    page.locator(f"#id_kuk-{i}-{field}").check()
            page.get_by_role("button", name="Simpan bukti").click()
            expect(page.locator("#unit-result")).to_have_text("K")
        page.goto(f"{base}/asesmen/{assessment.pk}/")
        page.get_by_role("link", name="Serahkan rekaman ke LSP").click()
        page.get_by_label("Kompeten", exact=True).check()
        page.locator("#id_report_notes").fill("Seluruh KUK terpenuhi.")
        page.locator("#id_statement").check()
        page.get_by_role("button", name="Serahkan ke LSP").click()
        page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(page.locator("#recommendation")).to_have_text("Kompeten")
        assessment.refresh_from_db()
        assert (assessment.status, assessment.recommendation) == ("submitted", "K")

    with j.step("09-meeting"):
        staff = j.as_("j_staf")
        staff.goto(f"{base}/keputusan/rapat/baru/")
        staff.get_by_label("Tanggal rapat").fill(timezone.localdate().isoformat())
        staff.get_by_label("Tempat").fill("Ruang Rapat LSP")
        for n in (1, 2, 3):
            staff.get_by_label(people[f"teknis{n}"].full_name).check()
        staff.get_by_role("button", name="Simpan").click()
        expect(staff.get_by_text("Rapat tim teknis dibuat. Tambahkan")).to_be_visible()
        meeting_url = staff.url
        staff.get_by_label("Asesi (rekaman asesmen lengkap)").select_option(index=1)
        staff.get_by_role("button", name="Tambahkan asesi").click()
        expect(staff.get_by_text("Asesi ditambahkan ke rapat.")).to_be_visible()
        for username in ("j_teknis1", "j_teknis2"):
            member = j.as_(username)
            member.goto(meeting_url)
            member.get_by_label("Kompeten", exact=True).check()
            member.get_by_role("button", name="Simpan keputusan").click()
            member.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
            expect(member.locator(".alert-success")).to_be_visible()
        expect(member.get_by_text("kuorum tercapai")).to_be_visible()
        staff = j.as_("j_staf")
        staff.goto(meeting_url)
        staff.get_by_role("button", name="Tutup rapat").click()
        staff.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(staff.get_by_text("Rapat ditutup dan Berita Acara dibuat.")).to_be_visible()

    with j.step("10-sk"):
        staff.get_by_role("button", name="Susun SK").click()
        expect(staff.get_by_text("dikirim ke Direktur")).to_be_visible()
        director = j.as_("j_direktur")
        director.goto(f"{base}/keputusan/sk/")
        director.locator("table tbody a").first.click()
        director.get_by_role("button", name="Setujui SK").click()
        director.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(director.get_by_text("1 sertifikat diterbitkan")).to_be_visible()
        certificate = Certificate.objects.get(holder=dina)
        assert certificate.status == "berlaku" and certificate.application_id == application.pk

    with j.step("11-certificate-download-and-verification"):
        page = j.as_("dina")
        page.goto(f"{base}/keputusan/sertifikat/saya/")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Unduh PDF").click()
        pdf_path = tmp_path / "sertifikat.pdf"
        download_info.value.save_as(pdf_path)
        [qr_url] = decode_qr_from_pdf(pdf_path.read_bytes())
        assert urlsplit(qr_url).path == urlsplit(certificate.verification_url).path
        public = browser.new_context(locale="id-ID").new_page()  # anyone, without logging in
        j.current = public
        public.goto(f"{base}{urlsplit(qr_url).path}")
        expect(public.locator("[data-status]")).to_have_text("berlaku", timeout=WAIT)
        expect(public.get_by_text("Dina Marlina")).to_be_visible()
        expect(public.get_by_text("3273015405900002")).to_have_count(0)

    with j.step("12-another-candidates-appeal"):
        decision = make_decided_case(result="BK")
        appeal = appeal_services.file_appeal(decision=decision, by=decision.candidate, answers=ANSWERS)
        staff = j.as_("j_staf")
        staff.goto(f"{base}/banding/staf/")
        staff.get_by_role("link", name=appeal.reference).click()
        for n in (1, 2, 3):
            staff.get_by_label(people[f"banding{n}"].display_name).check()
        staff.get_by_role("button", name="Bentuk tim banding").click()
        expect(staff.get_by_text("Tim banding telah dibentuk")).to_be_visible()
        for username in ("j_banding1", "j_banding2"):
            member = j.as_(username)
            member.goto(f"{base}/banding/tim/")
            member.get_by_role("link", name=appeal.reference).click()
            member.get_by_label("Ditolak").check()
            member.get_by_label("Alasan").fill("Rekaman asesmen menunjukkan portofolio telah dinilai.")
            member.get_by_role("button", name="Simpan pendapat").click()
            member.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
            expect(member.get_by_text("Pendapat Anda telah dicatat.")).to_be_visible()
        expect(member.get_by_role("heading", name="Keputusan banding: Ditolak")).to_be_visible()
        appeal.refresh_from_db()
        assert appeal.status == Appeal.Status.REJECTED and appeal.letter_pdf

    with j.step("13-surveillance"):
        today = timezone.localdate()
        _shift_certificate(certificate, today - relativedelta(months=12) + timedelta(days=10))
        page = j.as_("dina")
        page.goto(f"{base}/surveilan/saya/")
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
        supervisor.get_by_label("Surat konfirmasi bertanda tangan").set_input_files(str(pdf))
        supervisor.get_by_role("button", name="Simpan konfirmasi atasan").click()
        expect(page.get_by_text("Konfirmasi atasan langsung disimpan.")).to_be_visible()
        page.get_by_role("button", name="Ajukan surveilan").click()
        expect(page.get_by_text("Surveilan diajukan.")).to_be_visible()
        surveillance = Surveillance.objects.get(certificate=certificate)
        staff = j.as_("j_staf")
        staff.goto(f"{base}/surveilan/tinjauan/")
        staff.get_by_role("link", name=surveillance.reference).click()
        review = staff.get_by_role("region", name="Tinjauan staf")
        review.get_by_label("Konfirmasi pihak ketiga").uncheck()
        review.get_by_label("Kompetensi terpelihara", exact=True).check()
        review.get_by_label("Temuan").fill("Logbook dan surat atasan konsisten.")
        review.get_by_role("button", name="Simpan hasil surveilan").click()
        review.page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(staff.get_by_text("Hasil surveilan dicatat.")).to_be_visible()
        surveillance.refresh_from_db()
        assert (surveillance.status, surveillance.result) == ("ditinjau", "terpelihara")

    with j.step("14-recertification"):
        _shift_certificate(certificate, today - relativedelta(years=3) + relativedelta(months=4))
        page = j.as_("dina")
        page.goto(f"{base}/surveilan/saya/")
        page.get_by_role("button", name="Ajukan sertifikasi ulang").click()
        expect(page.get_by_text("dibuat dari data terakhir Anda")).to_be_visible()
        renewal = RecertificationRequest.objects.get(certificate=certificate).application
        assert renewal.purpose == "sertifikasi_ulang" and renewal.prefilled_from_id == application.pk
        page.goto(f"{base}/pendaftaran/{renewal.pk}/isi/pekerjaan/")
        expect(page.get_by_label("Nama institusi/perusahaan")).to_have_value("Bappeda Kota Bandung")
        assert renewal.nik == "3273015405900002"

    with j.step("15-bnsp-blanko-and-registration-number"):
        staff = j.as_("j_staf")
        staff.goto(f"{base}{certificate.letter.get_absolute_url()}")
        with staff.expect_download() as package_info:
            staff.locator("[data-blanko]").click()
        package = tmp_path / "paket-blanko.zip"
        package_info.value.save_as(package)
        archive = zipfile.ZipFile(package)
        assert {"daftar-k-bk.xlsx", "surat-keputusan.pdf", "berita-acara.pdf",
                "surat-permohonan-blanko.pdf"} <= set(archive.namelist())
        rows = list(load_workbook(io.BytesIO(archive.read("daftar-k-bk.xlsx"))).active.iter_rows(values_only=True))
        [row] = [r for r in rows[1:] if r[0] == "3273015405900002"]
        assert row[1] == "Dina Marlina" and row[11] == "MET.000.012345 2019" and row[14] == "K"
        staff.goto(f"{base}{certificate.get_absolute_url()}")
        staff.get_by_label("Nomor dari BNSP").fill("62090 2421 3 0000001 2026")
        staff.get_by_role("button", name="Catat nomor").click()
        expect(staff.get_by_role("alert")).to_contain_text("Nomor registrasi BNSP dicatat")
        # The PDF Dina downloaded stays on file as a revision; the current one carries the number.
        expect(staff.locator("[data-pdf-revision]")).to_have_count(1)
        public.goto(f"{base}{urlsplit(qr_url).path}")
        j.current = public
        expect(public.locator("[data-bnsp-number]")).to_have_text("62090 2421 3 0000001 2026", timeout=WAIT)


def _save_and_next(page: Page) -> None:
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible(timeout=WAIT)
