from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views
from accounts.forms import LoginForm

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("daftar/", views.signup, name="signup"),
    path("daftar/selesai/", views.signup_done, name="signup_done"),
    # The fixed path must come before the token pattern, which would otherwise swallow it.
    path("verifikasi/kirim-ulang/", views.resend_verification, name="resend_verification"),
    path("verifikasi/<str:token>/", views.verify_email, name="verify_email"),
    path("profil/", views.profile, name="profile"),
]

urlpatterns += [
    path("persetujuan/<int:pk>/tarik/", views.consent_withdraw, name="consent_withdraw"),
    path("persetujuan/berikan/", views.consent_give, name="consent_give"),
    path("data-pribadi/permintaan/", views.privacy_requests, name="privacy_requests"),
    path("data-pribadi/permintaan/<int:pk>/", views.correction_detail, name="correction_detail"),
    path("data-pribadi/permintaan/<int:pk>/proses/", views.correction_take, name="correction_take"),
    path("data-pribadi/permintaan/<int:pk>/selesaikan/", views.correction_resolve, name="correction_resolve"),
    path("data-pribadi/ekspor/", views.data_export_request, name="data_export_request"),
    path("data-pribadi/ekspor/<int:pk>/", views.data_export_download, name="data_export_download"),
    path("pdp/permintaan/", views.staff_corrections, name="staff_corrections"),
    path("pdp/insiden/", views.breaches, name="breaches"),
    path("pdp/insiden/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("pdp/insiden/<int:pk>/kirim/", views.breach_notify, name="breach_notify"),
    path("pdp/insiden/<int:pk>/tutup/", views.breach_close, name="breach_close"),
    path("pdp/insiden/<int:pk>/surat.pdf", views.breach_notice_pdf, name="breach_notice_pdf"),
]
