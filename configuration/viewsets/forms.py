"""Admin screens of the configurable forms (issue #22): "Camps dels formularis".

A coordinator lists, adds and changes their area's extra fields of each form,
reads the shared ones, moves them up and down, deactivates and reactivates them
(never deletes), sees the form live while editing (Wagtail's preview panel),
chooses which optional standard fields the area's forms show or require, and
exports a form's fields as JSON to import them into another area. Superusers
do the same for every area and for the shared fields.

Rows come through the model's policy (CataloguePermissionPolicy): another
area's definitions answer 404 on every object URL. Writes go through
configuration.form_definitions.
"""

import json

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import MediaContainer
from wagtail.admin.ui.side_panels import PreviewSidePanel
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.preview import PreviewOnCreate, PreviewOnEdit
from wagtail.admin.widgets import AdminDateInput
from wagtail.admin.widgets.button import Button

from ..conflicts import ConflictMessageMixin, VersionedForm
from ..custom_fields import FORMS, catalogue_choices, form_choices
from ..dates import LlarDateField
from ..form_definitions import (
    choices_text,
    custom_field_deactivate,
    custom_field_move,
    custom_field_reactivate,
    custom_field_save,
    definitions_export,
    definitions_import,
    parse_choices,
    read_export,
    rows_with_values,
    standard_field_rules_save,
)
from ..models import Area, CustomField, StandardFieldRule
from ..scope import (
    OBJECT_ACTIONS,
    ScopedModelViewSet,
    _scoped,
    policy_for,
)
from ..wording import MASCULINE
from .mixins import ServiceSaveMixin

ACTIONS_URL_PREFIX = "configuration/form-fields"


# --- the definition's form -----------------------------------------------------------


def section_groups() -> list:
    """Every form's sections, grouped under the form's name."""
    groups = [("", _("At the end of the form"))]
    for _key, spec in sorted(FORMS.items()):
        if spec.sections:
            groups.append((spec.label, list(spec.sections)))
    return groups


