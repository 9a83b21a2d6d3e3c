"""Every route with URL kwargs, pointed at real objects of the demo data (tests/demo.py).

OBJECT_ROUTES: route name → (privileged persona, kwargs from the demo). The persona is someone who
may see the object (its owner, its assessor, staff, the signatory, a panel member); parent and
child objects belong together (the evidence file is one of that assessment's items). A new view
with kwargs must be added here, or test_every_object_route_is_in_the_table fails.
"""

from collections.abc import Callable

from tests.demo import Demo

Kwargs = Callable[[Demo], dict]


def _first(app: str, model: str):
    from django.apps import apps

    return apps.get_model(app, model).objects.order_by("pk").first()


def _app(user: str) -> Kwargs:
    return lambda d: {"pk": d.application(user).pk}


def _asm(user: str) -> Kwargs:
    return lambda d: {"pk": d.assessment(user).pk}


def _cert(user: str, key: str = "pk") -> Kwargs:
    return lambda d: {key: d.certificate(user).pk}


def _surv(user: str) -> Kwargs:
    return lambda d: {"pk": d.surveillance(user).pk}


def _appeal(user: str) -> Kwargs:
    return lambda d: {"pk": d.appeal(user).pk}


def _meeting(d: Demo) -> dict:
    return {"pk": d.meeting().pk}


def _entry(d: Demo) -> dict:
    entry = d.entry("asesi_g")
    return {"pk": entry.meeting_id, "entry_pk": entry.pk}


def _letter(d: Demo) -> dict:
    return {"pk": d.letter().pk}


def _violation(d: Demo) -> dict:
    return {"pk": d.violation("pemegang2").pk}


def _unit(user: str) -> Kwargs:
    def kwargs(d: Demo) -> dict:
        assessment = d.assessment(user)
        return {"pk": assessment.pk, "unit_pk": d.unit(assessment).pk}
    return kwargs


def _exam_session(d: Demo) -> dict:
    return {"pk": d.assessment("asesi_e").session_id}


def _attempt(d: Demo) -> dict:
    return {"pk": d.assessment("asesi_e").cbt_attempt.pk}


def _evidence_item(d: Demo) -> dict:
    item = d.evidence_item("asesi_e")
    return {"pk": item.assessment_id, "item_pk": item.pk}


def _logbook(d: Demo) -> dict:
    entry = d.logbook_entry("pemegang8")
    return {"pk": entry.surveillance_id, "entry_pk": entry.pk}


def _logbook_file(d: Demo) -> dict:
    entry = d.logbook_entry("pemegang8")
    return {"pk": entry.surveillance_id, "what": "logbook", "item_pk": entry.pk}


def _attachment(d: Demo) -> dict:
    appeal = d.appeal("asesi_h")
    return {"pk": appeal.pk, "attachment_pk": appeal.attachments.get().pk}


def _complaint(d: Demo) -> dict:
    return {"pk": d.complaint("pemegang5").pk}


