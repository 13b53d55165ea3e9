"""What every item screen of an expedient shares (actuacions, demandes, …).

- An item is added from its expedient: the add URL carries `?expedient=<pk>`;
  an expedient the user may not see answers 404, a closed one refuses.
- Person fields of the form offer only the persons linked to that expedient.
- The form carries the version and values it was loaded with; a save after
  someone else's is refused with what they changed (configuration.conflicts).
- After saving, the professional returns to the expedient, on the item's tab.
- The plain listing (filters, XLSX export) is the item's index filtered with
  `?expedient=<pk>`.
- An item nobody may change now (closed expedient, recorded before an
  information transfer, …: the viewset's `lock_reason_function`) opens
  read-only with the reason on top, and its listing row offers no Edit.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.ui.menus import MenuItem

from configuration.audit import LogAccessMixin
from configuration.conflicts import (
    ConflictMessageMixin,
    VersionedForm,
)
from configuration.custom_columns import CustomFieldsListingMixin
from configuration.custom_fields import (
    CustomFieldsFormMixin,
    CustomValuesInspectMixin,
)
from configuration.scope import ScopedModelViewSet, _scoped
from configuration.viewsets.mixins import ServiceSaveMixin
from directory.models import Person

from ..custom_forms import item_form_key
from ..deletion import item_delete_tool_url
from ..models import Expedient
from ..permissions import item_modules, user_can_record_item
from ..services import (
    information_transfers_at,
    item_lock_reason,
    recorded_item,
)
from ..tabs import expedient_url


class ExpedientItemForm(CustomFieldsFormMixin, VersionedForm):
    """Person fields offer only the persons linked to the item's expedient;
    the area's own fields of the item's form follow (configuration.custom_fields)."""

    def __init__(self, *args, expedient=None, **kwargs):
        self.expedient = expedient
        super().__init__(*args, **kwargs)
        self.expedient = expedient or getattr(self.instance, "expedient", None)
        if self.expedient is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and queryset.model is Person:
                field.queryset = queryset.filter(
                    expedient_links__expedient=self.expedient
                ).distinct()

    def custom_form_key(self) -> str:
        return item_form_key(self.instance)


class ItemFormMixin:
    """Shared by add and edit: which expedient, the form's kwargs, where to go."""

    tab_key: str = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["expedient"] = self.expedient
        return kwargs

    def get_success_url(self):
        return expedient_url(self.expedient.pk, self.tab_key)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["expedient"] = self.expedient
        context["expedient_url"] = expedient_url(self.expedient.pk, self.tab_key)
        return context


# Item fields a new item starts with the acting professional in.
ACTING_PROFESSIONAL_FIELDS = ("responsible",)


class ItemCreateMixin(ItemFormMixin):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        pk = request.GET.get("expedient") or request.POST.get("expedient")
        if not pk or not str(pk).isdigit():
            raise Http404
        self.expedient = get_object_or_404(
            Expedient.objects.visible_to(request.user), pk=pk
        )

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.expedient = self.expedient
        # Whoever records an item is its responsible professional unless they
        # choose another (an actuació's "responsible").
        for name in ACTING_PROFESSIONAL_FIELDS:
            if (
                hasattr(instance, f"{name}_id")
                and getattr(instance, f"{name}_id") is None
            ):
                setattr(instance, name, self.request.user)
        return instance

    def get_add_url(self):
        return f"{super().get_add_url()}?expedient={self.expedient.pk}"


