from django.urls import path

from assessment import assessor_views, views

app_name = "assessment"
urlpatterns = [
    path("penugasan/", views.staff_assignments, name="staff_assignments"),
    path("asesor/", assessor_views.assessor_list, name="assessor_list"),
    path("asesor/<int:pk>/met/", assessor_views.assessor_met, name="assessor_met"),
    path("penugasan/permohonan/<int:application_pk>/", views.assign, name="assign"),
    path("jadwal/", views.session_list, name="sessions"),
    path("jadwal/baru/", views.session_edit, name="session_create"),
    path("jadwal/<int:pk>/", views.session_edit, name="session_edit"),
    path("asesi-saya/", views.my_candidates, name="my_candidates"),
    path("saya/", views.my_assessments, name="my_assessments"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/pernyataan-konflik/", views.declare, name="declare"),
    path("<int:pk>/rencana/", views.plan, name="plan"),
    path("<int:pk>/rencana/setujui/", views.accept_plan, name="accept_plan"),
    path("<int:pk>/rencana/minta-perubahan/", views.plan_change, name="plan_change"),
    path("<int:pk>/identitas/", views.identity_check, name="identity_check"),
    path("<int:pk>/kaji-apl02/", views.pre_assessment, name="pre_assessment"),
    path("<int:pk>/unit/<int:unit_pk>/", views.unit_sheet, name="unit_sheet"),
    path("<int:pk>/unit/<int:unit_pk>/soal/", views.questions, name="questions"),
    path("<int:pk>/bukti/<int:item_pk>/hapus/", views.evidence_delete, name="evidence_delete"),
    path("<int:pk>/bukti/<int:item_pk>/berkas/", views.evidence_file, name="evidence_file"),
    path("<int:pk>/serahkan/", views.submit, name="submit"),
    path("<int:pk>/buka-kembali/", views.reopen, name="reopen"),
    path("<int:pk>/batalkan/", views.cancel, name="cancel"),
    path("<int:pk>/umpan-balik/", views.feedback, name="feedback"),
    path("<int:pk>/fr-ak-02.pdf", views.record_pdf, name="record_pdf"),
    path("<int:pk>/fr-ak-05.pdf", views.report_pdf, name="report_pdf"),
    path("<int:pk>/fr-ak-01.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/fr-ak-03.pdf", views.feedback_pdf, name="feedback_pdf"),
]
