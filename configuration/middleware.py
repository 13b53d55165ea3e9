"""Close Wagtail admin screens that cannot be scoped to an area."""

from django.http import Http404

# Wagtail's "Site history" report filters log entries by content type only, so
# it would list other areas' teams and professionals. Llar's own audit screens
# ("Registres") replace it; until then only superusers (the support desk) see it.
SUPERUSER_ONLY_URL_NAMES = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
}


class UnscopedAdminScreensMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            match is not None
            and match.view_name in SUPERUSER_ONLY_URL_NAMES
            and not request.user.is_superuser
        ):
            raise Http404
        return None
