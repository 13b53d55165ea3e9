"""Configurable forms (issue #22): which forms take extra fields, and how a
field's definition becomes a form field, a stored value and a shown value.

- `FORMS`: the forms an area may extend, registered by the apps that own them
  (`register_form` in their `ready()`): the form's key, the model whose `extra`
  column keeps the values (configuration.custom_values), its sections and the
  optional standard fields an area may hide or require.
- `definitions(area_id=…, form=…)`: the fields in force on a form, shared
  first, in their order.
- `form_field(definition)`: the Django form field, built with Wagtail's form
  builder where its types fit (text, long text, date, yes/no, one or several
  choices), Llar's own for whole numbers, persons and catalogue entries.
- `to_json` / `from_json` / `display`: the value as stored, as the form takes
  it back, as people read it (History, exports, printing).
- `CustomFieldsFormMixin` and `CustomFieldsPanel`: a form adds the fields in
  force for its area and keeps their values in the instance's `extra`; the
  panel renders one section's fields where the edit handler puts it.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django import forms
from django.apps import apps
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList, Panel
from wagtail.admin.widgets import AdminDateInput
from wagtail.contrib.forms.forms import FormBuilder

from .dates import LlarDateField
from .models.forms import CustomField, CustomFieldType, StandardFieldRule
from .numbers import LlarDecimalField

FIELD_PREFIX = "cf_"


@dataclass(frozen=True)
class FormSpec:
    """A form an area may extend with its own fields."""

    key: str  # "resource", "cover.ssb", "actuacio.siad", "person", …
    label: str | Promise
    model: str  # "app_label.Model" holding the `extra` column
    # (key, label) of the form's parts a field may go in; "" is the end.
    sections: tuple[tuple[str, str | Promise], ...] = ()
    # Standard fields an area may hide or make required.
    optional_fields: tuple[str, ...] = ()

    @property
    def model_class(self):
        return apps.get_model(self.model)


FORMS: dict[str, FormSpec] = {}


def register_form(spec: FormSpec) -> None:
    FORMS[spec.key] = spec


# Finders of the forms whose values a model's rows keep, registered by the
# apps owning the forms (a module's cover and actuació are per module).
_form_finders: list = []


def register_form_finder(finder) -> None:
    """Let `finder(model)` name the forms of `model`'s rows (None: not its)."""
    _form_finders.append(finder)


def forms_of_model(model) -> list[str]:
    """The forms whose values rows of `model` keep in `extra` (the Registres
    name a change of them by these forms' labels)."""
    for finder in _form_finders:
        keys = finder(model)
        if keys is not None:
            return list(keys)
    return [key for key, spec in FORMS.items() if issubclass(model, spec.model_class)]


def form_choices() -> list[tuple[str, str]]:
    return [(key, spec.label) for key, spec in sorted(FORMS.items())]


def section_choices(form: str) -> list[tuple[str, str]]:
    spec = FORMS.get(form)
    sections = list(spec.sections) if spec else []
    return [("", _("At the end of the form"))] + sections


def definitions(*, area_id: int | None, form: str, on=None) -> list[CustomField]:
    """The fields in force on `form` for `area_id`: shared first, in order."""
    rows = CustomField.objects.for_form(area_id=area_id, form=form).in_force(on)
    return sorted(rows, key=lambda d: (d.area_id is not None, d.sort_order, d.pk))


def all_definitions(*, area_id: int | None, form: str) -> list[CustomField]:
    """Every field of `form` for `area_id`, deactivated ones included (the
    History and the exports still show their values)."""
    rows = CustomField.objects.for_form(area_id=area_id, form=form)
    return sorted(rows, key=lambda d: (d.area_id is not None, d.sort_order, d.pk))


