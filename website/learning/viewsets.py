"""Coordinators review the course in the admin: attempts, certificates, ratings."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSetGroup

from configuration.scope import ScopedModelViewSet, _scoped, policy_for
from configuration.wording import FEMININE, MASCULINE

from .models import Certificate, QuizAttempt, Rating
from .selectors import rating_summary


class ReadOnlyViewSet(ScopedModelViewSet):
    """Records trainees leave: listed, inspected and exported, never edited here."""

    form_fields = []
    inspect_view_enabled = True


class QuizAttemptViewSet(ReadOnlyViewSet):
    model = QuizAttempt
    noun_gender = MASCULINE
    icon = "tasks"
    menu_label = _("Quiz attempts")
    url_prefix = "training/attempts"
    list_display = [
        Column("user", label=_("Trainee")),
        Column("quiz", label=_("Quiz")),
        DateColumn("started_at", label=_("Started at")),
        Column("score", label=_("Score (%)")),
        Column("status_label", label=_("Result")),
    ]
    list_filter = ["passed", "quiz"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_export = [
        "user",
        "user.username",
        "quiz",
        "started_at",
        "submitted_at",
        "score",
        "status_label",
    ]
    export_headings = {"status_label": _("Result")}
    inspect_view_fields = [
        "user",
        "quiz",
        "started_at",
        "submitted_at",
        "correct_count",
        "score",
        "status_label",
    ]
    index_view_class = _scoped(
        ReadOnlyViewSet.index_view_class, list_select_related=("user", "quiz")
    )


class CertificateViewSet(ReadOnlyViewSet):
    model = Certificate
    noun_gender = MASCULINE
    icon = "success"
    menu_label = _("Certificates")
    url_prefix = "training/certificates"
    list_display = [
        "code",
        "full_name",
        "course_title",
        DateColumn("issued_at", label=_("Issued at")),
    ]
    search_fields = ["code", "full_name"]
    list_export = ["code", "full_name", "user.username", "course_title", "issued_at"]
    index_view_class = _scoped(
        ReadOnlyViewSet.index_view_class, list_select_related=("user",)
    )


class RatingViewSet(ReadOnlyViewSet):
    model = Rating
    noun_gender = FEMININE
    icon = "pick"
    menu_label = _("Ratings")
    url_prefix = "training/ratings"
    list_display = [
        Column("user", label=_("Trainee")),
        "score",
        "comment",
        DateColumn("created_at", label=_("Created at")),
    ]
    list_filter = ["score"]
    list_export = ["user", "score", "comment", "created_at"]
    index_view_class = _scoped(
        ReadOnlyViewSet.index_view_class, list_select_related=("user",)
    )


class RatingSummaryView(WagtailAdminTemplateMixin, TemplateView):
    """The 0–10 distribution and the Net Promoter Score of the visible ratings."""

    page_title = _("Course rating")
    header_icon = "pick"
    template_name = "learning/admin/rating_summary.html"

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        if not policy_for(Rating).user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ratings = policy_for(Rating).instances_user_has_any_permission_for(
            self.request.user, ["view"]
        )
        return {**super().get_context_data(**kwargs), **rating_summary(ratings)}


class TrainingGroup(ViewSetGroup):
    menu_label = _("Training")
    menu_icon = "openquote"
    menu_order = 900
    items = (QuizAttemptViewSet, CertificateViewSet, RatingViewSet)
