"""An applicant signs up, verifies the email from the outbox, logs in and lands on their dashboard."""

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from accounts.roles import Role
from accounts.tests.helpers import verification_path

PASSWORD = "Rencana-Pembangunan-77"
WAIT = 15_000  # ms; expect() defaults to 5 s, too tight when the CI machine is busy


@pytest.fixture
def browser_context_args(browser_context_args):
    # An Indonesian applicant's browser; LocaleMiddleware would otherwise pick English.
    return {**browser_context_args, "locale": "id-ID"}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_applicant_signs_up_verifies_email_and_sees_dashboard(page: Page, live_server, mailoutbox):
    page.goto(f"{live_server.url}/accounts/daftar/")
    page.get_by_label("Nama pengguna").fill("sari")
    page.get_by_label("Nama lengkap").fill("Sari Wulandari")
    page.get_by_label("Email").fill("sari@contoh.id")
    page.locator("#id_password1").fill(PASSWORD)  # its label is a prefix of the next one
    page.get_by_label("Ulangi kata sandi").fill(PASSWORD)
    page.get_by_label("Saya menyetujui pemrosesan data pribadi").check()
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible(timeout=WAIT)

    # Before verification the login is refused with a way to get a new link.
    log_in(page, live_server.url)
    expect(page.get_by_text("belum diverifikasi")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("link", name="Kirim ulang tautan verifikasi")).to_be_visible(timeout=WAIT)

    page.goto(live_server.url + verification_path(mailoutbox, to="sari@contoh.id"))
    expect(page.get_by_text("Email Anda terverifikasi")).to_be_visible(timeout=WAIT)
    assert User.objects.get(username="sari").has_role(Role.PEMOHON)

    # The link verified the address but logged nobody in: the password still does.
    expect(page.get_by_role("button", name="Masuk", exact=True)).to_be_visible(timeout=WAIT)
    log_in(page, live_server.url)
    expect(page.get_by_role("heading", name="Selamat datang, Sari Wulandari")).to_be_visible(timeout=WAIT)
    expect(page.get_by_role("region", name="Akun saya")).to_be_visible(timeout=WAIT)
    nav = page.get_by_role("navigation", name="Navigasi utama")
    expect(nav.get_by_role("link", name="Dasbor")).to_be_visible(timeout=WAIT)
    expect(nav.get_by_role("button", name="Sari Wulandari")).to_be_visible(timeout=WAIT)


def log_in(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Nama pengguna").fill("sari")
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk", exact=True).click()
