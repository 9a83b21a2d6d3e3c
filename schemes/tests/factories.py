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
