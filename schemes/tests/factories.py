"""Scheme factories for every app's tests. `load_renbang()` loads the real seed scheme instead."""

from datetime import date
from io import StringIO

import factory
from django.core.management import call_command

from schemes.demo import EXAMPLE_KUK_CSV, RENBANG_CODE, RENBANG_FIXTURE
from schemes.models import (
    TUK,
    BasicRequirement,
    CompetencyUnit,
    Element,
    PerformanceCriterion,
    RequiredDocument,
    Scheme,
)


class SchemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Scheme

    code = factory.Sequence(lambda n: f"skema-{n}")
    document_number = factory.Sequence(lambda n: f"SKM/{n:02d}/KLS/I/2026")
    name = factory.Sequence(lambda n: f"Skema Uji {n}")
    type = Scheme.Type.KLASTER
    approved_on = date(2026, 1, 5)
    fee = 3500000


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CompetencyUnit

    scheme = factory.SubFactory(SchemeFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"O.84PPB01.{n:03d}.1")
    title = factory.Sequence(lambda n: f"Unit uji {n}")


class ElementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Element

    unit = factory.SubFactory(UnitFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Menyusun dokumen uji {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerformanceCriterion

    element = factory.SubFactory(ElementFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Dokumen uji {n} disusun sesuai format.")


class RequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BasicRequirement

    scheme = factory.SubFactory(SchemeFactory)
    code = factory.Sequence(lambda n: f"6.{n + 1}")
    text = factory.Sequence(lambda n: f"Persyaratan uji {n}")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RequiredDocument

    scheme = factory.SubFactory(SchemeFactory)
    code = factory.Sequence(lambda n: f"dokumen-{n}")
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Dokumen uji {n}")


class TUKFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TUK

    name = factory.Sequence(lambda n: f"TUK Uji {n}")
    address = "Jl. Contoh No. 1, Jakarta"
    is_verified = True
    verified_on = date(2026, 1, 5)


# Required documents a test may ask make_scheme for (RequiredDocument fields).
KTP = {"code": "ktp", "order": 1, "always": True, "name": "KTP"}
PASFOTO = {"code": "pasfoto", "order": 2, "always": True, "is_image": True, "name": "Pasfoto 4x6 latar merah"}
# The first units as the seed names them; a scheme with more units gets numbered ones after these.
UNITS = (("O.84PPB01.007.1", "Mengoordinasikan Pelaksanaan Rencana Pembangunan"),
         ("O.84PPB01.008.1", "Mengendalikan Pelaksanaan Rencana Pembangunan"))
# A scheme as a recertification asks for it: one unit, one element, a basic requirement, KTP and photo.
RECERTIFICATION = {"units": 1, "elements": 1, "criteria": 0, "requirements": (("6.1", "Pendidikan minimal S1"),),
                   "documents": (KTP, PASFOTO)}
_made = {"n": 0}


def make_scheme(*, units: int = 2, elements: int = 2, criteria: int = 2, requirements: tuple = (),
                documents: tuple = (), **fields) -> Scheme:
    """A klaster scheme of `units` units × `elements` elements × `criteria` KUK (2 × 2 × 2 unless
    asked), with the given basic requirements ((code, text) pairs) and required documents (KTP,
    PASFOTO or other RequiredDocument fields). `fields` override the scheme's own columns."""
    _made["n"] += 1
    n = _made["n"]
    # Numbered from 101: the seed's own scheme (SKM/02/…) may be loaded beside these.
    scheme = Scheme.objects.create(**{
        "code": f"skema-uji-{n}", "document_number": f"SKM/{100 + n}/KLS/VIII/2020",
        "name": f"Mengelola Pelaksanaan Rencana Pembangunan {n}", "type": Scheme.Type.KLASTER,
        "approved_on": date(2020, 8, 19), "fee": 3500000, **fields,
    })
    for u in range(1, units + 1):
        code, title = UNITS[u - 1] if u <= len(UNITS) else (f"O.84PPB01.{6 + u:03d}.1", f"Unit uji {u}")
        unit = CompetencyUnit.objects.create(scheme=scheme, order=u, code=code, title=title)
        for e in range(1, elements + 1):
            element = Element.objects.create(unit=unit, order=e, title=f"Menyusun dokumen {u}.{e}")
            for k in range(1, criteria + 1):
                PerformanceCriterion.objects.create(element=element, order=k, text=f"Dokumen {u}.{e}.{k} disusun.")
    for code, text in requirements:
        BasicRequirement.objects.create(scheme=scheme, code=code, text=text)
    for document in documents:
        RequiredDocument.objects.create(scheme=scheme, **document)
    return scheme


def make_full_scheme(**fields) -> Scheme:
    """A scheme with two units, two requirements and two documents (one always, one per requirement)."""
    scheme = SchemeFactory(**fields)
    UnitFactory.create_batch(2, scheme=scheme)
    requirement = RequirementFactory(scheme=scheme)
    RequirementFactory(scheme=scheme)
    DocumentFactory(scheme=scheme, always=True)
    DocumentFactory(scheme=scheme).requirements.add(requirement)
    return scheme


def load_renbang(*, with_examples: bool = False) -> Scheme:
    """The seed's scheme from fixtures/skema_renbang.json (and, optionally, the example KUK)."""
    call_command("loaddata", str(RENBANG_FIXTURE), verbosity=0)
    if with_examples:
        call_command("import_kuk", str(EXAMPLE_KUK_CSV), "--example", stdout=StringIO())
    return Scheme.objects.get(code=RENBANG_CODE)
