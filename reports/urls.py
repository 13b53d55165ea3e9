from django.urls import path

from .explotacio import TreeView, run_listing
from .views import ExplainView, ReturnView

URLS = [
    path("explotacio/", TreeView.as_view(), name="reports_explotacio"),
    path("explotacio/<slug:key>/", run_listing, name="reports_explotacio_listing"),
    path("memories/", ReturnView.as_view(), name="reports_return"),
    path(
        "memories/explain/<str:table>/", ExplainView.as_view(), name="reports_explain"
    ),
]
