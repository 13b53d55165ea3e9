from django.urls import path

from .views import ExplainView, ReturnView

URLS = [
    path("memories/", ReturnView.as_view(), name="reports_return"),
    path(
        "memories/explain/<str:table>/", ExplainView.as_view(), name="reports_explain"
    ),
]
