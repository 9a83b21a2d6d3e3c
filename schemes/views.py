"""Public scheme pages (contract 8): what an applicant reads before signing up. No login."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from schemes.models import (
    BasicRequirement,
    CompetencyUnit,
    Element,
    PerformanceCriterion,
    RequiredDocument,
    Scheme,
    SchemeClause,
)


def _schemes():
    # A fixed number of queries however many schemes, units and documents there are.
    return Scheme.objects.filter(is_active=True).prefetch_related(
        Prefetch("units", queryset=CompetencyUnit.objects.order_by("order")),
        Prefetch("requirements", queryset=BasicRequirement.objects.order_by("code")),
        Prefetch("documents", queryset=RequiredDocument.objects.order_by("order").prefetch_related("requirements")),
    )


def scheme_list(request):
    return render(request, "schemes/scheme_list.html", {"schemes": _schemes()})


def scheme_detail(request, code: str):
    scheme = get_object_or_404(
        _schemes().prefetch_related(
            Prefetch(
                "units__elements",
                queryset=Element.objects.order_by("order").prefetch_related(
                    Prefetch("criteria", queryset=PerformanceCriterion.objects.order_by("order"))
                ),
            ),
            Prefetch("clauses", queryset=SchemeClause.objects.order_by("kind", "order")),
        ),
        code=code,
    )
    return render(request, "schemes/scheme_detail.html", {"scheme": scheme})
