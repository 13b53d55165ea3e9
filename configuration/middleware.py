"""Admin screens closed to most users, and searches refused before they run."""

from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.admin.localization import get_localized_response
from wagtail.admin.views.generic.chooser import CreateViewMixin

from .bounds import search_error

# Wagtail's "Site history" report filters log entries by content type only, so
# it would list other areas' teams and professionals. Llar's own audit screens
# ("Registres") replace it; until then only superusers (the support desk) see it.
SUPERUSER_ONLY_URL_NAMES = {
    "wagtailadmin_reports:site_history",
    "wagtailadmin_reports:site_history_results",
}
# Wagtail's /admin/failwhale/ raises an error on purpose for anyone signed in
# (a 500 page and an error report each time): closed for everyone.
CLOSED_URL_NAMES = {"wagtailadmin_error_test"}


def _creates_without_a_form(view_func) -> bool:
    """A chooser's 'create' view with no creation form: Wagtail registers one for
    every chooser, and a POST to it failed (a 500). Llar's choosers offer no
    creation (a new person record goes through the desk's duplicate check)."""
    view_class = getattr(view_func, "view_class", None)
    if view_class is None or not issubclass(view_class, CreateViewMixin):
        return False
    attrs = view_func.view_initkwargs
    return not any(
        attrs.get(name, getattr(view_class, name, None))
        for name in ("creation_form_class", "form_fields", "exclude_form_fields")
    )


class UnscopedAdminScreensMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and (
            match.view_name in CLOSED_URL_NAMES or _creates_without_a_form(view_func)
        ):
            raise Http404
        if (
            match is not None
            and match.view_name in SUPERUSER_ONLY_URL_NAMES
            and not request.user.is_superuser
        ):
            raise Http404
        return None


class BoundedSearchMiddleware:
    """Refuse an admin search longer than `configuration.bounds` allows, with the
    reason, before any view runs it: every listing and chooser, Wagtail's own
    included, takes its search from `q`.

    A listing or chooser refreshing its results (an XMLHttpRequest) gets the reason
    in place of the results; a page opened with such a search gets it as a page
    (400). Either way nothing is searched and nothing is cut short silently.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.path.startswith(reverse("wagtailadmin_home")):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.has_perm("wagtailadmin.access_admin"):
            return None  # the view sends them to sign in
        error = next(filter(None, map(search_error, request.GET.getlist("q"))), None)
        if error is None:
            return None
        return get_localized_response(_refused_search, request, error=error)


def _refused_search(request, *, error):
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        template, status = "configuration/search_refused_results.html", 200
    else:
        template, status = "configuration/search_refused.html", 400
    context = {"error": error, "back_url": request.path}
    return TemplateResponse(request, template, context, status=status)
