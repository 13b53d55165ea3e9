"""Actions of the expedient screen: close, reopen, link a person, make a person
the main one, unlink, save the housing and copy its address to the persons.

Each loads the expedient through the scope first (404 outside it), then checks
the role's right (refused as Wagtail refuses: back to the admin home with a
message), and hands the decision to a service; the service's refusals come
back as form errors. After acting, the professional returns to the tab.
"""

from auditlog.signals import accessed
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from configuration.conflicts import refuse_conflict
from configuration.media import FormMediaMixin

from ..models import Housing
from ..modules import get_module
from ..panels import new_expedient_url
from ..permissions import (
    UNLINK_RIGHT,
    user_can_change_expedient,
    user_can_change_reference,
    user_can_close,
    user_can_reopen,
)
from ..services import EditConflict
from ..services.expedients import (
    closed_long_ago,
    expedient_close,
    expedient_reference_change,
    expedient_reopen,
)
from ..services.household import (
    housing_copy_address,
    housing_save,
    main_person_set,
    person_link,
    person_still_named,
    person_unlink,
)
from ..tabs import expedient_url
from ..viewsets.expedient_forms import (
    CloseForm,
    HousingCopyForm,
    HousingForm,
    MainPersonForm,
    PersonLinkForm,
    ReferenceForm,
    ReopenForm,
    UnlinkForm,
)
from .expedient import ExpedientMixin, main_person


class ExpedientActionView(
    ExpedientMixin, FormMediaMixin, WagtailAdminTemplateMixin, FormView
):
    """A form about one expedient; `act(form)` calls the service."""

    template_name = "casework/expedient_action.html"
    header_icon = "folder-open-inverse"
    tab = "cover"
    permission: str | None = None
    submit_label = _("Save")

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allowed(self) -> bool:
        return self.expedient.is_open and self.request.user.has_perm(self.permission)

    def get(self, request, *args, **kwargs):
        # The form shows the expedient and its persons: a read, audited.
        response = super().get(request, *args, **kwargs)
        accessed.send(sender=type(self.expedient), instance=self.expedient)
        return response

    def get_page_subtitle(self):
        return str(self.expedient)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("casework_expedients:index"), "label": _("Expedients")},
            {"url": self.back_url, "label": str(self.expedient)},
            {"url": "", "label": self.get_page_title()},
        ]

    @cached_property
    def back_url(self) -> str:
        return expedient_url(self.expedient.pk, self.tab)

    def get_success_url(self):
        return self.back_url

    def form_valid(self, form):
        try:
            message = self.act(form)
        except ValidationError as error:
            self.add_errors(form, error)
            return self.form_invalid(form)
        if message:
            messages.success(self.request, message)
        return HttpResponseRedirect(self.get_success_url())

    @staticmethod
    def add_errors(form, error: ValidationError) -> None:
        if isinstance(error, EditConflict):
            refuse_conflict(form, error)
        elif hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            expedient=self.expedient,
            back_url=self.back_url,
            submit_label=self.submit_label,
            **kwargs,
        )


