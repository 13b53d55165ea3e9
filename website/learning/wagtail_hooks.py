"""Register the training records' policies, viewsets and the rating summary."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from configuration.scope import ScopedPermissionPolicy, policy_for

from .models import Certificate, QuizAttempt, Rating

for _model in (QuizAttempt, Certificate, Rating):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

from .viewsets import RatingSummaryView, TrainingGroup  # noqa: E402 - after policies


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingGroup()


@hooks.register("register_admin_urls")
def register_rating_summary_url():
    return [
        path(
            "training/rating/",
            RatingSummaryView.as_view(),
            name="learning_rating_summary",
        )
    ]


class RatingSummaryMenuItem(MenuItem):
    def is_shown(self, request):
        return policy_for(Rating).user_has_permission(request.user, "view")


@hooks.register("register_admin_menu_item")
def register_rating_summary_menu_item():
    return RatingSummaryMenuItem(
        _("Course rating"),
        reverse("learning_rating_summary"),
        icon_name="pick",
        order=910,
    )
