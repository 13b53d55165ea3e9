"""Register the training records' policies, viewsets and the rating summary."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from configuration.scope import ScopedPermissionPolicy, policy_for

from .models import Certificate, CoursePage, QuizAttempt, Rating

for _model in (QuizAttempt, Certificate, Rating):
    register_permission_policy(_model, ScopedPermissionPolicy(_model))

from .viewsets import RatingSummaryView, TrainingGroup  # noqa: E402 - after policies


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingGroup()


def course_redirect(request):
    """The Help menu's "Training course": the first live course of the site."""
    course = CoursePage.objects.live().order_by("path").first()
    if course is None:
        raise Http404
    return redirect(course.url)


@hooks.register("register_admin_urls")
def register_rating_summary_url():
    return [
        path(
            "training/rating/",
            RatingSummaryView.as_view(),
            name="learning_rating_summary",
        ),
        path("training/course/", course_redirect, name="learning_course"),
    ]


class CourseMenuItem(MenuItem):
    def is_shown(self, request):
        return CoursePage.objects.live().exists()


@hooks.register("register_help_menu_item")
def register_course_menu_item():
    return CourseMenuItem(
        _("Training course"),
        reverse("learning_course"),
        name="training-course",
        icon_name="doc-full",
        order=100,
    )


# Wagtail's own Help items speak to web editors (its editor guide, what is new
# in this Wagtail release) and show a badge until dismissed: a social worker
# would take that badge for a pending notice. Llar's Help menu keeps the course
# and Wagtail's keyboard shortcuts.
WAGTAIL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def hide_wagtail_editor_help(request, menu_items):
    menu_items[:] = [
        item for item in menu_items if not item.name.startswith(WAGTAIL_HELP_ITEMS)
    ]


# Wagtail's page reports speak to web editors: the course's editors
# (coordinators) have the Pages explorer; only the support desk keeps these.
WAGTAIL_PAGE_REPORTS = ("aging-pages", "page-types-usage")


@hooks.register("construct_reports_menu")
def hide_page_reports(request, menu_items):
    if request.user.is_superuser:
        return
    menu_items[:] = [
        item for item in menu_items if item.name not in WAGTAIL_PAGE_REPORTS
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