class CustomFieldForm(VersionedForm):
    form = forms.ChoiceField(label=capfirst(_("form")), choices=())
    section = forms.ChoiceField(
        label=capfirst(_("section")),
        choices=(),
        required=False,
        help_text=CustomField._meta.get_field("section").help_text,
    )
    catalogue = forms.ChoiceField(
        label=capfirst(_("catalogue")),
        choices=(),
        required=False,
        help_text=CustomField._meta.get_field("catalogue").help_text,
    )
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For one choice or several choices: one per line, code|label "
            "(for example: urgent|Urgent). The code is what is stored; the "
            "label can change later."
        ),
    )
    active_from = LlarDateField(label=capfirst(_("active from")), widget=AdminDateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", "---------"), *form_choices()]
        self.fields["section"].choices = section_groups()
        self.fields["catalogue"].choices = [("", "---------"), *catalogue_choices()]
        if not self.is_bound:
            self.initial["choices_text"] = choices_text(self.instance.choices)
        if self.instance.pk:
            # The values are kept under the key, in the form's rows of the area.
            for name in ("key", "form", "area"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].required = False

    def clean_choices_text(self):
        return parse_choices(self.cleaned_data.get("choices_text", ""))

    def _post_clean(self):
        super()._post_clean()
        if "choices_text" in self.cleaned_data:
            self.instance.choices = self.cleaned_data["choices_text"]


FIELD_ERRORS = {"choices": "choices_text"}


def custom_field_save_form(*, form, acting_user):
    """Adapter of `custom_field_save` for the add and edit screens."""
    try:
        return custom_field_save(
            definition=form.instance,
            acting_user=acting_user,
            expected_version=form.cleaned_data.get("expected_version"),
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        errors = {}
        for name, messages_ in error.message_dict.items():
            name = FIELD_ERRORS.get(name, name)
            errors[name if name in form.fields else "__all__"] = messages_
        raise ValidationError(errors) from error


def form_label(definition: CustomField) -> str:
    spec = FORMS.get(definition.form)
    return str(spec.label) if spec else definition.form


def scope_label(definition: CustomField) -> str:
    return _g("Shared") if definition.area_id is None else str(definition.area)


# --- views ---------------------------------------------------------------------


class FormFilterSet(WagtailFilterSet):
    form = django_filters.ChoiceFilter(label=_("Form"), choices=())
    area = django_filters.ModelChoiceFilter(
        label=_("Area"), queryset=Area.objects.all()
    )
    in_force = django_filters.BooleanFilter(label=_("Active"), method="filter_in_force")

    class Meta:
        model = CustomField
        fields = ["form"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        self.filters["form"].extra["choices"] = form_choices()
        user = getattr(request, "user", None)
        if not getattr(user, "is_superuser", False):
            del self.filters["area"]

    def filter_in_force(self, queryset, name, value):
        in_force = CustomField.objects.in_force().values("pk")
        if value:
            return queryset.filter(pk__in=in_force)
        return queryset.exclude(pk__in=in_force)


def _may(user, action, definition) -> bool:
    return policy_for(CustomField).user_has_permission_for_instance(
        user, action, definition
    )


class FormFieldIndexMixin:
    """The listing: per row, edit, up/down and deactivate/reactivate where the
    user may change it; in the header, standard fields, export and import."""

    @cached_property
    def columns(self):
        # The label links to the edit screen (the inspect one for read-only
        # rows) and carries the row's buttons.
        title = self._get_title_column("label")
        title.label = _("Label")
        return [title, *super().columns[1:]]

    def get_edit_url(self, instance):
        if _may(self.request.user, "change", instance):
            return super().get_edit_url(instance)
        return None

    def get_delete_url(self, instance):
        return None  # deactivated, never deleted

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        if not _may(self.request.user, "change", instance):
            return [b for b in buttons if "delete" not in (b.url or "")]
        pk = quote(instance.pk)
        for action, label, icon in (
            ("up", _("Move up"), "arrow-up"),
            ("down", _("Move down"), "arrow-down"),
        ):
            url = reverse("configuration_form_field_action", args=[pk, action])
            buttons.append(Button(label, url=url, icon_name=icon, attrs=_posts(url)))
        if instance.deactivated_on is None:
            url = reverse("configuration_form_field_action", args=[pk, "deactivate"])
            buttons.append(Button(_("Deactivate"), url=url, icon_name="cross"))
        else:
            url = reverse("configuration_form_field_action", args=[pk, "reactivate"])
            buttons.append(
                Button(_("Reactivate"), url=url, icon_name="undo", attrs=_posts(url))
            )
        return [b for b in buttons if "delete" not in (b.url or "")]

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        user = self.request.user
        if not policy_for(CustomField).user_has_permission(user, "change"):
            return buttons
        form = self.request.GET.get("form")
        if form in FORMS:
            buttons.append(
                Button(
                    _("Export as JSON"),
                    url=reverse("configuration_form_fields_export", args=[form])
                    + _area_query(self.request),
                    icon_name="download",
                    priority=70,
                )
            )
            if FORMS[form].optional_fields and (user.area_id or user.is_superuser):
                buttons.append(
                    Button(
                        _("Standard fields"),
                        url=reverse("configuration_form_fields_rules", args=[form]),
                        icon_name="cog",
                        priority=60,
                    )
                )
        buttons.append(
            Button(
                _("Import"),
                url=reverse("configuration_form_fields_import"),
                icon_name="upload",
                priority=80,
            )
        )
        return buttons


def _posts(url: str) -> dict:
    """A listing link that POSTs (Wagtail's action controller): moving and
    reactivating change the row, so a plain GET never does."""
    return {
        "data-controller": "w-action",
        "data-action": "w-action#post:prevent",
        "data-w-action-url-value": url,
    }


def _area_query(request) -> str:
    area = request.GET.get("area")
    return f"?area={area}" if request.user.is_superuser and area else ""


class PreviewPanelMixin:
    """Wagtail's preview panel beside the definition's form."""

    preview_url_name = None

    def get_preview_url(self):
        pk = getattr(self, "object", None)
        args = [quote(self.object.pk)] if pk is not None and self.object.pk else []
        return reverse(self.preview_url_name, args=args)

    def get_side_panels(self):
        panels = list(super().get_side_panels())
        panels.append(
            PreviewSidePanel(
                self.form.instance, self.request, preview_url=self.get_preview_url()
            )
        )
        return MediaContainer(panels)


class FormFieldCreateMixin:
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        if not self.request.user.is_superuser:
            instance.area = self.request.user.area
        form = self.request.GET.get("form")
        if form in FORMS:
            instance.form = form
        return instance


class ScopedPreviewMixin:
    """The preview reaches only rows the user may change (else 404), and a new
    definition previews in the user's area."""

    form_class = None

    def get_form_class(self):
        return self.form_class

    def get_object(self):
        if "pk" not in self.kwargs:
            definition = CustomField()
            if not self.request.user.is_superuser:
                definition.area = self.request.user.area
            return definition
        queryset = policy_for(CustomField).instances_user_has_any_permission_for(
            self.request.user, OBJECT_ACTIONS
        )
        definition = get_object_or_404(queryset, pk=unquote(str(self.kwargs["pk"])))
        if not _may(self.request.user, "change", definition):
            raise PermissionDenied
        return definition

    def get_form(self, query_dict):
        form = super().get_form(query_dict)
        if not self.request.user.is_superuser and "pk" not in self.kwargs:
            form.instance.area = self.request.user.area
        return form


class FormFieldPreviewOnCreate(ScopedPreviewMixin, PreviewOnCreate):
    pass


class FormFieldPreviewOnEdit(ScopedPreviewMixin, PreviewOnEdit):
    pass


class NoDeleteMixin:
    def dispatch(self, request, *args, **kwargs):
        raise PermissionDenied


class FormFieldViewSet(ScopedModelViewSet):
    model = CustomField
    noun_gender = MASCULINE  # el camp
    icon = "form"
    menu_label = _("Form fields")
    menu_order = 811  # beside the catalogues
    add_to_admin_menu = True
    url_prefix = ACTIONS_URL_PREFIX
    sort_order_field = None  # moved up and down within its form (form_definitions)
    inspect_view_enabled = True
    search_fields = ["key", "label_ca", "label_es", "label_en"]
    filterset_class = FormFilterSet
    base_form_class = CustomFieldForm
    list_display = [
        Column("label", label=_("Label")),
        Column("form", label=_("Form"), accessor=form_label),
        Column("field_type", label=_("Type"), accessor="get_field_type_display"),
        BooleanColumn("required", label=_("Required")),
        Column("area", label=_("Scope"), accessor=scope_label),
        BooleanColumn("is_active", label=_("Active")),
    ]
    list_export = []
    panels = [
        FieldPanel("area", permission="superuser"),
        FieldPanel("form"),
        MultiFieldPanel(
            [FieldPanel("label_ca"), FieldPanel("label_es"), FieldPanel("label_en")],
            heading=_("Label"),
        ),
        FieldPanel("key"),
        FieldPanel("help_text"),
        FieldPanel("field_type"),
        FieldPanel("choices_text"),
        FieldPanel("catalogue"),
        FieldPanel("required"),
        FieldPanel("section"),
        FieldPanel("active_from"),
    ]

    index_view_class = _scoped(ScopedModelViewSet.index_view_class, FormFieldIndexMixin)
    add_view_class = _scoped(
        ScopedModelViewSet.add_view_class,
        PreviewPanelMixin,
        FormFieldCreateMixin,
        ConflictMessageMixin,
        ServiceSaveMixin,
        save_service=custom_field_save_form,
    )
    edit_view_class = _scoped(
        ScopedModelViewSet.edit_view_class,
        PreviewPanelMixin,
        ConflictMessageMixin,
        ServiceSaveMixin,
        save_service=custom_field_save_form,
    )
    delete_view_class = _scoped(ScopedModelViewSet.delete_view_class, NoDeleteMixin)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(list_select_related=("area",), **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(
            preview_url_name=self.get_url_name("preview_on_add"), **kwargs
        )

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(
            preview_url_name=self.get_url_name("preview_on_edit"), **kwargs
        )

    def get_edit_handler(self):
        return ObjectList(
            self.panels, base_form_class=self.base_form_class
        ).bind_to_model(self.model)

    def get_urlpatterns(self):
        form_class = self.get_form_class()
        preview_kwargs = {"model": self.model, "form_class": form_class}
        return [
            *super().get_urlpatterns(),
            path(
                "preview/",
                FormFieldPreviewOnCreate.as_view(**preview_kwargs),
                name="preview_on_add",
            ),
            path(
                "preview/<str:pk>/",
                FormFieldPreviewOnEdit.as_view(**preview_kwargs),
                name="preview_on_edit",
            ),
        ]


# --- actions, standard fields, export and import -------------------------------------


def _changeable(request, pk) -> CustomField:
    """A definition the user may change: another area's is 404, a shared one
    (for coordinators) is refused."""
    queryset = policy_for(CustomField).instances_user_has_any_permission_for(
        request.user, OBJECT_ACTIONS
    )
    definition = get_object_or_404(queryset, pk=unquote(str(pk)))
    if not _may(request.user, "change", definition):
        raise PermissionDenied
    return definition


def _listing_url(definition: CustomField) -> str:
    return reverse("customfield:index") + f"?form={definition.form}"


class FormFieldScreenMixin(WagtailAdminTemplateMixin):
    """The breadcrumbs of the screens beside the listing."""

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("customfield:index"), "label": _("Form fields")},
            {"url": "", "label": self.get_page_title()},
        ]


class FormFieldActionView(FormFieldScreenMixin, View):
    """Deactivate or reactivate a field (with a confirmation), or move it."""

    template_name = "configuration/custom_fields/confirm.html"
    header_icon = "form"

    def get_page_title(self):
        if self.action == "deactivate":
            return _g("Deactivate a form field")
        return _g("Reactivate a form field")

    def get_page_subtitle(self):
        return str(self.definition)

    def dispatch(self, request, pk, action):
        if action not in ("deactivate", "reactivate", "up", "down"):
            raise Http404
        self.definition = _changeable(request, pk)
        self.action = action
        return super().dispatch(request, pk, action)

    def get(self, request, pk, action):
        if action in ("up", "down"):
            return redirect(_listing_url(self.definition))
        context = self.get_context_data(
            definition=self.definition,
            action=action,
            listing_url=_listing_url(self.definition),
            has_values=rows_with_values(self.definition).exists(),
        )
        return TemplateResponse(request, self.template_name, context)

    def post(self, request, pk, action):
        definition, user = self.definition, request.user
        try:
            if action == "deactivate":
                custom_field_deactivate(definition=definition, acting_user=user)
                messages.success(
                    request,
                    _g("Field “%(label)s” deactivated.") % {"label": definition},
                )
            elif action == "reactivate":
                custom_field_reactivate(definition=definition, acting_user=user)
                messages.success(
                    request,
                    _g("Field “%(label)s” reactivated.") % {"label": definition},
                )
            else:
                custom_field_move(
                    definition=definition, acting_user=user, up=action == "up"
                )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(_listing_url(definition))


def _may_shape(user) -> bool:
    return bool(
        user.is_active
        and (user.is_superuser or user.area_id)
        and policy_for(CustomField).user_has_permission(user, "change")
    )


def _area_for_request(request) -> Area | None:
    """The area a screen works on: the user's, or the one a superuser names
    (none: the shared definitions)."""
    if not request.user.is_superuser:
        return request.user.area
    pk = request.GET.get("area") or request.POST.get("area")
    if not pk:
        return None
    try:
        return Area.objects.get(pk=int(pk))
    except (ValueError, Area.DoesNotExist) as error:
        raise Http404 from error


class StandardFieldRulesForm(forms.Form):
    def __init__(self, *args, spec, rules, **kwargs):
        super().__init__(*args, **kwargs)
        model = spec.model_class
        self.names = list(spec.optional_fields)
        for name in self.names:
            rule = rules.get(name)
            label = str(model._meta.get_field(name).verbose_name).capitalize()
            self.fields[f"{name}__shown"] = forms.BooleanField(
                label=_("%(field)s: shown") % {"field": label},
                required=False,
                initial=rule.shown if rule else True,
            )
            self.fields[f"{name}__required"] = forms.BooleanField(
                label=_("%(field)s: required") % {"field": label},
                required=False,
                initial=rule.required if rule else False,
            )

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            name: (data[f"{name}__shown"], data[f"{name}__required"])
            for name in self.names
        }


class StandardFieldRulesView(FormFieldScreenMixin, View):
    """Which optional standard fields a form of the area shows and requires."""

    template_name = "configuration/custom_fields/rules.html"
    page_title = _("Standard fields of a form")
    header_icon = "cog"

    def get_page_subtitle(self):
        return f"{self.spec.label} · {self.area}"

    def dispatch(self, request, form):
        if not _may_shape(request.user):
            raise Http404
        self.spec = FORMS.get(form)
        if self.spec is None or not self.spec.optional_fields:
            raise Http404
        self.area = _area_for_request(request)
        if self.area is None:
            raise Http404  # rules are per area: a superuser names one
        return super().dispatch(request, form)

    def get_form(self, data=None):
        rules = {
            rule.field_name: rule
            for rule in StandardFieldRule.objects.filter(
                area=self.area, form=self.spec.key
            )
        }
        return StandardFieldRulesForm(data, spec=self.spec, rules=rules)

    def render(self, form):
        context = self.get_context_data(
            form=form,
            spec=self.spec,
            area=self.area,
            listing_url=reverse("customfield:index") + f"?form={self.spec.key}",
        )
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request, form):
        return self.render(self.get_form())

    def post(self, request, form):
        bound = self.get_form(request.POST)
        if not bound.is_valid():
            return self.render(bound)
        try:
            standard_field_rules_save(
                area=self.area,
                form=self.spec.key,
                rules=bound.rules(),
                acting_user=request.user,
            )
        except ValidationError as error:
            bound.add_error(None, error)
            return self.render(bound)
        messages.success(request, _g("Standard fields of the form saved."))
        return redirect(reverse("customfield:index") + f"?form={self.spec.key}")