OBJECT_ROUTES: dict[str, tuple[str, Kwargs]] = {
    "notification_read": ("pemohon1", lambda d: {"pk": d.notification("pemohon1").pk}),
    # accounts (UU PDP): pemohon1's consent, correction request and ready data export; the demo breach
    "consent_withdraw": ("pemohon1", lambda d: {"pk": d.consent("pemohon1").pk}),
    "correction_detail": ("pemohon1", lambda d: {"pk": d.correction_request("pemohon1").pk}),
    "correction_take": ("staf", lambda d: {"pk": d.correction_request("pemohon1").pk}),
    "correction_resolve": ("staf", lambda d: {"pk": d.correction_request("pemohon1").pk}),
    "data_export_download": ("pemohon1", lambda d: {"pk": d.data_export("pemohon1").pk}),
    "breach_detail": ("staf", lambda d: {"pk": d.breach().pk}),
    "breach_notify": ("staf", lambda d: {"pk": d.breach().pk}),
    "breach_close": ("staf", lambda d: {"pk": d.breach().pk}),
    "breach_notice_pdf": ("staf", lambda d: {"pk": d.breach().pk}),
    # registration: pemohon1's accepted application (asesor1 holds its assessment)
    "registration:detail": ("pemohon1", _app("pemohon1")),
    "registration:step": ("pemohon1", lambda d: {"pk": d.application("pemohon1").pk, "step": "data-pribadi"}),
    "registration:submit": ("pemohon1", _app("pemohon1")),
    "registration:upload": ("pemohon1", _app("pemohon1")),
    "registration:remove_file": ("pemohon1", lambda d: {"pk": d.application("pemohon1").pk,
                                                         "evidence_pk": d.evidence("pemohon1").pk}),
    "registration:payment_proof": ("pemohon1", _app("pemohon1")),
    "registration:apl01_pdf": ("pemohon1", _app("pemohon1")),
    "registration:apl02_pdf": ("pemohon1", _app("pemohon1")),
    "registration:evidence_file": ("pemohon1", lambda d: {"pk": d.evidence("pemohon1").pk}),
    "registration:review": ("staf", _app("pemohon1")),
    "registration:payment_decide": ("staf", _app("pemohon1")),
    # assessment: asesi_e is being tested by asesor1; asesi_b waits for asesor1's declaration;
    # pemohon1 has asesor1's plan to accept; asesi_g's record is submitted and decided (its
    # documents stay with staff: the decision ended asesor1's access)
    "assessment:assign": ("staf", lambda d: {"application_pk": d.application("asesi_a").pk}),
    "assessment:session_edit": ("staf", lambda d: {"pk": d.assessment("asesi_e").session_id}),
    "assessment:detail": ("asesor1", _asm("asesi_e")),
    "assessment:declare": ("asesor1", _asm("asesi_b")),
    "assessment:plan": ("asesor1", _asm("pemohon1")),
    "assessment:accept_plan": ("pemohon1", _asm("pemohon1")),
    "assessment:plan_change": ("pemohon1", _asm("pemohon1")),
    "assessment:pre_assessment": ("asesor1", _asm("asesi_e")),
    "assessment:unit_sheet": ("asesor1", _unit("asesi_e")),
    "assessment:questions": ("asesor1", _unit("asesi_e")),
    "assessment:evidence_delete": ("asesor1", _evidence_item),
    "assessment:evidence_file": ("asesor1", _evidence_item),
    "assessment:submit": ("asesor1", _asm("asesi_e")),
    "assessment:reopen": ("staf", _asm("asesi_g")),
    "assessment:cancel": ("staf", _asm("asesi_e")),
    "assessment:feedback": ("asesi_g", _asm("asesi_g")),
    "assessment:record_pdf": ("staf", _asm("asesi_g")),
    "assessment:report_pdf": ("staf", _asm("asesi_g")),
    "assessment:identity_check": ("asesor1", _asm("asesi_e")),
    # exams: the demo schedule (asesor1, with asesi_d, asesi_e and pemohon1), asesi_e's finished CBT
    # (essays reviewed) and the FR.IA.01, FR.IA.03, FR.IA.07 and FR.IA.11 records of the first unit
    "exams:session_detail": ("staf", _exam_session),
    "exams:session_place": ("staf", _exam_session),
    "exams:cbt_start": ("asesi_e", _asm("asesi_e")),
    "exams:cbt": ("asesi_e", _attempt),
    "exams:cbt_answer": ("asesi_e", _attempt),
    "exams:cbt_result": ("asesor1", _asm("asesi_e")),
    "exams:cbt_record": ("asesor1", _asm("asesi_e")),
    "exams:cbt_pdf": ("asesor1", _asm("asesi_e")),
    "exams:observation": ("asesor1", _unit("asesi_e")),
    "exams:observation_pdf": ("asesor1", _unit("asesi_e")),
    "exams:oral": ("asesor1", _unit("asesi_e")),
    "exams:oral_pdf": ("asesor1", _unit("asesi_e")),
    "exams:supporting": ("asesor1", _unit("asesi_e")),
    "exams:supporting_pdf": ("asesor1", _unit("asesi_e")),
    "exams:portfolio": ("asesor1", _unit("asesi_e")),
    "exams:portfolio_pdf": ("asesor1", _unit("asesi_e")),
    "exams:essay_review": ("asesor1", _asm("asesi_e")),
    "exams:question_retire": ("staf", lambda d: {"pk": d.mc_question().pk}),
    "exams:question_edit": ("staf", lambda d: {"pk": d.mc_question().pk}),
    "assessment:plan_pdf": ("pemohon1", _asm("pemohon1")),
    "assessment:feedback_pdf": ("staf", _asm("asesi_g")),
    # decisions: the demo's closed meeting (teknis1-3) and its SK; asesi_g's certificate;
    # pemegang2's violation (revoked)
    "decisions:meeting_detail": ("teknis1", _meeting),
    "decisions:meeting_add_candidate": ("staf", _meeting),
    "decisions:meeting_remove_candidate": ("staf", _entry),
    "decisions:meeting_vote": ("teknis1", _entry),
    "decisions:meeting_candidate": ("teknis1", _entry),
    "decisions:meeting_document": ("teknis1", lambda d: {**_entry(d), "document": "fr-ak-05"}),
    "decisions:meeting_close": ("staf", _meeting),
    "decisions:meeting_ba_pdf": ("teknis1", _meeting),
    "decisions:letter_draft": ("staf", _meeting),
    "decisions:sk_detail": ("direktur", _letter),
    "decisions:sk_approve": ("direktur", _letter),
    "decisions:sk_return": ("direktur", _letter),
    "decisions:sk_resubmit": ("staf", _letter),
    "decisions:sk_issue_pending": ("staf", _letter),
    "decisions:sk_pdf": ("direktur", _letter),
    "decisions:blanko_package": ("staf", _letter),
    "decisions:certificate_detail": ("asesi_g", _cert("asesi_g")),
    "decisions:certificate_download": ("asesi_g", _cert("asesi_g")),
    # the demo printed asesi_g's certificate before BNSP's number came back: one kept revision
    "decisions:certificate_revision_download": ("asesi_g", lambda d: {
        "pk": d.certificate("asesi_g").pk, "revision": d.certificate("asesi_g").revisions.get().pk}),
    "decisions:certificate_suspend": ("staf", _cert("asesi_g")),
    "decisions:certificate_reinstate": ("direktur", _cert("pemegang1")),
    "decisions:certificate_lapsed_decide": ("direktur", _cert("pemegang1")),
    "decisions:certificate_acknowledge": ("asesi_g", _cert("asesi_g")),
    "decisions:certificate_returned": ("staf", _cert("pemegang2")),
    "decisions:certificate_reissue": ("staf", _cert("asesi_g")),
    "decisions:certificate_bnsp_number": ("staf", _cert("asesi_g")),
    "decisions:violation_create": ("staf", _cert("asesi_g")),
    "decisions:competence_document": ("staf", lambda d: {"pk": d.competence_record("teknis1").pk}),
    "decisions:violation_detail": ("direktur", _violation),
    "decisions:violation_evidence": ("staf", _violation),
    "decisions:violation_warn": ("staf", _violation),
    "decisions:violation_suspend": ("staf", _violation),
    "decisions:violation_propose": ("staf", _violation),
    "decisions:violation_decide": ("direktur", _violation),
    "decisions:violation_close": ("staf", _violation),
    # surveillance: pemegang8's submitted surveillance, pemegang7's reviewed one (report),
    # pemegang5's certificate (due), pemegang9's and pemegang10's recertification requests
    "surveillance:start": ("pemegang5", _cert("pemegang5", "certificate_pk")),
    "surveillance:recertify": ("pemegang5", _cert("pemegang5", "certificate_pk")),
    "surveillance:detail": ("pemegang8", _surv("pemegang8")),
    "surveillance:logbook_add": ("pemegang8", _surv("pemegang8")),
    "surveillance:logbook_delete": ("pemegang8", _logbook),
    "surveillance:confirmation": ("pemegang8", lambda d: {"pk": d.surveillance("pemegang8").pk, "kind": "atasan"}),
    "surveillance:submit": ("pemegang8", _surv("pemegang8")),
    "surveillance:file": ("pemegang8", _logbook_file),
    "surveillance:review": ("staf", _surv("pemegang8")),
    "surveillance:return": ("staf", _surv("pemegang8")),
    "surveillance:report": ("pemegang7", _surv("pemegang7")),
    "surveillance:holder_detail": ("staf", _cert("pemegang7", "certificate_pk")),
    "surveillance:open_for_holder": ("staf", _cert("pemegang5", "certificate_pk")),
    "surveillance:holders_export": ("staf", lambda d: {"fmt": "csv"}),
    "surveillance:recertification_detail": ("pemegang9", lambda d: {"pk": d.recertification("pemegang9").pk}),
    "surveillance:recertification_decide": ("staf", lambda d: {"pk": d.recertification("pemegang10").pk,
                                                                "move": "izinkan"}),
    # appeals: asesi_h's open appeal (panel banding1-3), pemohon2's decided one (letter)
    "appeals:file": ("asesi_g", lambda d: {"decision_pk": d.decision("asesi_g").pk}),
    "appeals:detail": ("banding1", _appeal("asesi_h")),
    "appeals:form_pdf": ("banding1", _appeal("asesi_h")),
    "appeals:form_panel": ("staf", _appeal("asesi_h")),
    "appeals:vote": ("banding1", _appeal("asesi_h")),
    "appeals:remedy": ("staf", _appeal("asesi_h")),
    "appeals:letter": ("pemohon2", lambda d: {"pk": d.appeal("pemohon2", "ditolak").pk}),
    "appeals:attachment": ("asesi_h", _attachment),
    # complaints: the employer's complaint about pemegang5's certificate, handled by banding1
    "complaints:detail": ("banding1", _complaint),
    "complaints:assign": ("staf", _complaint),
    "complaints:close": ("banding1", _complaint),
    "complaints:violation": ("staf", _complaint),
    "complaints:attachment": ("banding1", _complaint),
    # schemes: the catalogue's staff pages (the demo scheme, the demo's first TUK)
    "schemes:versions": ("staf", lambda d: {"code": _first("schemes", "Scheme").code}),
    "schemes:tuk_detail": ("staf", lambda d: {"pk": _first("schemes", "TUK").pk}),
    "schemes:tuk_edit": ("staf", lambda d: {"pk": _first("schemes", "TUK").pk}),
    # an assessor's MET registration (asesor1)
    "assessment:assessor_met": ("staf", lambda d: {"pk": d.user("asesor1").pk}),
    # the LSP calendar: the demo's closure
    "calendar_day_remove": ("staf", lambda d: {"pk": _first("skema_lsp", "CalendarDay").pk}),
}

# Routes whose kwargs name no one's case: refused by role (403) before anything is looked up, so the
# answer is the same for any value and tells an outsider nothing.
NOT_A_CASE = {
    "assessment:session_edit": "a test session is the LSP's schedule, not a person's case",
    "exams:question_retire": "a bank question is the LSP's material, not a person's case",
    "exams:question_edit": "a bank question is the LSP's material, not a person's case",
    "surveillance:holders_export": "the kwarg is the export format",
    "schemes:versions": "a scheme's versions are the LSP's catalogue, not a person's case",
    "schemes:tuk_detail": "a TUK is the LSP's test site, not a person's case",
    "schemes:tuk_edit": "a TUK is the LSP's test site, not a person's case",
    "calendar_day_remove": "the LSP calendar is the LSP's, not a person's case",
    "assessment:assessor_met": "staff's register of assessors, refused by role before any lookup",
}
