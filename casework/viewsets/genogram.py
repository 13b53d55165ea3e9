"""The Genograma tab of the expedient (domain.md §3.3.3, §8.3): the family as it
was on a chosen date, drawn by casework.genogram, exported as SVG and PDF, with
the genogram-only relatives added and removed from it.

Every view loads the expedient through the scope (404 outside it, confidential
ones by their rule) and reading the genogram is an audited read.
"""

from datetime import date

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.widgets import AdminDateInput

from directory.enums import KinshipKind
from directory.models import Person

from ..genogram import genogram_of, genogram_pdf, genogram_svg
from ..models import GenogramRelative
from ..modules import expedient_title
from ..services.genogram import (
    genogram_read,
    genogram_relative_add,
    genogram_relative_remove,
)
from ..tabs import ExpedientTab, expedient_url
from ..views.expedient import ExpedientMixin
from ..views.expedient_actions import ExpedientActionView

VIEW_RIGHT = "casework.view_linkedperson"


class GenogramDateForm(forms.Form):
    on = forms.DateField(label=_("As it was on"), required=False, widget=AdminDateInput)


def chosen_date(request) -> tuple[GenogramDateForm, date]:
    if request.GET.get("on"):
        form = GenogramDateForm(request.GET)
        if form.is_valid() and form.cleaned_data["on"]:
            return form, form.cleaned_data["on"]
        return form, date.today()  # the error shows under the field
    return GenogramDateForm(initial={"on": date.today()}), date.today()


class GenogramRelativeForm(forms.ModelForm):
    class Meta:
        model = GenogramRelative
        fields = [
            "label",
            "sex",
            "birth_year",
            "is_deceased",
            "death_year",
            "kind",
            "person",
            "starts_on",
            "ends_on",
        ]
        widgets = {"starts_on": AdminDateInput, "ends_on": AdminDateInput}
        labels = {"kind": _("They are the")}

    def __init__(self, *args, expedient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            expedient_links__expedient=expedient
        ).order_by("surname1", "first_name")
        self.fields["person"].label = _("of (a linked person)")
        self.fields["kind"].choices = [
            (KinshipKind.PARENT, _("Parent of")),
            (KinshipKind.CHILD, _("Child of")),
            (KinshipKind.PARTNER, _("Partner of")),
            (KinshipKind.SIBLING, _("Sibling of")),
            (KinshipKind.OTHER, _("Other relative of")),
        ]


def _export_urls(expedient, on: date) -> dict:
    query = f"?on={on.strftime('%d/%m/%Y')}"
    return {
        "svg_url": reverse("casework_expedient_genogram_svg", args=[expedient.pk])
        + query,
        "pdf_url": reverse("casework_expedient_genogram_pdf", args=[expedient.pk])
        + query,
    }


def genogram_tab_context(*, request, expedient) -> dict:
    user = request.user
    form, on = chosen_date(request)
    drawing = genogram_of(expedient, on=on)
    can_add = expedient.is_open and user.has_perm("casework.add_genogramrelative")
    can_remove = expedient.is_open and user.has_perm("casework.delete_genogramrelative")
    relatives = (
        expedient.genogram_relatives.select_related("person")
        if user.has_perm("casework.view_genogramrelative")
        else GenogramRelative.objects.none()
    )
    return {
        "expedient": expedient,
        "date_form": form,
        "on": on,
        # Built with ElementTree, which escapes every name and label.
        "svg": mark_safe(genogram_svg(drawing)),  # noqa: S308
        "relatives": relatives,
        "add_form": GenogramRelativeForm(expedient=expedient) if can_add else None,
        "add_url": reverse("casework_expedient_genogram_add", args=[expedient.pk]),
        "can_remove": can_remove,
        "tab_url": expedient_url(expedient.pk),
        **_export_urls(expedient, on),
    }


class GenogramExportView(ExpedientMixin, View):
    """The genogram on the chosen date as a file (an audited read)."""

    kind = "svg"

    def get(self, request, *args, **kwargs):
        expedient = self.expedient
        if not request.user.has_perm(VIEW_RIGHT):
            return HttpResponse(status=404)
        _form, on = chosen_date(request)
        drawing = genogram_of(expedient, on=on)
        genogram_read(expedient=expedient, acting_user=request.user)
        name = f"genograma-{expedient.number}-{on.isoformat()}".replace("/", "-")
        if self.kind == "svg":
            response = HttpResponse(
                genogram_svg(drawing), content_type="image/svg+xml; charset=utf-8"
            )
        else:
            title = gettext("Genogram of %(expedient)s") % {
                "expedient": f"{expedient.number} {expedient_title(expedient)}".strip()
            }
            subtitle = gettext("As it was on %(date)s · printed by %(user)s") % {
                "date": date_format(on, "SHORT_DATE_FORMAT"),
                "user": request.user.get_full_name() or request.user.get_username(),
            }
            response = HttpResponse(
                genogram_pdf(drawing, title=title, subtitle=subtitle),
                content_type="application/pdf",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.kind}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response


class GenogramRelativeAddView(ExpedientActionView):
    page_title = _("Add a relative to the genogram")
    submit_label = _("Add the relative")
    tab = "genogram"
    permission = "casework.add_genogramrelative"
    form_class = GenogramRelativeForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def act(self, form) -> str:
        relative = genogram_relative_add(
            expedient=self.expedient,
            relative=form.save(commit=False),
            acting_user=self.request.user,
        )
        return gettext("%(label)s added to the genogram.") % {"label": relative}


class GenogramRelativeRemoveView(ExpedientMixin, View):
    def post(self, request, pk, relative):
        expedient = self.expedient
        if not (
            expedient.is_open
            and request.user.has_perm("casework.delete_genogramrelative")
        ):
            raise PermissionDenied
        found = get_object_or_404(expedient.genogram_relatives, pk=relative)
        genogram_relative_remove(
            expedient=expedient, relative=found, acting_user=request.user
        )
        return HttpResponseRedirect(expedient_url(expedient.pk, "genogram"))


TABS = [
    ExpedientTab(
        key="genogram",
        label=_("Genogram"),
        order=92,
        template="casework/tabs/genogram.html",
        context=genogram_tab_context,
        permission=VIEW_RIGHT,
    )
]
VIEWSETS: list = []
_BASE = "casework/expedients/<int:pk>/genogram/"
URLS: list = [
    path(
        f"{_BASE}svg/",
        GenogramExportView.as_view(kind="svg"),
        name="casework_expedient_genogram_svg",
    ),
    path(
        f"{_BASE}pdf/",
        GenogramExportView.as_view(kind="pdf"),
        name="casework_expedient_genogram_pdf",
    ),
    path(
        f"{_BASE}relatives/add/",
        GenogramRelativeAddView.as_view(),
        name="casework_expedient_genogram_add",
    ),
    path(
        f"{_BASE}relatives/<int:relative>/remove/",
        GenogramRelativeRemoveView.as_view(),
        name="casework_expedient_genogram_remove",
    ),
]
