"""Fit, measured in Chromium: the staff navigation (and its account menu) fits a 1366 px screen, and
the applicant's and assessor's lists fit a 390 px phone with their action links on screen."""

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from accounts.roles import Role
from accounts.tests.factories import PASSWORD, make_user
from decisions.services import render_certificate_pdf
from decisions.tests.factories import make_certificate, make_ready_assessment
from schemes.tests.factories import PASFOTO, make_scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000


def open_as(browser: Browser, base: str, username: str, width: int) -> Page:
    page = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844 if width < 600 else 768})
    page = page.new_page()
    page.set_default_timeout(WAIT)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
    expect(page.get_by_role("heading", name="Selamat datang", exact=False)).to_be_visible()
    return page


def page_width(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def on_screen(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def test_staff_navigation_fits_1366(browser: Browser, live_server):
    verified = {"email_verified_at": timezone.now()}
    make_user(Role.STAF, username="staf_lebar", full_name="Yuliana Wulandari Kusumaningrum, S.E., M.M.", **verified)
    page = open_as(browser, live_server.url, "staf_lebar", 1366)
    for path in ("/dasbor/", "/keputusan/rapat/", "/surveilan/pemegang/", "/pendaftaran/staf/"):
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= 1366, path
        account = page.get_by_role("button", name="Akun", exact=False)
        assert on_screen(page, account), path
    account.click()
    expect(page.get_by_role("link", name="Profil")).to_be_visible()
    assert on_screen(page, page.get_by_role("button", name="Keluar"))


def test_applicant_and_assessor_lists_fit_a_phone(browser: Browser, live_server, celery_eager):
    scheme = make_scheme(elements=0, documents=[PASFOTO])
    staff = make_user(Role.STAF)
    director = make_user(Role.DIREKTUR)
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    render_certificate_pdf(certificate_id=certificate.pk)
    holder = certificate.holder
    assessor = make_user(Role.ASESOR, met_number="MET.000.04321 2021", full_name="Asesor Lapangan")
    for _ in range(2):
        make_ready_assessment(scheme=scheme, assessor=assessor)

    page = open_as(browser, live_server.url, holder.username, 390)
    for path in ("/keputusan/sertifikat/saya/", "/pendaftaran/", "/asesmen/saya/", "/notifikasi/"):
        page.goto(f"{live_server.url}{path}")
        assert page_width(page) <= 390, path
    page.goto(f"{live_server.url}/keputusan/sertifikat/saya/")
    assert on_screen(page, page.get_by_role("link", name="Unduh PDF"))
    page.goto(f"{live_server.url}/pendaftaran/")
    assert on_screen(page, page.get_by_role("link", name="Lihat status").first)

    page = open_as(browser, live_server.url, assessor.username, 390)
    page.goto(f"{live_server.url}/asesmen/asesi-saya/")
    assert page_width(page) <= 390
    for link in page.get_by_role("link", name="Buka").all():
        assert on_screen(page, link)
