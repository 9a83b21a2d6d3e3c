from django.http import HttpResponse
from django.urls import path

from skema_lsp.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("halo")


urlpatterns = [path("bench/halo/", hello), *project_urlpatterns]
