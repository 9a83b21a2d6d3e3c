from django.urls import path

from appeals import views

app_name = "appeals"
urlpatterns = [
    path("saya/", views.my_appeals, name="my_appeals"),
    path("ajukan/<int:decision_pk>/", views.file_appeal, name="file"),
    path("staf/", views.staff_list, name="staff_list"),
    path("tim/", views.panel_list, name="panel_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/tim-banding/", views.form_panel, name="form_panel"),
    path("<int:pk>/pendapat/", views.vote, name="vote"),
    path("<int:pk>/tindak-lanjut/", views.remedy, name="remedy"),
    path("<int:pk>/surat-keputusan.pdf", views.letter, name="letter"),
    path("<int:pk>/fr-ak-04.pdf", views.form_pdf, name="form_pdf"),
    path("<int:pk>/lampiran/<int:attachment_pk>/", views.attachment, name="attachment"),
]
