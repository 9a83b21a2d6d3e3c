"""The appeal form FR.AK.04 prints as filed; the appeal decision letter no longer carries that form's label."""

import pytest
from django.urls import reverse

from appeals.tests.factories import file_appeal, make_decided_case
from skema_lsp.testing import pdf_text

pytestmark = pytest.mark.django_db


def test_fr_ak_04_prints_the_appeal_as_filed(client):
    appeal = file_appeal(make_decided_case())
    client.force_login(appeal.appellant)
    response = client.get(reverse("appeals:form_pdf", args=[appeal.pk]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "FR.AK.04. BANDING ASESMEN" in text and appeal.reference in text
    assert "Apakah Proses Banding telah dijelaskan kepada Anda? ✔" in text
    assert " ".join(appeal.reasons.split()) in text
    assert appeal.decision.application.scheme.document_number in text


def test_appeal_decision_letter_no_longer_says_fr_ak_04():
    from pathlib import Path

    from django.conf import settings

    letter = Path(settings.BASE_DIR, "appeals", "templates", "appeals", "pdf", "letter.html").read_text()
    assert "FR.AK.04" not in letter
