"""Public scheme pages (contract 8): no login, everything an applicant must prepare."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schemes.tests.factories import load_renbang, make_full_scheme

pytestmark = pytest.mark.django_db


def test_home_shows_scheme_fee_and_how_to_apply(client):
    load_renbang()
    html = client.get("/").content.decode()
    assert "Mengelola Pelaksanaan Rencana Pembangunan" in html
    assert "Rp3.500.000" in html
    assert "Cara mengajukan sertifikasi" in html
    assert 'href="/skema/mengelola-pelaksanaan-rencana-pembangunan/"' in html


def test_scheme_list_needs_no_login_and_shows_what_to_prepare(client):
    load_renbang()
    response = client.get("/skema/")
    html = response.content.decode()
    assert response.status_code == 200
    for text in [
        "O.84PPB01.007.1", "Merumuskan rencana kegiatan pembangunan",
        "O.84PPB01.008.1", "Menyusun rencana anggaran",
        "Mahasiswa semester VI dengan kompetensi keahlian Perencanaan Pembangunan",
        "Fotokopi KTP", "Pasfoto terbaru 4x6 cm dengan latar merah", "Fotokopi Ijazah S-1 atau D-4",
        "Rp3.500.000", "3 tahun", "SKM/02/KLS/VIII/2020", "19 Agustus 2020",
    ]:
        assert text in html, text


def test_scheme_detail_shows_rules_clauses_and_example_elements(client):
    load_renbang(with_examples=True)
    html = client.get("/skema/mengelola-pelaksanaan-rencana-pembangunan/").content.decode()
    assert "Rp3.500.000" in html
    assert "14 hari kerja" in html
    assert "Memperoleh hak banding terhadap keputusan sertifikasi." in html
    assert "Nilai Kredibel" in html
    assert "[Contoh] Menghitung rencana anggaran kegiatan" in html
    assert "contoh ilustratif" in html
    assert "untuk persyaratan 6.2, 6.3, 6.4" in html


def test_rupiah_does_not_follow_the_visitor_language(client):
    load_renbang()
    html = client.get("/skema/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Rp3.500.000" in html


def test_unknown_or_inactive_scheme_is_404(client):
    scheme = make_full_scheme(is_active=False)
    assert client.get("/skema/tidak-ada/").status_code == 404
    response = client.get(f"/skema/{scheme.code}/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/skema/"])
def test_query_count_does_not_grow_with_schemes(client, url):
    make_full_scheme()
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(4):
        make_full_scheme()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count("Skema Uji") >= 5
    assert len(many) == len(one)


def test_detail_query_count_does_not_grow_with_elements(client):
    from schemes.tests.factories import CriterionFactory, ElementFactory

    scheme = make_full_scheme()
    unit = scheme.units.first()
    CriterionFactory(element=ElementFactory(unit=unit))
    with CaptureQueriesContext(connection) as one:
        client.get(f"/skema/{scheme.code}/")
    for element in ElementFactory.create_batch(3, unit=unit):
        CriterionFactory.create_batch(2, element=element)
    with CaptureQueriesContext(connection) as many:
        client.get(f"/skema/{scheme.code}/")
    assert len(many) == len(one)
