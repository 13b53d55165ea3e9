"""The two incident listings and the URLs of every incident screen.

- /admin/suport/ : "My incidents", the professional's own, filtered by state
  (the home panel links to updated / open / all).
- /admin/suport-cua/ : the support desk's queue across areas, filtered by
  state, category, area and assignee. Anyone without the queue permission
  gets 404: the queue does not exist for them.
"""

import django_filters
from django.http import Http404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets.button import HeaderButton

from configuration.models import Area

from ..enums import IncidentCategory, IncidentState
from ..models import Incident
from . import views
from .notify import support_agents
from .services import works_queue


def number(incident) -> str:
    return f"#{incident.pk}"


class MyIncidentsFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=IncidentState.choices,
        empty_label=pgettext_lazy("incidents", "All"),
    )

    class Meta:
        model = Incident
        fields = ["state"]


class QueueFilterSet(MyIncidentsFilterSet):
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=IncidentCategory.choices,
        empty_label=pgettext_lazy("incidents", "All"),
    )
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.order_by("name")
    )
    assigned_to = django_filters.ModelChoiceFilter(
        label=_("Assigned to"),
        queryset=lambda request: support_agents(),
        null_label=_("Nobody"),
    )

    class Meta:
        model = Incident
        fields = ["state", "category", "area", "assigned_to"]


class IncidentIndexView(IndexView):
    model = Incident
    permission_policy = None  # rows are scoped below; refusals are 404
    header_icon = "lifebuoy"
    paginate_by = 30
    default_ordering = "-updated_at"

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, user) -> bool:
        raise NotImplementedError

    def get_valid_orderings(self):
        return ["updated_at", "-updated_at", "created_at", "-created_at"]

    def title_column(self):
        return TitleColumn(
            "subject",
            label=_("Subject"),
            get_url=lambda incident: incident.get_absolute_url(),
        )


class MyIncidentsView(IncidentIndexView):
    page_title = _("My incidents")
    index_url_name = "helpdesk_incidents:index"
    index_results_url_name = "helpdesk_incidents:index_results"
    filterset_class = MyIncidentsFilterSet

    def allowed(self, user) -> bool:
        return user.has_perm("helpdesk.view_incident")

    def get_base_queryset(self):
        return Incident.objects.mine(self.request.user)

    @cached_property
    def header_buttons(self):
        if not self.request.user.has_perm("helpdesk.add_incident"):
            return []
        url = reverse("helpdesk_incidents:new")
        return [HeaderButton(_("New incident"), url, icon_name="plus")]

    @cached_property
    def columns(self):
        return [
            Column("number", label=_("Number"), accessor=number),
            self.title_column(),
            Column("category", label=_("Category"), accessor="get_category_display"),
            Column("state", label=_("State"), accessor="get_state_display"),
            DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
        ]


class QueueView(IncidentIndexView):
    page_title = _("Support queue")
    index_url_name = "helpdesk_queue:index"
    index_results_url_name = "helpdesk_queue:index_results"
    filterset_class = QueueFilterSet

    def allowed(self, user) -> bool:
        return works_queue(user)

    def get_base_queryset(self):
        return Incident.objects.visible_to(self.request.user).select_related(
            "area", "author", "assigned_to"
        )

    @cached_property
    def columns(self):
        return [
            Column("number", label=_("Number"), accessor=number),
            self.title_column(),
            Column("category", label=_("Category"), accessor="get_category_display"),
            Column("area", label=_("Area")),
            Column("author", label=_("Professional")),
            Column("state", label=_("State"), accessor="get_state_display"),
            Column("assigned_to", label=_("Assigned to")),
            DateColumn("updated_at", label=_("Updated"), sort_key="updated_at"),
        ]


class IncidentViewSet(ViewSet):
    """The professional's screens: their list, the new form, one thread."""

    def get_urlpatterns(self):
        return [
            path("", MyIncidentsView.as_view(), name="index"),
            path(
                "results/",
                MyIncidentsView.as_view(results_only=True),
                name="index_results",
            ),
            path("new/", views.IncidentCreateView.as_view(), name="new"),
            path("<int:pk>/", views.IncidentDetailView.as_view(), name="detail"),
            path(
                "<int:pk>/attachments/<int:message_pk>/",
                views.attachment_download,
                name="attachment",
            ),
        ]


class QueueViewSet(ViewSet):
    def get_urlpatterns(self):
        return [
            path("", QueueView.as_view(), name="index"),
            path(
                "results/", QueueView.as_view(results_only=True), name="index_results"
            ),
        ]


incident_viewset = IncidentViewSet("helpdesk_incidents", url_prefix="suport")
queue_viewset = QueueViewSet("helpdesk_queue", url_prefix="suport-cua")
