"""The daily path as first users meet it, in Chromium (issue 20): the applicant on a 390 px phone,
the technical-team member voting on a 1366 px screen.

Applicant: a validation error puts the focus on the field in error; APL-02 answers survive an
evidence upload on the same page; leaving with unsaved answers asks first; the status page says how
and by when to pay, then follows the case to the certificate (downloadable, on screen) and the
appeal window; nothing is wider than the phone.
Member: the navigation fits; the meeting page has no duplicate id, so the "Kompeten" label of one
candidate selects that candidate's radio button; each candidate's documents open; the vote asks
for confirmation; staff see who still has to vote."""

import re
from collections import Counter
from datetime import date, time

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from assessment.tests.factories import walk
from decisions import services as decisions
from decisions.models import Certificate, Vote
from decisions.tests.factories import make_ready_assessment
from registration import services as registration
from registration.models import Application, SelfAssessment
from registration.samples import sample_pdf, sample_png
from registration.tests.factories import all_memenuhi, pdf_upload
from schemes.models import TUK, Element
from schemes.tests.factories import load_renbang

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000
DOCUMENTS = ["ktp", "pasfoto", "ijazah-s1-d4", "pengalaman-kerja"]


def open_as(browser: Browser, base: str, username: str, width: int) -> Page:
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844 if width < 600 else 768})
    page = context.new_page()
    page.set_default_timeout(WAIT)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("Selamat datang"))).to_be_visible()
    return page


def fits(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def on_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def duplicate_ids(page: Page) -> list[str]:
    ids = Counter(page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)"))
    return [i for i, n in ids.items() if n > 1]


def save_and_next(page: Page) -> None:
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_role("alert").first).to_contain_text("Draf disimpan.")


