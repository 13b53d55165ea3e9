"""URLs of the handover screens, under /admin/handovers/
(namespace helpdesk_handovers)."""

from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from . import views


class HandoverViewSet(ViewSet):
    def get_urlpatterns(self):
        return [
            path("", views.HandoverIndexView.as_view(), name="index"),
            path(
                "results/",
                views.HandoverIndexView.as_view(results_only=True),
                name="index_results",
            ),
            path("<int:pk>/", views.HandoverDetailView.as_view(), name="detail"),
            path(
                "<int:pk>/acknowledge/",
                views.HandoverAcknowledgeView.as_view(),
                name="acknowledge",
            ),
        ]


handover_viewset = HandoverViewSet("helpdesk_handovers", url_prefix="handovers")
