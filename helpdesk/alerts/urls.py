"""URLs of the alerts, under /admin/alertes/ (namespace helpdesk_alerts)."""

from django.urls import path

from .views import AlertDismissView, AlertListView, AlertPreferencesView

app_name = "helpdesk_alerts"

urlpatterns = [
    path("preferences/", AlertPreferencesView.as_view(), name="preferences"),
    path("<slug:kind>/", AlertListView.as_view(), name="list"),
    path("<slug:kind>/<int:pk>/dismiss/", AlertDismissView.as_view(), name="dismiss"),
]
