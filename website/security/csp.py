"""The Content-Security-Policy (django-csp), a little wider inside the admin."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class LlarCSPMiddleware(CSPMiddleware):
    """Send CONTENT_SECURITY_POLICY; admin pages also allow inline scripts.

    Wagtail 8's admin still writes some widgets' start-up as inline scripts (date
    pickers, inline panels, choosers) with no nonce, so the admin cannot work
    without 'unsafe-inline'. Elsewhere (the public site, certificates) scripts
    come only from Llar itself. Everywhere, connect-src, img-src and form-action
    keep data from being sent to another site.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts.update = {"script-src": [UNSAFE_INLINE]}
        return parts