def preview_sections(definition: CustomField, *, user=None) -> list[dict]:
    """The form `definition` belongs to as its area's professionals will see
    it once saved: the fields in force with `definition` (as being edited) in
    its place, each section with its bound fields."""
    rows = [
        row
        for row in definitions(area_id=definition.area_id, form=definition.form)
        if row.pk != definition.pk or definition.pk is None
    ]
    if definition.deactivated_on is None and definition.key:
        rows.append(definition)
    rows.sort(key=lambda d: (d.area_id is not None, d.sort_order or 0, d.pk or 10**12))
    fields = {}
    for row in rows:
        try:
            fields[FIELD_PREFIX + row.key] = form_field(row, user=user)
        except (AttributeError, TypeError, ValueError):
            continue  # a definition still being typed (no type yet)
    # (the form's metaclass takes the fields out of the dict it is given)
    form = type("PreviewForm", (forms.Form,), dict(fields))()
    known = {key for key, _label in section_choices(definition.form)}
    sections = []
    for key, label in section_choices(definition.form):
        names = [
            FIELD_PREFIX + row.key
            for row in rows
            if (row.section if row.section in known else "") == key
            and FIELD_PREFIX + row.key in fields
        ]
        if names:
            sections.append(
                {"key": key, "label": label, "fields": [form[n] for n in names]}
            )
    return sections


# --- definition → form field ------------------------------------------------------


def catalogue_models() -> list[type]:
    """The catalogues a "catalogue entry" field may point to."""
    from .models import CATALOGUE_MODELS

    return list(CATALOGUE_MODELS)


def catalogue_choices() -> list[tuple[str, str]]:
    return [
        (model._meta.label, str(model._meta.verbose_name_plural).capitalize())
        for model in catalogue_models()
    ]


def catalogue_model(label: str):
    for model in catalogue_models():
        if model._meta.label == label:
            return model
    return None


class CustomFieldBuilder(FormBuilder):
    """Wagtail's form builder, reading Llar's definitions."""

    # Llar type → the builder's create_<type>_field
    BUILDER_TYPES = {
        CustomFieldType.TEXT: "singleline",
        CustomFieldType.LONG_TEXT: "multiline",
        CustomFieldType.DECIMAL: "number",
        CustomFieldType.DATE: "date",
        CustomFieldType.BOOLEAN: "checkbox",
        CustomFieldType.CHOICE: "dropdown",
        CustomFieldType.MULTIPLE: "checkboxes",
    }

    def __init__(self, *, persons=None, user=None):
        super().__init__(fields=())
        self.persons = persons
        self.user = user

    def build(self, definition: CustomField) -> forms.Field:
        options = {
            "label": definition.label,
            "help_text": definition.help_text,
            "required": definition.required,
        }
        kind = self.BUILDER_TYPES.get(definition.field_type)
        if kind is not None:
            return self.get_create_field_function(kind)(definition, options)
        return getattr(self, f"create_{definition.field_type}_field")(
            definition, options
        )

    def get_formatted_field_choices(self, field):
        return [
            (str(choice.get("code")), str(choice.get("label") or choice.get("code")))
            for choice in field.choices or ()
        ]

    def get_formatted_field_initial(self, field):
        return []

    def create_date_field(self, field, options):
        return LlarDateField(widget=AdminDateInput, **options)

    def create_dropdown_field(self, field, options):
        options["choices"] = [("", "---------")] + self.get_formatted_field_choices(
            field
        )
        return forms.ChoiceField(**options)

    def create_number_field(self, field, options):
        return LlarDecimalField(**options)

    def create_integer_field(self, field, options):
        return forms.IntegerField(**options)

    def create_person_field(self, field, options):
        from directory.models import Person

        queryset = self.persons if self.persons is not None else Person.objects.none()
        return forms.ModelChoiceField(queryset=queryset, **options)

    def create_catalogue_field(self, field, options):
        model = catalogue_model(field.catalogue)
        if model is None:
            return forms.CharField(disabled=True, required=False, label=field.label)
        queryset = model.objects.filter(is_active=True)
        if self.user is not None and hasattr(queryset, "visible_to"):
            queryset = queryset.visible_to(self.user)
        field = forms.ModelChoiceField(queryset=queryset, **options)
        field.label_from_instance = lambda entry: entry.label
        return field


