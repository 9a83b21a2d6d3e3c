from django.urls import path

from schemes import staff_views, views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    # Before the slug route: "impor-kuk" and "tuk" would otherwise read as scheme codes.
    path("impor-kuk/", staff_views.kuk_import, name="kuk_import"),
    path("tuk/", staff_views.tuk_list, name="tuk_list"),
    path("tuk/<int:pk>/", staff_views.tuk_detail, name="tuk_detail"),
    path("<slug:code>/", views.scheme_detail, name="detail"),
    path("<slug:code>/versi/", staff_views.scheme_versions, name="versions"),
]
