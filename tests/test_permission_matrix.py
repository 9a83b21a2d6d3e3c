"""Permission matrix: every DESIGN.md role (the demo users), an unrelated applicant, an unrelated
assessor and anonymous × every page, GET → the expected status. Object pages use the real demo
objects of tests/objects.py (e.g. pemohon1's own application, asesi_e's assessment held by asesor1,
the demo's closed meeting with teknis1, asesi_h's appeal with banding1 on the panel).

200 page, 302 redirect (login for anonymous; the form page of an accepted application), 400 bad
token, 403 role may not act, 404 outside what the persona may see, 405 POST-only action."""


import pytest
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.models import Scheme
from skema_lsp.testing import pdf_text
from tests.objects import OBJECT_ROUTES
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

PERSONAS = ("staf", "asesor1", "teknis1", "banding1", "direktur", "pemohon1", "pemohon_lain", "asesor2", "anonim")

# Public routes with kwargs (not in OBJECT_ROUTES).
PUBLIC_KWARGS = {
    "schemes:detail": lambda d: {"code": Scheme.objects.order_by("pk").first().code},
    "verify_email": lambda d: {"token": "tidak-sah"},
    "password_reset_confirm": lambda d: {"uidb64": "MQ", "token": "set-password"},
    "verification_detail": lambda d: {"code": d.certificate("asesi_g").public_code},
    "verification_json": lambda d: {"code": d.certificate("asesi_g").public_code},
}

