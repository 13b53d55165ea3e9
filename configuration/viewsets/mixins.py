"""Small view mixins shared by the configuration viewsets."""

from django.core.exceptions import ValidationError


class ServiceSaveMixin:
    """Save create/edit forms through a service; its errors become form errors.

    `save_service` is a `f(*, form, acting_user)` function from `<app>/services.py`.
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
