"""Keyboard only, in Chromium (issue 19): sign-up, the first APL-01 step of an application and filing
an appeal (FR.AK.04) are completed with Tab, Shift+Tab, Enter, Space and typing alone, never the
mouse; every element the keyboard lands on shows a visible focus indicator (an outline of at least
2 px or a focus box-shadow, read from its computed style), and what was submitted is in the database."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import Consent, User
from accounts.roles import Role
from accounts.tests.factories import PASSWORD
from appeals.models import Appeal
from appeals.tests.factories import make_decided_case
from registration.models import Application
from registration.tests.factories import make_applicant
from schemes.tests.factories import load_renbang

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000
NEW_PASSWORD = "Rencana-Pembangunan-77"

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  // A focus ring that fades in (Bootstrap's box-shadow transition) is read at its end state.
  e.getAnimations().forEach(a => a.finish());
  const s = getComputedStyle(e);
  return {
    tag: e.tagName.toLowerCase(), type: e.type || "", name: e.name || "", value: e.value || "",
    label: (e.getAttribute("aria-label") || "") + " " + (e.innerText || "").trim().slice(0, 100),
    outline: s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2,
    shadow: !!s.boxShadow && s.boxShadow !== "none",
    html: e.outerHTML.slice(0, 160),
  };
}"""


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "id-ID"}


@pytest.fixture(autouse=True)
def _groups(db):
    for role in Role:  # a transactional test before this one may have flushed the migration's groups
        Group.objects.get_or_create(name=role.value)


def tab_to(page: Page, wanted, *, back: bool = False, limit: int = 150) -> dict:
    """Press Tab (or Shift+Tab) until the focused element matches `wanted`; each element passed on
    the way must show its focus."""
    passed = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["outline"] or focused["shadow"], f"focus not visible on {focused['html']}"
        if wanted(focused):
            return focused
        passed.append(focused["name"] or focused["label"].strip())
    raise AssertionError(f"the keyboard never reached the element; it passed {passed[:40]}")


def named(name: str, value: str = ""):
    return lambda f: f["name"] == name and (not value or f["value"] == value)


def button(text: str):
    return lambda f: f["tag"] in ("button", "input", "a") and text in f["label"]


def fill(page: Page, name: str, text: str) -> None:
    tab_to(page, named(name))
    page.keyboard.type(text)


def press(page: Page, key: str, then_visible: str) -> None:
    page.keyboard.press(key)
    expect(page.get_by_text(then_visible, exact=False).first).to_be_visible(timeout=WAIT)


def log_in(page: Page, base: str, username: str, password: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    fill(page, "username", username)
    fill(page, "password", password)
    press(page, "Enter", "Selamat datang")


def test_sign_up_with_the_keyboard_only(page: Page, live_server, settings):
    settings.SIGNUP_RATE_LIMIT = 100
    page.goto(f"{live_server.url}/accounts/daftar/")
    fill(page, "username", "tegar")
    fill(page, "full_name", "Tegar Prasetyo")
    fill(page, "email", "tegar@contoh.id")
    fill(page, "password1", NEW_PASSWORD)
    fill(page, "password2", NEW_PASSWORD)
    tab_to(page, named("consent"))
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    tab_to(page, button("Daftar"))
    press(page, "Enter", "Periksa email Anda")
    user = User.objects.get(username="tegar")
    assert (user.full_name, user.email, user.email_verified_at) == ("Tegar Prasetyo", "tegar@contoh.id", None)
    assert user.check_password(NEW_PASSWORD)
    assert Consent.objects.filter(user=user, withdrawn_at__isnull=True).exists()


def test_apl01_step_with_the_keyboard_only(page: Page, live_server):
    scheme = load_renbang(with_examples=True)
    applicant = make_applicant(username="rina", email_verified_at=timezone.now())
    base = live_server.url
    log_in(page, base, "rina", PASSWORD)
    page.goto(f"{base}/pendaftaran/")
    tab_to(page, button(f"Daftar skema: {scheme.name}"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("NIK")).to_have_value(applicant.nik, timeout=WAIT)
    application = Application.objects.get(applicant=applicant)
    # Shift+Tab back from the save button corrects the birth place typed last in the form.
    tab_to(page, button("Simpan & lanjut"))
    tab_to(page, named("birth_place"), back=True)
    page.keyboard.press("Control+A")
    page.keyboard.type("Kota Bandung")
    tab_to(page, button("Simpan & lanjut"))
    press(page, "Enter", "Draf disimpan.")
    fill(page, "institution", "Bappeda Kota Bandung")
    fill(page, "position", "Perencana Ahli Muda")
    tab_to(page, button("Simpan & lanjut"))
    press(page, "Enter", "Draf disimpan.")
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT
    assert (application.institution, application.position) == ("Bappeda Kota Bandung", "Perencana Ahli Muda")
    assert application.birth_place == "Kota Bandung" and application.nik == applicant.nik


def test_appeal_filed_with_the_keyboard_only(page: Page, live_server):
    decision = make_decided_case()
    candidate = decision.candidate
    base = live_server.url
    log_in(page, base, candidate.username, PASSWORD)
    page.goto(f"{base}/banding/saya/")
    tab_to(page, button("Ajukan banding"))
    press(page, "Enter", "Banding ini diajukan atas alasan sebagai berikut")
    # Each answer "ya" is the first radio of its group: Tab lands on it, Space picks it.
    for name in ("process_explained", "discussed_with_assessor", "involves_other_person"):
        tab_to(page, named(name, "ya"))
        page.keyboard.press("Space")
    fill(page, "reasons", "Portofolio dokumen rencana kegiatan saya tidak dinilai oleh asesor.")
    tab_to(page, button("Kirim banding"))
    press(page, "Enter", "Banding Anda telah diterima dengan nomor")
    appeal = Appeal.objects.get(decision=decision)
    assert appeal.appellant == candidate
    assert appeal.process_explained and appeal.discussed_with_assessor and appeal.involves_other_person
    assert appeal.reasons == "Portofolio dokumen rencana kegiatan saya tidak dinilai oleh asesor."
