from django.contrib import admin
from django.urls import include, path, re_path

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
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
