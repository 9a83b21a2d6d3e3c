"""Staff (not only the superuser) import elements and KUK from an .xlsx: a preview first, an error
per bad row, nothing saved before the confirmation; imported text replaces the examples."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.models import Element, PerformanceCriterion
from schemes.tests.factories import load_renbang
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db

HEADER = ["unit_code", "element_no", "element", "kuk_no", "kuk"]


def xlsx(rows) -> SimpleUploadedFile:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("kuk.xlsx", buffer.getvalue())


@pytest.fixture
def staff():
    from django.contrib.auth.models import Group

    for role in Role:
        Group.objects.get_or_create(name=str(role))
    return make_user(Role.STAF)


def test_preview_then_confirm_imports_and_replaces_examples(client, staff):
    scheme = load_renbang(with_examples=True)
    assert Element.objects.filter(unit__scheme=scheme, is_example=True).exists()
    client.force_login(staff)
    url = reverse("schemes:kuk_import")
    page = client.post(url, {"scheme": scheme.pk, "berkas": xlsx([
        ["O.84PPB01.007.1", 1, "Menetapkan sasaran kegiatan", "1.1", "Sasaran ditetapkan sesuai RPJMD."],
        ["O.84PPB01.007.1", 1, "Menetapkan sasaran kegiatan", "1.2", "Indikator sasaran dirumuskan."],
    ])}).content.decode()
    assert "Pratinjau untuk skema" in page and "Sasaran ditetapkan sesuai RPJMD." in page
    assert not PerformanceCriterion.objects.filter(text="Sasaran ditetapkan sesuai RPJMD.").exists()  # preview only
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    element = Element.objects.get(unit__code="O.84PPB01.007.1", order=1)
    assert element.title == "Menetapkan sasaran kegiatan" and not element.is_example
    assert list(element.criteria.order_by("order").values_list("text", flat=True))[:2] == [
        "Sasaran ditetapkan sesuai RPJMD.", "Indikator sasaran dirumuskan."]
    assert AuditEntry.objects.filter(action="schemes.scheme.kuk_imported", actor=staff).exists()


def test_every_bad_row_is_named_and_nothing_is_saved(client, staff):
    scheme = load_renbang()
    client.force_login(staff)
    page = client.post(reverse("schemes:kuk_import"), {"scheme": scheme.pk, "berkas": xlsx([
        ["O.84PPB01.007.1", 1, "Elemen sah", "1.1", "KUK sah"],
        ["X.999", 1, "Elemen", "1.1", "KUK"],
        ["O.84PPB01.008.1", "satu", "Elemen", "1.1", ""],
    ])}).content.decode()
    assert "Baris 3: kode unit X.999 bukan unit skema ini." in page
    assert "Baris 4: teks elemen dan KUK wajib diisi." in page and "Baris 4: element_no" in page
    assert "Pratinjau untuk skema" not in page
    assert not Element.objects.filter(title="Elemen sah").exists()
    refused = client.post(reverse("schemes:kuk_import"), {"scheme": scheme.pk,
                                                          "berkas": SimpleUploadedFile("x.xlsx", b"%PDF-1.4")})
    assert "Berkas harus berupa .xlsx" in refused.content.decode()


def test_import_page_is_for_staff_only(client):
    load_renbang()
    client.force_login(make_user(Role.ASESOR))
    assert client.get(reverse("schemes:kuk_import")).status_code == 403
