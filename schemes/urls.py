from django.urls import path

from schemes import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("<slug:code>/", views.scheme_detail, name="detail"),
]
