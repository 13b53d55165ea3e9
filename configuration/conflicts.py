"""What a form refused by the version check (`EditConflict`) shows and keeps.

The design, for two people editing one row:

- The form carries the version its values are based on (`expected_version`)
  and, signed, the values it was loaded with (`base_values`). The server
  never moves them on by itself, so the same stale form submitted again is
  refused again, however often it is sent.
- On a refusal, each field is one of: changed by the other person only,
  changed by this user only, changed by both, or untouched. The form comes
  back holding what is stored now for every field the other person changed
  (so a new save cannot put their old value back) and this user's own
  changes everywhere else. Each field the other person changed is marked
  beside it with who changed it and their value; where this user had also
  changed it, their own value, not saved, is shown there too. The summary on
  top repeats the list. All of it is plain text, escaped once by the template.
- The form's version and base are then those of the stored row, so the next
  Save stores exactly what the screen shows. Overwriting the other person's
  value therefore takes a conscious act: typing one's own value again after
  seeing both. Nothing the other person saved is ever replaced unseen.
- A further save by anyone in between is refused again the same way.
"""

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.choices import flatten_choices
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from .scope import ScopedAdminForm
from .versioning import EditConflict

SALT = "configuration.conflicts.base_values"
META_FIELDS = ("expected_version", "base_values")


def model_value(obj: models.Model, name: str):
    """The value of model field `name` of `obj` as a form field takes it as
    initial (related rows as objects, many-to-many as a list)."""
    field = obj._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(obj, name).all()) if obj.pk else []
    return getattr(obj, name)


def _multiple(field: forms.Field) -> bool:
    return isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)


def encode(field: forms.Field, value) -> list[str]:
    """`value` as the strings the browser posts for `field`: one comparable
    form for the value loaded, the value stored and the value submitted, and
    what the refused form is given back."""
    value = field.prepare_value(value)
    if isinstance(field.widget, forms.CheckboxInput):
        return ["on"] if value else []
    if _multiple(field):
        return sorted(str(item) for item in value or [])
    if value is None or value == "":
        return [""]
    if isinstance(value, date | datetime | Decimal | float):
        formatted = field.widget.format_value(value)
        return [str(formatted if isinstance(formatted, str) else value)]
    return [str(value)]


def _choice_label(field: forms.Field, value) -> str:
    for key, label in flatten_choices(getattr(field, "choices", None) or []):
        if str(key) == str(value):
            return str(label)
    return str(value)


def _row_of(field: forms.Field, value):
    """An id given for a model choice (a configurable field keeps its row's
    id) as its row, when there is one."""
    if not isinstance(field, forms.ModelChoiceField) or isinstance(value, models.Model):
        return value
    return field.queryset.model._default_manager.filter(pk=value).first() or value


def display(field: forms.Field, value) -> str:
    """`value` of `field` as a person reads it (labels, dd/mm/aaaa, Sí/No)."""
    if value is None or value == "" or (_multiple(field) and not value):
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if _multiple(field):
        if isinstance(field, forms.ModelMultipleChoiceField):
            return ", ".join(str(item) for item in value)
        return ", ".join(_choice_label(field, item) for item in value)
    value = _row_of(field, value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime):
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if hasattr(field, "choices") and not isinstance(field, forms.ModelChoiceField):
        return _choice_label(field, value)
    if isinstance(value, Decimal | float | int):
        return number_format(value, force_grouping=True)  # 1.250,50
    return str(value)


