"""The site's URLs plus one view that fails, for the error-path tests (logging, error reports)."""

from django.urls import path

from skema_lsp.urls import handler403, handler404, handler500  # noqa: F401
from skema_lsp.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("boom: a failure no view should have")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
