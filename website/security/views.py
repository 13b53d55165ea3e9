"""Sign-in screens: the lockout page, the second factor (enrol, verify), unlock."""

import textwrap
from base64 import b32encode

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from wagtail.admin.views.account import LoginView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from configuration.audit.signins import log_failed_second_factor
from configuration.models import User
from configuration.scope import policy_for

from . import services
from .forms import TokenForm
from .steps import second_factor_required


def lockout_message() -> str:
    minutes = settings.AXES_COOLOFF_TIME and round(settings.AXES_COOLOFF_TIME * 60)
    if minutes:
        return _(
            "Too many failed sign-ins for this account or from this address. "
            "Sign-in is locked for %(minutes)s minutes; try again later or ask "
            "your coordinator to unlock your account."
        ) % {"minutes": minutes}
    return _(
        "Too many failed sign-ins for this account or from this address. "
        "Sign-in is locked: ask your coordinator to unlock your account."
    )


def lockout_response(request, original_response=None, credentials=None):
    """Answer a locked sign-in with the sign-in page and why (AXES_LOCKOUT_CALLABLE)."""
    view = LoginView()
    view.setup(request)
    form = view.get_form_class()(
        request, data={"username": request.POST.get("username", "")}
    )
    # Set, not validated: validating would try to authenticate once more.
    form._errors = ErrorDict(
        {"__all__": form.error_class([lockout_message()], error_class="nonfield")}
    )
    context = view.get_context_data(form=form)
    status = settings.AXES_HTTP_RESPONSE_CODE
    # Rendered here: the middlewares outside AxesMiddleware read the content.
    return TemplateResponse(
        request, view.template_name, context, status=status
    ).render()


def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


class VerifyView(FormView):
    """The second step of signing in: the code of the professional's TOTP app."""

    template_name = "security/verify.html"
    form_class = TokenForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified() or not user_has_device(request.user):
            return HttpResponseRedirect(_next_url(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = match_token(self.request.user, form.cleaned_data["token"])
        if device is None:
            log_failed_second_factor(user=self.request.user, request=self.request)
            form.add_error("token", _("The code is not right. Type the current code."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return HttpResponseRedirect(_next_url(self.request))

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "next": _next_url(self.request)}


class EnrolView(WagtailAdminTemplateMixin, FormView):
    """Set up a TOTP app: scan the QR code (or type the secret), confirm a code."""

    template_name = "security/enrol.html"
    form_class = TokenForm
    page_title = gettext_lazy("Two-step verification")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if user_has_device(request.user):
            if not request.user.is_verified():
                return redirect("security_verify")
            return TemplateResponse(
                request, "security/enrolled.html", self.get_context_data()
            )
        self.device = services.totp_device_for_enrolment(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            device = services.totp_enrol_confirm(
                device=self.device,
                token=form.cleaned_data["token"],
                acting_user=self.request.user,
            )
        except ValidationError as error:
            form.add_error("token", error)
            return self.form_invalid(form)
        otp_login(self.request, device)
        messages.success(self.request, _("Two-step verification is on."))
        return HttpResponseRedirect(_next_url(self.request))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        device = getattr(self, "device", None)
        if device is not None:
            qr = segno.make(device.config_url, error="m")
            context["qr_svg"] = qr.svg_inline(scale=5, title=_("QR code"))
            secret = b32encode(device.bin_key).decode().rstrip("=")
            context["secret"] = " ".join(textwrap.wrap(secret, 4))
        context["required"] = second_factor_required(self.request.user)
        context["next"] = _next_url(self.request)
        return context


def changeable_professional(request, pk: int) -> User:
    """The professional `pk` if the user may change them (their area's
    coordinator or administrator), else 404."""
    policy = policy_for(User)
    return get_object_or_404(
        policy.instances_user_has_permission_for(request.user, "change"), pk=pk
    )


class SecondFactorResetView(View):
    """POST-only: a coordinator (or administrator) removes a professional's
    authenticator app, e.g. after a lost phone."""

    def post(self, request, pk):
        professional = changeable_professional(request, pk)
        try:
            removed = services.second_factor_reset(
                professional=professional, acting_user=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if removed:
                messages.success(
                    request,
                    _(
                        "%(name)s's authenticator app was removed: they will set "
                        "up a new one the next time they sign in."
                    )
                    % {"name": professional},
                )
            else:
                messages.info(
                    request,
                    _("%(name)s had no authenticator app.") % {"name": professional},
                )
        return redirect("wagtailusers_users:edit", professional.pk)


class UnlockView(View):
    """POST-only: a coordinator (or administrator) unlocks a professional's sign-in."""

    def post(self, request, pk):
        professional = changeable_professional(request, pk)
        cleared = services.sign_in_unlock(
            professional=professional, acting_user=request.user
        )
        if cleared:
            messages.success(
                request, _("%(name)s can sign in again.") % {"name": professional}
            )
        else:
            messages.info(
                request, _("%(name)s was not locked.") % {"name": professional}
            )
        return redirect("wagtailusers_users:edit", professional.pk)
