from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from schemes.demo import EXAMPLE_KUK_CSV
from schemes.models import Element, PerformanceCriterion
from schemes.tests.factories import SchemeFactory, UnitFactory, load_renbang

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("import_kuk", *args, stdout=out)
    return out.getvalue()


def _write(tmp_path, text: str):
    path = tmp_path / "kuk.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_example_csv_imports_marked_examples_for_both_units():
    scheme = load_renbang()
    output = _run(str(EXAMPLE_KUK_CSV), "--example")
    for unit in scheme.units.all():
        elements = unit.elements.all()
        assert 2 <= elements.count() <= 3
        assert all(e.is_example and e.title.startswith("[Contoh]") for e in elements)
        for element in elements:
            assert 2 <= element.criteria.count() <= 3
            assert all(c.text.startswith("[Contoh]") for c in element.criteria.all())
    assert "Elemen: 5 baru" in output


def test_import_is_idempotent_and_updates_text(tmp_path):
    load_renbang()
    _run(str(EXAMPLE_KUK_CSV), "--example")
    counts = (Element.objects.count(), PerformanceCriterion.objects.count())
    _run(str(EXAMPLE_KUK_CSV), "--example")
    assert (Element.objects.count(), PerformanceCriterion.objects.count()) == counts

    csv = (
        "unit_code,element_no,element,kuk_no,kuk\n"
        "O.84PPB01.007.1,1,Menetapkan sasaran kegiatan,1.1,Sasaran ditetapkan.\n"
    )
    output = _run(_write(tmp_path, csv))
    element = Element.objects.get(unit__code="O.84PPB01.007.1", order=1)
    assert element.title == "Menetapkan sasaran kegiatan"
    assert not element.is_example
    assert element.criteria.get(order=1).text == "Sasaran ditetapkan."
    assert (Element.objects.count(), PerformanceCriterion.objects.count()) == counts
    assert "1 diperbarui" in output


def test_self_assessment_question_keeps_example_tag_readable():
    load_renbang()
    _run(str(EXAMPLE_KUK_CSV), "--example")
    element = Element.objects.get(unit__code="O.84PPB01.008.1", order=2)
    assert element.self_assessment_question == "Dapatkah saya menghitung rencana anggaran kegiatan? [Contoh]"


def test_unknown_unit_imports_nothing(tmp_path):
    load_renbang()
    csv = (
        "unit_code,element_no,element,kuk_no,kuk\n"
        "O.84PPB01.007.1,1,Elemen sah,1.1,KUK sah\n"
        "X.999,1,Elemen,1.1,KUK\n"
    )
    with pytest.raises(CommandError, match="X.999"):
        _run(_write(tmp_path, csv))
    assert not Element.objects.exists()


def test_bad_number_names_the_line(tmp_path):
    load_renbang()
    csv = "unit_code,element_no,element,kuk_no,kuk\nO.84PPB01.007.1,satu,Elemen,1.1,KUK\n"
    with pytest.raises(CommandError, match="Baris 2"):
        _run(_write(tmp_path, csv))
    assert not Element.objects.exists()


def test_missing_column_is_refused(tmp_path):
    with pytest.raises(CommandError, match="kuk_no"):
        _run(_write(tmp_path, "unit_code,element_no,element,kuk\n"))


def test_unit_code_shared_by_two_schemes_needs_scheme_option(tmp_path):
    first = UnitFactory(code="A.1", scheme=SchemeFactory())
    UnitFactory(code="A.1", scheme=SchemeFactory())
    path = _write(tmp_path, "unit_code,element_no,element,kuk_no,kuk\nA.1,1,Elemen,1,KUK\n")
    with pytest.raises(CommandError, match="lebih dari satu skema"):
        _run(path)
    _run(path, "--scheme", first.scheme.code)
    assert list(Element.objects.values_list("unit_id", flat=True)) == [first.pk]


def test_unknown_scheme_and_missing_file_are_reported(tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        _run(str(EXAMPLE_KUK_CSV), "--scheme", "tidak-ada")
    with pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        _run(str(tmp_path / "tidak-ada.csv"))
