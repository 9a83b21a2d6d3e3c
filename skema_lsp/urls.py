from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from decisions import views as decision_views
from skema_lsp import calendar_views, reminder_views, views

handler403 = "skema_lsp.views.error_403"
handler404 = "skema_lsp.views.error_404"
handler500 = "skema_lsp.views.error_500"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("dasbor/", views.dashboard, name="dashboard"),
    path("notifikasi/", views.notifications, name="notifications"),
    path("notifikasi/<int:pk>/baca/", views.notification_read, name="notification_read"),
    path("notifikasi/baca-semua/", views.notifications_read_all, name="notifications_read_all"),
    path("data-saya/", views.my_data, name="my_data"),
    path("pengingat/", reminder_views.sent_reminders, name="sent_reminders"),
    path("kalender/", calendar_views.calendar_days, name="calendar_days"),
    path("kalender/<int:pk>/hapus/", calendar_views.calendar_day_remove, name="calendar_day_remove"),
    path("verifikasi/", decision_views.verification_search, name="verification_search"),
    re_path(r"^verifikasi/(?P<code>[^/]{1,100})\.json$", decision_views.verification_json,
            name="verification_json"),
    re_path(r"^verifikasi/(?P<code>[^/]{1,100})/$", decision_views.verification_detail,
            name="verification_detail"),
    path("accounts/", include("accounts.urls")),
    path("skema/", include("schemes.urls")),
    path("pendaftaran/", include("registration.urls")),
    path("asesmen/", include("assessment.urls")),
    path("ujian/", include("exams.urls")),
    path("keputusan/", include("decisions.urls")),
    path("surveilan/", include("surveillance.urls")),
    path("banding/", include("appeals.urls")),
    path("pengaduan/", include("complaints.urls")),
    # The language switch carries no CSRF token, so a public page is the same for every anonymous
    # visitor and can be served from a cache (decisions.views.verification_detail). Forging it could
    # only switch a visitor's language on the few translated pages (skema_lsp/i18n.py).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]
