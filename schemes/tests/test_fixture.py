"""The seed's scheme, exactly as fixtures/skema_renbang.json states it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command

from schemes.demo import RENBANG_FIXTURE
from schemes.models import BasicRequirement, CompetencyUnit, RequiredDocument, Scheme, SchemeClause
from schemes.tests.factories import load_renbang

pytestmark = pytest.mark.django_db


def _docs_for(requirement_code: str) -> set[str]:
    return set(
        RequiredDocument.objects.filter(requirements__code=requirement_code).values_list("code", flat=True)
    )


def test_scheme_header_matches_the_seed():
    scheme = load_renbang()
    assert scheme.document_number == "SKM/02/KLS/VIII/2020"
    assert scheme.name == "Mengelola Pelaksanaan Rencana Pembangunan"
    assert scheme.type == Scheme.Type.KLASTER
    assert scheme.approved_on == date(2020, 8, 19)
    assert "Abiratno, S.T., M.Sc." in scheme.approved_by
    assert scheme.fee == Decimal("3500000")
    assert (scheme.validity_years, scheme.appeal_window_days, scheme.appeal_working_days) == (3, 1, 14)
    assert (scheme.surveillance_interval_months, scheme.recertification_lead_months) == (12, 2)
    assert scheme.scope.startswith("Bidang Perencanaan Pembangunan.")
    assert "3.1 Memastikan kompetensi kerja" in scheme.description


def test_units_in_order():
    scheme = load_renbang()
    assert list(scheme.units.values_list("code", "title")) == [
        ("O.84PPB01.007.1", "Merumuskan rencana kegiatan pembangunan"),
        ("O.84PPB01.008.1", "Menyusun rencana anggaran"),
    ]


def test_basic_requirements_verbatim():
    load_renbang()
    texts = dict(BasicRequirement.objects.values_list("code", "text"))
    assert list(texts) == ["6.1", "6.2", "6.3", "6.4"]
    assert texts["6.2"] == "Memiliki Ijazah minimum S-1 atau D-4 pada bidang keilmuan yang relevan; atau"
    assert texts["6.4"].endswith("minimal memiliki 3 (tiga) hasil kegiatan dibidang perencanaan pembangunan.")


def test_documents_follow_9_1_2():
    load_renbang()
    always = RequiredDocument.objects.filter(always=True)
    assert set(always.values_list("code", flat=True)) == {"ktp", "pasfoto"}
    assert RequiredDocument.objects.get(code="pasfoto").is_image
    assert "latar merah" in RequiredDocument.objects.get(code="pasfoto").name
    assert _docs_for("6.1") == {"transkrip-semester-vi", "bukti-praktik-kerja"}
    assert _docs_for("6.2") == {"ijazah-s1-d4", "pengalaman-kerja"}
    assert _docs_for("6.3") == {"sertifikat-pelatihan", "ijazah-d3", "pengalaman-kerja"}
    assert _docs_for("6.4") == {"pengalaman-kerja", "hasil-kegiatan"}
    assert RequiredDocument.objects.get(code="hasil-kegiatan").min_files == 3


def test_rights_duties_and_code_of_ethics_verbatim():
    load_renbang()
    clauses = SchemeClause.objects.all()
    assert clauses.filter(kind=SchemeClause.Kind.HAK).count() == 5
    assert clauses.filter(kind=SchemeClause.Kind.KEWAJIBAN).count() == 5
    assert clauses.get(number="7.1.4").text == "Memperoleh hak banding terhadap keputusan sertifikasi."
    ethics = clauses.filter(kind=SchemeClause.Kind.KODE_ETIK)
    groups = list(dict.fromkeys(ethics.order_by("order").values_list("group", flat=True)))
    assert groups == [
        "Nilai Pancasila", "Nilai Profesional", "Nilai Akuntabel", "Nilai Sinergi",
        "Nilai Transparan", "Nilai Inovatif", "Nilai Orisinalitas", "Nilai Kredibel",
    ]
    assert ethics.count() == 23
    assert ethics.filter(text__contains="“Bhinneka Tunggal Ika”").exists()


def test_loading_twice_changes_nothing():
    load_renbang()
    models = (Scheme, CompetencyUnit, BasicRequirement, RequiredDocument, SchemeClause)
    counts = [m.objects.count() for m in models]
    links = RequiredDocument.requirements.through.objects.count()
    call_command("loaddata", str(RENBANG_FIXTURE), verbosity=0)
    assert [m.objects.count() for m in models] == counts
    assert RequiredDocument.requirements.through.objects.count() == links
    assert counts == [1, 2, 4, 9, 33]


def test_new_rows_after_loading_get_fresh_primary_keys():
    # loaddata with explicit pks must reset PostgreSQL's sequences, or the next insert collides.
    scheme = load_renbang()
    unit = CompetencyUnit.objects.create(scheme=scheme, order=3, code="X.1", title="Unit tambahan")
    assert unit.pk > 2
