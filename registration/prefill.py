"""A new application prefilled from an earlier one (recertification, 9.7.2).

Added by the surveillance stage, which calls it; it uses only registration's own models and
services, so registration still imports nothing later in the lifecycle."""

from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from registration import queries
from registration.models import Application, Evidence, SelfAssessment
from registration.services import start_application
from skema_lsp import audit

COPIED_KINDS = (Evidence.Kind.DOCUMENT, Evidence.Kind.PORTFOLIO)


def create_prefilled_application(*, source: Application, by, purpose: str) -> Application:
    """A draft for the same holder and scheme with the APL-01 data of `source`, copies of its current
    documents and its APL-02 answers. Each copied document is a new Evidence row with its own copy of
    the file, so it is reviewed again in the new application (no verdict is carried over)."""
    created_files: list = []
    try:
        with transaction.atomic():
            application = start_application(
                applicant=source.applicant, scheme=source.scheme, purpose=purpose, prefill_from=source
            )
            mapping = _copy_evidence(source, application, by, created_files)
            answers = _copy_self_assessment(source, application, mapping)
            audit.record(
                obj=application, action="registration.application.prefilled", by=by, source=source.reference,
                documents=len(mapping), answers=answers,
            )
    except Exception:
        for stored in created_files:  # no orphan files when the transaction rolls back
            stored.delete(save=False)
        raise
    return application


def _copy_evidence(source: Application, target: Application, by, created_files: list) -> dict[int, Evidence]:
    mapping: dict[int, Evidence] = {}
    for old in queries.current_evidence(source).filter(kind__in=COPIED_KINDS):
        if not old.file or not old.file.storage.exists(old.file.name):
            continue  # a file lost from storage cannot be carried over; the applicant uploads it again
        with old.file.open("rb") as handle:
            content = handle.read()
        new = Evidence(
            application=target, kind=old.kind, required_document_id=old.required_document_id,
            description=old.description, original_name=old.original_name, content_type=old.content_type,
            size=old.size, sha256=old.sha256, uploaded_by=by,
        )
        new.file.save(Path(old.file.name).name, ContentFile(content), save=False)
        created_files.append(new.file)
        new.save()
        mapping[old.pk] = new
    return mapping


def _copy_self_assessment(source: Application, target: Application, mapping: dict[int, Evidence]) -> int:
    """APL-02 answers for elements the scheme still has, pointing at the copied evidence."""
    current_elements = {
        el.pk for unit in queries.units_with_elements(target.scheme_id) for el in unit.elements.all()
    }
    count = 0
    for row in source.self_assessments.prefetch_related("evidence"):
        if row.element_id not in current_elements or not row.answer:
            continue
        copy = SelfAssessment.objects.create(application=target, element_id=row.element_id, answer=row.answer)
        copy.evidence.set([mapping[ev.pk] for ev in row.evidence.all() if ev.pk in mapping])
        count += 1
    return count