class VersionedFormMixin:
    """A form that remembers the version and values it was loaded with, and
    shows a refusal by the version check (see the module's docstring).

    Works on model forms (the instance is the row) and on plain forms that set
    `versioned_instance` before calling `super().__init__`.
    """

    versioned_instance = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False
        )
        self.fields["base_values"] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        row = self.row
        if row is not None and row.pk is not None:
            self.fields["expected_version"].initial = row.version
            self.fields["base_values"].initial = self.sign_values(row)

    def sign_loaded_values(self) -> None:
        """Sign the loaded values again: a mixin that adds fields of the row
        after `__init__` (the configurable fields) calls it, so those fields
        are compared like the others."""
        row = self.row
        if "base_values" in self.fields and row is not None and row.pk is not None:
            self.fields["base_values"].initial = self.sign_values(row)

    @property
    def row(self):
        return getattr(self, "instance", None) or self.versioned_instance

    def compared_fields(self) -> dict[str, forms.Field]:
        """The form's fields that hold a field of the row."""
        fields = {}
        stored_elsewhere = self.values_kept_elsewhere()
        for name, field in self.fields.items():
            if name in META_FIELDS or isinstance(field, forms.FileField):
                continue
            if name in stored_elsewhere:
                fields[name] = field
                continue
            try:
                self.row._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            fields[name] = field
        return fields

    def values_kept_elsewhere(self) -> dict:
        """Form fields holding a value of the row that is not a model field
        of its own, name → how to read it from a row (`f(obj)`); the
        configurable fields (kept in `extra`) add theirs."""
        return {}

    def row_value(self, obj: models.Model, name: str):
        """The value of form field `name` in row `obj`, as its initial."""
        reader = self.values_kept_elsewhere().get(name)
        return reader(obj) if reader is not None else model_value(obj, name)

    def encoded_values(self, obj: models.Model) -> dict[str, list[str]]:
        return {
            name: encode(field, self.row_value(obj, name))
            for name, field in self.compared_fields().items()
        }

    def sign_values(self, obj: models.Model) -> str:
        return signing.dumps(self.encoded_values(obj), salt=SALT, compress=True)

    def loaded_values(self) -> dict[str, list[str]] | None:
        """The values the form was loaded with (None when it carries none)."""
        raw = self.data.get(self.add_prefix("base_values")) if self.is_bound else ""
        try:
            return signing.loads(raw, salt=SALT) if raw else None
        except signing.BadSignature:
            return None

    def submitted(self, name: str):
        cleaned = getattr(self, "cleaned_data", {})
        if name in cleaned:
            return cleaned[name]
        return self.fields[name].clean(self[name].data)

    def show_conflict(self, error: EditConflict) -> None:
        """Refuse: mark what the other person changed, give the form back
        holding their values and this user's other changes, based on the
        stored version (the next save stores exactly what is shown)."""
        stored, base = error.stored, self.loaded_values()
        data = self.data.copy()
        notes = {}
        for name, field in self.compared_fields().items():
            theirs = encode(field, self.row_value(stored, name))
            mine = self._submitted_encoded(name, field)
            if base is not None and theirs == base.get(name):
                continue  # the other person did not change it
            if base is None and theirs == mine:
                continue  # without the loaded values: only what differs
            changed_by_me = base is not None and mine not in (base.get(name), theirs)
            notes[name] = self._field_note(error, field, stored, name, changed_by_me)
            self._put(data, name, field, theirs)
        data[self.add_prefix("expected_version")] = str(error.current_version)
        data[self.add_prefix("base_values")] = self.sign_values(stored)
        self.data = data
        if notes:
            advice = _(
                "The form now holds what they saved, marked on each field, and "
                "your other changes: check it and save again."
            )
        else:
            advice = _("None of the fields of this form changed: save again.")
        # The account first, then each field (the order the summary lists them).
        self.add_error(None, ValidationError([error.messages[0], advice]))
        for name, note in notes.items():
            self.add_error(name, note)

    def _submitted_encoded(self, name: str, field: forms.Field) -> list[str]:
        try:
            return encode(field, self.submitted(name))
        except ValidationError:
            return encode(field, self[name].data)

    def _field_note(self, error, field, stored, name, changed_by_me: bool) -> str:
        values = {
            "name": error.changed_by or _("someone else"),
            "theirs": display(field, self.row_value(stored, name)),
        }
        if not changed_by_me:
            return (
                _("Changed meanwhile by %(name)s to “%(theirs)s” (now in the form).")
                % values
            )
        try:
            values["mine"] = display(field, self.submitted(name))
        except ValidationError:
            values["mine"] = str(self[name].data)
        return (
            _(
                "Changed meanwhile by %(name)s to “%(theirs)s” (now in the form); "
                "your “%(mine)s” was not saved: enter it again to replace theirs."
            )
            % values
        )

    def _put(self, data, name: str, field: forms.Field, values: list[str]) -> None:
        key = self.add_prefix(name)
        if isinstance(field.widget, forms.CheckboxInput) and not values:
            data.pop(key, None)
        elif hasattr(data, "setlist"):
            data.setlist(key, values)
        else:
            data[key] = values if _multiple(field) else values[0]


class VersionedForm(VersionedFormMixin, ScopedAdminForm):
    """A scoped admin form of a versioned row (see VersionedFormMixin)."""


def refuse_conflict(form, error: EditConflict) -> None:
    """Put an edit conflict on `form`: the full account when the form edits
    that row, the plain message otherwise (a conflict on another row)."""
    row = getattr(form, "row", None) if isinstance(form, VersionedFormMixin) else None
    if row is not None and error.row == (type(row)._meta.label, row.pk):
        form.show_conflict(error)
    else:
        form.add_error(None, error.messages[0])


class ConflictMessageMixin:
    """Edit and add views saving through a service: an edit conflict is shown
    on the form (refuse_conflict) and the form comes back refused.

    Goes before `ServiceSaveMixin`, which would turn the conflict into one
    plain form error: the conflict passes it as `_Refused` instead.
    """

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except _Refused as refused:
            refuse_conflict(form, refused.error)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def save_instance(self):
        try:
            return super().save_instance()
        except EditConflict as error:
            raise _Refused(error) from error


class _Refused(Exception):
    """Carries an EditConflict past ServiceSaveMixin (which catches every
    ValidationError) to ConflictMessageMixin.form_valid."""

    def __init__(self, error: EditConflict):
        super().__init__(str(error))
        self.error = error
