"""URLs: the Wagtail admin at /admin/, the public Wagtail site at /.

Django's own admin is deliberately not mounted: professionals work in Wagtail's.
"""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from website.security.media import serve_media


def favicon(request):
    """Browsers ask for /favicon.ico where a page names no icon (a JSON answer
    opened directly, a PDF): send them to the site's icon, not to a 404."""
    return HttpResponsePermanentRedirect(static("website/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("certificats/", include("website.learning.urls")),
    # The professionals' private calendar links (no sign-in: the secret is the key).
    path("agenda/", include("agenda.public_urls")),
    # Uploaded files in every environment: a record's files follow its scope.
    re_path(
        rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$",
        serve_media,
        name="media",
    ),
]

# Wagtail's page serving catches everything else, so it goes last.
urlpatterns += [path("", include(wagtail_urls))]
