"""The cover's edit of a module whose expedient is opened by a screen of its
own rather than a viewset's add view (SAD, SIAD): the few standard fields it
keeps editable, then the area's own fields of its cover ("cover.<module>",
issue #22), stored in `Expedient.extra`.

The form remembers the version and values it was loaded with, so a second
browser's stale save is refused with what the first one changed
(configuration.conflicts). Each module's screen says who may (`allowed`) and
which service saves (`act`).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from configuration.conflicts import VersionedFormMixin
from configuration.custom_fields import CustomFieldsFormMixin
from directory.models import Person

from .expedient_actions import ExpedientActionView


class ModuleCoverForm(CustomFieldsFormMixin, VersionedFormMixin, forms.Form):
    """The external reference, then the area's own fields of the cover."""

    external_reference = forms.CharField(
        label=_("External reference"), required=False, max_length=50
    )

    def __init__(self, *args, case, **kwargs):
        self.instance = case  # whose `extra` keeps the area's own fields
        initial = {name: getattr(case, name) for name in self.standard_fields()}
        super().__init__(
            *args, initial={**initial, **kwargs.pop("initial", {})}, **kwargs
        )

    def standard_fields(self) -> list[str]:
        return [name for name in self.base_fields if not name.startswith("cf_")]

    def custom_form_key(self) -> str:
        return f"cover.{self.instance.module}"

    def custom_persons(self):
        return Person.objects.filter(
            expedient_links__expedient=self.instance
        ).distinct()

    def standard_values(self) -> dict:
        """The standard fields as the module's cover service takes them."""
        return {name: self.cleaned_data[name] for name in self.standard_fields()}


class ModuleCoverView(ExpedientActionView):
    """Edit the cover; back to the cover tab. A subclass sets `form_class`,
    `allowed()` and `act(form)`."""

    tab = "cover"
    page_title = _("Edit the cover")
    form_class = ModuleCoverForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "case": self.expedient}