def form_field(definition: CustomField, *, persons=None, user=None) -> forms.Field:
    return CustomFieldBuilder(persons=persons, user=user).build(definition)


# --- values ------------------------------------------------------------------------


def to_json(definition: CustomField, value):
    """A cleaned form value as stored in `extra` (None: no value)."""
    if value is None or value == "" or value == [] or value == ():
        return None
    kind = definition.field_type
    if kind == CustomFieldType.BOOLEAN:
        return bool(value)
    if kind == CustomFieldType.INTEGER:
        return int(value)
    if kind == CustomFieldType.DECIMAL:
        return str(value)
    if kind == CustomFieldType.DATE:
        return value.isoformat()
    if kind == CustomFieldType.MULTIPLE:
        return [str(code) for code in value]
    if kind in (CustomFieldType.PERSON, CustomFieldType.CATALOGUE):
        return getattr(value, "pk", value)
    return str(value)


def from_json(definition: CustomField, raw):
    """A stored value as a form's initial value (None when unreadable)."""
    if raw is None:
        return None
    kind = definition.field_type
    try:
        if kind == CustomFieldType.DATE:
            return datetime.date.fromisoformat(raw)
        if kind == CustomFieldType.DECIMAL:
            return Decimal(str(raw))
        if kind == CustomFieldType.INTEGER:
            return int(raw)
    except (TypeError, ValueError, InvalidOperation):
        return None
    return raw


def display(definition: CustomField, raw, *, names: dict | None = None) -> str:
    """A stored value as people read it. `names` maps (definition pk, stored
    pk) to a label for persons and catalogue entries read in one query per
    kind by the caller (`ReferenceLabels`, custom_columns.reference_labels);
    without it a person or an entry costs a query."""
    if raw is None or raw == "" or raw == []:
        return ""
    kind = definition.field_type
    if kind == CustomFieldType.BOOLEAN:
        return gettext("Yes") if raw else gettext("No")
    if kind == CustomFieldType.DATE:
        value = from_json(definition, raw)
        return value.strftime("%d/%m/%Y") if value else str(raw)
    if kind == CustomFieldType.DECIMAL:
        return str(raw).replace(".", ",")
    if kind == CustomFieldType.CHOICE:
        return definition.choice_label(raw)
    if kind == CustomFieldType.MULTIPLE:
        codes = raw if isinstance(raw, list) else [raw]
        return "; ".join(definition.choice_label(code) for code in codes)
    if kind in (CustomFieldType.PERSON, CustomFieldType.CATALOGUE):
        if names is not None and (definition.pk, raw) in names:
            return names[(definition.pk, raw)]
        return _referenced_label(definition, raw)
    return str(raw)


class ReferenceLabels:
    """The labels of the persons and catalogue entries that values name, as
    `display(names=…)` reads them: a screen `want`s every value it will show
    (`want_values`: a row's), then `resolve()` reads them, one query per kind
    (persons, each catalogue) however many rows and values; a value it was
    not asked for is not in it (display reads that one itself)."""

    def __init__(self):
        self.models: dict[int, type] = {}  # definition pk → model named
        self.wanted: dict[type, dict] = {}  # model → {stored value: pk}
        self.labels: dict[type, dict] = {}  # model → {stored value: label}

    def want(self, definition: CustomField, raw) -> None:
        model = referenced_model(definition)
        if model is None or raw in (None, "") or isinstance(raw, bool | list):
            return
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            return
        self.models[definition.pk] = model
        if raw not in self.labels.get(model, {}):
            self.wanted.setdefault(model, {})[raw] = pk

    def want_values(self, fields: list[CustomField], extra) -> None:
        stored = stored_values(extra)
        for definition in fields:
            self.want(definition, stored.get(definition.key))

    def resolve(self) -> ReferenceLabels:
        for model, wanted in self.wanted.items():
            rows = model._base_manager.filter(pk__in=set(wanted.values()))
            found = {row.pk: reference_label(row) for row in rows}
            labels = self.labels.setdefault(model, {})
            for raw, pk in wanted.items():
                labels[raw] = found.get(pk, str(raw))  # gone: its number
        self.wanted = {}
        return self

    def __contains__(self, key) -> bool:
        definition_pk, raw = key
        model = self.models.get(definition_pk)
        return model is not None and raw in self.labels.get(model, {})

    def __getitem__(self, key) -> str:
        definition_pk, raw = key
        return self.labels[self.models[definition_pk]][raw]


