"""The printed FR.APL.01 and FR.APL.02 carry what their names promise: the purposes as FR.APL.01
lists them, the LSP admin's recommendation block, the KUK rows and the assessor's recommendation."""

import pytest
from django.urls import reverse

from registration import services
from registration.models import Application
from registration.tests.factories import all_memenuhi, submitted_application
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


def test_purposes_are_named_as_fr_apl_01_names_them():
    assert [label for _, label in Application.Purpose.choices] == [
        "Sertifikasi", "Sertifikasi Ulang", "Pengakuan Kompetensi Terkini (PKT)",
        "Rekognisi Pembelajaran Lampau (RPL)", "Lainnya",
    ]


def test_apl01_prints_the_admin_recommendation(client, scheme, staff):
    application = submitted_application(scheme)
    client.force_login(staff)
    url = reverse("registration:apl01_pdf", args=[application.pk])
    before = pdf_text(client.get(url).content, collapse="all")
    assert "Rekomendasi (diisi oleh LSP)" in before and "Diterima / Tidak diterima" in before
    services.accept_application(application=application, by=staff, verdicts=all_memenuhi(application),
                                note="Lengkap.")
    after = pdf_text(client.get(url).content, collapse="all")
    assert "pemohon: Diterima sebagai peserta sertifikasi" in after
    assert "Catatan: Lengkap." in after and "Admin LSP, Siti Staf" in after
