"""Scheme versions: decisions and certificates carry the version in force when they were made; a new
version changes nothing already issued; staff see the version a certificate was issued under."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import services
from decisions.models import Decision
from decisions.tests.factories import make_certificate, make_ready_assessment
from decisions.tests.test_meetings import run_meeting
from schemes.models import SchemeVersion
from skema_lsp.models import AuditEntry
from skema_lsp.testing import pdf_text


@pytest.mark.django_db
def test_new_version_applies_to_later_documents_and_leaves_issued_ones_alone(
        client, scheme, staff, director, members, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_certificate(scheme=scheme, signatory=director, by=staff)
    first.refresh_from_db()
    with first.pdf.open("rb") as handle:
        first_pdf = handle.read()
    first_units = list(first.units)
    assert first.scheme_version == 1 and first.decision.scheme_version == 1

    client.force_login(staff)
    response = client.post(reverse("schemes:versions", args=[scheme.code]),
                           {"note": "Unit 1 diperbarui mengikuti SKKNI revisi.", "effective_on": "2026-03-02"})
    assert response.status_code == 302
    scheme.refresh_from_db()
    assert scheme.version == 2
    assert list(SchemeVersion.objects.filter(scheme=scheme).values_list("number", flat=True)) == [2, 1]
    entry = AuditEntry.objects.get(action="schemes.scheme.version_published")
    assert (entry.from_state, entry.to_state, entry.actor) == ("1", "2", staff)
    unit = scheme.units.order_by("order").first()
    unit.title = "Judul unit versi dua"
    unit.save()

    # A decision made in a meeting from now on, and its certificate, carry version 2 and its units.
    assessment = make_ready_assessment(scheme=scheme)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.close_meeting(meeting=run_meeting(staff, members, [assessment]), by=staff)
        letter = services.draft_letter(meeting=meeting, by=staff)
        [second] = services.approve_letter(letter=letter, by=director)
    assert Decision.objects.get(assessment=assessment).scheme_version == 2
    assert "skema versi 2" in client.get(meeting.get_absolute_url()).content.decode()
    second.refresh_from_db()
    assert second.scheme_version == 2 and second.units[0]["title"] == "Judul unit versi dua"

    # The certificate issued under version 1 is untouched: version, unit snapshot and stored PDF.
    first.refresh_from_db()
    assert first.scheme_version == 1 and first.units == first_units
    assert "Judul unit versi dua" not in str(first.units)
    with first.pdf.open("rb") as handle:
        kept = handle.read()
    assert kept == first_pdf and "Judul unit versi dua" not in pdf_text(kept)

    page = client.get(first.get_absolute_url()).content.decode()
    assert "versi 1 (versi berlaku kini: 2)" in page
    versions_page = client.get(reverse("schemes:versions", args=[scheme.code])).content.decode()
    assert "Unit 1 diperbarui mengikuti SKKNI revisi." in versions_page and "2 Maret 2026" in versions_page


@pytest.mark.django_db
def test_reissue_keeps_the_version_of_the_certificate_it_corrects(scheme, staff, director):
    from schemes.services import publish_scheme_version

    old = make_certificate(scheme=scheme, signatory=director, by=staff)
    publish_scheme_version(scheme=scheme, note="Revisi", by=staff)
    new = services.reissue_certificate(certificate=old, by=staff, holder_name="Nama Diperbaiki", reason="Salah ketik")
    assert new.scheme_version == 1 and new.units == old.units


@pytest.mark.django_db
def test_version_page_is_staff_only_and_a_missing_note_changes_nothing(client, scheme, staff, director):
    url = reverse("schemes:versions", args=[scheme.code])
    for user in (director, make_user(Role.PEMOHON), make_user(Role.ASESOR)):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"note": "x"}).status_code == 403
    client.force_login(staff)
    page = client.post(url, {"note": "   ", "effective_on": "2026-03-02"})
    assert page.status_code == 200 and "Bidang ini tidak boleh kosong." in page.content.decode()
    assert 'value="2026-03-02"' in page.content.decode()  # what was typed is kept
    scheme.refresh_from_db()
    assert scheme.version == 1 and not AuditEntry.objects.filter(action="schemes.scheme.version_published").exists()
    assert client.get(reverse("schemes:versions", args=["tidak-ada"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_migration_gives_existing_schemes_decisions_and_certificates_version_1(django_capture_on_commit_callbacks):
    """Rows that exist before the versions arrive are version 1 afterwards."""
    executor = MigrationExecutor(connection)
    before = [("schemes", "0002_scheme_english_titles"), ("decisions", "0009_certificate_revision")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Scheme = old.get_model("schemes", "Scheme")
    scheme = Scheme.objects.create(code="lama", document_number="SKM/09/KLS/I/2020", name="Skema lama",
                                   type="klaster", approved_on="2020-08-01", fee=1)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    version = SchemeVersion.objects.get(scheme_id=scheme.pk)
    assert version.number == 1 and str(version.effective_on) == "2020-08-01"
    from schemes.models import Scheme as Current

    assert Current.objects.get(pk=scheme.pk).version == 1
    # Decisions and certificates that existed get their column filled with 1 by the migration itself.
    added = {op.model_name: op.field.default for op in executor.loader.get_migration(
        "decisions", "0010_scheme_version").operations}
    assert added == {"certificate": 1, "decision": 1}