def test_applicant_path_on_a_phone(browser: Browser, live_server, celery_eager, tmp_path, settings):
    settings.PAYMENT_BANK, settings.PAYMENT_ACCOUNT_NUMBER = "Bank Mandiri", "123-00-0987654-3"
    scheme = load_renbang(with_examples=True)
    verified = {"email_verified_at": timezone.now()}
    staff = make_user(Role.STAF, **verified)
    director = make_user(Role.DIREKTUR, **verified)
    assessor = make_user(Role.ASESOR, met_number="MET.000.012345 2019", **verified)
    members = [make_user(Role.TIM_TEKNIS, **verified) for _ in range(3)]
    rina = make_user(Role.PEMOHON, username="rina", full_name="Rina Kartika Sari", **verified)
    pdf, png = tmp_path / "dokumen.pdf", tmp_path / "pasfoto.png"
    pdf.write_bytes(sample_pdf())
    png.write_bytes(sample_png())
    base = live_server.url
    page = open_as(browser, base, "rina", 390)

    # APL-01: a wrong NIK is refused and the focus lands on it, not on the page body.
    page.goto(f"{base}/pendaftaran/")
    page.get_by_role("button", name=f"Daftar skema: {scheme.name}").click()
    application = Application.objects.get(applicant=rina)
    page.get_by_label("NIK").fill("3273015405900002")  # encodes 14 May 1990, not the date below
    page.get_by_label("Tempat lahir").fill("Bandung")
    page.get_by_label("Tanggal lahir").fill("1991-05-14")
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Alamat rumah").fill("Jl. Dago Asri No. 12, Bandung")
    page.get_by_label("Nomor HP").fill("0812-2233-4401")
    page.get_by_label("Pendidikan terakhir").fill("S-1 Perencanaan Wilayah dan Kota")
    page.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_label("NIK")).to_be_focused()
    expect(page.get_by_label("Tempat lahir")).to_have_value("Bandung")  # nothing typed is lost
    expect(page.get_by_label("Jenis kelamin")).to_contain_text("- Pilih salah satu -")
    page.get_by_label("Tanggal lahir").fill("1990-05-14")
    save_and_next(page)
    page.get_by_label("Nama institusi/perusahaan").fill("Bappeda Kota Bandung")
    page.get_by_label("Jabatan").fill("Perencana Ahli Muda")
    save_and_next(page)
    page.get_by_label("6.2", exact=False).check()
    save_and_next(page)
    assert duplicate_ids(page) == []  # one upload form per document, each with its own ids
    for code in DOCUMENTS:
        section = page.get_by_role("region", name=scheme.documents.get(code=code).name)
        section.locator("input[type=file]").set_input_files(png if code == "pasfoto" else pdf)
        section.get_by_role("button", name="Unggah").click()
        expect(page.get_by_role("alert").first).to_contain_text("diunggah.")
    assert fits(page)

    # APL-02: the extra-evidence upload on the same page keeps what was ticked.
    page.get_by_role("link", name="Lanjut ke APL-02").click()
    elements = list(Element.objects.filter(unit__scheme=scheme).order_by("unit__order", "order"))
    first, second = elements[0], elements[1]
    page.locator(f"#id_jawaban_{first.pk}_0").check()
    page.locator(f"#id_bukti_{first.pk}_0").check()
    page.get_by_label("Berkas (PDF, JPEG atau PNG)").set_input_files(pdf)
    page.get_by_label("Keterangan").fill("Notulen rapat koordinasi")
    page.get_by_role("button", name="Unggah bukti").click()
    expect(page.get_by_role("alert").first).to_contain_text("Jawaban APL-02 disimpan.")
    expect(page.locator(f"#id_jawaban_{first.pk}_0")).to_be_checked()
    expect(page.locator(f"#id_bukti_{first.pk}_0")).to_be_checked()
    expect(page.get_by_role("link", name="dokumen.pdf")).to_be_visible()
    assert SelfAssessment.objects.get(application=application, element=first).answer == "K"

    # Leaving with an unsaved answer asks first; staying keeps it.
    page.locator(f"#id_jawaban_{second.pk}_1").check()
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_role("link", name="1. Data pribadi").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert "/isi/apl-02/" in page.url
    expect(page.locator(f"#id_jawaban_{second.pk}_1")).to_be_checked()
    for element in elements:
        if element.pk != second.pk:
            page.locator(f"#id_jawaban_{element.pk}_0").check()
    save_and_next(page)
    for label in ["hak pemohon", "kode etik", "biaya sertifikasi", "untuk keperluan proses sertifikasi"]:
        page.get_by_label(label).check()
    page.get_by_role("button", name="Ajukan permohonan").click()
    page.get_by_role("button", name="Ya, lanjutkan").click()  # the confirmation dialog
    expect(page.get_by_role("alert").first).to_contain_text("Permohonan diajukan.")

    # The status page: how and by when to pay, the next step, nothing wider than the phone.
    application.refresh_from_db()
    payment = application.payment
    how = page.locator("#cara-bayar")
    expect(how).to_contain_text("Bank Mandiri")
    expect(how).to_contain_text("123-00-0987654-3")
    expect(how).to_contain_text(payment.invoice_number)
    expect(how).to_contain_text(f"{payment.due_on.day} ")
    expect(page.locator("#langkah-berikutnya")).to_contain_text("Verifikasi berkas oleh LSP")
    expect(page.get_by_role("list", name="Riwayat")).to_contain_text(re.compile(r"\d{1,2} \w{3} \d{4} \d{2}\.\d{2}"))
    assert fits(page)

    # The LSP does its part (acceptance, payment, assessment, decision, SK) ...
    registration.accept_application(application=application, by=staff, verdicts=all_memenuhi(application))
    registration.upload_payment_proof(payment=payment, upload=pdf_upload(), by=rina)
    registration.confirm_payment(payment=application.payment, by=staff)
    tuk = TUK.objects.create(name="TUK Bappeda Bandung", address="Jl. Wastukencana 2", is_verified=True)
    assessment = walk(application, assessor=assessor, staff=staff, to="submitted", tuk=tuk)
    meeting = decisions.create_meeting(by=staff, date=date.today(), start_time=time(9), place="Ruang Rapat",
                                       members=members)
    entry = decisions.add_candidate(meeting=meeting, assessment=assessment, by=staff)
    for member in members[:2]:
        decisions.cast_vote(entry=entry, member=member, result="K")
    decisions.close_meeting(meeting=meeting, by=staff)
    decisions.approve_letter(letter=decisions.draft_letter(meeting=meeting, by=staff), by=director)
    certificate = Certificate.objects.get(holder=rina)

    # ... and the status page follows to the certificate and the appeal window.
    page.goto(f"{base}/pendaftaran/{application.pk}/")
    steps = page.locator(".progress-steps")
    expect(steps).to_contain_text("Asesmen selesai")
    expect(steps).to_contain_text("Kompeten")
    expect(steps).to_contain_text(certificate.number)
    expect(page.locator("#langkah-berikutnya")).to_contain_text("Dapat diajukan sampai")
    download = page.get_by_role("link", name="Unduh sertifikat (PDF)")
    assert on_screen(page, download)
    assert page.request.get(base + download.get_attribute("href")).headers["content-type"] == "application/pdf"
    assert fits(page)
    page.goto(f"{base}/keputusan/sertifikat/saya/")
    assert fits(page) and on_screen(page, page.get_by_role("link", name="Unduh PDF"))


