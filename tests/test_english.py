"""English that is real on the public pages (issue 19): each page an applicant reads before signing
up, rendered with the language switch set to English, has no Indonesian left in it apart from what
the LSP itself entered (scheme names, unit titles, requirement texts, names); verification's JSON keeps
its keys and values (contract 4) and only its human texts change; staff pages stay Indonesian; the
switch is offered only where a translation exists; the sign-up email follows the page's language."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from decisions.models import Certificate
from decisions.signing import HEADER as SIGNED_STATEMENT_HEADER
from schemes.models import Scheme

pytestmark = pytest.mark.django_db

# Common Indonesian words that never belong in an English sentence.
INDONESIAN = [
    "yang", "dan", "untuk", "dengan", "atau", "tidak", "anda", "dari", "pada", "ini", "itu", "akan", "sudah",
    "belum", "dapat", "harus", "bila", "sertifikat", "skema", "daftar", "masuk", "kata sandi", "halaman",
    "permohonan", "berlaku", "tahun", "bulan", "hari", "biaya", "pemohon", "unggah", "lihat", "cari",
    "nomor", "nama", "tanggal", "sampai", "keterangan", "beranda", "lewati", "konten", "batal", "lanjutkan",
    "periksa", "kirim", "ulang", "tautan", "lupa", "punya", "akun", "persyaratan", "dokumen", "semua",
]
WORD = re.compile(r"\b(" + "|".join(re.escape(w) for w in INDONESIAN) + r")\b", re.I)
TEXT_ATTRS = {"aria-label", "title", "placeholder", "alt"}


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        shown_value = tag == "input" and dict(attrs).get("type") in ("submit", "button")
        for name, value in attrs:
            if value and (name in TEXT_ATTRS or (name == "value" and shown_value)):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def lsp_content() -> list[str]:
    """What the LSP entered itself, shown as entered in either language: longest first."""
    # "SKEMA-LSP/1" (decisions.signing.HEADER) is a format identifier, not Indonesian text: it is the first
    # line of the bytes signed into every certificate's QR code, and the verification page quotes it so a
    # reader can check a printed certificate offline (scripts/verify_certificate_qr.py). Translating it
    # would invalidate every signature already issued, so it is kept verbatim; only its "SKEMA" matches
    # the word list. The sentence around it is translated like the rest of the page.
    strings = {"LSP Perencanaan Pembangunan Indonesia", "LSP Renbang", "Bahasa Indonesia", SIGNED_STATEMENT_HEADER}
    for scheme in Scheme.objects.prefetch_related("units__elements__criteria", "requirements", "documents",
                                                   "clauses"):
        strings |= {scheme.name, scheme.scope, scheme.description, scheme.document_number}
        for unit in scheme.units.all():
            strings |= {unit.title, unit.code}
            for element in unit.elements.all():
                strings.add(element.title)
                strings |= {kuk.text for kuk in element.criteria.all()}
        strings |= {r.text for r in scheme.requirements.all()} | {d.name for d in scheme.documents.all()}
        strings |= {c.text for c in scheme.clauses.all()} | {c.group for c in scheme.clauses.all()}
    for c in Certificate.objects.all():
        strings |= {c.holder_name, c.scheme_name, c.number, c.status_reason}
    return sorted((s for s in strings if s), key=len, reverse=True)


def leftovers(html: str, content: list[str]) -> list[str]:
    parser = Text()
    parser.feed(html)
    text = re.sub(r"\s+", " ", " ".join(parser.parts))
    for s in content:
        text = text.replace(re.sub(r"\s+", " ", s), " ")
    return sorted({m.group(0).lower() for m in WORD.finditer(text)})


def public_pages(demo) -> list[str]:
    valid = demo.certificate("asesi_g") or Certificate.objects.filter(status="berlaku").first()
    revoked = Certificate.objects.filter(status="dicabut").first()
    scheme = Scheme.objects.filter(is_active=True).first()
    return [
        reverse("home"), reverse("schemes:list"), reverse("schemes:detail", args=[scheme.code]),
        reverse("verification_search"),
        reverse("verification_search") + f"?nomor={valid.number}&nama=Nama+Salah",
        reverse("verification_detail", args=[valid.public_code]),
        reverse("verification_detail", args=[revoked.public_code]),
        reverse("verification_detail", args=["kode-tidak-ada"]),
        reverse("login"), reverse("signup"), reverse("signup_done"),
    ]


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_public_pages_in_english_have_no_indonesian_left(english, demo):
    content = lsp_content()
    for url in public_pages(demo):
        response = english.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert '<html lang="en">' in html, url
        assert leftovers(html, content) == [], url


def test_the_same_pages_stay_indonesian_by_default(client, demo):
    for url in public_pages(demo):
        html = client.get(url).content.decode()
        assert '<html lang="id">' in html and leftovers(html, []) != [], url


def test_the_word_list_catches_indonesian():
    assert leftovers("<p>Sertifikat ini berlaku sampai 2029.</p>", []) == ["berlaku", "ini", "sampai", "sertifikat"]
    assert leftovers('<button aria-label="Buka menu">x</button>', []) == []  # "buka", "menu" are not listed
    assert leftovers('<a title="Lihat skema">x</a>', []) == ["lihat", "skema"]


def test_form_errors_on_signup_are_english(english, db):
    response = english.post(reverse("signup"), {"username": "", "email": "bukan-email"})
    html = response.content.decode()
    assert response.status_code == 200 and "Consent to the processing of personal data is required" in html
    assert leftovers(html, []) == []


def test_verification_json_keeps_its_contract_and_translates_its_texts(english, client, demo):
    revoked = Certificate.objects.filter(status="dicabut").first()
    expired = next(c for c in Certificate.objects.filter(status="berlaku") if c.effective_status() == "kedaluwarsa")
    url = reverse("verification_json", args=[expired.public_code])
    en, id_ = english.get(url).json(), client.get(url, HTTP_COOKIE="").json()
    assert set(en) == set(id_) and en["status"] == id_["status"] == "kedaluwarsa"
    assert en["alasan"].startswith("Validity ended on") and id_["alasan"].startswith("Masa berlaku berakhir")
    assert english.get(reverse("verification_json", args=[revoked.public_code])).json()["status"] == "dicabut"


def test_language_switch_only_where_a_translation_exists(client, demo):
    assert 'name="language"' in client.get(reverse("home")).content.decode()
    client.force_login(demo.user("staf"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    staff_page = client.get(reverse("registration:staff_queue")).content.decode()
    assert 'name="language"' not in staff_page and '<html lang="id">' in staff_page


def test_staff_pages_stay_indonesian_with_the_english_cookie(english, demo):
    english.force_login(demo.user("staf"))
    html = english.get(reverse("dashboard")).content.decode()
    assert '<html lang="id">' in html and "Perlu tindakan Anda sekarang" in html and "Skip to content" not in html


def test_signup_email_in_the_language_of_the_page(english, db, settings, django_capture_on_commit_callbacks):
    settings.SIGNUP_RATE_LIMIT = 100
    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(reverse("signup"), {
            "username": "jane", "full_name": "Jane Doe", "email": "jane@example.org",
            "password1": "Kuat-sekali-2026!", "password2": "Kuat-sekali-2026!", "consent": "on",
        })
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.subject.endswith("Verify the email of your account")
    assert "Thank you for signing up" in message.body
    assert leftovers(message.body, ["LSP Perencanaan Pembangunan Indonesia"]) == []


def test_compiled_catalogue_is_current():
    folder = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
    assert (folder / "django.mo").stat().st_mtime >= (folder / "django.po").stat().st_mtime - 1


@pytest.mark.parametrize("language", ["en", "id"])
def test_registration_emails_in_the_applicants_language(db, language, django_capture_on_commit_callbacks):
    from registration.tests.factories import make_applicant, submitted_application
    from schemes.tests.factories import load_renbang

    scheme = load_renbang(with_examples=True)
    applicant = make_applicant(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        application = submitted_application(scheme, applicant)
    [message] = [m for m in mail.outbox if application.reference in m.subject]
    content = lsp_content()
    if language == "en":
        assert "Certification application submitted" in message.subject and "How to pay" in message.body
        assert leftovers(message.subject + "\n" + message.body, content) == []
    else:
        assert "Permohonan sertifikasi diajukan" in message.subject and "Cara membayar" in message.body