class FormFieldsExportView(View):
    def get(self, request, form):
        if not _may_shape(request.user) or form not in FORMS:
            raise Http404
        area = _area_for_request(request)
        data = definitions_export(area=area, form=form)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        name = f"form-fields-{form}-{area.pk if area else 'shared'}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class FormFieldsImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A JSON file exported from this screen.")
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("Shared"),
        help_text=_("Where the fields go; empty: every area's form (shared)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not user.is_superuser:
            del self.fields["area"]


class FormFieldsImportView(FormFieldScreenMixin, View):
    template_name = "configuration/custom_fields/import.html"
    page_title = _("Import form fields")
    header_icon = "upload"

    def dispatch(self, request):
        if not _may_shape(request.user):
            raise Http404
        if not policy_for(CustomField).user_has_permission(request.user, "add"):
            raise Http404
        return super().dispatch(request)

    def render(self, form):
        context = self.get_context_data(
            form=form, listing_url=reverse("customfield:index")
        )
        return TemplateResponse(self.request, self.template_name, context)

    def get(self, request):
        return self.render(FormFieldsImportForm(user=request.user))

    def post(self, request):
        form = FormFieldsImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.render(form)
        area = form.cleaned_data.get("area") if request.user.is_superuser else None
        try:
            data = read_export(form.cleaned_data["file"].read())
            created = definitions_import(data=data, area=area, acting_user=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.render(form)
        messages.success(
            request,
            _g("%(count)s fields imported into the form.") % {"count": len(created)},
        )
        return redirect(reverse("customfield:index") + f"?form={data['form']}")


def form_field_urls() -> list:
    return [
        path(
            f"{ACTIONS_URL_PREFIX}/<str:pk>/do/<slug:action>/",
            FormFieldActionView.as_view(),
            name="configuration_form_field_action",
        ),
        path(
            f"{ACTIONS_URL_PREFIX}/standard/<str:form>/",
            StandardFieldRulesView.as_view(),
            name="configuration_form_fields_rules",
        ),
        path(
            f"{ACTIONS_URL_PREFIX}/export/<str:form>/",
            FormFieldsExportView.as_view(),
            name="configuration_form_fields_export",
        ),
        path(
            f"{ACTIONS_URL_PREFIX}/import/",
            FormFieldsImportView.as_view(),
            name="configuration_form_fields_import",
        ),
    ]
