"""The scope rule, built once: every model with area data adopts these pieces.

Two layers, always in this order (style.md G13): rows are scoped by
`visible_to(user)` on the queryset; actions are checked against the role's Django
permissions. `ScopedPermissionPolicy` combines both for Wagtail, and the view,
form and chooser mixins below close the leaks Wagtail leaves open
(wagtail-notes §2b): the edit, inspect, delete, history, usage and copy views,
chooser modals and foreign-key form fields reach every row unless covered here.

Outside a user's scope the answer is 404, never 403 (style.md G14): a row the
user may not act on is not shown to exist.

How a model adopts it: see the README section "Scoping a new model".
"""

from functools import cache

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import FileField, ModelChoiceField, ModelMultipleChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry

from .audit.subjects import is_audited_subject
from .audit.trail import LogAccessMixin, log_search
from .choices import show_labels
from .exports import SafeExportMixin
from .uploads import validate_record_upload
from .wording import (
    AgreedCreateMixin,
    AgreedDeleteMixin,
    AgreedEditMixin,
    AgreedIndexMixin,
)

OBJECT_ACTIONS = ("view", "change", "delete")


class AreaScopedQuerySet(models.QuerySet):
    """Rows that belong to one area, reached through the model's `area_lookup`.

    Later models add their own levels (module, territory, confidentiality) by
    overriding `visible_to` and calling this one first.
    """

    def visible_to(self, user) -> models.QuerySet:
        """Return the rows of the user's area; none for anonymous or area-less users."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.area_id is None:
            return self.none()
        lookup = getattr(self.model, "area_lookup", "area")
        return self.filter(**{lookup: user.area_id})


def visible_queryset(model: type[models.Model], user) -> models.QuerySet:
    """Return `model`'s rows `user` may see, through its default manager."""
    return model._default_manager.visible_to(user)


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions from the user's roles, rows from `visible_to(user)`."""

    def user_has_permission_for_instance(self, user, action, instance) -> bool:
        return self.user_has_permission(user, action) and self._is_visible(
            user, instance
        )

    def user_has_any_permission_for_instance(self, user, actions, instance) -> bool:
        return self.user_has_any_permission(user, actions) and self._is_visible(
            user, instance
        )

    def instances_user_has_permission_for(self, user, action) -> models.QuerySet:
        if not self.user_has_permission(user, action):
            return self.model._default_manager.none()
        return visible_queryset(self.model, user)

    def instances_user_has_any_permission_for(self, user, actions) -> models.QuerySet:
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return visible_queryset(self.model, user)

    def _is_visible(self, user, instance) -> bool:
        return visible_queryset(self.model, user).filter(pk=instance.pk).exists()


class SuperuserOnlyPolicy(ModelPermissionPolicy):
    """Shared structure with no area (local bodies): only the support desk edits it."""

    def user_has_permission(self, user, action) -> bool:
        return bool(user.is_active and user.is_superuser)

    def user_has_any_permission(self, user, actions) -> bool:
        return bool(user.is_active and user.is_superuser)


def policy_for(model: type[models.Model]) -> ScopedPermissionPolicy:
    return policy_registry.get_by_type(model)


class ScopedListingMixin:
    """Index (and export) views list only the rows the user may act on.

    `list_select_related` / `list_prefetch_related` keep the query count constant
    however many rows the listing shows. A search of a listing of personal data
    (a person record's or an expedient's rows) that showed rows is one audit
    entry per page, as at the search desk.
    """

    audit_searches = True  # off where the view writes its own search entry

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context.get("page_obj")
        searched = self.audit_searches and self.is_searching
        if searched and is_audited_subject(self.model):
            log_search(
                user=self.request.user,
                model=self.model,
                shown=len(context.get("object_list") or ()),
                page=page.number if page else 1,
                criteria={"q": self.search_query or ""},
            )
        return context

    list_select_related: tuple[str, ...] = ()
    list_prefetch_related: tuple[str, ...] = ()

    def get_base_queryset(self):
        queryset = policy_for(self.model).instances_user_has_any_permission_for(
            self.request.user, OBJECT_ACTIONS
        )
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        return queryset