# route: status for each of PERSONAS, in that order
#   staf, asesor1, teknis1, banding1, direktur, pemohon1, pemohon_lain, asesor2, anonim
MATRIX: dict[str, tuple[int, ...]] = {
    "appeals:attachment": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "appeals:detail": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "appeals:file": (404, 404, 404, 404, 404, 404, 404, 404, 302),
    "appeals:form_pdf": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "appeals:form_panel": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "appeals:letter": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "appeals:my_appeals": (403, 403, 403, 403, 403, 200, 200, 403, 302),
    "appeals:panel_list": (403, 403, 403, 200, 403, 403, 403, 403, 302),
    "appeals:remedy": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "appeals:staff_list": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "appeals:vote": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:accept_plan": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:assign": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "assessment:assessor_list": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:assessor_met": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:cancel": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:declare": (403, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:detail": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:evidence_delete": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:evidence_file": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:feedback": (403, 403, 404, 404, 404, 404, 404, 404, 302),
    "assessment:my_assessments": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "assessment:my_candidates": (403, 200, 403, 403, 403, 403, 403, 200, 302),
    "assessment:plan_pdf": (200, 200, 404, 404, 404, 200, 404, 404, 302),
    "assessment:feedback_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:plan": (403, 200, 404, 404, 404, 403, 404, 404, 302),
    "assessment:plan_change": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:pre_assessment": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:questions": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:record_pdf": (200, 403, 404, 404, 404, 404, 404, 404, 302),
    "assessment:reopen": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:report_pdf": (200, 403, 404, 404, 404, 404, 404, 404, 302),
    "assessment:session_create": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:session_edit": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:sessions": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:staff_assignments": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "assessment:submit": (403, 200, 404, 404, 404, 404, 404, 404, 302),
    "assessment:unit_sheet": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "complaints:assign": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "complaints:attachment": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "complaints:close": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "complaints:detail": (200, 404, 404, 200, 404, 404, 404, 404, 302),
    "complaints:file": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "complaints:filed": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "complaints:handling_list": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "complaints:my_complaints": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "complaints:staff_list": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "complaints:track": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "complaints:violation": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "assessment:identity_check": (403, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:sessions": (200, 200, 403, 403, 403, 403, 403, 200, 302),
    "exams:session_detail": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:session_place": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "exams:my_exams": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "exams:cbt_start": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "exams:cbt": (404, 404, 404, 404, 404, 404, 404, 404, 302),
    "exams:cbt_answer": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "exams:cbt_result": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:cbt_record": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "exams:cbt_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:observation": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:observation_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:oral": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:oral_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:supporting": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:supporting_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:portfolio": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:portfolio_pdf": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:essay_review": (200, 200, 404, 404, 404, 404, 404, 404, 302),
    "exams:question_bank": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "exams:question_import": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "exams:question_create": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "exams:question_edit": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "exams:question_retire": (405, 403, 403, 403, 403, 403, 403, 403, 302),
    "dashboard": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    # UU PDP (accounts): the subject's own requests and consents; staff's list and the breach register
    #   staf, asesor1, teknis1, banding1, direktur, pemohon1, pemohon_lain, asesor2, anonim
    "breach_close": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "breach_detail": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "breach_notice_pdf": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "breach_notify": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "breaches": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "consent_give": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "consent_withdraw": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "correction_detail": (200, 404, 404, 404, 404, 200, 404, 404, 302),
    "correction_resolve": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "correction_take": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "data_export_download": (404, 404, 404, 404, 404, 200, 404, 404, 302),
    "data_export_request": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "privacy_requests": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "staff_corrections": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "decisions:blanko_package": (200, 404, 404, 404, 403, 404, 404, 404, 302),
    "decisions:bnsp_numbers": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "decisions:certificate_bnsp_number": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_detail": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:certificate_download": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:certificate_revision_download": (200, 404, 404, 404, 403, 404, 404, 404, 302),
    "decisions:certificate_acknowledge": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_lapsed_decide": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_reinstate": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_reissue": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_returned": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificate_suspend": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:certificates": (200, 403, 403, 403, 200, 403, 403, 403, 302),
    "decisions:competence": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "decisions:competence_document": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "decisions:letter_draft": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:meeting_add_candidate": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:meeting_ba_pdf": (200, 404, 200, 404, 200, 404, 404, 404, 302),
    "decisions:meeting_candidate": (200, 404, 200, 404, 200, 404, 404, 404, 302),
    "decisions:meeting_close": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:meeting_create": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "decisions:meeting_detail": (200, 404, 200, 404, 200, 404, 404, 404, 302),
    "decisions:meeting_document": (200, 404, 200, 404, 200, 404, 404, 404, 302),
    "decisions:meeting_remove_candidate": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:meeting_vote": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:meetings": (200, 403, 200, 403, 200, 403, 403, 403, 302),
    "decisions:my_certificates": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "decisions:sk_approve": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:sk_detail": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:sk_issue_pending": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:sk_list": (200, 403, 403, 403, 200, 403, 403, 403, 302),
    "decisions:sk_pdf": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:sk_resubmit": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:sk_return": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:violation_close": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:violation_create": (200, 404, 404, 404, 403, 404, 404, 404, 302),
    "decisions:violation_decide": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:violation_detail": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:violation_evidence": (200, 404, 404, 404, 200, 404, 404, 404, 302),
    "decisions:violation_propose": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:violation_suspend": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "decisions:violation_warn": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "healthz": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "home": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "login": (302, 302, 302, 302, 302, 302, 302, 302, 200),
    "logout": (405, 405, 405, 405, 405, 405, 405, 405, 405),
    "my_data": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "notification_read": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "notifications": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "notifications_read_all": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "password_change": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "password_change_done": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "password_reset": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_complete": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_confirm": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "password_reset_done": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "profile": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "registration:apl01_pdf": (200, 200, 404, 404, 404, 200, 404, 404, 302),
    "registration:apl02_pdf": (200, 200, 404, 404, 404, 200, 404, 404, 302),
    "registration:detail": (200, 200, 404, 404, 404, 200, 404, 404, 302),
    "registration:evidence_file": (200, 200, 404, 404, 404, 200, 404, 404, 302),
    "registration:my_applications": (403, 403, 403, 403, 403, 200, 200, 403, 302),
    "registration:payment_decide": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "registration:payment_proof": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "registration:remove_file": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "registration:review": (200, 403, 404, 404, 404, 403, 404, 404, 302),
    "registration:staff_queue": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "registration:start": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "registration:step": (403, 403, 404, 404, 404, 302, 404, 404, 302),
    "registration:submit": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "registration:upload": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "resend_verification": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "schemes:detail": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "schemes:kuk_import": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:tuk_detail": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:tuk_create": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:tuk_edit": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:tuk_list": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:versions": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "schemes:list": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "sent_reminders": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "calendar_days": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "calendar_day_remove": (405, 403, 403, 403, 403, 403, 403, 403, 302),
    "set_language": (302, 302, 302, 302, 302, 302, 302, 302, 302),
    "signup": (302, 302, 302, 302, 302, 302, 302, 302, 200),
    "signup_done": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "surveillance:confirmation": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:detail": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "surveillance:file": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "surveillance:holder_detail": (200, 404, 404, 404, 403, 404, 404, 404, 302),
    "surveillance:holders": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "surveillance:holders_export": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "surveillance:logbook_add": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:logbook_delete": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:open_for_holder": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:my_surveillance": (200, 200, 200, 200, 200, 200, 200, 200, 302),
    "surveillance:recertification_decide": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:recertification_detail": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "surveillance:recertification_list": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "surveillance:recertify": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:report": (200, 404, 404, 404, 404, 404, 404, 404, 302),
    "surveillance:return": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:review": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:review_queue": (200, 403, 403, 403, 403, 403, 403, 403, 302),
    "surveillance:start": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "surveillance:submit": (405, 405, 405, 405, 405, 405, 405, 405, 302),
    "verification_detail": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "verification_json": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "verification_search": (200, 200, 200, 200, 200, 200, 200, 200, 200),
    "verify_email": (400, 400, 400, 400, 400, 400, 400, 400, 400),
}

ROUTES = {r.name: r for r in all_routes()}


def test_matrix_covers_every_route():
    assert sorted(set(ROUTES) - set(MATRIX)) == [], "add the new routes to MATRIX"
    assert sorted(set(MATRIX) - set(ROUTES)) == [], "routes in MATRIX that no longer exist"
    assert all(len(row) == len(PERSONAS) for row in MATRIX.values())


def _url(name: str, demo) -> str:
    route = ROUTES[name]
    if name in PUBLIC_KWARGS:
        return reverse(name, kwargs=PUBLIC_KWARGS[name](demo))
    if route.converters:
        return route.url(**OBJECT_ROUTES[name][1](demo))
    return route.url()


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(response, body: bytes) -> str:
    if response["Content-Type"].startswith("application/pdf"):
        return pdf_text(body, collapse=None)
    return body.decode(errors="replace")


def check_baseline(response, persona: str, niks: list[str]) -> None:
    """Security baseline on every answer of the matrix: HTML carries a CSP without inline code;
    files carry Content-Disposition and nosniff; nobody but staff sees a full NIK."""
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        policy = response.get("Content-Security-Policy", "")
        assert "default-src 'self'" in policy and "unsafe-inline" not in policy, "CSP missing or weak"
    if response.status_code != 200:
        return
    is_file = not content_type.startswith(("text/html", "application/json"))
    if is_file:
        assert response.get("Content-Disposition", "").startswith(("attachment", "inline")), "Content-Disposition"
        assert response.get("X-Content-Type-Options") == "nosniff"
    if persona != "staf":
        text = _text(response, _body(response))
        assert not [nik for nik in niks if nik in text], f"full NIK shown to {persona}"


@pytest.mark.parametrize("name", sorted(MATRIX), ids=str)
def test_permission_matrix(client, demo, name):
    url = _url(name, demo)
    outsider = make_user(Role.PEMOHON)
    niks = list(User.objects.exclude(nik="").values_list("nik", flat=True))
    got = []
    for persona in PERSONAS:
        client.logout()
        if persona == "pemohon_lain":
            client.force_login(outsider)
        elif persona != "anonim":
            client.force_login(demo.user(persona))
        response = client.get(url)
        got.append(response.status_code)
        check_baseline(response, persona, niks)
    wrong = {p: (want, have) for p, want, have in zip(PERSONAS, MATRIX[name], got, strict=True) if want != have}
    assert wrong == {}, f"GET {url}: persona → (expected, got)"
