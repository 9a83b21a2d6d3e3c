from django.urls import path

from schemes import staff_views, views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    # Before the slug route: "impor-kuk" and "tuk" would otherwise read as scheme codes.
    path("impor-kuk/", staff_views.kuk_import, name="kuk_import"),
    path("tuk/", staff_views.tuk_list, name="tuk_list"),
    path("tuk/baru/", staff_views.tuk_create, name="tuk_create"),
    path("tuk/<int:pk>/", staff_views.tuk_detail, name="tuk_detail"),
    path("tuk/<int:pk>/ubah/", staff_views.tuk_edit, name="tuk_edit"),
    path("<slug:code>/", views.scheme_detail, name="detail"),
    path("<slug:code>/versi/", staff_views.scheme_versions, name="versions"),
]
