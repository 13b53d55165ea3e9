"""Small view mixins shared by the configuration viewsets."""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.widgets.button import Button


class ServiceSaveMixin:
    """Save create/edit forms through a service; its errors become form errors.

    `save_service` is a `f(*, form, acting_user)` form adapter defined beside the
    viewset: it unpacks the validated form into a plain-data service of
    `<app>/services` (which never sees a form).
    """

    save_service = None

    def save_instance(self):
        return type(self).save_service(form=self.form, acting_user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            form.add_error(None, error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)


class AreaStampMixin:
    """A new row of a model with a direct `area` field joins the acting user's area."""

    def save_instance(self):
        if self.form.instance.area_id is None:
            self.form.instance.area = self.request.user.area
        return super().save_instance()


def import_buttons(view, buttons) -> list:
    """Add an Import button to a listing's header when its model imports and the
    user may import it."""
    from ..imports import IMPORTS_BY_MODEL
    from ..permissions import user_can_import

    buttons = [*buttons]
    spec = IMPORTS_BY_MODEL.get(view.model)
    if spec is not None and user_can_import(view.request.user, view.model):
        url = reverse("configuration_catalogue_import", args=[spec.key])
        buttons.append(Button(_("Import"), url=url, icon_name="upload", priority=80))
    return buttons


class ImportButtonMixin:
    @cached_property
    def header_more_buttons(self):
        return import_buttons(self, super().header_more_buttons)
