"""End to end in real Chromium: someone without an account files a complaint about a holder from the
home page, reads the reference number on screen, and later follows it by reference and email."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from accounts.roles import Role
from accounts.tests.factories import make_user
from complaints.models import Complaint
from decisions.tests.factories import make_certificate
from schemes.tests.factories import PASFOTO, make_scheme


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_public_files_a_complaint_and_tracks_it(page: Page, live_server):
    for role in Role:  # a previous transactional test may have flushed the migration's groups
        Group.objects.get_or_create(name=role.value)
    staff = make_user(Role.STAF)
    certificate = make_certificate(scheme=make_scheme(elements=0, documents=[PASFOTO]),
                                   signatory=make_user(Role.DIREKTUR), by=staff)
    base = live_server.url

    page.goto(f"{base}/")
    page.get_by_role("main").get_by_role("link", name="Sampaikan pengaduan").click()
    page.get_by_label("Pemegang sertifikat").check()
    page.get_by_label("Nomor sertifikat yang diadukan").fill(certificate.number)
    page.get_by_label("Uraian pengaduan").fill("Sertifikat ini dipakai untuk pekerjaan di luar ruang lingkupnya.")
    page.get_by_label("Nama Anda").fill("Budi Pemberi Kerja")
    page.get_by_label("Email Anda").fill("budi@contoh.example")
    page.get_by_label("Anda mengadu sebagai").select_option("pemberi_kerja")
    page.get_by_role("button", name="Kirim pengaduan").click()

    complaint = Complaint.objects.get()
    expect(page.get_by_test_id("nomor-pengaduan")).to_have_text(complaint.reference)
    assert complaint.certificate == certificate and complaint.complainant is None

    page.get_by_role("link", name="Pantau pengaduan").click()
    page.get_by_label("Nomor pengaduan").fill(complaint.reference)
    page.get_by_label("Email yang Anda gunakan saat mengadu").fill("budi@contoh.example")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_text("Diterima, menunggu penanganan")).to_be_visible()
    expect(page.get_by_text(certificate.number)).to_be_visible()
