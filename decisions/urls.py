from django.urls import path

from decisions import views

app_name = "decisions"
urlpatterns = [
    path("rapat/", views.meetings, name="meetings"),
    path("rapat/baru/", views.meeting_create, name="meeting_create"),
    path("rapat/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("rapat/<int:pk>/asesi/", views.meeting_add_candidate, name="meeting_add_candidate"),
    path("rapat/<int:pk>/asesi/<int:entry_pk>/keluarkan/", views.meeting_remove_candidate,
         name="meeting_remove_candidate"),
    path("rapat/<int:pk>/asesi/<int:entry_pk>/putuskan/", views.meeting_vote, name="meeting_vote"),
    path("rapat/<int:pk>/tutup/", views.meeting_close, name="meeting_close"),
    path("rapat/<int:pk>/berita-acara.pdf", views.meeting_ba_pdf, name="meeting_ba_pdf"),
    path("rapat/<int:pk>/sk/", views.letter_draft, name="letter_draft"),
    path("sk/", views.sk_list, name="sk_list"),
    path("sk/<int:pk>/", views.sk_detail, name="sk_detail"),
    path("sk/<int:pk>/setujui/", views.sk_approve, name="sk_approve"),
    path("sk/<int:pk>/terbitkan/", views.sk_issue_pending, name="sk_issue_pending"),
    path("sk/<int:pk>/sk.pdf", views.sk_pdf, name="sk_pdf"),
    path("sertifikat/", views.certificates, name="certificates"),
    path("sertifikat/saya/", views.my_certificates, name="my_certificates"),
    path("sertifikat/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("sertifikat/<int:pk>/unduh/", views.certificate_download, name="certificate_download"),
    path("sertifikat/<int:pk>/bekukan/", views.certificate_suspend, name="certificate_suspend"),
    path("sertifikat/<int:pk>/pulihkan/", views.certificate_reinstate, name="certificate_reinstate"),
    path("sertifikat/<int:pk>/dikembalikan/", views.certificate_returned, name="certificate_returned"),
    path("sertifikat/<int:pk>/terbit-ulang/", views.certificate_reissue, name="certificate_reissue"),
    path("sertifikat/<int:pk>/pelanggaran/", views.violation_create, name="violation_create"),
    path("pelanggaran/<int:pk>/", views.violation_detail, name="violation_detail"),
    path("pelanggaran/<int:pk>/bukti/", views.violation_evidence, name="violation_evidence"),
    path("pelanggaran/<int:pk>/peringatan/", views.violation_warn, name="violation_warn"),
    path("pelanggaran/<int:pk>/bekukan/", views.violation_suspend, name="violation_suspend"),
    path("pelanggaran/<int:pk>/usul-cabut/", views.violation_propose, name="violation_propose"),
    path("pelanggaran/<int:pk>/putuskan/", views.violation_decide, name="violation_decide"),
    path("pelanggaran/<int:pk>/tutup/", views.violation_close, name="violation_close"),
]
