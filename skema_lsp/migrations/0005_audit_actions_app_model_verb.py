"""Audit action names become `app.model.verb`, one vocabulary (skema_lsp/audit_labels.py labels it).

Rows already recorded are renamed in SQL: the ORM refuses to change an audit row, on purpose."""

from django.db import migrations

RENAMED = {
    "akun.daftar": "accounts.user.registered",
    "akun.email_terverifikasi": "accounts.user.email_verified",
    "verifikasi_tuk": "schemes.tuk.verified",
    "cabut_verifikasi_tuk": "schemes.tuk.verification_revoked",
    "create": "registration.application.created",
    "prefill": "registration.application.prefilled",
    "return_for_revision": "registration.application.returned",
    "accept": "registration.application.accepted",
    "reject": "registration.application.rejected",
    "payment_invoice": "registration.payment.invoiced",
    "payment_proof": "registration.payment.proof_uploaded",
    "payment_confirm": "registration.payment.confirmed",
    "payment_reject": "registration.payment.proof_rejected",
    "akses_berkas": "registration.evidence.accessed",
    "assessment.open_round": "assessment.assessment.opened",
    "assessment.propose_assessor": "assessment.assessment.assessor_proposed",
    "assessment.conflict_declared": "assessment.assessment.conflict_declared",
    "assessment.no_conflict_declared": "assessment.assessment.no_conflict_declared",
    "assessment.cancel": "assessment.assessment.cancelled",
    "assessment.plan_proposed": "assessment.plan.proposed",
    "assessment.plan_updated": "assessment.plan.updated",
    "assessment.plan_accepted": "assessment.plan.accepted",
    "assessment.plan_change_requested": "assessment.plan.change_requested",
    "assessment.pre_assessment": "assessment.assessment.pre_assessed",
    "assessment.evidence_added": "assessment.evidence.added",
    "assessment.evidence_removed": "assessment.evidence.removed",
    "assessment.evidence_file_viewed": "assessment.evidence.file_viewed",
    "assessment.answer_judged": "assessment.answer.judged",
    "assessment.submitted": "assessment.assessment.submitted",
    "assessment.reopened": "assessment.assessment.reopened",
    "assessment.decided": "assessment.assessment.decided",
    "assessment.feedback": "assessment.feedback.submitted",
    "assessment.session_saved": "assessment.session.saved",
    "meeting_created": "decisions.meeting.created",
    "meeting_candidate_added": "decisions.meeting.candidate_added",
    "meeting_candidate_removed": "decisions.meeting.candidate_removed",
    "vote_cast": "decisions.meeting.vote_cast",
    "decision_made": "decisions.decision.made",
    "decision_corrected": "decisions.decision.corrected",
    "meeting_closed": "decisions.meeting.closed",
    "letter_drafted": "decisions.letter.drafted",
    "letter_returned": "decisions.letter.returned",
    "letter_resubmitted": "decisions.letter.resubmitted",
    "letter_approved": "decisions.letter.approved",
    "certificate_issued": "decisions.certificate.issued",
    "certificate_pdf_rendered": "decisions.certificate.pdf_rendered",
    "certificate_superseded": "decisions.certificate.superseded",
    "certificate_suspended": "decisions.certificate.suspended",
    "certificate_reinstated": "decisions.certificate.reinstated",
    "certificate_revoked": "decisions.certificate.revoked",
    "certificate_returned": "decisions.certificate.returned",
    "violation_recorded": "decisions.violation.recorded",
    "violation_warned": "decisions.violation.warned",
    "revocation_proposed": "decisions.violation.revocation_proposed",
    "revocation_approved": "decisions.violation.revocation_approved",
    "revocation_rejected": "decisions.violation.revocation_rejected",
    "violation_closed": "decisions.violation.closed",
    "start": "surveillance.surveillance.started",
    "return_to_holder": "surveillance.surveillance.returned",
    "review": "surveillance.surveillance.reviewed",
    "suspension_opened": "surveillance.surveillance.suspension_opened",
    "report_issued": "surveillance.surveillance.report_issued",
    "request": "surveillance.recertification.requested",
    "application_created": "surveillance.recertification.application_created",
    "override": "surveillance.recertification.overridden",
    "refuse": "surveillance.recertification.refused",
    "appeal.file": "appeals.appeal.filed",
    "appeal.form_panel": "appeals.appeal.panel_formed",
    "appeal.vote": "appeals.appeal.vote_cast",
    "appeal.decide": "appeals.appeal.decided",
    "appeal.letter_issued": "appeals.appeal.letter_issued",
    "appeal.remedy": "appeals.appeal.remedied",
    "demo.accepted": "demo.application.accepted",
    "demo.submitted": "demo.assessment.submitted",
    "demo.decision_imported": "demo.decision.imported",
    "demo.violation_warned": "demo.violation.warned",
}
# "submit" named both an application's and a surveillance's move: the audited object's app decides.
RENAMED_BY_APP = {
    ("submit", "registration"): "registration.application.submitted",
    ("submit", "surveillance"): "surveillance.surveillance.submitted",
}

TABLE = "skema_lsp_auditentry"


def _rename(schema_editor, pairs, by_app) -> None:
    with schema_editor.connection.cursor() as cursor:
        for old, new in pairs.items():
            cursor.execute(f"UPDATE {TABLE} SET action = %s WHERE action = %s", [new, old])
        for (old, app_label), new in by_app.items():
            cursor.execute(
                f"UPDATE {TABLE} SET action = %s WHERE action = %s AND content_type_id IN "
                "(SELECT id FROM django_content_type WHERE app_label = %s)",
                [new, old, app_label],
            )


def forwards(apps, schema_editor):
    _rename(schema_editor, RENAMED, RENAMED_BY_APP)


def backwards(apps, schema_editor):
    _rename(schema_editor, {new: old for old, new in RENAMED.items()},
            {(new, app_label): old for (old, app_label), new in RENAMED_BY_APP.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("skema_lsp", "0004_list_indexes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
