from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from accounts import forms, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("confirm-email/<str:token>/", views.verify_email, name="verify_email"),
    path("confirm-email/", views.verify_email_resend, name="verify_email_resend"),
    path("login/", two_factor_views.LoginView.as_view(), name="login"),
    path("login/code/", two_factor_views.login_verify, name="login_verify"),
    path("two-step/", two_factor_views.two_factor_status, name="two_factor"),
    path("two-step/set-up/", two_factor_views.two_factor_setup, name="two_factor_setup"),
    path(
        "two-step/set-up/confirm/<str:token>/",
        two_factor_views.two_factor_enrol_confirm,
        name="two_factor_enrol_confirm",
    ),
    path("two-step/recovery-codes/", two_factor_views.recovery_codes, name="recovery_codes"),
    path("two-step/turn-off/", two_factor_views.two_factor_disable, name="two_factor_disable"),
    path("unlock/", views.unlock_request, name="unlock_request"),
    path("unlock/<str:token>/", views.unlock_account, name="unlock"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PlainPasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=forms.PlainPasswordResetForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.PlainSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