class ItemRightHereMixin:
    """An item is added only where the user's rights reach: the role's item
    right anywhere, a module's own right (casework.permissions.
    MODULE_ITEM_RIGHTS: tràmits, documents) only in its expedients."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        model_name = self.model._meta.model_name
        if not user_can_record_item(request.user, self.expedient, model_name):
            raise PermissionDenied


class ItemEditMixin(ItemFormMixin):
    @cached_property
    def expedient(self):
        return self.object.expedient


class ItemDeleteMixin:
    """An item's delete screen deletes nothing: it sends the coordinator to
    the tool that deletes it with the items that go with it, restorably
    (casework.deletion). Only GET: nothing here removes a row."""

    template_name = "casework/items/delete.html"
    http_method_names = ["get", "head", "options"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tool_url"] = item_delete_tool_url(self.object, self.request.user)
        context["expedient_url"] = expedient_url(self.object.expedient_id)
        return context


class ItemInspectMixin(CustomValuesInspectMixin):
    """An item's inspect view shows the area's own fields of its form."""

    def custom_form_key(self) -> str:
        return item_form_key(self.object)

    def custom_area_id(self) -> int | None:
        return self.object.expedient.area_id


class ExpedientFilterMixin:
    """The item listing narrowed to one expedient with `?expedient=<pk>`.

    Not a filter of the filterset: Wagtail would show it as an empty entry of
    the filter menu and as an active filter. The listing's filter form carries
    it as a plain hidden input instead (casework/items/index.html), so that
    changing another filter stays on the expedient.
    """

    @cached_property
    def listing_expedient(self) -> str | None:
        pk = self.request.GET.get("expedient")
        return pk if pk and str(pk).isdigit() else None

    def get_add_url(self):
        # An item is added to an expedient: the add screen needs ?expedient=
        # (without it, it is not found), so a listing of every expedient's
        # items offers no Add button and a narrowed one adds to its expedient.
        url = super().get_add_url()
        if not (url and self.listing_expedient and self.adds_here()):
            return None
        return f"{url}{'&' if '?' in url else '?'}expedient={self.listing_expedient}"

    def adds_here(self) -> bool:
        """Whether the user's rights reach the listing's expedient: a module's
        own item right (documents, tràmits) adds only in its expedients."""
        keys = item_modules(self.request.user, self.model._meta.model_name)
        return keys is None or (
            Expedient.objects.filter(
                pk=self.listing_expedient, module__in=keys
            ).exists()
        )

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if self.listing_expedient:
            queryset = queryset.filter(expedient_id=self.listing_expedient)
        return queryset

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listing_expedient"] = self.listing_expedient
        return context


class LockedItemMixin:
    """Edit view of an item nobody may change now: every field disabled, no Save,
    and the reason on top. The service refuses a save all the same."""

    lock_reason_function = staticmethod(item_lock_reason)

    @cached_property
    def lock_reason(self) -> str:
        return type(self).lock_reason_function(self.object)

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        if self.lock_reason:
            for field in form.fields.values():
                field.disabled = True
        return form

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["lock_reason"] = self.lock_reason
        return context


class LockedRowsListingMixin:
    """An item listing offers "Read-only" instead of Edit on rows nobody may
    change now. The transfer dates of the page's expedients are read in one
    query (not one per row) when the table is built."""

    lock_reason_function = staticmethod(item_lock_reason)
    transfer_dates: dict = {}

    def get_table(self, object_list):
        self.transfer_dates = information_transfers_at(
            recorded_item(row).expedient_id for row in object_list
        )
        return super().get_table(object_list)

    def row_lock_reason(self, row) -> str:
        transferred_at = self.transfer_dates.get(recorded_item(row).expedient_id)
        return type(self).lock_reason_function(row, transferred_at=transferred_at)

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        edit_url = self.get_edit_url(instance)
        if not edit_url or not self.row_lock_reason(instance):
            return buttons
        others = [button for button in buttons if button.url != edit_url]
        read_only = MenuItem(
            _("Read-only"), url=edit_url, icon_name="lock", priority=10
        )
        return [read_only, *others]


class ExpedientItemViewSet(CustomFieldsListingMixin, ScopedModelViewSet):
    """Base viewset of an expedient item: set `model`, `tab_key`, panels or
    form fields, `create_service` and `edit_service` (`f(*, form, acting_user)`
    adapters from `saving.py`, whose services call `save_versioned` for edits).

    `custom_form` names the configurable form of the listing's rows
    (casework.custom_forms): its fields in force for the user's area become
    listing filters, and every field it has had an export column."""

    add_to_admin_menu = False
    base_form_class = ExpedientItemForm
    custom_fields_panel = True
    index_template_name = "casework/items/index.html"
    edit_template_name = "casework/items/edit.html"
    lock_reason_function = staticmethod(item_lock_reason)
    tab_key = ""
    create_service = None
    edit_service = None
    list_select_related: tuple[str, ...] = ("expedient",)

    @property
    def index_view_class(self):
        return _scoped(
            self.with_custom_columns(ScopedModelViewSet.index_view_class),
            LockedRowsListingMixin,
            ExpedientFilterMixin,
            list_select_related=self.list_select_related,
            lock_reason_function=type(self).lock_reason_function,
        )

    @property
    def add_view_class(self):
        return _scoped(
            ScopedModelViewSet.add_view_class,
            ConflictMessageMixin,
            ItemCreateMixin,
            ServiceSaveMixin,
            tab_key=self.tab_key,
            save_service=type(self).create_service,
        )

    delete_view_class = _scoped(ScopedModelViewSet.delete_view_class, ItemDeleteMixin)

    # Opening an item (to edit or to read) is a read of the expedient: audited.
    inspect_view_class = _scoped(
        ScopedModelViewSet.inspect_view_class, LogAccessMixin, ItemInspectMixin
    )

    @property
    def edit_view_class(self):
        return _scoped(
            ScopedModelViewSet.edit_view_class,
            LogAccessMixin,
            LockedItemMixin,
            ConflictMessageMixin,
            ItemEditMixin,
            ServiceSaveMixin,
            tab_key=self.tab_key,
            save_service=type(self).edit_service,
            lock_reason_function=type(self).lock_reason_function,
        )