def test_member_votes_on_a_wide_screen(browser: Browser, live_server):
    verified = {"email_verified_at": timezone.now()}
    staff = make_user(Role.STAF, username="siti", **verified)
    members = [make_user(Role.TIM_TEKNIS, username=f"tt{n}", full_name=f"Anggota Teknis {n}", **verified)
               for n in (1, 2, 3)]
    scheme = load_renbang()
    first, second = (make_ready_assessment(scheme=scheme) for _ in range(2))
    meeting = decisions.create_meeting(by=staff, date=date.today(), start_time=time(9), place="Ruang Rapat LSP",
                                       members=members)
    entries = [decisions.add_candidate(meeting=meeting, assessment=a, by=staff) for a in (first, second)]
    base = live_server.url
    page = open_as(browser, base, "tt1", 1366)
    page.goto(f"{base}{meeting.get_absolute_url()}")
    assert fits(page) and on_screen(page, page.get_by_role("button", name="Akun", exact=False))
    assert duplicate_ids(page) == []

    # Clicking "Kompeten" in the second candidate's form selects that candidate's radio button only.
    second_form = page.get_by_role("form", name=f"Keputusan untuk {second.application.full_name}")
    first_form = page.get_by_role("form", name=f"Keputusan untuk {first.application.full_name}")
    second_form.get_by_text("Kompeten", exact=True).click()
    expect(second_form.get_by_label("Kompeten", exact=True)).to_be_checked()
    expect(first_form.get_by_label("Kompeten", exact=True)).not_to_be_checked()

    # The member reads each candidate's documents from the row.
    row = page.locator(f"#asesi-{entries[0].pk}")
    for name in ("APL-01", "APL-02", "FR.AK.02", "FR.AK.05"):
        response = page.request.get(base + row.get_by_role("link", name=name, exact=True).get_attribute("href"))
        assert response.status == 200 and response.headers["content-type"] == "application/pdf", name
    row.get_by_role("link", name="FR.AK.01").click()
    expect(page.locator("#fr-ak-01")).to_contain_text(first.plan.tuk.name)
    page.go_back()

    # The vote asks first, then is recorded for the candidate it was cast on.
    second_form = page.get_by_role("form", name=f"Keputusan untuk {second.application.full_name}")
    second_form.get_by_label("Kompeten", exact=True).check()
    second_form.get_by_role("button", name="Simpan keputusan").click()
    dialog = page.get_by_role("dialog", name="Konfirmasi")
    expect(dialog).to_contain_text(second.application.full_name)
    dialog.get_by_role("button", name="Ya, lanjutkan").click()
    expect(page.get_by_role("alert").first).to_contain_text("Penilaian Anda tercatat")
    assert list(Vote.objects.values_list("candidate_id", "member__username", "result")) == [
        (entries[1].pk, "tt1", "K")]

    staff_page = open_as(browser, base, "siti", 1366)
    staff_page.goto(f"{base}{meeting.get_absolute_url()}")
    waiting = staff_page.locator("#menunggu-penilaian")
    for member in members:
        expect(waiting).to_contain_text(member.display_name)  # each still owes a vote on someone
    assert fits(staff_page)
