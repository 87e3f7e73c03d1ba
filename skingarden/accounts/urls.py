from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from skingarden.accounts import forms, token_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.sign_in, name="login"),
    path("two-factor/", two_factor_views.settings_page, name="two_factor"),
    path("two-factor/set-up/", two_factor_views.enrol, name="two_factor_enrol"),
    path("two-factor/code/", two_factor_views.verify, name="two_factor_verify"),
    path("two-factor/recovery/", two_factor_views.recovery, name="two_factor_recovery"),
    path(
        "two-factor/recovery-codes/",
        two_factor_views.recovery_codes_renew,
        name="two_factor_recovery_codes",
    ),
    path("two-factor/remove/", two_factor_views.remove, name="two_factor_remove"),
    path("tokens/", token_views.token_list, name="tokens"),
    path("tokens/<uuid:code>/revoke/", token_views.token_revoke, name="token_revoke"),
    path("logout/", views.logout_confirm, name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=forms.PasswordResetForm,
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("profile/", views.profile_edit, name="profile"),
    path("delete/", views.account_delete, name="delete"),
    path("safety/", views.safety_screen, name="safety_screen"),
    path("safety/result/", views.safety_screen_result, name="safety_screen_result"),
    path(
        "safety/<uuid:code>/clinician/",
        views.safety_screen_confirm,
        name="safety_screen_confirm",
    ),
]
