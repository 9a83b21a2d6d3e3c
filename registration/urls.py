from django.urls import path

from registration import views

app_name = "registration"
urlpatterns = [
    path("", views.my_applications, name="my_applications"),
    path("baru/", views.start, name="start"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/isi/<slug:step>/", views.step, name="step"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/berkas/unggah/", views.upload, name="upload"),
    path("<int:pk>/berkas/<int:evidence_pk>/hapus/", views.remove_file, name="remove_file"),
    path("<int:pk>/pembayaran/bukti/", views.payment_proof, name="payment_proof"),
    path("<int:pk>/apl-01.pdf", views.apl01_pdf, name="apl01_pdf"),
    path("<int:pk>/apl-02.pdf", views.apl02_pdf, name="apl02_pdf"),
    path("berkas/<int:pk>/", views.evidence_file, name="evidence_file"),
    path("staf/", views.staff_queue, name="staff_queue"),
    path("staf/<int:pk>/", views.review, name="review"),
    path("staf/<int:pk>/pembayaran/", views.payment_decide, name="payment_decide"),
]