def referenced_model(definition: CustomField):
    """The model a person or catalogue-entry field names (None: other types)."""
    if definition.field_type == CustomFieldType.PERSON:
        from directory.models import Person

        return Person
    if definition.field_type == CustomFieldType.CATALOGUE:
        return catalogue_model(definition.catalogue)
    return None


def reference_label(row) -> str:
    """A person or a catalogue entry as a value shows it."""
    if hasattr(row, "full_name"):
        return row.full_name
    return str(getattr(row, "label", row))


def shown_values(
    fields: list[CustomField], extra, *, names=None
) -> list[tuple[str, str]]:
    """A row's values as people read them, (label, value) in the fields'
    order, only those with a value (`fields`: all_definitions of the row's
    form and area, so a deactivated field's value still shows). Persons and
    catalogue entries are read with `names`, or in one query per kind."""
    stored = stored_values(extra)
    if names is None:
        names = ReferenceLabels()
        names.want_values(fields, stored)
        names.resolve()
    pairs = []
    for definition in fields:
        shown = display(definition, stored.get(definition.key), names=names)
        if shown:
            pairs.append((str(definition.label), shown))
    return pairs


def stored_values(raw) -> dict:
    """A row's `extra` as the audit trail keeps it (JSON text, "None" or a
    dict) back as a dict; anything unreadable as none."""
    if isinstance(raw, dict):
        return raw
    if raw in (None, "", "None"):
        return {}
    try:
        values = json.loads(raw)
    except (TypeError, ValueError):
        return {}
    return values if isinstance(values, dict) else {}


def changed_keys(old, new) -> set[str]:
    """The keys of a row's `extra` whose value changed (old and new as stored
    or as audited)."""
    before, after = stored_values(old), stored_values(new)
    return {
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    }


def extra_changes(
    fields: list[CustomField], old, new, *, names=None
) -> list[tuple[str, str, str]]:
    """A change of a row's `extra` (old and new as stored or as audited) as
    people read it: (label, old value, new value) per field whose value
    changed, in the fields' order, deactivated fields by their label too
    (`fields`: all_definitions of the row's form and area). Values of a key
    no definition names (a field of another area, deleted) are not shown.
    Persons and catalogue entries are read with `names` (a History page
    gathers them for all its changes), or in one query per kind."""
    before, after = stored_values(old), stored_values(new)
    if names is None:
        names = ReferenceLabels()
        names.want_values(fields, before)
        names.want_values(fields, after)
        names.resolve()
    lines = []
    for definition in fields:
        key = definition.key
        if before.get(key) == after.get(key):
            continue
        lines.append(
            (
                str(definition.label),
                display(definition, before.get(key), names=names),
                display(definition, after.get(key), names=names),
            )
        )
    return lines


def _referenced_label(definition: CustomField, pk) -> str:
    names = ReferenceLabels()
    names.want(definition, pk)
    names.resolve()
    return names[(definition.pk, pk)] if (definition.pk, pk) in names else str(pk)


# --- forms -------------------------------------------------------------------------


