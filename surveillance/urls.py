from django.urls import path

from surveillance import views

app_name = "surveillance"
urlpatterns = [
    path("saya/", views.my_surveillance, name="my_surveillance"),
    path("sertifikat/<int:certificate_pk>/mulai/", views.start, name="start"),
    path("sertifikat/<int:certificate_pk>/sertifikasi-ulang/", views.recertify, name="recertify"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/logbook/", views.logbook_add, name="logbook_add"),
    path("<int:pk>/logbook/<int:entry_pk>/hapus/", views.logbook_delete, name="logbook_delete"),
    path("<int:pk>/konfirmasi/<str:kind>/", views.confirmation, name="confirmation"),
    path("<int:pk>/ajukan/", views.submit, name="submit"),
    path("<int:pk>/berkas/<str:what>/<int:item_pk>/", views.file, name="file"),
    path("<int:pk>/tinjau/", views.review, name="review"),
    path("<int:pk>/kembalikan/", views.return_to_holder, name="return"),
    path("<int:pk>/laporan.pdf", views.report, name="report"),
    path("tinjauan/", views.review_queue, name="review_queue"),
    path("pemegang/", views.holders, name="holders"),
    path("pemegang/ekspor.<str:fmt>", views.holders_export, name="holders_export"),
    path("pemegang/<int:certificate_pk>/", views.holder_detail, name="holder_detail"),
    path("pemegang/<int:certificate_pk>/buka/", views.open_for_holder, name="open_for_holder"),
    path("sertifikasi-ulang/", views.recertification_list, name="recertification_list"),
    path("sertifikasi-ulang/<int:pk>/", views.recertification_detail, name="recertification_detail"),
    path("sertifikasi-ulang/<int:pk>/<str:move>/", views.recertification_decide, name="recertification_decide"),
]