class ScopedObjectMixin:
    """Object views load their row from the scoped queryset: 404 outside it.

    Covers both ways Wagtail's generic views load an object: `get_object()` (edit,
    inspect, delete, copy) and `get_base_object_queryset()` (history, usage).
    A visible row the user may not act on this way (`row_action`) is refused as
    Wagtail refuses a missing permission: Wagtail's own views check only the
    model-level permission.
    """

    row_action: str | None = None

    def setup(self, request, *args, **kwargs):
        # Resolve the row before dispatch() checks model permissions, so a row out
        # of scope answers 404 whatever the user's role.
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def get_base_object_queryset(self):
        return policy_for(self.model).instances_user_has_any_permission_for(
            self.request.user, OBJECT_ACTIONS
        )

    def get_object(self, queryset=None):
        if getattr(self, "object", None) is not None:
            return self.object
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        obj = get_object_or_404(self.get_base_object_queryset(), pk=pk)
        if self.row_action and not policy_for(
            self.model
        ).user_has_permission_for_instance(self.request.user, self.row_action, obj):
            raise PermissionDenied
        return obj


class ScopedChooserWidget:
    """A chooser widget that names only a row of `queryset` (its field's).

    Wagtail's own looks any value up in the whole table: a form shown again
    after a refused pk, or a listing filter given one in its URL, would show
    another area's person or expedient by name (and a value that is no pk at
    all would be a 500).
    """

    queryset = None

    def get_instance(self, value):
        if value is None or self.queryset is None:
            return None
        if isinstance(value, self.model_class):
            value = value.pk
        try:
            return self.queryset.filter(pk=value).first()
        except (ValueError, TypeError, ValidationError):
            return None


@cache
def _scoped_chooser_class(widget_class: type) -> type:
    name = f"Scoped{widget_class.__name__}"
    return type(name, (ScopedChooserWidget, widget_class), {})


def narrow_chooser_widgets(form) -> None:
    """Make every chooser widget of `form` resolve its value through its field's
    (already narrowed) queryset. Each form has its own copy of its widgets."""
    for field in form.fields.values():
        widget = field.widget
        if not isinstance(field, ModelChoiceField) or not isinstance(
            widget, BaseChooser
        ):
            continue
        if not isinstance(widget, ScopedChooserWidget):
            widget.__class__ = _scoped_chooser_class(type(widget))
        widget.queryset = field.queryset