class CustomFieldsFormMixin:
    """Adds the fields in force on the form for its area, keeps their values
    in `instance.extra` (values of fields not on the form stay as they are).

    The form says which form it is (`custom_form_key()`) and whose area
    (`custom_area_id()`); person fields offer `custom_persons()`.
    """

    custom_form: str = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.custom_definitions = []
        key = self.custom_form_key()
        if not key:
            return
        user = getattr(self, "for_user", None)
        self.apply_standard_field_rules()
        self.custom_definitions = definitions(area_id=self.custom_area_id(), form=key)
        stored = getattr(self.instance, "extra", None) or {}
        persons = self.custom_persons()
        for definition in self.custom_definitions:
            name = FIELD_PREFIX + definition.key
            field = form_field(definition, persons=persons, user=user)
            self.fields[name] = field
            if definition.key in stored:
                self.initial[name] = from_json(definition, stored[definition.key])
        self.custom_fields_added()

    def custom_fields_added(self) -> None:
        """The fields are on the form: a versioned form signs its loaded values
        again, now with theirs (configuration.conflicts)."""
        sign = getattr(self, "sign_loaded_values", None)
        if sign is not None:
            sign()

    def values_kept_elsewhere(self) -> dict:
        """The configurable fields' values are kept in `extra`: an edit
        conflict compares them like model fields (configuration.conflicts)."""
        parent = getattr(super(), "values_kept_elsewhere", None)
        readers = dict(parent()) if parent is not None else {}
        for definition in getattr(self, "custom_definitions", ()):
            name = FIELD_PREFIX + definition.key
            if name in self.fields:
                readers[name] = self._custom_reader(definition, self.fields[name])
        return readers

    @staticmethod
    def _custom_reader(definition: CustomField, field: forms.Field):
        # Persons and catalogue entries as their id, as stored: comparing
        # reads nothing more (a conflict's note names them, conflicts.display).
        def read(obj):
            stored = getattr(obj, "extra", None) or {}
            return from_json(definition, stored.get(definition.key))

        return read

    def custom_form_key(self) -> str:
        return self.custom_form

    def apply_standard_field_rules(self) -> None:
        """The area's choices on the form's optional standard fields: a hidden
        field leaves the form (its stored value stays as it is), a required
        one must be filled in."""
        area_id = self.custom_area_id()
        spec = FORMS.get(self.custom_form_key())
        if area_id is None or spec is None or not spec.optional_fields:
            return
        rules = StandardFieldRule.objects.filter(
            area_id=area_id, form=spec.key, field_name__in=spec.optional_fields
        )
        for rule in rules:
            if rule.field_name not in self.fields:
                continue
            if not rule.shown:
                del self.fields[rule.field_name]
            elif rule.required:
                self.fields[rule.field_name].required = True

    def custom_area_id(self) -> int | None:
        expedient = getattr(self, "expedient", None) or getattr(
            self.instance, "expedient", None
        )
        if expedient is not None:
            return expedient.area_id
        area_id = getattr(self.instance, "area_id", None)
        if area_id is not None:
            return area_id
        user = getattr(self, "for_user", None)
        return getattr(user, "area_id", None)

    def custom_persons(self):
        from directory.models import Person

        expedient = getattr(self, "expedient", None) or getattr(
            self.instance, "expedient", None
        )
        if expedient is None:
            return Person.objects.none()
        return Person.objects.filter(expedient_links__expedient=expedient).distinct()

    def custom_field_names(self, section: str | None = None) -> list[str]:
        """The form's field names of the definitions in `section` (all: None)."""
        known = {key for key, _label in section_choices(self.custom_form_key())}
        names = []
        for definition in self.custom_definitions:
            where = definition.section if definition.section in known else ""
            if section is None or where == section:
                names.append(FIELD_PREFIX + definition.key)
        return names

    def custom_section_of(self, name: str) -> str:
        """The section the field `name` is drawn in ("": the end)."""
        known = {key for key, _label in section_choices(self.custom_form_key())}
        for definition in self.custom_definitions:
            if FIELD_PREFIX + definition.key == name:
                return definition.section if definition.section in known else ""
        return ""

    def _post_clean(self):
        super()._post_clean()
        if not self.custom_definitions:
            return
        extra = dict(getattr(self.instance, "extra", None) or {})
        for definition in self.custom_definitions:
            name = FIELD_PREFIX + definition.key
            if name not in self.cleaned_data:
                continue  # invalid: the form shows the field's error
            value = to_json(definition, self.cleaned_data[name])
            if value is None:
                extra.pop(definition.key, None)
            else:
                extra[definition.key] = value
        self.instance.extra = extra


