"""In real Chromium: staff run a meeting, members decide, the signatory approves the SK, the holder
downloads the certificate, and the public page behind its QR code says berlaku, then dibekukan."""

import zipfile
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from decisions.models import TechnicalMeeting
from decisions.tests.factories import make_ready_assessment
from schemes.tests.factories import PASFOTO, make_scheme
from skema_lsp.testing import decode_qr_from_pdf

WAIT = 20_000


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible(timeout=WAIT)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_meeting_to_certificate_to_public_verification(page: Page, live_server, tmp_path):
    verified = {"email_verified_at": timezone.now()}
    scheme = make_scheme(elements=0, documents=[PASFOTO])
    make_user(Role.STAF, username="siti", full_name="Siti Staf", **verified)
    for username, name in [("tt1", "Anggota Satu"), ("tt2", "Anggota Dua"), ("tt3", "Anggota Tiga")]:
        make_user(Role.TIM_TEKNIS, username=username, full_name=name, **verified)
    make_user(Role.DIREKTUR, username="dir", full_name="Wahyu Direktur", **verified)
    holder = make_user(Role.PEMOHON, username="bayu", full_name="Bayu Saputra", **verified)
    make_ready_assessment(scheme=scheme, candidate=holder)
    base = live_server.url

    # Staff open a meeting and put the candidate before it.
    log_in(page, base, "siti")
    page.goto(f"{base}/keputusan/rapat/baru/")
    page.get_by_label("Tanggal rapat").fill("2026-11-20")
    page.get_by_label("Tempat").fill("Ruang Rapat LSP")
    for name in ("Anggota Satu", "Anggota Dua", "Anggota Tiga"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("alert")).to_contain_text("Rapat tim teknis dibuat", timeout=WAIT)
    meeting_url = page.url
    page.get_by_label("Asesi (rekaman asesmen lengkap)").select_option(index=1)
    page.get_by_role("button", name="Tambahkan asesi").click()
    expect(page.get_by_text("Asesi ditambahkan ke rapat.")).to_be_visible(timeout=WAIT)

    # Two uninvolved members decide Kompeten: the quorum.
    for username in ("tt1", "tt2"):
        log_in(page, base, username)
        page.goto(meeting_url)
        page.get_by_label("Kompeten", exact=True).check()
        page.get_by_role("button", name="Simpan keputusan").click()
        page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
        expect(page.locator(".alert-success")).to_be_visible(timeout=WAIT)
    expect(page.get_by_text("kuorum tercapai")).to_be_visible()

    # Staff close the meeting (Berita Acara) and draft the SK.
    log_in(page, base, "siti")
    page.goto(meeting_url)
    # An irreversible action asks first (a <dialog> from static JS): "Batal" leaves the meeting open.
    page.get_by_role("button", name="Tutup rapat").click()
    dialog = page.get_by_role("dialog", name="Konfirmasi")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("rapat tidak dapat dibuka kembali")
    dialog.get_by_role("button", name="Batal").click()
    expect(dialog).to_be_hidden()
    assert TechnicalMeeting.objects.get().status == TechnicalMeeting.Status.TERBUKA
    page.get_by_role("button", name="Tutup rapat").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_text("Rapat ditutup dan Berita Acara dibuat.")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Susun SK").click()
    expect(page.get_by_text("dikirim ke Direktur")).to_be_visible(timeout=WAIT)

    # The signatory approves; the certificate is issued.
    log_in(page, base, "dir")
    page.goto(f"{base}/keputusan/sk/")
    page.locator("table tbody a").first.click()
    page.get_by_role("button", name="Setujui SK").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_text("1 sertifikat diterbitkan")).to_be_visible(timeout=WAIT)

    # The holder downloads the PDF; its QR code leads to the public page.
    log_in(page, base, "bayu")
    page.goto(f"{base}/keputusan/sertifikat/saya/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh PDF").click()
    pdf_path = tmp_path / "sertifikat.pdf"
    download_info.value.save_as(pdf_path)
    [qr_text] = decode_qr_from_pdf(pdf_path.read_bytes())
    qr_url = qr_text.split("#")[0]
    public_path = urlsplit(qr_url).path
    page.context.clear_cookies()
    page.goto(f"{base}{public_path}")
    expect(page.locator("[data-status]")).to_have_text("berlaku", timeout=WAIT)

    # Staff download the blanko package for BNSP and record the registration number that comes back.
    log_in(page, base, "siti")
    page.goto(f"{base}/keputusan/sk/")
    page.locator("table tbody a").first.click()
    with page.expect_download() as package_info:
        page.locator("[data-blanko]").click()
    package = tmp_path / "paket.zip"
    package_info.value.save_as(package)
    assert "daftar-k-bk.xlsx" in zipfile.ZipFile(package).namelist()
    page.goto(f"{base}/keputusan/sertifikat/")
    page.locator("table tbody a").first.click()  # the header row holds the sort links
    page.get_by_label("Nomor dari BNSP").fill("62090 2421 3 0000001 2026")
    page.get_by_role("button", name="Catat nomor").click()
    expect(page.get_by_role("alert")).to_contain_text("Nomor registrasi BNSP dicatat", timeout=WAIT)
    page.context.clear_cookies()
    page.goto(f"{base}{public_path}")
    expect(page.locator("[data-bnsp-number]")).to_have_text("62090 2421 3 0000001 2026", timeout=WAIT)

    # After a suspension the same page says dibekukan.
    log_in(page, base, "siti")
    page.goto(f"{base}/keputusan/sertifikat/")
    page.locator("table tbody a").first.click()
    page.get_by_label("Kategori alasan (tampil pada verifikasi publik)").select_option("surveilan")
    page.get_by_label("Catatan pembekuan").fill("Logbook 2026 tidak diserahkan")
    page.get_by_role("button", name="Bekukan").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_role("alert")).to_contain_text("Sertifikat dibekukan", timeout=WAIT)
    page.context.clear_cookies()
    page.goto(f"{base}{public_path}")
    expect(page.locator("[data-status]")).to_have_text("dibekukan", timeout=WAIT)
    # The public reads the category; the staff's note stays inside.
    expect(page.get_by_text("Hasil surveilan: pemeliharaan kompetensi tidak terbukti (9.6)")).to_be_visible()
    expect(page.get_by_text("Logbook 2026 tidak diserahkan")).to_have_count(0)