class ScopedAdminForm(WagtailAdminModelForm):
    """Narrow every choice field whose model is scoped to what the user may see.

    Without this a foreign-key field accepts any primary key posted to it.
    File fields accept only documents and images of checked type and size.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field) is FileField:
                field.validators.append(validate_record_upload)
            if isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                show_labels(field)  # "Espanya", not "52 Espanya"
                queryset = field.queryset
                if hasattr(queryset, "visible_to") and self.for_user is not None:
                    field.queryset = queryset.visible_to(self.for_user)
        narrow_chooser_widgets(self)


class ScopedChooserMixin:
    """Chooser modal views (choose, results, chosen, chosen-multiple) reach only
    visible rows; `chooser_filter` narrows them further (e.g. active only).

    With `reader_actions`, only a role holding one of those rights on the model
    (its policy's model permissions) reaches the modal at all; any other role
    gets 404, as on the model's own screens.
    """

    chooser_filter: dict = {}
    # Column headings name what they hold (catalan.md), never Wagtail's "Title".
    title_column_label = gettext_lazy("Name")

    @property
    def title_column(self):
        column = super().title_column
        column.label = self.title_column_label
        return column

    reader_actions: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if self.reader_actions and not policy_for(
            self.model_class
        ).user_has_any_permission(request.user, self.reader_actions):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def choosable(self):
        visible = visible_queryset(self.model_class, self.request.user)
        return visible.filter(**self.chooser_filter)

    def get_object_list(self):
        return self.choosable()

    def get_object(self, pk):
        return get_object_or_404(self.choosable(), pk=unquote(str(pk)))

    def get_objects(self, pks):
        return self.choosable().filter(pk__in=[unquote(str(pk)) for pk in pks])


class ScopedBulkActionMixin:
    """Bulk actions act only on rows the user may see: any other id answers 404.

    Wagtail's bulk actions load objects by id with `get_list_or_404(model, …)`.
    """

    def get_actionable_objects(self):
        ids = self.request.GET.getlist("id")
        if "all" in ids:
            ids = self.get_all_objects_in_listing_query(self.request.GET.get("childOf"))
        wanted = {str(pk) for pk in ids}
        objects = list(
            visible_queryset(self.model, self.request.user).filter(pk__in=wanted)
        )
        if not objects or (
            "all" not in self.request.GET.getlist("id") and len(objects) != len(wanted)
        ):
            raise Http404
        allowed = [obj for obj in objects if self.check_perm(obj)]
        refused = [obj for obj in objects if obj not in allowed]
        return allowed, {"items_with_no_access": refused}

    def check_perm(self, obj):
        return super().check_perm(obj) and policy_for(
            self.model
        ).user_has_any_permission_for_instance(self.request.user, OBJECT_ACTIONS, obj)


def _scoped(view_class: type, *mixins: type, **attrs) -> type:
    return type(f"Scoped{view_class.__name__}", (*mixins, view_class), attrs)


class ScopedModelViewSet(ModelViewSet):
    """A ModelViewSet whose every view, export and form obeys the scope rule.

    The model's policy must be registered (`register_permission_policy`) before the
    viewset; forms are built from `panels` or `form_fields` on `ScopedAdminForm`.
    Copying is off: a copy would carry another record's data into a new one.
    """

    copy_view_enabled = False
    base_form_class = ScopedAdminForm
    # The grammatical gender of the model's noun (configuration/wording.py):
    # every domain viewset declares it, so its messages agree with the noun.
    noun_gender = None

    index_view_class = _scoped(
        ModelViewSet.index_view_class,
        AgreedIndexMixin,
        SafeExportMixin,
        ScopedListingMixin,
    )
    add_view_class = _scoped(ModelViewSet.add_view_class, AgreedCreateMixin)
    edit_view_class = _scoped(
        ModelViewSet.edit_view_class,
        AgreedEditMixin,
        ScopedObjectMixin,
        row_action="change",
    )
    delete_view_class = _scoped(
        ModelViewSet.delete_view_class,
        AgreedDeleteMixin,
        ScopedObjectMixin,
        row_action="delete",
    )
    inspect_view_class = _scoped(ModelViewSet.inspect_view_class, ScopedObjectMixin)
    history_view_class = _scoped(ModelViewSet.history_view_class, ScopedObjectMixin)
    usage_view_class = _scoped(ModelViewSet.usage_view_class, ScopedObjectMixin)
    copy_view_class = _scoped(ModelViewSet.copy_view_class, ScopedObjectMixin)

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(noun_gender=self.noun_gender, **kwargs)

    def get_add_view_kwargs(self, **kwargs):
        return super().get_add_view_kwargs(noun_gender=self.noun_gender, **kwargs)

    def get_edit_view_kwargs(self, **kwargs):
        return super().get_edit_view_kwargs(noun_gender=self.noun_gender, **kwargs)

    def get_delete_view_kwargs(self, **kwargs):
        return super().get_delete_view_kwargs(noun_gender=self.noun_gender, **kwargs)

    def construct_view(self, view_class, **kwargs):
        """Every screen that opens one row of a person record or an expedient
        (edit, inspect, history, usage, delete) writes one access entry."""
        if (
            issubclass(view_class, ScopedObjectMixin)
            and not issubclass(view_class, LogAccessMixin)
            and is_audited_subject(self.model)
        ):
            view_class = _scoped(view_class, LogAccessMixin)
        return super().construct_view(view_class, **kwargs)

    # The configurable fields' panel (configuration.custom_fields) goes at the
    # end of the form unless the panels place it themselves.
    custom_fields_panel: bool = False

    def get_edit_handler(self):
        panels = getattr(self, "panels", None) or [
            FieldPanel(name) for name in self.get_form_fields() or ()
        ]
        edit_handler_class = ObjectList
        if self.custom_fields_panel:
            from .custom_fields import CustomFieldsObjectList

            panels = with_custom_fields(panels)
            edit_handler_class = CustomFieldsObjectList
        return edit_handler_class(
            panels, base_form_class=self.base_form_class
        ).bind_to_model(self.model)


def with_custom_fields(panels) -> list:
    """`panels` with the configurable fields' panel at the end, unless placed."""
    from .custom_fields import CustomFieldsPanel

    panels = list(panels)
    if not any(isinstance(panel, CustomFieldsPanel) for panel in panels):
        panels.append(CustomFieldsPanel())
    return panels
