from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from accounts.models import Consent
from decisions import bnsp, services, verification
from decisions.tests.factories import make_certificate
from registration.samples import sample_pdf
from registration.services import record_consents

pytestmark = pytest.mark.django_db
KEYS = {"nomor", "nama", "skema", "tanggal_terbit", "berlaku_sampai", "status", "alasan"}


def consent_to_publication(holder) -> Consent:
    return Consent.objects.create(user=holder, purpose=Consent.Purpose.VERIFIKASI_PUBLIK, text_version="2026.1",
                                  text="Saya menyetujui nama dan status sertifikat saya ditampilkan.")


@pytest.fixture
def unnamed_certificate(scheme, director, staff):
    """A holder who gave no consent to be named on public verification."""
    certificate = make_certificate(scheme=scheme, signatory=director, by=staff)
    holder = certificate.holder
    holder.nik = "3273015405900002"
    holder.phone = "081234567890"
    holder.save()
    return certificate


@pytest.fixture
def certificate(unnamed_certificate):
    consent_to_publication(unnamed_certificate.holder)
    return unnamed_certificate


def verify(client, certificate):
    response = client.get(f"/verifikasi/{certificate.public_code}.json")
    assert response.status_code == 200
    return response.json()


def test_valid_certificate_json_has_exactly_the_contract_keys(client, certificate):
    data = verify(client, certificate)
    assert set(data) == KEYS
    assert data == {
        "nomor": certificate.number, "nama": certificate.holder_name, "skema": certificate.scheme_name,
        "tanggal_terbit": certificate.issued_on.isoformat(), "berlaku_sampai": certificate.valid_until.isoformat(),
        "status": "berlaku", "alasan": None,
    }


def test_nothing_private_in_json_or_html(client, certificate):
    json_body = client.get(f"/verifikasi/{certificate.public_code}.json").content.decode()
    html_body = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    for body in (json_body, html_body):
        assert "3273015405900002" not in body and "081234567890" not in body
        assert certificate.holder.email not in body and "base64" not in body
        assert "Kompeten" not in body.replace("kompetensi", "")  # no scores or recommendations


def test_suspended_status_shows_at_once_with_its_category_never_the_staff_note(client, certificate, staff):
    note = "Logbook 2026 tidak diserahkan; atasan langsung menyatakan ia pindah ke bagian keuangan."
    services.suspend_certificate(certificate=certificate, category="surveilan", note=note, by=staff)
    data = verify(client, certificate)
    label = "Hasil surveilan: pemeliharaan kompetensi tidak terbukti (9.6)"
    assert (data["status"], data["alasan"]) == ("dibekukan", label)
    html = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    assert "dibekukan" in html and label in html
    for body in (str(data), html):
        assert "Logbook" not in body and "keuangan" not in body


def test_revoked_status(client, certificate, staff, director, time_machine):
    evidence = SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")
    violation = services.record_violation(certificate=certificate, category="d", description="x", evidence=evidence,
                                          by=staff)
    services.warn_holder(violation=violation, text="Hentikan", deadline=timezone.localdate() + timedelta(days=1),
                         by=staff)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    services.propose_revocation(violation=violation, by=staff)
    services.decide_revocation(violation=violation, by=director, approve=True)
    data = verify(client, certificate)
    assert data["status"] == "dicabut" and "9.5.1 d" in data["alasan"]


def test_superseded_status(client, certificate, staff):
    new = services.reissue_certificate(certificate=certificate, by=staff, holder_name="Nama Benar", reason="Typo")
    data = verify(client, certificate)
    assert data["status"] == "digantikan" and new.number in data["alasan"]
    assert verify(client, new)["status"] == "berlaku"


def test_expired_status_from_end_date_on(client, certificate, time_machine):
    end = certificate.valid_until
    time_machine.move_to(timezone.make_aware(timezone.datetime(end.year, end.month, end.day, 23, 0)))
    assert verify(client, certificate)["status"] == "berlaku"
    time_machine.move_to(timezone.make_aware(timezone.datetime(end.year, end.month, end.day, 23, 0))
                         + timedelta(hours=1, minutes=1))
    data = verify(client, certificate)
    assert data["status"] == "kedaluwarsa" and data["alasan"]


