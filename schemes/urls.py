from django.urls import path

from schemes import staff_views, views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    # Before the slug route: "impor-kuk" would otherwise read as a scheme code.
    path("impor-kuk/", staff_views.kuk_import, name="kuk_import"),
    path("<slug:code>/", views.scheme_detail, name="detail"),
]
