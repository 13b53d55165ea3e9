from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from . import views


@hooks.register("register_admin_urls")
def register_sign_in_urls():
    return [
        path("verify/", views.VerifyView.as_view(), name="security_verify"),
        path("two-step/", views.EnrolView.as_view(), name="security_enrol"),
        path(
            "professionals/<int:pk>/two-step/reset/",
            views.SecondFactorResetView.as_view(),
            name="security_second_factor_reset",
        ),
        path(
            "professionals/<int:pk>/unlock/",
            views.UnlockView.as_view(),
            name="security_unlock",
        ),
    ]


@hooks.register("register_account_menu_item")
def two_step_verification_item(request):
    return {
        "url": reverse("security_enrol"),
        "label": _("Two-step verification"),
        "help_text": _("Sign in with a code from an authenticator app too."),
    }
