"""Keep a signed-in professional on their pending sign-in step (see steps.py)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .steps import ENROL, PASSWORD, VERIFY, pending_step

STEP_URL_NAMES = {
    VERIFY: "security_verify",
    ENROL: "security_enrol",
    PASSWORD: "wagtailadmin_account",
}
# What a professional may reach while a step is pending: the step itself, signing
# out, and what the admin's pages load (icons, translations of the admin's JS).
ALWAYS_OPEN = {
    "wagtailadmin_logout",
    "wagtailadmin_login",
    "wagtailadmin_sprite",
    "wagtailadmin_javascript_catalog",
}


class SignInStepsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        step = pending_step(request)
        if step is None:
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name in ALWAYS_OPEN or name == STEP_URL_NAMES[step]:
            return None
        if step == PASSWORD:
            messages.warning(
                request, _("Your password has expired. Choose a new one to go on.")
            )
        url = reverse(STEP_URL_NAMES[step])
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
