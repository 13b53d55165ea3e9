"""The site's URLs plus a stand-in for the expedient screen, which the item
screens link back to (built separately; casework.tabs.expedient_url)."""

from django.http import HttpResponse
from django.urls import path

from website.urls import urlpatterns as site_urlpatterns


def expedient_stand_in(request, pk):
    return HttpResponse(f"expedient {pk}")


urlpatterns = [
    path("test/expedient/<int:pk>/", expedient_stand_in, name="casework_expedient"),
    *site_urlpatterns,
]
