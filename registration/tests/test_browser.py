"""In real Chromium: an applicant fills APL-01 and APL-02 with uploads and submits; staff return
one document; the applicant replaces it and resubmits; staff accept; the status page shows each step."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from registration.models import Application
from registration.samples import sample_pdf, sample_png
from registration.tests.conftest import ensure_role_groups
from registration.tests.factories import make_applicant
from schemes.models import Element
from schemes.tests.factories import load_renbang

WAIT = 15_000


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID"}


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Selamat datang")).to_be_visible(timeout=WAIT)


def save_and_next(page: Page) -> None:
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_text("Draf disimpan.")).to_be_visible(timeout=WAIT)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_apply_return_replace_accept(page: Page, live_server, tmp_path):
    # A transactional test before this one flushed the groups the data migration made.
    ensure_role_groups()
    scheme = load_renbang(with_examples=True)
    verified = {"email_verified_at": timezone.now()}
    make_applicant(username="rina", **verified)
    make_user(Role.STAF, username="siti", full_name="Siti Staf", **verified)
    pdf, png = tmp_path / "dokumen.pdf", tmp_path / "pasfoto.png"
    pdf.write_bytes(sample_pdf())
    png.write_bytes(sample_png())
    base = live_server.url

    # APL-01, step by step.
    log_in(page, base, "rina")
    page.goto(f"{base}/pendaftaran/")
    page.get_by_role("button", name=f"Daftar skema: {scheme.name}").click()
    expect(page.get_by_label("NIK")).to_have_value("3273015405900002", timeout=WAIT)
    save_and_next(page)
    page.get_by_label("Nama institusi/perusahaan").fill("Bappeda Kota Bandung")
    page.get_by_label("Jabatan").fill("Perencana Ahli Muda")
    save_and_next(page)
    page.get_by_label("6.2", exact=False).check()
    save_and_next(page)
    for code in ["ktp", "pasfoto", "ijazah-s1-d4", "pengalaman-kerja"]:
        section = page.get_by_role("region", name=scheme.documents.get(code=code).name)
        section.locator("input[type=file]").set_input_files(png if code == "pasfoto" else pdf)
        section.get_by_role("button", name="Unggah").click()
        expect(page.get_by_text("diunggah.")).to_be_visible(timeout=WAIT)
    page.get_by_role("link", name="Lanjut ke APL-02").click()

    # APL-02: K for every element, with the KTP-free evidence the applicant uploaded.
    for element in Element.objects.filter(unit__scheme=scheme):
        page.locator(f"#id_jawaban_{element.pk}_0").check()
        page.locator(f"#id_bukti_{element.pk}_2").check()
    save_and_next(page)
    page.get_by_label("hak pemohon").check()
    page.get_by_label("kode etik").check()
    page.get_by_label("biaya sertifikasi").check()
    page.get_by_label("untuk keperluan proses sertifikasi").check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_text("Permohonan diajukan.", exact=False).first).to_be_visible(timeout=WAIT)
    application = Application.objects.get(applicant__username="rina")
    assert application.status == "submitted"

    # Staff return the KTP.
    log_in(page, base, "siti")
    page.goto(f"{base}/pendaftaran/staf/?status=submitted")
    page.get_by_role("link", name=application.reference).click()
    docs = {d.code: d.pk for d in scheme.documents.all()}
    for code in ["ktp", "pasfoto", "ijazah-s1-d4", "pengalaman-kerja"]:
        page.locator(f"#id_hasil_{docs[code]}").select_option("tidak_memenuhi" if code == "ktp" else "memenuhi")
    page.locator(f"#id_catatan_{docs['ktp']}").fill("Scan KTP buram")
    page.get_by_role("button", name="Kembalikan untuk perbaikan").click()
    expect(page.get_by_text("dikembalikan ke pemohon")).to_be_visible(timeout=WAIT)

    # The applicant sees exactly what to fix, replaces it and resubmits.
    log_in(page, base, "rina")
    page.goto(f"{base}/pendaftaran/{application.pk}/")
    ktp_row = page.locator('tr[data-document="ktp"]')
    expect(ktp_row).to_contain_text("Scan KTP buram", timeout=WAIT)
    expect(page.locator('tr[data-document="pasfoto"] input[type=file]')).to_have_count(0)
    ktp_row.locator("input[type=file]").set_input_files(pdf)
    ktp_row.get_by_role("button", name="Unggah pengganti").click()
    expect(page.get_by_text("diunggah.")).to_be_visible(timeout=WAIT)
    page.get_by_role("button", name="Ajukan kembali").click()
    expect(page.get_by_text("Diajukan").first).to_be_visible(timeout=WAIT)

    # Staff accept.
    log_in(page, base, "siti")
    page.goto(f"{base}/pendaftaran/staf/{application.pk}/")
    for code in ["ktp", "pasfoto", "ijazah-s1-d4", "pengalaman-kerja"]:
        page.locator(f"#id_hasil_{docs[code]}").select_option("memenuhi")
    page.get_by_label("Persyaratan dasar yang diklaim").select_option("ya")
    page.get_by_role("button", name="Terima sebagai peserta").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_role("alert")).to_contain_text("Pemohon diterima sebagai peserta", timeout=WAIT)

    # The status page tells the whole story.
    log_in(page, base, "rina")
    page.goto(f"{base}/pendaftaran/{application.pk}/")
    timeline = page.get_by_role("list", name="Riwayat")
    for step in ["Draf permohonan dibuat", "Diajukan", "Dikembalikan untuk perbaikan",
                 "Diterima sebagai peserta sertifikasi"]:
        expect(timeline).to_contain_text(step, timeout=WAIT)
    application.refresh_from_db()
    assert application.status == "accepted" and application.review_round == 2
    assert application.evidence.filter(required_document__code="ktp", superseded_at__isnull=False).count() == 1
