from django.urls import path

from complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.file, name="file"),
    path("terkirim/", views.filed, name="filed"),
    path("lacak/", views.track, name="track"),
    path("saya/", views.my_complaints, name="my_complaints"),
    path("tangani/", views.handling_list, name="handling_list"),
    path("staf/", views.staff_list, name="staff_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/penangan/", views.assign, name="assign"),
    path("<int:pk>/selesai/", views.close, name="close"),
    path("<int:pk>/pelanggaran/", views.violation, name="violation"),
    path("<int:pk>/lampiran/", views.attachment, name="attachment"),
]