def extra_values(form) -> dict:
    """`{"extra": …}` for a service that builds its row from keyword values
    (a module's actuació): the configurable fields' values the form put on its
    instance; nothing when the form has none."""
    if not getattr(form, "custom_definitions", None):
        return {}
    return {"extra": dict(getattr(form.instance, "extra", None) or {})}


class CustomValuesInspectMixin:
    """An inspect view shows the row's own fields by their labels, as people
    read them (deactivated ones too), never the stored JSON. The view says
    which form (`custom_form_key()`) and whose area (`custom_area_id()`)."""

    def custom_form_key(self) -> str:
        return ""

    def custom_area_id(self) -> int | None:
        return getattr(self.object, "area_id", None)

    def get_fields(self):
        return [name for name in super().get_fields() if name != "extra"]

    def get_fields_context(self):
        context = super().get_fields_context()
        key = self.custom_form_key()
        stored = getattr(self.object, "extra", None)
        if not key or not stored:
            return context
        fields = all_definitions(area_id=self.custom_area_id(), form=key)
        return context + [
            {"label": label, "value": value, "component": None}
            for label, value in shown_values(fields, stored)
        ]


class CustomFieldsPanel(Panel):
    """The form's configurable fields of one section, where the edit handler
    puts this panel; nothing when the area defines none there.

    The panel of section "" (the end of the form) also takes the fields of any
    section no panel of this edit handler places, so no field is ever left off
    the page (a field left off would be saved empty)."""

    def __init__(self, section: str = "", **kwargs):
        kwargs.setdefault("heading", "")
        super().__init__(**kwargs)
        self.section = section

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["section"] = self.section
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is not None:
                placed = self.form.__dict__.setdefault("custom_sections_placed", set())
                placed.add(self.panel.section)

        def bound_fields(self):
            names_of = getattr(self.form, "custom_field_names", None)
            if names_of is None:
                return []
            if self.panel.section:
                names = names_of(self.panel.section)
            else:
                placed = self.form.__dict__.get("custom_sections_placed", set())
                elsewhere = placed - {""}
                names = [
                    name
                    for name in names_of(None)
                    if self.form.custom_section_of(name) not in elsewhere
                ]
            return [self.form[name] for name in names]

        def is_shown(self):
            return bool(self.bound_fields())

        def render_html(self, parent_context=None):
            # The end of the form (no section) is at its top level; a
            # section's panel sits in that part's group.
            return render_to_string(
                "configuration/panels/custom_fields.html",
                {
                    "fields": self.bound_fields(),
                    "as_panels": not self.panel.section,
                    "prefix": self.prefix,
                },
            )


class CustomFieldsObjectList(ObjectList):
    """An edit handler whose configurable fields are drawn by its
    CustomFieldsPanel, not again below the form as fields no panel claims
    (Wagtail draws those bare: the panels declare their fields per class, and
    an area's fields are added per form; the second, empty copy, posted last,
    would drop what the professional typed)."""

    class BoundPanel(ObjectList.BoundPanel):
        def render_missing_fields(self):
            placed = self.form.__dict__.get("custom_sections_placed", set())
            drawn = set()
            if "" in placed:
                drawn = set(getattr(self.form, "custom_field_names", lambda: [])())
            declared = self.panel.get_form_options().get("fields", [])
            return mark_safe(  # noqa: S308 - the form's own widgets
                "".join(
                    str(self.form[name])
                    for name in self.form.fields
                    if name not in declared and name not in drawn
                )
            )
