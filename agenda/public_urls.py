"""The agenda's public URL: the private iCalendar feed, opened by a phone
without signing in (the secret in the link is the key)."""

from django.urls import path

from .views.ical import calendar_feed

urlpatterns = [
    path("<str:token>.ics", calendar_feed, name="agenda_calendar_feed"),
]