class CloseView(ExpedientActionView):
    page_title = _("Close the expedient")
    submit_label = _("Close the expedient")
    form_class = CloseForm

    def allowed(self) -> bool:
        user = self.request.user
        return user_can_change_expedient(user, self.expedient) and user_can_close(
            user, self.expedient
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def act(self, form) -> str:
        expedient_close(
            case=self.expedient, acting_user=self.request.user, **form.cleaned_data
        )
        return gettext("Expedient %(number)s closed.") % {
            "number": self.expedient.number
        }


class ReopenView(ExpedientActionView):
    page_title = _("Reopen the expedient")
    submit_label = _("Reopen the expedient")
    form_class = ReopenForm

    def allowed(self) -> bool:
        return not self.expedient.is_open and user_can_reopen(
            self.request.user, self.expedient
        )

    def get_context_data(self, **kwargs):
        main = main_person(self.expedient)
        context = super().get_context_data(**kwargs)
        context["closed_long_ago"] = closed_long_ago(self.expedient)
        module = get_module(self.expedient.module)
        if main is not None and module and module.may_open(self.request.user):
            context["new_expedient_url"] = new_expedient_url(main, module)
        return context

    def act(self, form) -> str:
        expedient_reopen(
            case=self.expedient,
            reason=form.cleaned_data["reason"],
            acting_user=self.request.user,
        )
        return gettext("Expedient %(number)s reopened.") % {
            "number": self.expedient.number
        }


class ReferenceChangeView(ExpedientActionView):
    """Change the reference professional alone: for whoever may (TS/ES and
    family workers in their teams' sectors, coordinators in their area), even
    without the right to edit the rest of the cover."""

    page_title = _("Change the reference professional")
    submit_label = _("Change the reference professional")
    form_class = ReferenceForm

    def allowed(self) -> bool:
        return self.expedient.is_open and user_can_change_reference(
            self.request.user, self.expedient
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def act(self, form) -> str:
        data = form.cleaned_data
        expedient_reference_change(
            case=self.expedient,
            professional=data["professional"],
            acting_user=self.request.user,
            expected_version=data.get("expected_version"),
        )
        return gettext(
            "%(name)s is now the reference professional of expedient %(number)s."
        ) % {"name": data["professional"], "number": self.expedient.number}


class PersonLinkView(ExpedientActionView):
    page_title = _("Link a person")
    submit_label = _("Link the person")
    tab = "persons"
    permission = "casework.add_linkedperson"
    form_class = PersonLinkForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "user": self.request.user,
            "expedient": self.expedient,
        }

    def act(self, form) -> str:
        link = person_link(
            expedient=self.expedient, acting_user=self.request.user, **form.cleaned_data
        )
        if link.open_elsewhere:
            messages.warning(self.request, self.open_elsewhere_message(link))
        return gettext("%(person)s linked to the expedient.") % {"person": link.person}

    @staticmethod
    def open_elsewhere_message(link) -> str:
        numbers = format_html_join(
            ", ", "{}", ((expedient.number,) for expedient in link.open_elsewhere)
        )
        return format_html(
            "{} {}",
            gettext("%(person)s also has other open expedients of this module:")
            % {"person": link.person},
            numbers,
        )


class LinkedPersonActionView(ExpedientActionView):
    """An action on one linked person (`person` in the URL)."""

    tab = "persons"

    @cached_property
    def link(self):
        return get_object_or_404(
            self.expedient.links.select_related("person"),
            person_id=self.kwargs["person"],
        )

    def get_page_subtitle(self):
        return f"{self.expedient} · {self.link.person}"


class MainPersonView(LinkedPersonActionView):
    page_title = _("Make main person")
    submit_label = _("Make main person")
    permission = "casework.change_linkedperson"
    form_class = MainPersonForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def act(self, form) -> str:
        main_person_set(
            expedient=self.expedient,
            person=self.link.person,
            acting_user=self.request.user,
            former_relationship=form.cleaned_data["former_relationship"],
        )
        return gettext("%(person)s is now the main person.") % {
            "person": self.link.person
        }


class UnlinkView(LinkedPersonActionView):
    page_title = _("Unlink the person")
    submit_label = _("Unlink")
    permission = UNLINK_RIGHT
    form_class = UnlinkForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "expedient": self.expedient,
            "person": self.link.person,
        }

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if not self.link.is_main:
            del form.fields["new_main"]
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not context["form"].is_bound:
            # Said before the coordinator tries: what still names the person.
            context["notice"] = person_still_named(
                expedient=self.expedient, person=self.link.person
            )
        return context

    def act(self, form) -> str:
        person_unlink(
            expedient=self.expedient,
            person=self.link.person,
            acting_user=self.request.user,
            new_main=form.cleaned_data.get("new_main"),
        )
        return gettext("%(person)s unlinked from the expedient.") % {
            "person": self.link.person
        }


class HousingView(ExpedientActionView):
    """Save the housing tab's form (shown on the tab; errors shown here)."""

    page_title = _("Housing")
    tab = "housing"
    form_class = HousingForm

    @cached_property
    def housing(self) -> Housing:
        return Housing.objects.filter(expedient=self.expedient).first() or Housing(
            expedient=self.expedient
        )

    def allowed(self) -> bool:
        right = "change_housing" if self.housing.pk else "add_housing"
        return self.expedient.is_open and self.request.user.has_perm(
            f"casework.{right}"
        )

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.back_url)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "instance": self.housing, "for_user": self.request.user}

    def act(self, form) -> str:
        housing_save(
            housing=form.save(commit=False),
            acting_user=self.request.user,
            expected_version=form.cleaned_data.get("expected_version"),
        )
        return gettext("Housing saved.")


class HousingCopyView(ExpedientActionView):
    page_title = _("Copy the address to the persons")
    tab = "housing"
    permission = "directory.change_person"
    form_class = HousingCopyForm

    def get(self, request, *args, **kwargs):
        return HttpResponseRedirect(self.back_url)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "expedient": self.expedient}

    def act(self, form) -> str:
        everyone = "all" in self.request.POST
        copied = housing_copy_address(
            expedient=self.expedient,
            acting_user=self.request.user,
            persons=None if everyone else form.cleaned_data["persons"],
        )
        return gettext("Address copied to %(names)s.") % {
            "names": ", ".join(str(person) for person in copied)
        }


def _url(route: str, view, name: str):
    return path(f"casework/expedients/<int:pk>/{route}", view.as_view(), name=name)


ACTION_URLS = [
    _url("close/", CloseView, "casework_expedient_close"),
    _url("reopen/", ReopenView, "casework_expedient_reopen"),
    _url("reference/", ReferenceChangeView, "casework_expedient_reference"),
    _url("persons/add/", PersonLinkView, "casework_expedient_person_add"),
    _url("persons/<int:person>/main/", MainPersonView, "casework_expedient_main"),
    _url("persons/<int:person>/unlink/", UnlinkView, "casework_expedient_unlink"),
    _url("housing/", HousingView, "casework_expedient_housing"),
    _url("housing/copy/", HousingCopyView, "casework_expedient_housing_copy"),
]
