"""Break-glass on the expedient screen.

A professional who opens a confidential expedient they may not see only because
it is confidential (same area, a module of theirs, their territory; not named
on it, not its coordinator) is sent to `casework_expedient_break_glass` instead
of a 404: a reason from the list and an explanation open it for a while
(casework.services.break_glass). Everyone else still gets 404, there too.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..enums import BreakGlassReason
from ..models import Expedient
from ..permissions import user_may_break_glass
from ..services.break_glass import break_glass_hours, break_glass_open
from ..tabs import expedient_url


def break_glass_url(pk) -> str:
    return reverse("casework_expedient_break_glass", args=[pk])


class BreakGlassOfferMixin:
    """Goes before ExpedientMixin: an expedient hidden only by its
    confidentiality redirects to the break-glass form instead of answering 404."""

    offer_break_glass = False

    def setup(self, request, *args, **kwargs):
        try:
            super().setup(request, *args, **kwargs)
        except Http404:
            if not user_may_break_glass(request.user, kwargs["pk"]):
                raise
            self.offer_break_glass = True

    def dispatch(self, request, *args, **kwargs):
        if self.offer_break_glass:
            return redirect(break_glass_url(kwargs["pk"]))
        return super().dispatch(request, *args, **kwargs)


class BreakGlassForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=BreakGlassReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Why you need this expedient now. The reference professional and "
            "their coordinator are told that you opened it and for which reason."
        ),
    )


class BreakGlassView(WagtailAdminTemplateMixin, FormView):
    template_name = "casework/expedient_action.html"
    form_class = BreakGlassForm
    header_icon = "warning"
    page_title = _("Confidential expedient")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.expedient = get_object_or_404(
            Expedient.objects.break_glass_for(request.user), pk=kwargs["pk"]
        )

    def get_page_subtitle(self):
        return self.expedient.number

    def get_breadcrumbs_items(self):
        # Only the number: the expedient's page is what is being asked for.
        label = f"{self.page_title}: {self.expedient.number}"
        return [*self.breadcrumbs_items, {"url": "", "label": label}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            intro=_(
                "This expedient is confidential and you are not named on it. You "
                "may open it for %(hours)s hours if you need to: say why. The "
                "access is recorded."
            )
            % {"hours": break_glass_hours()},
            submit_label=_("Open the expedient"),
            back_url=reverse("wagtailadmin_home"),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            break_glass_open(
                expedient=self.expedient,
                acting_user=self.request.user,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(expedient_url(self.expedient.pk))


URLS = [
    path(
        "casework/expedients/<int:pk>/break-glass/",
        BreakGlassView.as_view(),
        name="casework_expedient_break_glass",
    ),
]