def test_unknown_code_is_404(client, certificate):
    response = client.get("/verifikasi/tidak-ada-kode-ini.json")
    assert response.status_code == 404 and response.json() == {"status": "tidak_ditemukan"}
    response = client.get("/verifikasi/tidak-ada-kode-ini/")
    assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()
    assert client.get(f"/verifikasi/{certificate.public_code[:-1]}.json").status_code == 404


def test_html_page_shows_status(client, certificate):
    html = client.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    assert certificate.number in html and "berlaku" in html


def test_rate_limit_answers_429(client, certificate, settings):
    settings.VERIFICATION_RATE_LIMIT = 3
    url = f"/verifikasi/{certificate.public_code}.json"
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and "Retry-After" in response
    assert client.get(f"/verifikasi/{certificate.public_code}/").status_code == 429
    # Another client is not affected.
    assert client.get(url, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_search_needs_number_and_matching_name(client, certificate):
    found = client.get("/verifikasi/", {"nomor": certificate.number, "nama": certificate.holder_name.upper()})
    assert found.status_code == 200 and "berlaku" in found.content.decode()
    assert found.context["payload"]["nomor"] == certificate.number
    wrong = client.get("/verifikasi/", {"nomor": certificate.number, "nama": "Orang Lain"})
    assert wrong.context["payload"] is None and "tidak ditemukan" in wrong.content.decode()
    only_number = client.get("/verifikasi/", {"nomor": certificate.number})
    assert only_number.context["payload"] is None


@pytest.mark.parametrize("code", ["abc%00def", "%00", "x" * 41, "kode%20spasi"])
def test_malformed_code_is_unknown_not_an_error(client, certificate, code):
    """PostgreSQL refuses a NUL byte in a query: such a code is simply not found."""
    response = client.get(f"/verifikasi/{code}.json")
    assert response.status_code == 404 and response.json() == {"status": "tidak_ditemukan"}
    assert client.get(f"/verifikasi/{code}/").status_code == 404


# --- the holder's name only with their verifikasi_publik consent (UU PDP) ---------------------------------


def test_without_consent_json_withholds_the_name_and_says_so(client, unnamed_certificate, django_assert_num_queries):
    certificate = unnamed_certificate
    with django_assert_num_queries(1):
        response = client.get(f"/verifikasi/{certificate.public_code}.json")
    assert response.json() == {
        "nomor": certificate.number, "nama": None, "skema": certificate.scheme_name,
        "tanggal_terbit": certificate.issued_on.isoformat(), "berlaku_sampai": certificate.valid_until.isoformat(),
        "status": "berlaku", "alasan": None, "nama_disembunyikan": "atas permintaan pemegang",
    }
    assert certificate.holder_name not in response.content.decode()


def test_without_consent_html_shows_number_scheme_dates_status_but_not_the_name(client, unnamed_certificate):
    certificate = unnamed_certificate
    html = " ".join(client.get(f"/verifikasi/{certificate.public_code}/").content.decode().split())
    assert certificate.holder_name not in html
    assert "Tidak ditampilkan atas permintaan pemegang sertifikat" in html
    assert certificate.number in html and certificate.scheme_name in html and 'data-status="berlaku"' in html
    assert str(certificate.valid_until.year) in html


def test_withdrawn_consent_withholds_the_name_at_once(client, certificate):
    assert verify(client, certificate)["nama"] == certificate.holder_name
    record_consents(user=certificate.holder, purposes=set())  # unticked on the profile: withdrawn
    data = verify(client, certificate)
    assert data["nama"] is None and data["nama_disembunyikan"]


def test_consent_for_another_purpose_does_not_publish_the_name(client, unnamed_certificate):
    Consent.objects.create(user=unnamed_certificate.holder, purpose=Consent.Purpose.SERTIFIKASI, text_version="1",
                           text="x")
    assert verify(client, unnamed_certificate)["nama"] is None


def test_search_by_name_does_not_confirm_a_withheld_name(client, unnamed_certificate):
    certificate = unnamed_certificate
    response = client.get("/verifikasi/", {"nomor": certificate.number, "nama": certificate.holder_name})
    html = response.content.decode()
    assert response.context["payload"] is None and "tidak ditemukan" in html and "kode QR" in html


PROXY = "10.0.0.2"


def test_behind_a_trusted_proxy_one_clients_calls_do_not_throttle_another(client, certificate, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    url = f"/verifikasi/{certificate.public_code}.json"
    noisy = [client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code
             for _ in range(settings.VERIFICATION_RATE_LIMIT + 1)]
    assert noisy[:-1] == [200] * settings.VERIFICATION_RATE_LIMIT and noisy[-1] == 429
    assert client.get(url, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


def test_without_trusted_proxies_a_forged_forwarded_header_does_not_reset_the_limit(client, certificate, settings):
    settings.TRUSTED_PROXIES, settings.VERIFICATION_RATE_LIMIT = [], 3
    url = f"/verifikasi/{certificate.public_code}.json"
    codes = [client.get(url, REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
             for n in range(4)]
    assert codes == [200, 200, 200, 429]


def test_with_the_redis_cache_down_all_verification_urls_answer_and_log_once_each(client, certificate, caplog):
    dead_redis = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                              "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
                              "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    urls = [f"/verifikasi/{certificate.public_code}/", f"/verifikasi/{certificate.public_code}.json",
            f"/verifikasi/?nomor={certificate.number}&nama={certificate.holder_name}"]
    with override_settings(CACHES=dead_redis), caplog.at_level("WARNING", logger="skema_lsp.throttle"):
        responses = [client.get(url) for url in urls]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert responses[1].json()["nomor"] == certificate.number
    assert responses[2].context["payload"]["nomor"] == certificate.number
    lines = [r for r in caplog.records if r.name == "skema_lsp.throttle"]
    assert len(lines) == 3 and all("cache tidak tersedia" in r.getMessage() for r in lines)


# --- the per-code cache never shows a stale status (issue 13) --------------------------------------


def test_cached_answer_follows_every_status_change(client, certificate, staff, django_capture_on_commit_callbacks):
    assert verify(client, certificate)["status"] == "berlaku"  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        services.suspend_certificate(certificate=certificate, category="surveilan", note="Tidak mengikuti surveilan.",
                                     by=staff)
    assert verify(client, certificate)["status"] == "dibekukan"
    assert "dibekukan" in client.get(f"/verifikasi/{certificate.public_code}/").content.decode().lower()
    with django_capture_on_commit_callbacks(execute=True):
        services.reinstate_certificate(certificate=certificate, by=staff)
    assert verify(client, certificate)["status"] == "berlaku"


def test_cached_answer_turns_expired_on_the_day_without_any_change(client, certificate, time_machine):
    assert verify(client, certificate)["status"] == "berlaku"
    time_machine.move_to(certificate.valid_until + timedelta(days=1))
    assert verify(client, certificate)["status"] == "kedaluwarsa"


def test_verification_is_answered_from_the_cache_without_a_query(client, certificate,
                                                                 django_assert_num_queries):
    verify(client, certificate)
    with django_assert_num_queries(0):
        verify(client, certificate)


# --- the rendered page is cached per code too, and never stale (issue 13) -------------------------


def page(client, certificate) -> str:
    response = client.get(f"/verifikasi/{certificate.public_code}/")
    assert response.status_code == 200
    return response.content.decode()


def status_badge(html: str) -> str:
    return html.split('data-status="', 1)[1].split('"', 1)[0]


def change(callbacks, action):
    """Run one change as the views do: in a transaction whose on-commit callbacks then run."""
    with callbacks(execute=True):
        return action()


def test_cached_page_follows_every_kind_of_change(client, certificate, staff, director, time_machine,
                                                  django_capture_on_commit_callbacks):
    cb = django_capture_on_commit_callbacks
    code = certificate.public_code
    assert status_badge(page(client, certificate)) == "berlaku"
    assert verification.cached_page(code, timezone.localdate()) is not None  # the page is now cached

    change(cb, lambda: services.suspend_certificate(certificate=certificate, category="surveilan", note="x", by=staff))
    assert status_badge(page(client, certificate)) == "dibekukan"
    change(cb, lambda: services.reinstate_certificate(certificate=certificate, by=staff))
    assert status_badge(page(client, certificate)) == "berlaku"

    # consent to be named: withdrawn, then given again
    assert certificate.holder_name in page(client, certificate)
    change(cb, lambda: record_consents(user=certificate.holder, purposes=set()))
    assert certificate.holder_name not in page(client, certificate)
    change(cb, lambda: consent_to_publication(certificate.holder))
    assert certificate.holder_name in page(client, certificate)

    # BNSP's registration number recorded
    assert "data-bnsp-number" not in page(client, certificate)
    change(cb, lambda: bnsp.record_bnsp_number(certificate=certificate, number="BNSP-2026-0001", by=staff))
    assert "BNSP-2026-0001" in page(client, certificate)

    # reissued: the old code shows it superseded by the new number
    new = change(cb, lambda: services.reissue_certificate(certificate=certificate, by=staff, holder_name="Nama Benar",
                                                          reason="Salah ketik"))
    html = page(client, certificate)
    assert status_badge(html) == "digantikan" and new.number in html

    # revoked (the new certificate, cached first)
    assert status_badge(page(client, new)) == "berlaku"
    evidence = SimpleUploadedFile("bukti.pdf", sample_pdf(), content_type="application/pdf")
    violation = change(cb, lambda: services.record_violation(certificate=new, category="d", description="x",
                                                             evidence=evidence, by=staff))
    change(cb, lambda: services.warn_holder(violation=violation, text="Hentikan",
                                            deadline=timezone.localdate() + timedelta(days=1), by=staff))
    time_machine.move_to(timezone.now() + timedelta(days=2))
    assert status_badge(page(client, new)) == "berlaku"  # cached again on the new day
    change(cb, lambda: services.propose_revocation(violation=violation, by=staff))
    change(cb, lambda: services.decide_revocation(violation=violation, by=director, approve=True))
    assert status_badge(page(client, new)) == "dicabut"


def test_cached_page_turns_expired_on_the_day_without_any_change(client, certificate, time_machine):
    assert status_badge(page(client, certificate)) == "berlaku"
    time_machine.move_to(certificate.valid_until + timedelta(days=1))
    assert status_badge(page(client, certificate)) == "kedaluwarsa"


def test_two_visitors_get_the_same_page_from_the_cache_without_a_query(client, certificate, time_machine,
                                                                       django_assert_num_queries):
    from django.test import Client

    time_machine.move_to(timezone.now().replace(second=0), tick=False)
    first = client.get(f"/verifikasi/{certificate.public_code}/")
    with django_assert_num_queries(0):
        second = Client().get(f"/verifikasi/{certificate.public_code}/")
    assert first.content == second.content
    body = second.content.decode()
    assert "csrfmiddlewaretoken" not in body and "nonce" not in body
    assert "csrftoken" not in second.cookies and "sessionid" not in second.cookies
    assert timezone.localtime().strftime("%H:%M") in body  # the time shown is the visit's, not the cache's


def test_language_switch_works_from_the_cached_page_without_a_token(certificate):
    from django.test import Client

    visitor = Client(enforce_csrf_checks=True)
    body = visitor.get(f"/verifikasi/{certificate.public_code}/").content.decode()
    assert 'name="language" value="en"' in body
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": f"/verifikasi/{certificate.public_code}/"})
    assert response.status_code == 302
    english = visitor.get(f"/verifikasi/{certificate.public_code}/")
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()


def test_signed_in_visitor_gets_their_own_layout_not_the_cached_one(client, certificate, staff):
    page(client, certificate)  # cached for anonymous visitors
    client.force_login(staff)
    html = page(client, certificate)
    assert "Keluar" in html and "csrfmiddlewaretoken" in html
